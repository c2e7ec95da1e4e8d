"""The quick check: the answers, the result and ``quick_check()``.

Source: seed 003 ("So erhalten Sie die deutsche Staatsangehörigkeit",
"Voraussetzungen", "Zwei Möglichkeiten der Einbürgerung"), which describes
the law of the StARModG (BGBl. 2024 I Nr. 104, in force since 27 June 2024),
and §§ 8, 10, 12a StAG for what the seed leaves out (identity and
nationality, the exceptions of the livelihood, the thresholds of
convictions). The shortened three-year route was struck out with effect from
30 October 2025 (BGBl. 2025 I Nr. 256); the law of each day comes from the
dated tables of ``law``.

The quick check is not binding (seed 003, "Ablauf"): it tells the applicant
what looks met, what does not, and what the office has to check. "Not met"
is an answer: where neither route is open, the result says so and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.periods import date_of_age

from . import texts as t
from .law import (
    ConvictionRule,
    IntegrationRule,
    LivelihoodRule,
    NaturalisationRuleError,
    as_bool,
    as_date,
    commitment_rule_on,
    conviction_rule_on,
    integration_rule_on,
    livelihood_rule_on,
    residence_complete_on,
    residence_rule_on,
    residence_years_required,
)

# --- Answers ---------------------------------------------------------------------

# Levels of the Common European Framework of Reference, lowest first.
GERMAN_LEVELS = ("none", "a1", "a2", "b1", "b2", "c1", "c2")

# Seed 003, "Ausreichende Deutschkenntnisse können Sie durch folgende
# Unterlagen nachweisen".
GERMAN_PROOF_CERTIFICATE = "certificate"  # Sprachzertifikat mit mindestens dem Niveau B 1
GERMAN_PROOF_SCHOOL = "school"  # allgemeinbildender deutscher Schulabschluss
GERMAN_PROOF_TRAINING = "training"  # abgeschlossene deutsche Ausbildung von mind. zwei Jahren
GERMAN_PROOF_DEGREE = "degree"  # abgeschlossenes deutschsprachiges Studium
GERMAN_PROOF_RETRAINING = "retraining"  # abgeschlossene deutsche Umschulung von mind. zwei Jahren
GERMAN_PROOF_SCHOOL_REPORTS = "school_reports"  # vier Jahreszeugnisse mit Versetzung
GERMAN_PROOF_NONE = "none"
# Seed 003 ("Ausreichende Deutschkenntnisse können Sie durch folgende Unterlagen
# nachweisen"): each of these proves German at B1 by itself; only a language
# certificate proves it with its level.
GERMAN_PROOFS_BY_THEMSELVES = frozenset(
    {
        GERMAN_PROOF_SCHOOL,
        GERMAN_PROOF_TRAINING,
        GERMAN_PROOF_DEGREE,
        GERMAN_PROOF_RETRAINING,
        GERMAN_PROOF_SCHOOL_REPORTS,
    }
)
GERMAN_PROOFS = (
    GERMAN_PROOF_CERTIFICATE,
    GERMAN_PROOF_SCHOOL,
    GERMAN_PROOF_TRAINING,
    GERMAN_PROOF_DEGREE,
    GERMAN_PROOF_RETRAINING,
    GERMAN_PROOF_SCHOOL_REPORTS,
    GERMAN_PROOF_NONE,
)

# Seed 003, "Kenntnisse der Rechts- und Gesellschaftsordnung und der
# Lebensverhältnisse".
KNOWLEDGE_PROOF_SCHOOL = "school_certificate"  # deutscher Schulabschluss
KNOWLEDGE_PROOF_TRAINING = "training"  # abgeschlossene deutsche Ausbildung von mind. zwei Jahren
KNOWLEDGE_PROOF_DEGREE = "degree"  # deutschsprachiges Studium mit entsprechenden Lerninhalten
KNOWLEDGE_PROOF_TEST = "test"  # "Leben in Deutschland" oder Einbürgerungstest
KNOWLEDGE_PROOF_NONE = "none"
KNOWLEDGE_PROOFS = (
    KNOWLEDGE_PROOF_SCHOOL,
    KNOWLEDGE_PROOF_TRAINING,
    KNOWLEDGE_PROOF_DEGREE,
    KNOWLEDGE_PROOF_TEST,
    KNOWLEDGE_PROOF_NONE,
)
# The questions of the test; the marks come from ``law.INTEGRATION_RULES``.
TEST_QUESTIONS = 33

# § 10 Abs. 1 Satz 1 StAG: "wenn seine Identität und Staatsangehörigkeit
# geklärt sind"; the same in § 8 Abs. 1 StAG.
IDENTITY_CLARIFIED = "yes"
IDENTITY_NOT_CLARIFIED = "no"
IDENTITY_UNSURE = "unsure"
IDENTITY_ANSWERS = (IDENTITY_CLARIFIED, IDENTITY_NOT_CLARIFIED, IDENTITY_UNSURE)


@dataclass(frozen=True)
class QuickCheckAnswers:
    # One of IDENTITY_ANSWERS: are identity and nationality clarified?
    identity_clarified: str
    # Since when the applicant has lived lawfully and habitually in Germany.
    residence_since: date | None
    has_right_of_residence: bool
    # Special integration achievements claimed, for the shortened route.
    special_integration: bool
    # One of GERMAN_LEVELS.
    german_level: str
    # One of GERMAN_PROOFS.
    german_proof: str
    # Came under a recruitment agreement until 1974 or as a contract worker of
    # the GDR until 1990: oral German suffices, no test, and the benefits do
    # not count if the applicant is not responsible for them.
    guest_worker: bool
    # One of KNOWLEDGE_PROOFS.
    knowledge_proof: str
    # Correct answers of 33 in "Leben in Deutschland" / the naturalisation test.
    test_score: int | None
    # Benefits under SGB II or SGB XII.
    receives_benefits: bool
    # From own means, for self, spouse and minor children.
    livelihood_secured: bool
    convicted: bool
    # To the free democratic basic order and Germany's historical responsibility.
    commitment: bool
    # Minor children naturalised together with the applicant (only for the fee).
    minor_children: int
    # The exceptions of § 10 Abs. 1 Satz 1 Nr. 3 StAG; None where not asked
    # (no benefits). In full-time employment now, and in how many of the last
    # 24 months.
    full_time_employed: bool | None = None
    full_time_months: int | None = None
    # Living with a spouse or registered partner in full-time employment for
    # at least 20 of the last 24 months, and with a minor child.
    partner_full_time: bool | None = None
    lives_with_minor_child: bool | None = None
    # A guest or contract worker who is not responsible for the benefits.
    benefits_beyond_control: bool | None = None
    # The convictions (§ 12a StAG); None where not asked (not convicted).
    # A court found an antisemitic, racist, xenophobic or other inhuman motive.
    hate_motive: bool | None = None
    # A youth penalty, prison not suspended, or a probation period not over.
    serious_sentence: bool | None = None
    # Daily rates of all fines, added up.
    fine_daily_rates: int | None = None
    # Months of prison suspended on probation and remitted, added up.
    suspended_prison_months: int | None = None
    # A measure of § 61 Nr. 5 or 6 StGB (driving licence withdrawn, ban on a profession).
    measure_ordered: bool | None = None
    # Of the minor children, those with income of their own (only for the fee).
    minor_children_with_income: int = 0


# --- Result ----------------------------------------------------------------------

MET = "met"
NOT_MET = "not_met"
TO_CHECK = "to_check"
STATUSES = (MET, NOT_MET, TO_CHECK)

IDENTITY = "identity"
RESIDENCE = "residence"
KNOWLEDGE = "knowledge"
GERMAN = "german"
LIVELIHOOD = "livelihood"
NO_CONVICTION = "no_conviction"
COMMITMENT = "commitment"
PREREQUISITE_CODES = (
    IDENTITY,
    RESIDENCE,
    KNOWLEDGE,
    GERMAN,
    LIVELIHOOD,
    NO_CONVICTION,
    COMMITMENT,
)

# Seed 003, "Zwei Möglichkeiten der Einbürgerung".
ROUTE_CLAIM = "claim"  # Anspruchseinbürgerung, § 10 StAG
ROUTE_DISCRETIONARY = "discretionary"  # Ermessenseinbürgerung, § 8 StAG
# Neither: a prerequisite that § 8 Abs. 1 StAG shares with § 10 is not met.
ROUTE_NONE = "none"
ROUTES = (ROUTE_CLAIM, ROUTE_DISCRETIONARY, ROUTE_NONE)
ROUTE_LEGAL_BASIS = {ROUTE_CLAIM: "§ 10 StAG", ROUTE_DISCRETIONARY: "§ 8 StAG"}
# "Zuständig ist die Stadt Nürnberg." / "Zuständig ist die Regierung von Mittelfranken."
CLAIM_AUTHORITY = _("City of Nuremberg, Amt für Migration und Integration")
DISCRETIONARY_AUTHORITY = _("Regierung von Mittelfranken")


@dataclass(frozen=True)
class Prerequisite:
    # One of PREREQUISITE_CODES.
    code: str
    # One of STATUSES.
    status: str
    # Why, in plain language.
    reason: Promise | str
    # Which proofs count, or what to do.
    proof: Promise | str
    # The provision, for the reader who wants to look it up.
    legal_basis: str = ""

    @property
    def title(self) -> Promise:
        """What the prerequisite is called (``texts.PREREQUISITE_TITLES``)."""
        return t.PREREQUISITE_TITLES[self.code]


@dataclass(frozen=True)
class QuickCheckResult:
    # One per code of PREREQUISITE_CODES, in that order.
    prerequisites: tuple[Prerequisite, ...]
    # One of ROUTES.
    route: str
    # The deciding authority; None when neither route is open.
    authority: Promise | str | None
    # The earliest day on which the years of residence are complete (today's
    # law, or the law in force on that day if it lies in the future); None
    # when residence_since is not known.
    residence_met_on: date | None
    # Why the shortened three-year route does not help, where it was claimed.
    shortened_route_note: Promise | str | None
    # Why neither route is open, where ``route`` is ROUTE_NONE.
    no_route_reasons: tuple[Promise | str, ...] = ()
    # A right of residence is held (without one the residence is not met, whatever the years).
    has_right_of_residence: bool = True

    @property
    def not_met(self) -> tuple[Prerequisite, ...]:
        """The prerequisites not met, in the order of ``PREREQUISITE_CODES``."""
        return tuple(item for item in self.prerequisites if item.status == NOT_MET)

    @property
    def claim_opens_on(self) -> date | None:
        """``claim_route_opens_on(self)``."""
        return claim_route_opens_on(self)

    @property
    def claim_opens_text(self) -> Promise | None:
        """When the claim route opens, in words; None where ``claim_opens_on`` is None."""
        day = self.claim_opens_on
        return None if day is None else format_lazy(t.CLAIM_OPENS_TEXT, day=t.date_text(day))

    def prerequisite(self, code: str) -> Prerequisite:
        """The prerequisite with ``code``; ``KeyError`` for an unknown code."""
        for prerequisite in self.prerequisites:
            if prerequisite.code == code:
                return prerequisite
        raise KeyError(code)


def claim_route_opens_on(result: QuickCheckResult) -> date | None:
    """The day from which naturalisation by entitlement (§ 10 StAG) is open, nothing else changing.

    Time alone cures only the residence period: § 10 Abs. 1 Satz 1 StAG asks
    five years of lawful, habitual residence (``residence_complete_on``), which
    are complete on ``result.residence_met_on``. So where the residence is the
    only prerequisite not met, and the applicant holds a right of residence
    (without one, no day is known), that day is returned. None where nothing is
    unmet (the claim is open now), where another prerequisite is not met as
    well (German, the test, the livelihood, ...: they depend on the applicant,
    not on a date), or where the start of the residence is unknown.
    """
    unmet = result.not_met
    if len(unmet) != 1 or unmet[0].code != RESIDENCE or not result.has_right_of_residence:
        return None
    return result.residence_met_on


# --- Errors (tests assert against these) ---------------------------------------------

NOT_ANSWERS = "answers must be QuickCheckAnswers, not {value!r}."
UNKNOWN_IDENTITY = "Unknown identity_clarified {value!r}. Known answers: {known}."
UNKNOWN_GERMAN_LEVEL = "Unknown german_level {value!r}. Known levels: {known}."
UNKNOWN_GERMAN_PROOF = "Unknown german_proof {value!r}. Known proofs: {known}."
UNKNOWN_KNOWLEDGE_PROOF = "Unknown knowledge_proof {value!r}. Known proofs: {known}."
TEST_SCORE_INVALID = (
    "test_score must be None or a whole number from 0 to 33 (correct answers of 33), not {value!r}."
)
CHILDREN_INVALID = "minor_children must be a whole number of at least 0, not {value!r}."
CHILDREN_WITH_INCOME_INVALID = (
    "minor_children_with_income must be a whole number from 0 to minor_children ({children}), "
    "not {value!r}."
)
MONTHS_INVALID = "full_time_months must be None or a whole number from 0 to 24, not {value!r}."
COUNT_INVALID = "{fact} must be None or a whole number of at least 0, not {value!r}."
OPTIONAL_NOT_A_BOOL = "{fact} must be None, True or False, not {value!r}."
RESIDENCE_AFTER_DAY = "residence_since ({since}) lies after the day of the check ({on})."

_BOOL_FIELDS = (
    "has_right_of_residence",
    "special_integration",
    "guest_worker",
    "receives_benefits",
    "livelihood_secured",
    "convicted",
    "commitment",
)
_OPTIONAL_BOOL_FIELDS = (
    "full_time_employed",
    "partner_full_time",
    "lives_with_minor_child",
    "benefits_beyond_control",
    "hate_motive",
    "serious_sentence",
    "measure_ordered",
)

_GERMAN_PROOF_TEXT = {
    GERMAN_PROOF_CERTIFICATE: t.GERMAN_CERTIFICATE_PROOF,
    GERMAN_PROOF_SCHOOL: t.GERMAN_SCHOOL_PROOF,
    GERMAN_PROOF_TRAINING: t.GERMAN_TRAINING_PROOF,
    GERMAN_PROOF_DEGREE: t.GERMAN_DEGREE_PROOF,
    GERMAN_PROOF_RETRAINING: t.GERMAN_RETRAINING_PROOF,
    GERMAN_PROOF_SCHOOL_REPORTS: t.GERMAN_SCHOOL_REPORTS_PROOF,
}


# --- The quick check ------------------------------------------------------------------


def quick_check(answers: QuickCheckAnswers, *, on: date) -> QuickCheckResult:
    """The non-binding quick check of seed 003 for ``answers``, under the law in force on ``on``.

    Each prerequisite is met, not met, or to be checked by the office:

    - identity and nationality clarified (§ 10 Abs. 1 Satz 1, § 8 Abs. 1
      StAG; not in seed 003): yes met, no not met, unsure to be checked.
    - residence: a right of residence (else not met) and at least five years
      of lawful, habitual residence since ``residence_since``, complete on
      the anniversary day (``residence_complete_on``); three years up to
      29 October 2025 with special integration achievements, German at C1
      (or C2) and a livelihood secured without SGB II / XII benefits. From
      30 October 2025 five years for everyone; claiming special integration
      then yields ``shortened_route_note``. Unknown start: to be checked.
    - knowledge of the legal and social order: a German school-leaving
      certificate, a German vocational training of two years, a
      German-language degree with such content, or at least the pass mark
      of the test (17 of 33). Otherwise not met; for guest and contract
      workers, for whom the law since 27 June 2024 waives the test, to be
      checked.
    - German at B1: one of seed 003's proofs at the level of the row in
      force or higher; else not met, for guest and contract workers (oral
      German suffices) to be checked.
    - livelihood (§ 10 Abs. 1 Satz 1 Nr. 3): without SGB II / XII benefits,
      secured from own means: met, else to be checked. With benefits: met
      where exception (b) applies (full-time work now and in at least 20 of
      the last 24 months) or (c) (living with such a spouse or partner and a
      minor child); to be checked for a guest or contract worker (a) who is
      not responsible for the benefits; otherwise not met.
    - no conviction (§ 10 Abs. 1 Satz 1 Nr. 5, § 12a): not convicted, or
      only juvenile measures, or fines and remitted suspended prison up to 90
      days added up (a daily rate = a day, a month = 30 days): met; a measure
      of § 61 Nr. 5, 6 StGB, or up to 21 days above the limit: to be checked;
      more, a hate motive found by the court (§ 12a Abs. 1 Satz 2), or a youth
      penalty, unsuspended prison or a running probation: not met. Convicted
      without the details: to be checked.
    - commitment: met or not met.

    The route is the claim (Stadt Nürnberg) when no prerequisite is not met
    (a "to be checked" does not prevent it). Otherwise the discretionary
    naturalisation (Regierung von Mittelfranken), unless a prerequisite that
    § 8 Abs. 1 StAG shares is not met: identity and nationality, or a
    conviction that counts (§ 8 Abs. 1 Nr. 2 with § 12a). Then neither route
    is open for now, ``authority`` is None and ``no_route_reasons`` say why
    (for a conviction: until it is removed from the register, save the
    exception of § 8 Abs. 2). ``minor_children`` and
    ``minor_children_with_income`` are only validated here; they matter for
    the fee.

    Raises ``NaturalisationRuleError`` for answers of the wrong type, an
    unknown answer, level or proof, a number out of range, more children
    with income than children, ``residence_since`` after ``on`` or a day
    before 27 June 2024.
    """
    on = as_date("on", on)
    _validate(answers, on)
    rule = residence_rule_on(on)
    integration = integration_rule_on(on)

    shortened_conditions = (
        answers.special_integration
        and integration.shortened_german_level is not None
        and _level_at_least(answers.german_level, integration.shortened_german_level)
        and answers.livelihood_secured
        and not answers.receives_benefits
    )
    shortened_exists = rule.shortened_years is not None
    residence, met_on, note = _residence(answers, on, shortened_conditions and shortened_exists)
    if answers.special_integration and note is None:
        if not shortened_exists:
            note = t.SHORTENED_ABOLISHED_NOTE
        elif not shortened_conditions:
            note = t.SHORTENED_CONDITIONS_NOTE

    identity = _identity(answers)
    conviction = _no_conviction(answers, conviction_rule_on(on))
    prerequisites = (
        identity,
        residence,
        _knowledge(answers, integration),
        _german(answers, integration),
        _livelihood(answers, livelihood_rule_on(on)),
        conviction,
        _commitment(answers, commitment_rule_on(on).legal_basis),
    )
    if all(prerequisite.status != NOT_MET for prerequisite in prerequisites):
        route, authority = ROUTE_CLAIM, CLAIM_AUTHORITY
    else:
        route, authority = ROUTE_DISCRETIONARY, DISCRETIONARY_AUTHORITY
    closed = []
    if identity.status == NOT_MET:
        closed.append(t.NO_ROUTE_IDENTITY_TEXT)
    if conviction.status == NOT_MET:
        closed.append(t.NO_ROUTE_CONVICTION_TEXT)
    if closed:
        route, authority = ROUTE_NONE, None
    return QuickCheckResult(
        prerequisites=prerequisites,
        route=route,
        authority=authority,
        residence_met_on=met_on,
        shortened_route_note=note,
        no_route_reasons=tuple(closed),
        has_right_of_residence=answers.has_right_of_residence,
    )


def _identity(answers: QuickCheckAnswers) -> Prerequisite:
    status, reason = {
        IDENTITY_CLARIFIED: (MET, t.IDENTITY_MET_TEXT),
        IDENTITY_NOT_CLARIFIED: (NOT_MET, t.IDENTITY_NOT_MET_TEXT),
        IDENTITY_UNSURE: (TO_CHECK, t.IDENTITY_UNSURE_TEXT),
    }[answers.identity_clarified]
    return Prerequisite(IDENTITY, status, reason, t.IDENTITY_PROOF, "§ 10 Abs. 1 Satz 1 StAG")


def _residence(
    answers: QuickCheckAnswers, on: date, shortened: bool
) -> tuple[Prerequisite, date | None, Promise | None]:
    """The residence prerequisite, the day the years are complete, and a note on the route."""
    rule = residence_rule_on(on)
    years_now = residence_years_required(on=on, shortened_route_claimed=shortened)
    since = answers.residence_since
    met_on = note = None
    if since is None:
        status = TO_CHECK
        reason = format_lazy(t.RESIDENCE_UNKNOWN_TEXT, years=years_now)
    else:
        met_on = residence_complete_on(since=since, on=on, shortened_route_claimed=shortened)
        years = residence_years_required(on=max(on, met_on), shortened_route_claimed=shortened)
        if years != years_now:
            # The three years would end after the abolition: five apply.
            shortened = False
            note = format_lazy(
                t.SHORTENED_TOO_LATE_NOTE, day=t.date_text(date_of_age(since, years_now))
            )
        status = MET if met_on <= on else NOT_MET
        reason = format_lazy(
            t.RESIDENCE_MET_TEXT if status == MET else t.RESIDENCE_PENDING_TEXT,
            years=years,
            since=t.date_text(since),
            day=t.date_text(met_on),
        )
    if shortened:
        reason = format_lazy("{} {}", reason, t.RESIDENCE_SHORTENED_TEXT)
    if not answers.has_right_of_residence:
        status = NOT_MET
        reason = format_lazy("{} {}", t.RESIDENCE_NO_RIGHT_TEXT, reason)
    proof = t.RESIDENCE_SHORTENED_PROOF if shortened else t.RESIDENCE_PROOF
    return Prerequisite(RESIDENCE, status, reason, proof, rule.legal_basis), met_on, note


def _knowledge(answers: QuickCheckAnswers, rule: IntegrationRule) -> Prerequisite:
    basis = "§ 10 Abs. 1 Satz 1 Nr. 7, Abs. 5 StAG"
    proof_kind = answers.knowledge_proof
    if proof_kind == KNOWLEDGE_PROOF_SCHOOL:
        return Prerequisite(
            KNOWLEDGE, MET, t.KNOWLEDGE_SCHOOL_TEXT, t.KNOWLEDGE_SCHOOL_PROOF, basis
        )
    if proof_kind == KNOWLEDGE_PROOF_TRAINING:
        return Prerequisite(
            KNOWLEDGE, MET, t.KNOWLEDGE_TRAINING_TEXT, t.KNOWLEDGE_TRAINING_PROOF, basis
        )
    if proof_kind == KNOWLEDGE_PROOF_DEGREE:
        return Prerequisite(
            KNOWLEDGE, MET, t.KNOWLEDGE_DEGREE_TEXT, t.KNOWLEDGE_DEGREE_PROOF, basis
        )
    score = answers.test_score
    if proof_kind == KNOWLEDGE_PROOF_TEST and score is not None and score >= rule.test_pass_mark:
        return Prerequisite(
            KNOWLEDGE,
            MET,
            format_lazy(t.KNOWLEDGE_TEST_PASSED_TEXT, score=score),
            t.KNOWLEDGE_TEST_PROOF,
            basis,
        )
    if answers.guest_worker and rule.guest_worker_relief:
        return Prerequisite(
            KNOWLEDGE, TO_CHECK, t.KNOWLEDGE_GUEST_WORKER_TEXT, t.GUEST_WORKER_PROOF, basis
        )
    if proof_kind == KNOWLEDGE_PROOF_TEST and score is not None:
        reason = format_lazy(t.KNOWLEDGE_TEST_FAILED_TEXT, score=score)
    elif proof_kind == KNOWLEDGE_PROOF_TEST:
        reason = t.KNOWLEDGE_TEST_NO_SCORE_TEXT
    else:
        reason = t.KNOWLEDGE_NONE_TEXT
    return Prerequisite(
        KNOWLEDGE,
        NOT_MET,
        format_lazy("{} {}", reason, t.EXEMPTION_TEXT),
        t.KNOWLEDGE_TAKE_TEST_PROOF,
        basis,
    )


def _german(answers: QuickCheckAnswers, rule: IntegrationRule) -> Prerequisite:
    basis = "§ 10 Abs. 1 Satz 1 Nr. 6, Abs. 4 StAG"
    level, proof_kind = answers.german_level, answers.german_proof
    if proof_kind in GERMAN_PROOFS_BY_THEMSELVES and not _level_at_least(level, rule.german_level):
        proof = _GERMAN_PROOF_TEXT[proof_kind]
        return Prerequisite(
            GERMAN, MET, format_lazy(t.GERMAN_PROVEN_TEXT, proof=proof), proof, basis
        )
    if proof_kind != GERMAN_PROOF_NONE and _level_at_least(level, rule.german_level):
        proof = _GERMAN_PROOF_TEXT[proof_kind]
        reason = format_lazy(t.GERMAN_MET_TEXT, level=level.upper(), proof=proof)
        shortened = rule.shortened_german_level
        if shortened is not None and _level_at_least(level, shortened):
            reason = format_lazy("{} {}", reason, t.GERMAN_C1_TEXT)
        return Prerequisite(GERMAN, MET, reason, proof, basis)
    if answers.guest_worker and rule.guest_worker_relief:
        return Prerequisite(
            GERMAN, TO_CHECK, t.GERMAN_GUEST_WORKER_TEXT, t.GUEST_WORKER_PROOF, basis
        )
    return Prerequisite(
        GERMAN,
        NOT_MET,
        format_lazy("{} {}", t.GERMAN_NOT_MET_TEXT, t.EXEMPTION_TEXT),
        t.GERMAN_TAKE_CERTIFICATE_PROOF,
        basis,
    )


def _livelihood(answers: QuickCheckAnswers, rule: LivelihoodRule) -> Prerequisite:
    basis = rule.legal_basis
    if not answers.receives_benefits:
        if answers.livelihood_secured:
            return Prerequisite(LIVELIHOOD, MET, t.LIVELIHOOD_MET_TEXT, t.LIVELIHOOD_PROOF, basis)
        return Prerequisite(
            LIVELIHOOD, TO_CHECK, t.LIVELIHOOD_UNKNOWN_TEXT, t.LIVELIHOOD_PROOF, basis
        )
    months = answers.full_time_months
    if answers.full_time_employed and months is not None and months >= rule.full_time_months:
        reason = format_lazy(
            t.LIVELIHOOD_FULL_TIME_TEXT,
            worked=months,
            window=rule.full_time_window_months,
            months=rule.full_time_months,
        )
        return Prerequisite(LIVELIHOOD, MET, reason, t.LIVELIHOOD_FULL_TIME_PROOF, basis)
    if answers.partner_full_time and answers.lives_with_minor_child:
        reason = format_lazy(
            t.LIVELIHOOD_PARTNER_TEXT,
            window=rule.full_time_window_months,
            months=rule.full_time_months,
        )
        return Prerequisite(LIVELIHOOD, MET, reason, t.LIVELIHOOD_PARTNER_PROOF, basis)
    if answers.guest_worker and answers.benefits_beyond_control:
        return Prerequisite(
            LIVELIHOOD,
            TO_CHECK,
            t.LIVELIHOOD_GUEST_WORKER_TEXT,
            t.LIVELIHOOD_GUEST_WORKER_PROOF,
            basis,
        )
    reason = format_lazy(
        t.LIVELIHOOD_BENEFITS_TEXT,
        months=rule.full_time_months,
        window=rule.full_time_window_months,
        recruitment=t.date_text(rule.recruitment_agreements_until),
        contract=t.date_text(rule.contract_workers_until),
    )
    return Prerequisite(LIVELIHOOD, NOT_MET, reason, t.LIVELIHOOD_BENEFITS_PROOF, basis)


def _no_conviction(answers: QuickCheckAnswers, rule: ConvictionRule) -> Prerequisite:
    basis = rule.legal_basis
    proof = t.CONVICTION_PROOF
    if not answers.convicted:
        return Prerequisite(NO_CONVICTION, MET, t.NOT_CONVICTED_TEXT, proof, basis)
    if answers.hate_motive:
        return Prerequisite(
            NO_CONVICTION, NOT_MET, t.CONVICTION_HATE_TEXT, proof, "§ 12a Abs. 1 Satz 2 StAG"
        )
    if answers.serious_sentence:
        return Prerequisite(NO_CONVICTION, NOT_MET, t.CONVICTION_SERIOUS_TEXT, proof, basis)
    details = (
        answers.hate_motive,
        answers.serious_sentence,
        answers.fine_daily_rates,
        answers.suspended_prison_months,
    )
    if any(value is None for value in details):
        return Prerequisite(NO_CONVICTION, TO_CHECK, t.CONVICTED_TEXT, proof, basis)
    limit = max(rule.fine_daily_rates, rule.suspended_prison_months * rule.days_per_month)
    total = answers.fine_daily_rates + answers.suspended_prison_months * rule.days_per_month
    numbers = {"total": total, "per_month": rule.days_per_month, "limit": limit}
    if total > limit + rule.slight_excess_days:
        reason = format_lazy(t.CONVICTION_COUNTS_TEXT, **numbers)
        return Prerequisite(NO_CONVICTION, NOT_MET, reason, proof, basis)
    if total > limit:
        status, reason = TO_CHECK, format_lazy(t.CONVICTION_SLIGHTLY_ABOVE_TEXT, **numbers)
    elif total == 0:
        status, reason = MET, t.CONVICTION_JUVENILE_TEXT
    else:
        status = MET
        reason = format_lazy(
            t.CONVICTION_DISREGARDED_TEXT,
            fines=rule.fine_daily_rates,
            prison=rule.suspended_prison_months,
            **numbers,
        )
    if answers.measure_ordered:
        status, reason = TO_CHECK, format_lazy("{} {}", reason, t.CONVICTION_MEASURE_TEXT)
    return Prerequisite(NO_CONVICTION, status, reason, proof, basis)


def _commitment(answers: QuickCheckAnswers, basis: str) -> Prerequisite:
    if answers.commitment:
        return Prerequisite(COMMITMENT, MET, t.COMMITMENT_MET_TEXT, t.COMMITMENT_PROOF, basis)
    return Prerequisite(COMMITMENT, NOT_MET, t.COMMITMENT_NOT_MET_TEXT, t.COMMITMENT_PROOF, basis)


# --- Validation ---------------------------------------------------------------------


def _validate(answers: object, on: date) -> None:
    if not isinstance(answers, QuickCheckAnswers):
        raise NaturalisationRuleError(NOT_ANSWERS.format(value=answers))
    if answers.identity_clarified not in IDENTITY_ANSWERS:
        raise NaturalisationRuleError(
            UNKNOWN_IDENTITY.format(
                value=answers.identity_clarified, known=", ".join(IDENTITY_ANSWERS)
            )
        )
    since = (
        None
        if answers.residence_since is None
        else as_date("residence_since", answers.residence_since)
    )
    for fact in _BOOL_FIELDS:
        as_bool(fact, getattr(answers, fact))
    for fact in _OPTIONAL_BOOL_FIELDS:
        value = getattr(answers, fact)
        if value is not None and not isinstance(value, bool):
            raise NaturalisationRuleError(OPTIONAL_NOT_A_BOOL.format(fact=fact, value=value))
    if answers.german_level not in GERMAN_LEVELS:
        raise NaturalisationRuleError(
            UNKNOWN_GERMAN_LEVEL.format(value=answers.german_level, known=", ".join(GERMAN_LEVELS))
        )
    if answers.german_proof not in GERMAN_PROOFS:
        raise NaturalisationRuleError(
            UNKNOWN_GERMAN_PROOF.format(value=answers.german_proof, known=", ".join(GERMAN_PROOFS))
        )
    if answers.knowledge_proof not in KNOWLEDGE_PROOFS:
        raise NaturalisationRuleError(
            UNKNOWN_KNOWLEDGE_PROOF.format(
                value=answers.knowledge_proof, known=", ".join(KNOWLEDGE_PROOFS)
            )
        )
    score = answers.test_score
    if score is not None and not _whole(score, 0, TEST_QUESTIONS):
        raise NaturalisationRuleError(TEST_SCORE_INVALID.format(value=score))
    months = answers.full_time_months
    if months is not None and not _whole(months, 0, 24):
        raise NaturalisationRuleError(MONTHS_INVALID.format(value=months))
    for fact in ("fine_daily_rates", "suspended_prison_months"):
        value = getattr(answers, fact)
        if value is not None and not _whole(value, 0, None):
            raise NaturalisationRuleError(COUNT_INVALID.format(fact=fact, value=value))
    children = answers.minor_children
    if not _whole(children, 0, None):
        raise NaturalisationRuleError(CHILDREN_INVALID.format(value=children))
    with_income = answers.minor_children_with_income
    if not _whole(with_income, 0, children):
        raise NaturalisationRuleError(
            CHILDREN_WITH_INCOME_INVALID.format(children=children, value=with_income)
        )
    if since is not None and since > on:
        raise NaturalisationRuleError(RESIDENCE_AFTER_DAY.format(since=since, on=on))


def _whole(value: object, low: int, high: int | None) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return low <= value and (high is None or value <= high)


def _level_at_least(level: str, minimum: str) -> bool:
    return GERMAN_LEVELS.index(level) >= GERMAN_LEVELS.index(minimum)
