"""One registry of request kinds: what each kind of request needs, in one entry.

Per kind (``Kind``): its journey (URL slug and path), its steps, the documents
of its checklist, its fee service and the facts ``fees.quote()`` needs, how the
deadline rule applies, what the start page shows, and whether the longest
permit period of family reunification applies. The views, the wizard, the
submission and the caseworker's page look a kind up here; none of them asks
``if kind == …``. Adding a kind is one entry plus its forms.

The five residence-permit kinds are registered below; the naturalisation app
(which sits above this one) registers its kind and its steps in
``NaturalisationConfig.ready()``.

The functions of an entry read answers through ``answer(step) -> dict``: the
wizard passes its recording reader (a step whose checklist read an answer is
validated again when that answer changes), a submission ``stored(answers)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fees import EXEMPTIONS, Quote, paid_with_the_application, quote

from . import checklists, rules
from . import steps as s
from .constants import RequestKind
from .forms.passport_substitute import WITH_PASSPORT

Answer = Callable[[str], dict]


def stored(answers: dict) -> Answer:
    """A reader of stored answers, for the functions of an entry."""
    return lambda step: answers.get(step) or {}


def _married(answer: Answer) -> bool:
    return answer("marital").get("marital_status") in {"married", "partnership"}


@dataclass(frozen=True)
class Kind:
    kind: str
    slug: str
    # The kind in one word, for the caseworkers' request list.
    short_label: str
    steps: tuple[str, ...]
    fee_service: str
    # The checklist of the request from its answers.
    documents: Callable[[Answer], tuple]
    # What the start page lists, before any answer.
    start_documents: Callable[[], tuple]
    # Example quotes for the start page.
    fee_examples: Callable[[], list[Quote]]
    # The facts quote() needs, from the answers ({} when the fee is set individually).
    fee_facts: Callable[[Answer], dict] = lambda answer: {}
    # Which kind of the deadline rule (rules.KINDS) applies, None for no deadline.
    deadline_kind: Callable[[Answer], str | None] = lambda answer: None
    base: str = "aufenthaltserlaubnis"
    # The longest permit of seed 004 and § 27 (4) AufenthG, with the sponsor at the appointment.
    family_period: bool = False
    # The deadline rule asks how the applicant entered (a first issue).
    entry_facts: Callable[[Answer], bool] = lambda answer: False
    # A renewal: the family members filed with the applicant hold titles to renew.
    renewal: Callable[[Answer], bool] = lambda answer: False
    # The passport number the request names ("" when the kind asks for none).
    passport_number: Callable[[Answer], str] = lambda answer: answer("passport").get(
        "passport_number", ""
    )
    # The start page's first paragraph, where the kind has its own (else the § 81 form's).
    start_intro: object = None
    # step -> the section title this kind shows for it, where it differs from the
    # step's definition (the numbered sections are those of form 002).
    sections: dict = field(default_factory=dict)
    # The start page: the request replaces the paper form of seed 002 ("Antrag auf
    # Erteilung einer Aufenthaltserlaubnis gem. § 81 Abs. 1 AufenthG"), what else it says,
    # and the notes under its fees.
    paper_form: bool = False
    # The confirmation page offers to start a family member's request of this kind.
    family_requests: bool = True
    start_notes: tuple[Promise, ...] = ()
    fee_notes: tuple[Promise, ...] = ()

    @property
    def label(self):
        return RequestKind(self.kind).label

    @property
    def fee_paid_with_the_application(self) -> bool:
        """Seed 003: the naturalisation fee is paid when or after filing, not at the
        appointment (``fees.paid_with_the_application``)."""
        return paid_with_the_application(self.fee_service)

    @property
    def path(self) -> str:
        return f"{self.base}/{self.slug}/"

    @property
    def journey(self) -> str:
        return f"permit-{self.slug}"

    @property
    def step_url_name(self) -> str:
        return f"applications:{self.slug}-step"

    @property
    def start_url_name(self) -> str:
        return f"applications:{self.slug}-start"

    @property
    def first_step(self) -> str:
        return self.steps[0]

    @property
    def family_filing(self) -> bool:
        """Family members can be filed together with the applicant (s.FAMILY_FILING)."""
        return s.FAMILY_FILING[0] in self.steps


# § 50 (1) AufenthV: the fees of minors are half.
MINORS_NOTE = _("Children and young people under 18 pay half (§ 50 (1) AufenthV).")


@dataclass
class _Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)
    # Step definitions other apps add: name -> (form, section, title, condition or None).
    steps: dict[str, tuple] = field(default_factory=dict)


_registry = _Registry()
# The registered kinds, in the order of registration (a live view of the registry).
JOURNEYS = _registry.kinds


def register(kind: Kind, *, steps: dict[str, tuple] | None = None) -> None:
    """Register a kind (and the step definitions only it brings). Idempotent."""
    _registry.kinds[kind.kind] = kind
    _registry.steps.update(steps or {})


def get(kind: str) -> Kind:
    return _registry.kinds[kind]


def requirement_labels(kind: str, answers: dict) -> dict[str, object]:
    """Checklist code -> the label of the kind's list for these answers, translated
    when it is read (lazy): the desk shows it in the caseworker's language, a letter
    in its own."""
    return {item.code: item.label for item in get(kind).documents(stored(answers or {}))}


def by_journey(journey: str) -> Kind | None:
    return next((entry for entry in _registry.kinds.values() if entry.journey == journey), None)


def _definition(step: str) -> tuple:
    return s.STEPS[step] if step in s.STEPS else _registry.steps[step]


def all_steps() -> dict[str, tuple]:
    """Every step's definition: this app's (applications.steps) and those other apps added."""
    return {**s.STEPS, **_registry.steps}


def form_list(kind: str) -> list[tuple[str, type]]:
    """(step, form) of a kind's wizard, in order."""
    return [(step, _definition(step)[0]) for step in get(kind).steps]


def _section(entry: Kind, step: str):
    return entry.sections.get(step, _definition(step)[1])


def step_meta(kind: str) -> dict[str, tuple]:
    """step -> (section, title); the section as the kind names it (``Kind.sections``)."""
    entry = get(kind)
    return {step: (_section(entry, step), _definition(step)[2]) for step in entry.steps}


def condition_names(kind: str) -> dict[str, object]:
    """step -> its condition, for the steps that have one."""
    return {
        step: _definition(step)[3] for step in get(kind).steps if _definition(step)[3] is not None
    }


def stored_steps(kind: str) -> dict[str, tuple]:
    """step -> (form class, section, title), for showing the stored answers of ``kind``."""
    entry = get(kind)
    return {
        step: (_definition(step)[0], _section(entry, step), _definition(step)[2])
        for step in entry.steps
    }


# --- The residence-permit kinds ------------------------------------------------------------


def _permit_documents(kind: str) -> Callable[[Answer], tuple]:
    def documents(answer: Answer) -> tuple:
        return rules.required_documents(
            kind=kind,
            purpose_code=answer("purpose_detail").get("purpose"),
            married=_married(answer),
            holds_title=answer("title_held").get("holds_title") is True,
        )

    return documents


def _permit_fee_facts(answer: Answer) -> dict:
    """Validity (from the requested duration), the birth date (the minors' half fee) and
    the protection granted or the resettlement (the exemptions of § 52 AufenthV)."""
    duration, personal = answer("duration"), answer("personal")
    facts = {}
    if duration.get("valid_from") and duration.get("valid_until"):
        facts["valid_from"] = date.fromisoformat(duration["valid_from"])
        facts["valid_until"] = date.fromisoformat(duration["valid_until"])
    if personal.get("date_of_birth"):
        facts["applicant_birth_date"] = date.fromisoformat(personal["date_of_birth"])
    # § 52 AufenthV: asylum, refugee and subsidiary protection pay no fee.
    detail = answer("purpose_detail")
    status = detail.get("protection_status")
    if detail.get("purpose") == "humanitarian.protection" and status in EXEMPTIONS:
        facts["exemption"] = status
    # § 52 AufenthV also exempts resettlement refugees (§ 23 (4) AufenthG).
    if (
        detail.get("purpose") == "humanitarian.admission"
        and detail.get("admission_basis") == "resettlement"
    ):
        facts["exemption"] = "resettlement"
    return facts


def _first_or_renewal(answer: Answer) -> str:
    first = answer("reunification_kind").get("first_application")
    return rules.KIND_RENEWAL if first == "renewal" else rules.KIND_ISSUE


def _reunification_documents(answer: Answer) -> tuple:
    return checklists.reunification_documents(
        first_application=answer("reunification_kind").get("first_application", ""),
        relation=answer("relation").get("relation"),
        married=_married(answer),
        sponsor_is_german=answer("sponsor").get("sponsor_is_german") is True,
    )


def _fee(service: str, **facts):
    return lambda: [quote(service, **facts)]


def _register_permit_kinds() -> None:
    register(
        Kind(
            kind=RequestKind.ISSUE,
            short_label=pgettext_lazy("short request kind", "issue"),
            slug="erteilung",
            steps=s.ISSUE_STEPS,
            fee_service="residence_permit.issue",
            documents=_permit_documents(rules.KIND_ISSUE),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.ISSUE, purpose_code=None
            ),
            fee_examples=lambda: [
                quote("residence_permit.issue", valid_months=12),
                quote("residence_permit.issue", valid_months=13),
            ],
            fee_facts=_permit_fee_facts,
            deadline_kind=lambda answer: rules.KIND_ISSUE,
            entry_facts=lambda answer: True,
            paper_form=True,
            fee_notes=(MINORS_NOTE,),
        )
    )
    register(
        Kind(
            kind=RequestKind.RENEWAL,
            short_label=pgettext_lazy("short request kind", "renewal"),
            slug="verlaengerung",
            steps=s.RENEWAL_STEPS,
            fee_service="residence_permit.renewal",
            documents=_permit_documents(rules.KIND_RENEWAL),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.RENEWAL, purpose_code=None
            ),
            fee_examples=lambda: [
                quote("residence_permit.renewal", valid_months=3),
                quote("residence_permit.renewal", valid_months=4),
            ],
            fee_facts=_permit_fee_facts,
            deadline_kind=lambda answer: rules.KIND_RENEWAL,
            renewal=lambda answer: True,
            paper_form=True,
            fee_notes=(MINORS_NOTE,),
        )
    )
    register(
        Kind(
            kind=RequestKind.CHANGE_OF_CONDITIONS,
            short_label=pgettext_lazy("short request kind", "conditions"),
            slug="auflagenaenderung",
            steps=s.CHANGE_STEPS,
            fee_service="residence_permit.change_of_conditions",
            documents=_permit_documents(rules.KIND_CHANGE),
            start_documents=lambda: rules.required_documents(
                kind=RequestKind.CHANGE_OF_CONDITIONS, purpose_code=None
            ),
            fee_examples=_fee("residence_permit.change_of_conditions"),
            deadline_kind=lambda answer: rules.KIND_CHANGE,
            # No filing together here: each person's title has its own conditions.
            start_notes=(
                _(
                    "Fill it in for one person; each family member, children included, needs "
                    "their own request."
                ),
            ),
        )
    )
    register(
        Kind(
            kind=RequestKind.FAMILY_REUNIFICATION,
            short_label=pgettext_lazy("short request kind", "family"),
            slug="familiennachzug",
            steps=s.REUNIFICATION_STEPS,
            fee_service="family_reunification",
            documents=_reunification_documents,
            start_documents=lambda: checklists.reunification_documents(
                first_application="issue", relation=None, married=False
            ),
            fee_examples=_fee("family_reunification"),
            deadline_kind=_first_or_renewal,
            entry_facts=lambda answer: _first_or_renewal(answer) == rules.KIND_ISSUE,
            renewal=lambda answer: _first_or_renewal(answer) == rules.KIND_RENEWAL,
            family_period=True,
            paper_form=True,
            start_notes=(
                # Seed 004: the request here is for family members already in Germany.
                _(
                    "This request is for family members who live in Germany already. Family "
                    "members who live abroad first apply for a visa at the German embassy "
                    "responsible for them: entry for family reunification needs a national "
                    "visa as a rule."
                ),
                _(
                    "At the appointment you come together with the person your right of "
                    "residence is based on."
                ),
            ),
        )
    )
    register(
        Kind(
            kind=RequestKind.BLOCKED_ACCOUNT_RELEASE,
            short_label=pgettext_lazy("short request kind", "blocked account"),
            slug="aufhebung",
            base="sperrvermerk",
            steps=s.BLOCKED_ACCOUNT_STEPS,
            fee_service="blocked_account.release",
            documents=lambda answer: checklists.blocked_account_documents(),
            start_documents=checklists.blocked_account_documents,
            fee_examples=_fee("blocked_account.release"),
            # Releasing one's own blocked account is nobody else's request.
            family_requests=False,
            # Seed 001, "Sperrvermerk Ausbildung und Studium – Aufhebung".
            start_notes=(
                _(
                    "When you applied for your residence title, you opened a blocked account "
                    "to prove that your livelihood is secured. With this request you ask us "
                    "to lift the blocking note."
                ),
                _(
                    "Which further proofs we need depends on your case; we tell you during the "
                    "procedure."
                ),
            ),
        )
    )


def _passport_substitute_fee_facts(answer: Answer) -> dict:
    """§ 48 (1) Satz 1 Nr. 1a to 1f AufenthV: the status, the age, a provisional document."""
    status = answer("ps_status").get("status")
    facts = {
        "protection_status": status
        if status in {"subsidiary_protection", "resettlement"}
        else "other",
        "provisional": bool(answer("ps_travel").get("provisional")),
    }
    birth = answer("personal").get("date_of_birth")
    if birth:
        facts["applicant_birth_date"] = date.fromisoformat(birth)
    return facts


def _passport_substitute_documents(answer: Answer) -> tuple:
    return checklists.passport_substitute_documents(
        status=answer("ps_status").get("status"),
        had_passport=answer("ps_passport").get("national_passport") in WITH_PASSPORT,
    )


def _passport_substitute_fee_examples() -> list[Quote]:
    """The six fees of § 48 (1) Satz 1 Nr. 1a to 1f AufenthV, as in force today."""
    today = timezone.localdate()
    adult, young = date(today.year - 30, 1, 1), date(today.year - 20, 1, 1)
    return [
        quote("passport_substitute", protection_status=status, **facts)
        for status in ("other", "subsidiary_protection")
        for facts in (
            {"applicant_birth_date": adult},
            {"applicant_birth_date": young},
            {"provisional": True},
        )
    ]


def _register_passport_substitute() -> None:
    register(
        Kind(
            kind=RequestKind.PASSPORT_SUBSTITUTE,
            short_label=pgettext_lazy("short request kind", "travel document"),
            slug="reiseausweis",
            base="passersatz",
            steps=s.PASSPORT_SUBSTITUTE_STEPS,
            fee_service="passport_substitute",
            documents=_passport_substitute_documents,
            start_documents=lambda: checklists.passport_substitute_documents(
                status=None, had_passport=False
            ),
            fee_examples=_passport_substitute_fee_examples,
            start_intro=pgettext_lazy(
                "start page",
                "This online request is for the travel document for foreigners (Reiseausweis "
                "für Ausländer, §§ 5 to 7 AufenthV): a German document instead of a national "
                "passport, for people who cannot obtain a passport of their country in a "
                "reasonable way. Fill it in for one person; each family member, children "
                "included, needs their own request.",
            ),
            fee_facts=_passport_substitute_fee_facts,
            # The last national passport, if any (ps_passport replaces section 2).
            passport_number=lambda answer: answer("ps_passport").get("passport_number", ""),
        )
    )


_register_permit_kinds()
_register_passport_substitute()
