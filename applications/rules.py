"""Rules of the residence-permit request: deadlines, documents, reference numbers.

Pure: plain values in, frozen dataclasses or strings out; no database, no
request. Sources: seed 001 (deadlines, documents), seed 002 (the § 81 form:
kinds of entry, purposes, the office's provisional decision) and § 81
AufenthG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal import periods
from portal.periods import add_months
from portal.validity import row_on

from .purposes import purpose_by_code

# --- Kinds of request and of entry --------------------------------------------

# Seed 001: "erteilt und verlängert"; "Auflagenänderung".
KIND_ISSUE = "issue"
KIND_RENEWAL = "renewal"
KIND_CHANGE = "change_of_conditions"
KINDS = (KIND_ISSUE, KIND_RENEWAL, KIND_CHANGE)

# Seed 002, section 5 "Einreise zuletzt": "ohne Visum", "mit nationalem
# Visum", "mit Schengener Visum", "mit Aufenthaltstitel, ausgestellt von einem
# anderen EU-Mitgliedstaat".
ENTRY_VISA_EXEMPT = "visa_exempt"
ENTRY_NATIONAL_VISA = "national_visa"
ENTRY_SCHENGEN_VISA = "schengen_visa"
ENTRY_EU_TITLE = "eu_title"
# Not on form 002: a child born in Germany who has not entered from abroad
# (§ 81 Abs. 2 Satz 2 with § 33 AufenthG).
ENTRY_BORN_IN_GERMANY = "born_in_germany"
ENTRY_TYPES = (
    ENTRY_VISA_EXEMPT,
    ENTRY_NATIONAL_VISA,
    ENTRY_SCHENGEN_VISA,
    ENTRY_EU_TITLE,
    ENTRY_BORN_IN_GERMANY,
)
VISA_ENTRY_TYPES = frozenset({ENTRY_NATIONAL_VISA, ENTRY_SCHENGEN_VISA})

# --- Deadlines (seed 001 "Fristen", § 81 AufenthG) ------------------------------

# What filing the request means for the stay until the office decides; the
# boxes of the form's "Vorläufige Entscheidung" (seed 002).
EFFECT_TITLE_CONTINUES = "title_continues"  # § 81 Abs. 4 Satz 1 AufenthG
EFFECT_STAY_PERMITTED = "stay_deemed_permitted"  # § 81 Abs. 3 Satz 1 AufenthG
EFFECT_DEPORTATION_SUSPENDED = "deportation_suspended"  # § 81 Abs. 3 Satz 2 AufenthG
EFFECT_NONE = "none"
EFFECTS = (
    EFFECT_TITLE_CONTINUES,
    EFFECT_STAY_PERMITTED,
    EFFECT_DEPORTATION_SUSPENDED,
    EFFECT_NONE,
)

BASIS_TITLE_CONTINUES = "§ 81 Abs. 4 Satz 1 AufenthG"
BASIS_SCHENGEN_EXCLUDED = "§ 81 Abs. 4 Satz 2 AufenthG"
BASIS_HARDSHIP = "§ 81 Abs. 4 Satz 3 AufenthG"
BASIS_STAY_PERMITTED = "§ 81 Abs. 3 Satz 1 AufenthG"
BASIS_DEPORTATION_SUSPENDED = "§ 81 Abs. 3 Satz 2 AufenthG"
BASIS_CONDITIONS = "§ 12 Abs. 2 AufenthG"
BASIS_TITLE_EXPIRED = "§ 51 Abs. 1 Nr. 1 AufenthG"
BASIS_BORN_ON_TIME = "§ 81 Abs. 2 Satz 2, Abs. 3 Satz 1 AufenthG"
BASIS_BORN_LATE = "§ 81 Abs. 2 Satz 2, Abs. 3 Satz 2 AufenthG"


@dataclass(frozen=True)
class PeriodRule:
    """An application period the law sets, between two days (``valid_until`` inclusive)."""

    valid_from: date
    valid_until: date | None
    # The period in days or in months (one of them).
    days: int | None
    months: int | None
    legal_basis: str


# Seed 001: "unverzüglich nach der Einreise bzw. spätestens innerhalb von 90
# Tagen beantragen"; § 41 Abs. 3 Satz 1 AufenthV: "Ein erforderlicher
# Aufenthaltstitel ist innerhalb von 90 Tagen nach der Einreise zu beantragen",
# in the wording in force since 1 January 2021 (V. v. 18.12.2020, BGBl. I
# S. 3046), the earliest wording the portal has verified. The day of entry is
# an event within a day and does not count (§ 187 Abs. 1 BGB); the period ends
# with the 90th day after it (§ 188 Abs. 1 BGB).
VISA_EXEMPT_RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        valid_from=date(2021, 1, 1),
        valid_until=None,
        days=90,
        months=None,
        legal_basis="§ 41 Abs. 3 Satz 1 AufenthV",
    ),
)
# § 81 Abs. 2 Satz 2 AufenthG: "Für ein im Bundesgebiet geborenes Kind, dem
# nicht von Amts wegen ein Aufenthaltstitel zu erteilen ist, ist der Antrag
# innerhalb von sechs Monaten nach der Geburt zu stellen." In the AufenthG
# since it came into force on 1 January 2005 (BGBl. 2004 I S. 1950). The birth
# is an event: its day does not count (§ 187 Abs. 1 BGB), the period ends with
# the day of the sixth month that has the birth day's number, or the month's
# last day (§ 188 Abs. 2, 3 BGB).
NEWBORN_RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        valid_from=date(2005, 1, 1),
        valid_until=None,
        days=None,
        months=6,
        legal_basis="§ 81 Abs. 2 Satz 2 AufenthG",
    ),
)

# Error messages (tests assert against these).
UNKNOWN_KIND = "Unknown request kind {kind!r}. Known kinds: {known}."
UNKNOWN_ENTRY_TYPE = "Unknown entry type {entry_type!r}. Known entry types: {known}."
NOT_A_DATE = "{fact} must be a date (datetime.date), not {value!r}."
CURRENT_TITLE_MISSING = (
    "A {kind} request needs current_title_valid_until, the last day of validity of the "
    "current residence title."
)
ENTRY_TYPE_MISSING = (
    "An issue request needs entry_type (how the applicant last entered Germany), or "
    "current_title_valid_until when the applicant already holds a residence title."
)
VISA_VALIDITY_MISSING = (
    "Entry with a visa ({entry_type}) needs visa_valid_until, the last day of validity of the visa."
)
ENTRY_DATE_MISSING = (
    "Entry without a German visa ({entry_type}) needs entry_date, the day of the last entry."
)
VISA_WITHOUT_VISA_ENTRY = (
    "visa_valid_until was given, but the entry type {entry_type!r} is not an entry with a visa."
)
FILED_BEFORE_ENTRY = "filed_on ({filed_on}) lies before entry_date ({entry_date})."
BIRTH_DATE_MISSING = (
    "A child born in Germany (entry type born_in_germany) needs birth_date, the day of birth."
)
ENTRY_DATE_FOR_BORN = (
    "entry_date was given, but the entry type born_in_germany means the applicant has not "
    "entered Germany."
)
BIRTH_DATE_WITHOUT_BIRTH = (
    "birth_date was given, but the entry type {entry_type!r} is not born_in_germany."
)
FILED_BEFORE_BIRTH = "filed_on ({filed_on}) lies before birth_date ({birth_date})."
NO_PERIOD_RULE_ON = (
    "No rule for the period of {what} on {on}: the portal applies the law in force from "
    "{since} onwards."
)
ENTRY_AFTER_VISA = (
    "entry_date ({entry_date}) lies after visa_valid_until ({until}): an entry with a visa "
    "happens while the visa is valid."
)

_date_text = lazy(lambda day: date_format(day, "DATE_FORMAT"), str)

# Plain-language explanations for the applicant. {until}, {entry} and
# {deadline} are dates, formatted in the language of the page.
TITLE_CONTINUES_TEXT = _(
    "You are applying before your residence permit expires on {until}. Until the office "
    "decides, your residence permit continues to apply, also after that day."
)
TITLE_LAPSED_TEXT = _(
    "Your residence permit expired on {until}, before you applied. It does not continue to "
    "apply while the office decides. You can still submit the request. To avoid undue "
    "hardship, the office may order that your residence permit continues to apply."
)
CHANGE_ON_TIME_TEXT = _(
    "Your residence permit is valid until {until} and stays valid while the office decides on "
    "the change. Until the office has changed the conditions, the current conditions apply."
)
CHANGE_LATE_TEXT = _(
    "Your residence permit expired on {until}. The conditions of an expired residence permit "
    "can no longer be changed: you need a new residence permit. Please apply for one; a late "
    "request can still be submitted."
)
NATIONAL_VISA_ON_TIME_TEXT = _(
    "You are applying while your visa is valid (until {until}). Until the office decides, "
    "your visa continues to apply, also after that day."
)
NATIONAL_VISA_LATE_TEXT = _(
    "Your visa expired on {until}, before you applied. It does not continue to apply while "
    "the office decides. You can still submit the request. To avoid undue hardship, the "
    "office may order that your visa continues to apply."
)
SCHENGEN_VISA_ON_TIME_TEXT = _(
    "You are applying while your Schengen visa is valid (until {until}). A Schengen visa does "
    "not continue to apply while the office decides: after {until} it no longer entitles you "
    "to stay. Please contact the office before that day."
)
SCHENGEN_VISA_LATE_TEXT = _(
    "Your Schengen visa expired on {until}, before you applied. Applying does not give you a "
    "right to stay while the office decides. You can still submit the request."
)
WITHOUT_VISA_ON_TIME_TEXT = _(
    "You are applying within 90 days of your entry on {entry} (at the latest on {deadline}). "
    "Until the office decides, your stay counts as permitted."
)
BORN_ON_TIME_TEXT = _(
    "You were born in Germany on {born}. The application for your first residence permit is "
    "on time within six months of the birth, at the latest on {deadline}. Until the office "
    "decides, your stay counts as permitted. If both parents, or the parent who alone has "
    "custody, hold a residence permit, a settlement permit or an EU long-term residence "
    "permit, the office issues the permit of its own accord."
)
BORN_LATE_TEXT = _(
    "You were born in Germany on {born}. The six months for the application ended on "
    "{deadline}, before you applied. Your stay does not count as permitted while the office "
    "decides, but you will not be deported until the office has decided. You can still submit "
    "the request."
)
WITHOUT_VISA_LATE_TEXT = _(
    "The 90 days after your entry on {entry} ended on {deadline}, before you applied. Your "
    "stay does not count as permitted while the office decides, but you will not be "
    "deported until the office has decided. You can still submit the request."
)


class DeadlineError(ValueError):
    """The deadline cannot be judged: unknown kind or entry type, missing or contradictory facts."""


@dataclass(frozen=True)
class DeadlineResult:
    on_time: bool
    # The last day on which the request was on time; None when no deadline applies.
    deadline: date | None
    # One of EFFECTS: what filing the request means for the stay until the decision.
    effect: str
    legal_basis: str
    explanation: Promise | str


class _Outcomes(NamedTuple):
    # (effect, legal basis, explanation) when the request is filed on time, and when late.
    on_time: tuple[str, str, Promise]
    late: tuple[str, str, Promise]


# What § 81 AufenthG makes of each situation that application_deadline() tells apart.
_TITLE_HELD = _Outcomes(  # renewal, or an issue while holding another title
    on_time=(EFFECT_TITLE_CONTINUES, BASIS_TITLE_CONTINUES, TITLE_CONTINUES_TEXT),
    late=(EFFECT_NONE, BASIS_HARDSHIP, TITLE_LAPSED_TEXT),
)
_CHANGE_OF_CONDITIONS = _Outcomes(  # the title stays valid by itself: no effect of § 81
    on_time=(EFFECT_NONE, BASIS_CONDITIONS, CHANGE_ON_TIME_TEXT),
    late=(EFFECT_NONE, BASIS_TITLE_EXPIRED, CHANGE_LATE_TEXT),
)
_NATIONAL_VISA = _Outcomes(
    on_time=(EFFECT_TITLE_CONTINUES, BASIS_TITLE_CONTINUES, NATIONAL_VISA_ON_TIME_TEXT),
    late=(EFFECT_NONE, BASIS_HARDSHIP, NATIONAL_VISA_LATE_TEXT),
)
_SCHENGEN_VISA = _Outcomes(  # never continues (§ 81 Abs. 4 Satz 2), on time or not
    on_time=(EFFECT_NONE, BASIS_SCHENGEN_EXCLUDED, SCHENGEN_VISA_ON_TIME_TEXT),
    late=(EFFECT_NONE, BASIS_SCHENGEN_EXCLUDED, SCHENGEN_VISA_LATE_TEXT),
)
_WITHOUT_VISA = _Outcomes(  # visa exempt, or with a title of another EU state
    on_time=(EFFECT_STAY_PERMITTED, BASIS_STAY_PERMITTED, WITHOUT_VISA_ON_TIME_TEXT),
    late=(EFFECT_DEPORTATION_SUSPENDED, BASIS_DEPORTATION_SUSPENDED, WITHOUT_VISA_LATE_TEXT),
)
_BORN_IN_GERMANY = _Outcomes(  # a child born in Germany, § 81 Abs. 2 Satz 2 with § 33
    on_time=(EFFECT_STAY_PERMITTED, BASIS_BORN_ON_TIME, BORN_ON_TIME_TEXT),
    late=(EFFECT_DEPORTATION_SUSPENDED, BASIS_BORN_LATE, BORN_LATE_TEXT),
)


def period_rule_on(rules: tuple[PeriodRule, ...], on: date, *, what: str) -> PeriodRule:
    """The row of ``rules`` in force on ``on``; ``DeadlineError`` for a day without a row."""
    rule = row_on(rules, on)
    if rule is None:
        since = min(row.valid_from for row in rules)
        raise DeadlineError(NO_PERIOD_RULE_ON.format(what=what, on=on, since=since))
    return rule


def application_deadline(
    *,
    kind: str,
    filed_on: date,
    entry_type: str | None = None,
    entry_date: date | None = None,
    visa_valid_until: date | None = None,
    current_title_valid_until: date | None = None,
    birth_date: date | None = None,
) -> DeadlineResult:
    """Whether a request filed on ``filed_on`` is on time, and what that means for the stay.

    Seed 001 ("Fristen"): visa holders apply while the visa is valid; people
    exempt from the visa requirement right after entry, at the latest within
    90 days. § 81 AufenthG gives the effects (seed 002, "Vorläufige
    Entscheidung"):

    - ``renewal``: on time up to and including the last day of the current
      title; the title then continues until the decision (§ 81 Abs. 4
      Satz 1). Late: it does not, unless the office orders so to avoid undue
      hardship (§ 81 Abs. 4 Satz 3).
    - ``change_of_conditions``: the current title must still be valid; it
      stays valid by itself (no effect of § 81). Late: a new title is needed.
    - ``issue``: with a national visa as for a renewal, with the visa's last
      day; with a Schengen visa on time on the same terms, but without effect
      (§ 81 Abs. 4 Satz 2). Without a visa or with a title of another EU state:
      on time within 90 days after the day of entry (the day of entry does
      not count, § 187 Abs. 1 BGB), and the stay counts as permitted (§ 81
      Abs. 3 Satz 1); late, deportation counts as suspended (§ 81 Abs. 3
      Satz 2). The 90 days are those of the row of ``VISA_EXEMPT_RULES`` in
      force on ``filed_on``.
    - ``issue`` for a child born in Germany who has not entered from abroad
      (``entry_type`` ``born_in_germany`` with ``birth_date``): § 81 Abs. 2
      Satz 2 AufenthG, on time within six months after the birth (the day of
      birth does not count, § 187 Abs. 1 BGB; born on 31 August, the period
      ends on the last day of February, § 188 Abs. 3 BGB); the stay then
      counts as permitted (§ 81 Abs. 3 Satz 1); late, deportation counts as
      suspended (§ 81 Abs. 3 Satz 2). Where § 33 Satz 2 AufenthG makes the
      office issue the child's permit of its own accord, the explanation says
      so; the deadline is judged all the same.
    - ``issue`` while the applicant already holds a residence title (a change
      of purpose, given as ``current_title_valid_until``): "die Erteilung eines
      anderen Aufenthaltstitels" of § 81 Abs. 4 Satz 1 AufenthG, judged like a
      renewal by the title held; the entry facts are then only checked.

    Each period comes from a dated table (``VISA_EXEMPT_RULES``,
    ``NEWBORN_RULES``): the law in force on ``filed_on`` decides.

    Raises ``DeadlineError`` for an unknown kind or entry type, a value that
    is not a date, a missing fact, contradictory facts or a filing day for
    which a table has no row.
    """
    if kind not in KINDS:
        raise DeadlineError(UNKNOWN_KIND.format(kind=kind, known=", ".join(KINDS)))
    if entry_type is not None and entry_type not in ENTRY_TYPES:
        raise DeadlineError(
            UNKNOWN_ENTRY_TYPE.format(entry_type=entry_type, known=", ".join(ENTRY_TYPES))
        )
    filed_on = _as_date("filed_on", filed_on)
    entry_date = _optional_date("entry_date", entry_date)
    visa_valid_until = _optional_date("visa_valid_until", visa_valid_until)
    current_title_valid_until = _optional_date(
        "current_title_valid_until", current_title_valid_until
    )
    birth_date = _optional_date("birth_date", birth_date)
    _check_entry(filed_on, entry_type, entry_date, visa_valid_until)
    _check_birth(filed_on, entry_type, entry_date, birth_date)

    if kind == KIND_CHANGE:
        if current_title_valid_until is None:
            raise DeadlineError(CURRENT_TITLE_MISSING.format(kind=kind))
        return _valid_until(_CHANGE_OF_CONDITIONS, filed_on, current_title_valid_until)
    if kind == KIND_RENEWAL or current_title_valid_until is not None:
        if current_title_valid_until is None:
            raise DeadlineError(CURRENT_TITLE_MISSING.format(kind=kind))
        return _valid_until(_TITLE_HELD, filed_on, current_title_valid_until)
    # A first issue: the way of entry decides.
    if entry_type is None:
        raise DeadlineError(ENTRY_TYPE_MISSING)
    if entry_type in VISA_ENTRY_TYPES:
        if visa_valid_until is None:
            raise DeadlineError(VISA_VALIDITY_MISSING.format(entry_type=entry_type))
        if entry_type == ENTRY_SCHENGEN_VISA:
            return _valid_until(_SCHENGEN_VISA, filed_on, visa_valid_until)
        return _valid_until(_NATIONAL_VISA, filed_on, visa_valid_until)
    if entry_type == ENTRY_BORN_IN_GERMANY:
        if birth_date is None:
            raise DeadlineError(BIRTH_DATE_MISSING)
        return _born_in_germany(filed_on, birth_date)
    if entry_date is None:
        raise DeadlineError(ENTRY_DATE_MISSING.format(entry_type=entry_type))
    return _without_visa(filed_on, entry_date)


def _check_entry(
    filed_on: date, entry_type: str | None, entry_date: date | None, visa_valid_until: date | None
) -> None:
    """Contradictions among the entry facts, whatever the kind of request."""
    if visa_valid_until is not None and entry_type not in VISA_ENTRY_TYPES:
        raise DeadlineError(VISA_WITHOUT_VISA_ENTRY.format(entry_type=entry_type))
    if entry_date is not None and filed_on < entry_date:
        raise DeadlineError(FILED_BEFORE_ENTRY.format(filed_on=filed_on, entry_date=entry_date))
    if entry_date is not None and visa_valid_until is not None and entry_date > visa_valid_until:
        raise DeadlineError(ENTRY_AFTER_VISA.format(entry_date=entry_date, until=visa_valid_until))


def _check_birth(
    filed_on: date, entry_type: str | None, entry_date: date | None, birth_date: date | None
) -> None:
    """Contradictions between the entry facts and a birth in Germany."""
    born = entry_type == ENTRY_BORN_IN_GERMANY
    if born and entry_date is not None:
        raise DeadlineError(ENTRY_DATE_FOR_BORN)
    if birth_date is not None and not born:
        raise DeadlineError(BIRTH_DATE_WITHOUT_BIRTH.format(entry_type=entry_type))
    if birth_date is not None and filed_on < birth_date:
        raise DeadlineError(FILED_BEFORE_BIRTH.format(filed_on=filed_on, birth_date=birth_date))


def _valid_until(situation: _Outcomes, filed_on: date, until: date) -> DeadlineResult:
    # "vor Ablauf": a title or visa is valid through its last day, so filing on that day is
    # on time.
    return _judged(situation, filed_on, until, until=_date_text(until))


def _born_in_germany(filed_on: date, birth_date: date) -> DeadlineResult:
    rule = period_rule_on(NEWBORN_RULES, filed_on, what="a child born in Germany")
    deadline = add_months(birth_date, rule.months)
    return _judged(
        _BORN_IN_GERMANY,
        filed_on,
        deadline,
        born=_date_text(birth_date),
        deadline=_date_text(deadline),
    )


def _without_visa(filed_on: date, entry_date: date) -> DeadlineResult:
    rule = period_rule_on(VISA_EXEMPT_RULES, filed_on, what="an entry without a visa")
    deadline = entry_date + timedelta(days=rule.days)
    return _judged(
        _WITHOUT_VISA,
        filed_on,
        deadline,
        entry=_date_text(entry_date),
        deadline=_date_text(deadline),
    )


def _judged(
    situation: _Outcomes, filed_on: date, deadline: date, /, **dates: Promise
) -> DeadlineResult:
    """The outcome of ``situation`` for a request filed on time or late.

    ``dates`` fill the explanation's placeholders; one of them may be called ``deadline``.
    """
    on_time = filed_on <= deadline
    effect, legal_basis, text = situation.on_time if on_time else situation.late
    return DeadlineResult(
        on_time=on_time,
        deadline=deadline,
        effect=effect,
        legal_basis=legal_basis,
        explanation=format_lazy(text, **dates),
    )


def _as_date(fact: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DeadlineError(NOT_A_DATE.format(fact=fact, value=value))
    return value


def _optional_date(fact: str, value: object) -> date | None:
    return None if value is None else _as_date(fact, value)


# --- Required documents (seed 001 "Erforderliche Unterlagen") -------------------


class DocumentsError(ValueError):
    """The document list cannot be given: unknown kind of request."""


@dataclass(frozen=True)
class DocumentRequirement:
    code: str
    label: Promise | str
    hint: Promise | str | None = None


PASSPORT = DocumentRequirement("passport", _("a valid passport"))
BIOMETRIC_PHOTO = DocumentRequirement(
    "biometric_photo",
    _("a current biometric photo (frontal)"),
    # Seed 002: "Lichtbild grundsätzlich biometrietauglich! mind. 35 x 45 mm".
    _("at least 35 x 45 mm, suitable for biometrics"),
)
LIVELIHOOD = DocumentRequirement(
    "livelihood",
    _("proof that your livelihood is secured"),
    _("for example recent payslips, a blocked account, a scholarship or notices of benefits"),
)
HOUSING = DocumentRequirement(
    "housing",
    _("proof of sufficient housing"),
    _("for example your tenancy agreement"),
)
HEALTH_INSURANCE = DocumentRequirement(
    "health_insurance",
    _("proof of health insurance"),
    _("for example a certificate of membership from your health insurer"),
)
CURRENT_TITLE = DocumentRequirement(
    "current_title", _("your current residence permit with its supplementary sheet")
)
CHANGE_PROOF = DocumentRequirement(
    "change_proof",
    _("proof of the change, e.g. a new employment contract or enrolment certificate"),
)
MARRIAGE_CERTIFICATE = DocumentRequirement(
    "marriage_certificate",
    _("marriage certificate"),
    _("or the certificate of your registered partnership"),
)

# Proof of the purpose (seed 001: "Nachweis über den Aufenthaltszweck, z. B.
# Arbeitgeberbescheinigung oder Arbeitsvertrag, Heiratsurkunde").
PURPOSE_PROOF = DocumentRequirement(
    "purpose_proof",
    _("proof of the purpose of your stay, e.g. employment contract or marriage certificate"),
)
ADMISSION_CERTIFICATE = DocumentRequirement(
    "admission_certificate",
    _("letter of admission or certificate of enrolment"),
    _("from your university, college, school or course provider"),
)
EMPLOYMENT_CONTRACT = DocumentRequirement(
    "employment_contract", _("employment contract or certificate from your employer")
)
BUSINESS_PLAN = DocumentRequirement(
    "business_plan", _("business plan or trade registration of your business")
)
HOSTING_AGREEMENT = DocumentRequirement(
    "hosting_agreement", _("hosting agreement with the research institution")
)
BAMF_DECISION = DocumentRequirement(
    "bamf_decision", _("decision of the Federal Office for Migration and Refugees (BAMF)")
)
ADMISSION_DECISION = DocumentRequirement(
    "bamf_decision",
    _("decision of the Federal Office for Migration and Refugees (BAMF)"),
    _(
        "if you were admitted from abroad, as a hardship case or for temporary protection: "
        "the decision on your admission"
    ),
)
RELATIONSHIP_CERTIFICATE = DocumentRequirement(
    "relationship_certificate", _("marriage or birth certificate")
)
BIRTH_CERTIFICATE = DocumentRequirement("birth_certificate", _("birth certificate"))
JOINED_PERSON_DOCUMENTS = DocumentRequirement(
    "joined_person_documents", _("passport and residence title of the family member you join")
)
JOINED_GERMAN_DOCUMENTS = DocumentRequirement(
    "joined_person_documents",
    _("German passport or identity card of the family member you join"),
)


def _with_hint(requirement: DocumentRequirement, hint: Promise) -> DocumentRequirement:
    return DocumentRequirement(requirement.code, requirement.label, hint)


# Purposes whose proof differs from that of their group.
_PROOF_BY_PURPOSE: dict[str, tuple[DocumentRequirement, ...]] = {
    "employment.self_employment": (BUSINESS_PLAN,),
    "employment.research": (HOSTING_AGREEMENT,),
    "humanitarian.admission": (ADMISSION_DECISION,),
    "family.german_family": (RELATIONSHIP_CERTIFICATE, JOINED_GERMAN_DOCUMENTS),
    "family.spouse_of_foreigner": (MARRIAGE_CERTIFICATE, JOINED_PERSON_DOCUMENTS),
    "family.child_of_foreigner": (BIRTH_CERTIFICATE, JOINED_PERSON_DOCUMENTS),
    "special.return": (
        _with_hint(
            PURPOSE_PROOF,
            _("for example school certificates and registration records of your earlier stay"),
        ),
    ),
    "special.former_german": (
        _with_hint(PURPOSE_PROOF, _("for example proof of your former German citizenship")),
    ),
    "special.eu_long_term_resident": (
        _with_hint(
            PURPOSE_PROOF,
            _("your EU long-term residence permit from the other member state"),
        ),
    ),
}
_PROOF_BY_GROUP: dict[str, tuple[DocumentRequirement, ...]] = {
    "education": (ADMISSION_CERTIFICATE,),
    "employment": (EMPLOYMENT_CONTRACT,),
    "humanitarian": (BAMF_DECISION,),
    "family": (RELATIONSHIP_CERTIFICATE, JOINED_PERSON_DOCUMENTS),
    "special": (PURPOSE_PROOF,),
    "other": (PURPOSE_PROOF,),
}


def required_documents(
    *, kind: str, purpose_code: str | None, married: bool = False, holds_title: bool = False
) -> tuple[DocumentRequirement, ...]:
    """The documents a request of ``kind`` for the purpose ``purpose_code`` needs, as a rule.

    Seed 001 ("Erforderliche Unterlagen") for issue and renewal: passport,
    biometric photo, proof of livelihood, housing and health insurance, and a
    proof of the purpose, which depends on the purpose (its group, or the
    purpose itself where it differs). Without a purpose, the generic proof of
    seed 001. A renewal adds the current title with its supplementary sheet,
    and so does a first request of someone who holds a title (``holds_title``:
    a new title for another purpose, § 81 (4) sentence 1 AufenthG); a change
    of conditions needs the passport, the current title and a proof of the
    change (seed 001, "Auflagenänderung"). ``married`` adds the marriage
    certificate unless the list has it. Codes are unique; the order
    is stable.

    Raises ``DocumentsError`` for an unknown kind, ``UnknownPurposeError``
    (a ``KeyError``) for an unknown purpose.
    """
    if kind not in KINDS:
        raise DocumentsError(UNKNOWN_KIND.format(kind=kind, known=", ".join(KINDS)))
    purpose = None if purpose_code is None else purpose_by_code(purpose_code)

    if kind == KIND_CHANGE:
        documents = [PASSPORT, CURRENT_TITLE, CHANGE_PROOF]
    else:
        documents = [PASSPORT]
        if kind == KIND_RENEWAL or holds_title:
            documents.append(CURRENT_TITLE)
        documents += [BIOMETRIC_PHOTO, LIVELIHOOD, HOUSING, HEALTH_INSURANCE]
        if purpose is None:
            documents.append(PURPOSE_PROOF)
        else:
            documents += _PROOF_BY_PURPOSE.get(purpose.code, _PROOF_BY_GROUP[purpose.group])
    if married:
        documents.append(MARRIAGE_CERTIFICATE)

    unique: dict[str, DocumentRequirement] = {}
    for document in documents:
        unique.setdefault(document.code, document)
    return tuple(unique.values())


# --- The respond-by date of a request for documents ------------------------------------

# Periods the caseworker chooses from (weeks after the letter's date).
RESPOND_WEEKS = (2, 3, 4, 6, 8)
DEFAULT_RESPOND_WEEKS = 4


def respond_by(*, written_on: date, weeks: int) -> date:
    """The day by which a request for documents asks for them: computed, never typed.

    The office sets the period in weeks from the letter's date; the period
    ends on the day of the last week with the letter's weekday (Art. 31 (1)
    BayVwVfG with §§ 187 (1), 188 (2) BGB). If that day is a Saturday, a
    Sunday or a public holiday in Bavaria, the period ends with the next
    working day (Art. 31 (3) sentence 1 BayVwVfG).
    """
    if weeks < 1:
        raise ValueError("a period of at least one week")
    end = periods.weeks_later(written_on, weeks)
    holidays = periods.public_holidays(range(end.year, end.year + 2))
    return periods.period_end_on_working_day(end, holidays)


# --- The fiction certificate against the deadline result --------------------------------

# Why an effect cannot be certified (codes; the admin shows a sentence for each).
FICTION_UNDETERMINED = "undetermined"
FICTION_MISMATCH = "mismatch"
FICTION_NEEDS_HARDSHIP_ORDER = "needs_hardship_order"
FICTION_NO_EFFECT = "no_effect"


def fiction_effect_refusal(
    *, chosen: str, deadline: DeadlineResult, hardship_order: bool = False
) -> str | None:
    """Whether a Fiktionsbescheinigung (§ 81 (5) AufenthG) may state ``chosen``; None if so.

    The certificate attests the effect the law gives the filing, so it must
    match the deadline result of the day of filing:

    - "the previous title continues" (§ 81 (4) sentence 1): only for a request
      made in time before the title (or national visa) expired, never after
      entry with a Schengen visa (§ 81 (4) sentence 2). For a late request
      only when the office orders it to avoid undue hardship (§ 81 (4)
      sentence 3): ``hardship_order``.
    - "the stay is deemed permitted" (§ 81 (3) sentence 1): a lawful stay
      without a title, request in time (90 days after a visa-free entry).
    - "deportation is deemed suspended" (§ 81 (3) sentence 2): the same, late.

    Codes: FICTION_UNDETERMINED (the dates did not allow a decision: a team
    lead decides), FICTION_NO_EFFECT (filing has no effect of § 81, e.g. a
    Schengen visa or a change of conditions), FICTION_NEEDS_HARDSHIP_ORDER,
    FICTION_MISMATCH (another effect than the law gives).
    """
    if deadline.on_time is None:
        return FICTION_UNDETERMINED
    if chosen == deadline.effect and chosen != EFFECT_NONE:
        return None
    if chosen == EFFECT_TITLE_CONTINUES and deadline.legal_basis == BASIS_HARDSHIP:
        return None if hardship_order else FICTION_NEEDS_HARDSHIP_ORDER
    if deadline.effect == EFFECT_NONE:
        return FICTION_NO_EFFECT
    return FICTION_MISMATCH
