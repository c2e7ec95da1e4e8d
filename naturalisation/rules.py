"""The quick check of naturalisation: the prerequisites of § 10 StAG, with dates of validity.

Pure: plain values in, frozen dataclasses out; no database, no request.
Source: seed 003 ("So erhalten Sie die deutsche Staatsangehörigkeit",
"Voraussetzungen", "Zwei Möglichkeiten der Einbürgerung"), which describes
the law of the Gesetz zur Modernisierung des Staatsangehörigkeitsrechts
(StARModG, BGBl. 2024 I Nr. 104, in force since 27 June 2024): five years of
residence, shortened to three with special integration achievements, German
at level C1 and a secured livelihood (§ 10 Abs. 3 StAG). That shortened route
was struck out with effect from 30 October 2025 (BGBl. 2025 I Nr. 256)
without a transitional rule, so the portal applies the law in force on the
day it checks. Periods are counted with ``portal.periods`` (§§ 187, 188 BGB).

The quick check is not binding (seed 003, "Ablauf"): it tells the applicant
what looks met, what does not, and what the office has to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.periods import date_of_age

# --- Dates of validity -------------------------------------------------------------

# StARModG (BGBl. 2024 I Nr. 104), Art. 6 Abs. 1: in force three months after
# promulgation (26 March 2024). Seed 003 describes this law.
REFORM_IN_FORCE_ON = date(2024, 6, 27)
# § 10 Abs. 3 StAG (three years with special integration achievements) struck
# out with effect from this day, BGBl. 2025 I Nr. 256; no transitional rule.
SHORTENED_ROUTE_ABOLISHED_ON = date(2025, 10, 30)


@dataclass(frozen=True)
class ResidenceRule:
    """The years of residence § 10 StAG requires, between two days (``valid_until`` inclusive)."""

    valid_from: date
    valid_until: date | None
    years: int
    # The shortened period with special integration achievements; None where
    # the law has no shortened route.
    shortened_years: int | None
    legal_basis: str

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


# When the law changes, the old row gets its ``valid_until`` and a new row is
# added. Days before ``REFORM_IN_FORCE_ON`` (eight years, § 10 Abs. 1 StAG old
# version) have no row: the portal does not apply that law.
RESIDENCE_RULES: tuple[ResidenceRule, ...] = (
    # Seed 003: "seit mindestens fünf Jahren"; "Eine Verkürzung dieser Frist
    # ist unter folgenden Voraussetzungen möglich" (§ 10 Abs. 3 StAG 2024:
    # "auf bis zu drei Jahre").
    ResidenceRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=date(2025, 10, 29),
        years=5,
        shortened_years=3,
        legal_basis="§ 10 Abs. 1 Satz 1, Abs. 3 StAG i. d. F. BGBl. 2024 I Nr. 104",
    ),
    ResidenceRule(
        valid_from=SHORTENED_ROUTE_ABOLISHED_ON,
        valid_until=None,
        years=5,
        shortened_years=None,
        legal_basis="§ 10 Abs. 1 Satz 1 StAG i. d. F. BGBl. 2025 I Nr. 256",
    ),
)

# --- Answers ---------------------------------------------------------------------

# Levels of the Common European Framework of Reference, lowest first.
GERMAN_LEVELS = ("none", "a1", "a2", "b1", "b2", "c1", "c2")
# Seed 003: "Ausreichende Deutschkenntnisse" means level B 1.
GERMAN_LEVEL_REQUIRED = "b1"
# Seed 003, shortened route: "Sprachbeherrschung auf Niveau C 1".
GERMAN_LEVEL_SHORTENED = "c1"

# Seed 003, "Ausreichende Deutschkenntnisse können Sie durch folgende
# Unterlagen nachweisen".
GERMAN_PROOF_CERTIFICATE = "certificate"  # Sprachzertifikat mit mindestens dem Niveau B 1
GERMAN_PROOF_SCHOOL = "school"  # allgemeinbildender deutscher Schulabschluss
GERMAN_PROOF_TRAINING = "training"  # abgeschlossene deutsche Ausbildung von mind. zwei Jahren
GERMAN_PROOF_DEGREE = "degree"  # abgeschlossenes deutschsprachiges Studium
GERMAN_PROOF_RETRAINING = "retraining"  # abgeschlossene deutsche Umschulung von mind. zwei Jahren
GERMAN_PROOF_SCHOOL_REPORTS = "school_reports"  # vier Jahreszeugnisse mit Versetzung
GERMAN_PROOF_NONE = "none"
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
# Seed 003: "Mindestens 17 richtig beantwortete Fragen"; the test has 33
# questions (§ 2 EinbTestV).
TEST_QUESTIONS = 33
TEST_PASS_MARK = 17


@dataclass(frozen=True)
class QuickCheckAnswers:
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
    # the GDR until 1990: oral German suffices.
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


# --- Result ----------------------------------------------------------------------

MET = "met"
NOT_MET = "not_met"
TO_CHECK = "to_check"
STATUSES = (MET, NOT_MET, TO_CHECK)

RESIDENCE = "residence"
KNOWLEDGE = "knowledge"
GERMAN = "german"
LIVELIHOOD = "livelihood"
NO_CONVICTION = "no_conviction"
COMMITMENT = "commitment"
PREREQUISITE_CODES = (RESIDENCE, KNOWLEDGE, GERMAN, LIVELIHOOD, NO_CONVICTION, COMMITMENT)

# Seed 003, "Zwei Möglichkeiten der Einbürgerung".
ROUTE_CLAIM = "claim"  # Anspruchseinbürgerung, § 10 StAG
ROUTE_DISCRETIONARY = "discretionary"  # Ermessenseinbürgerung, § 8 StAG
ROUTES = (ROUTE_CLAIM, ROUTE_DISCRETIONARY)
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


@dataclass(frozen=True)
class QuickCheckResult:
    # One per code of PREREQUISITE_CODES, in that order.
    prerequisites: tuple[Prerequisite, ...]
    # One of ROUTES.
    route: str
    authority: Promise | str
    # The earliest day on which the years of residence are complete (today's
    # law, or the law in force on that day if it lies in the future); None
    # when residence_since is not known.
    residence_met_on: date | None
    # Why the shortened three-year route does not help, where it was claimed.
    shortened_route_note: Promise | str | None

    def prerequisite(self, code: str) -> Prerequisite:
        """The prerequisite with ``code``; ``KeyError`` for an unknown code."""
        for prerequisite in self.prerequisites:
            if prerequisite.code == code:
                return prerequisite
        raise KeyError(code)


# --- Errors (tests assert against these) ---------------------------------------------


class NaturalisationRuleError(ValueError):
    """The quick check cannot be made: a day without rule, unknown or contradictory answers."""


NO_RULE_ON = (
    "No residence rule for {on}: the portal applies the law of naturalisation from "
    "27 June 2024 (StARModG) onwards."
)
NOT_A_DATE = "{fact} must be a date (datetime.date), not {value!r}."
NOT_A_BOOL = "{fact} must be True or False, not {value!r}."
NOT_ANSWERS = "answers must be QuickCheckAnswers, not {value!r}."
UNKNOWN_GERMAN_LEVEL = "Unknown german_level {value!r}. Known levels: {known}."
UNKNOWN_GERMAN_PROOF = "Unknown german_proof {value!r}. Known proofs: {known}."
UNKNOWN_KNOWLEDGE_PROOF = "Unknown knowledge_proof {value!r}. Known proofs: {known}."
TEST_SCORE_INVALID = (
    "test_score must be None or a whole number from 0 to 33 (correct answers of 33), not {value!r}."
)
CHILDREN_INVALID = "minor_children must be a whole number of at least 0, not {value!r}."
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

# --- Texts for people ---------------------------------------------------------------
# {day} and {since} are dates, formatted in the language of the page.

_date_text = lazy(lambda day: date_format(day, "DATE_FORMAT"), str)

RESIDENCE_NO_RIGHT_TEXT = _(
    "Naturalisation needs a right of residence, for example a settlement permit or a residence "
    "permit for a stay that is not only temporary. You stated that you do not have one, so this "
    "prerequisite is not met."
)
RESIDENCE_UNKNOWN_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Please state "
    "since when you have lived in Germany; the office checks the period."
)
RESIDENCE_MET_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Counted from "
    "{since}, they were complete on {day}."
)
RESIDENCE_PENDING_TEXT = _(
    "You need at least {years} years of lawful, habitual residence in Germany. Counted from "
    "{since}, they will be complete on {day}. The prerequisite is met from that day on."
)
RESIDENCE_SHORTENED_TEXT = _(
    "With special integration achievements, German at level C1 and a secured livelihood, three "
    "years instead of five are enough. The office decides whether your achievements count as "
    "special integration achievements."
)
RESIDENCE_PROOF = _(
    "your residence title, and registration certificates or earlier residence titles that show "
    "your lawful residence in Germany"
)
RESIDENCE_SHORTENED_PROOF = _(
    "your residence title, registration certificates or earlier residence titles that show your "
    "lawful residence in Germany, and proof of your special integration achievements, for "
    "example certificates, references or proof of voluntary work"
)

SHORTENED_ABOLISHED_NOTE = _(
    "Naturalisation after three years with special integration achievements was abolished with "
    "effect from 30 October 2025. Since then, at least five years of residence apply to "
    "everyone, also with special integration achievements."
)
SHORTENED_TOO_LATE_NOTE = _(
    "Your three years would only be complete on {day}. Naturalisation after three years with "
    "special integration achievements is abolished with effect from 30 October 2025, so five "
    "years apply to you."
)
SHORTENED_CONDITIONS_NOTE = _(
    "Naturalisation after three years with special integration achievements also needs German "
    "at level C1 and a livelihood secured from your own means. As you have not stated both, "
    "five years apply."
)

KNOWLEDGE_SCHOOL_TEXT = _(
    "A German school-leaving certificate proves your knowledge of the legal and social order "
    "and of living conditions in Germany."
)
KNOWLEDGE_TRAINING_TEXT = _(
    "A completed German vocational training of at least two years proves your knowledge of the "
    "legal and social order and of living conditions in Germany."
)
KNOWLEDGE_DEGREE_TEXT = _(
    "A completed German-language degree with relevant content (for example political science) "
    "proves your knowledge of the legal and social order and of living conditions in Germany."
)
KNOWLEDGE_TEST_PASSED_TEXT = _(
    "You answered {score} of 33 questions correctly. At least 17 correct answers are needed, so "
    "the test proves your knowledge of the legal and social order and of living conditions in "
    "Germany."
)
KNOWLEDGE_TEST_FAILED_TEXT = _(
    "You answered {score} of 33 questions correctly. At least 17 correct answers are needed. "
    "You can take the test again."
)
KNOWLEDGE_TEST_NO_SCORE_TEXT = _(
    "The test proves your knowledge only with at least 17 of 33 questions answered correctly. "
    "Please state your result."
)
KNOWLEDGE_NONE_TEXT = _(
    "You need to prove your knowledge of the legal and social order and of living conditions in "
    "Germany: with a German school-leaving certificate, a German vocational training of at "
    "least two years, a German-language degree with relevant content, or at least 17 of 33 "
    "correct answers in the test “Leben in Deutschland” or the naturalisation test."
)
KNOWLEDGE_GUEST_WORKER_TEXT = _(
    "You came to Germany under a recruitment agreement or as a contract worker of the GDR. For "
    "you, the law waives the naturalisation test. The office checks whether this applies to you."
)
KNOWLEDGE_SCHOOL_PROOF = _("your German school-leaving certificate")
KNOWLEDGE_TRAINING_PROOF = _("the certificate of your German vocational training")
KNOWLEDGE_DEGREE_PROOF = _("your German-language degree certificate")
KNOWLEDGE_TEST_PROOF = _(
    "the certificate of the test “Leben in Deutschland” or of the naturalisation test"
)
KNOWLEDGE_TAKE_TEST_PROOF = _(
    "Take the test “Leben in Deutschland” or the naturalisation test: you can register at the "
    "Bildungszentrum der Stadt Nürnberg."
)
GUEST_WORKER_PROOF = _(
    "proof of your entry under a recruitment agreement (until 1974) or as a contract worker of "
    "the GDR (until 1990), for example old residence or work permits"
)

GERMAN_MET_TEXT = _(
    "You need German at level B1. You stated German at level {level}, proved by {proof}."
)
GERMAN_C1_TEXT = _(
    "German at level C1 is also one of the conditions for naturalisation after three years "
    "with special integration achievements."
)
GERMAN_NOT_MET_TEXT = _(
    "You need German at level B1. It can be proved with a language certificate at level B1 or "
    "higher, a German general school-leaving certificate, a German vocational training or "
    "retraining of at least two years, a German-language degree or four annual reports of a "
    "German school with promotion to the next class."
)
GERMAN_GUEST_WORKER_TEXT = _(
    "You came to Germany under a recruitment agreement or as a contract worker of the GDR. For "
    "you, spoken German is enough. The office checks your spoken German, usually in a "
    "conversation."
)
GERMAN_CERTIFICATE_PROOF = _("a language certificate at level B1 or higher")
GERMAN_SCHOOL_PROOF = _("a German general school-leaving certificate")
GERMAN_TRAINING_PROOF = _("a completed German vocational training of at least two years")
GERMAN_DEGREE_PROOF = _("a completed German-language degree")
GERMAN_RETRAINING_PROOF = _("a completed German retraining of at least two years")
GERMAN_SCHOOL_REPORTS_PROOF = _(
    "four annual reports of a German school with promotion to the next class"
)
GERMAN_TAKE_CERTIFICATE_PROOF = _(
    "a language certificate at level B1: you can register for it at the Bildungszentrum der "
    "Stadt Nürnberg"
)
# § 10 Abs. 6 StAG (not in seed 003): the office waives language and knowledge
# where illness, disability or age prevent them.
EXEMPTION_TEXT = _(
    "If you cannot meet this because of an illness, a disability or your age, the office can "
    "waive it."
)

LIVELIHOOD_BENEFITS_TEXT = _(
    "You receive benefits under SGB II (citizen's income) or SGB XII (social assistance). As a "
    "rule, these are not enough: your livelihood must be secured from your own means. There are "
    "exceptions, which the office checks."
)
LIVELIHOOD_MET_TEXT = _(
    "You can support yourself, your spouse and your minor children from your own means."
)
LIVELIHOOD_UNKNOWN_TEXT = _(
    "Your livelihood and that of your spouse and minor children must be secured from your own "
    "means for the long term. The office checks your income."
)
LIVELIHOOD_PROOF = _(
    "for example your employment contract and recent payslips, or as a self-employed person "
    "your latest tax assessment"
)
LIVELIHOOD_BENEFITS_PROOF = _("your notice of benefits, and proof of any income of your own")

CONVICTED_TEXT = _(
    "A conviction for a criminal offence as a rule excludes naturalisation. Minor penalties can "
    "be disregarded (§ 12a StAG). The office checks your case."
)
NOT_CONVICTED_TEXT = _("You stated that you have not been convicted of a criminal offence.")
CONVICTION_PROOF = _(
    "You do not need a document: the office obtains the information from the criminal records "
    "itself. Please state every conviction, also abroad, in your application."
)

COMMITMENT_MET_TEXT = _(
    "You commit to the free democratic basic order and to Germany's special historical "
    "responsibility for the National Socialist tyranny and its consequences."
)
COMMITMENT_NOT_MET_TEXT = _(
    "Naturalisation needs your commitment to the free democratic basic order and to Germany's "
    "special historical responsibility for the National Socialist tyranny and its "
    "consequences. Without it, this prerequisite is not met."
)
COMMITMENT_PROOF = _("a written declaration, which you sign with your application")

_GERMAN_PROOF_TEXT = {
    GERMAN_PROOF_CERTIFICATE: GERMAN_CERTIFICATE_PROOF,
    GERMAN_PROOF_SCHOOL: GERMAN_SCHOOL_PROOF,
    GERMAN_PROOF_TRAINING: GERMAN_TRAINING_PROOF,
    GERMAN_PROOF_DEGREE: GERMAN_DEGREE_PROOF,
    GERMAN_PROOF_RETRAINING: GERMAN_RETRAINING_PROOF,
    GERMAN_PROOF_SCHOOL_REPORTS: GERMAN_SCHOOL_REPORTS_PROOF,
}


# --- Residence rules -----------------------------------------------------------------


def residence_rule_on(on: date) -> ResidenceRule:
    """The row of ``RESIDENCE_RULES`` in force on ``on``.

    Raises ``NaturalisationRuleError`` for a value that is not a date or a
    day before 27 June 2024, which has no row.
    """
    on = _as_date("on", on)
    for rule in RESIDENCE_RULES:
        if rule.in_force_on(on):
            return rule
    raise NaturalisationRuleError(NO_RULE_ON.format(on=on))


def residence_years_required(*, on: date, shortened_route_claimed: bool) -> int:
    """The years of lawful, habitual residence § 10 StAG requires on ``on``.

    Seed 003: at least five years; three where the shortened route is
    claimed (special integration achievements, C1, secured livelihood), as
    long as the law has it, i.e. up to and including 29 October 2025. From
    30 October 2025, five years for everyone (BGBl. 2025 I Nr. 256).

    Raises ``NaturalisationRuleError`` for a value that is not a date, a
    claim that is not a bool, or a day before 27 June 2024.
    """
    rule = residence_rule_on(on)
    _as_bool("shortened_route_claimed", shortened_route_claimed)
    if shortened_route_claimed and rule.shortened_years is not None:
        return rule.shortened_years
    return rule.years


def residence_complete_on(*, since: date, on: date, shortened_route_claimed: bool) -> date:
    """The earliest day on which the years of residence counted from ``since`` are complete.

    The years are calendar years: the day ``since`` counts, so they are
    complete on the anniversary (``date_of_age(since, years)``; from 29
    February, on 1 March of a common year). The years are those of the law
    in force on ``on``; where the day lies after ``on``, the law in force on
    that day decides instead: a three-year period that would end on or after
    30 October 2025 no longer helps, five years apply.

    Raises ``NaturalisationRuleError`` as ``residence_years_required``, and
    for a ``since`` that is not a date.
    """
    since = _as_date("residence_since", since)
    years = residence_years_required(on=on, shortened_route_claimed=shortened_route_claimed)
    day = date_of_age(since, years)
    # The rows only ever raise the years, so this settles within a few rounds.
    while day > on:
        later = residence_years_required(on=day, shortened_route_claimed=shortened_route_claimed)
        if later == years:
            break
        years = later
        day = date_of_age(since, years)
    return day


# --- The quick check ------------------------------------------------------------------


def quick_check(answers: QuickCheckAnswers, *, on: date) -> QuickCheckResult:
    """The non-binding quick check of seed 003 for ``answers``, under the law in force on ``on``.

    Seed 003, "Voraussetzungen"; each prerequisite is met, not met, or to be
    checked by the office:

    - residence: a right of residence (else not met) and at least five years
      of lawful, habitual residence since ``residence_since``, complete on
      the anniversary day (``residence_complete_on``); three years up to
      29 October 2025 with special integration achievements, German at C1
      (or C2) and a livelihood secured without SGB II / XII benefits. From
      30 October 2025 five years for everyone; claiming special integration
      then yields ``shortened_route_note``. Unknown start: to be checked.
    - knowledge of the legal and social order: a German school-leaving
      certificate, a German vocational training of two years, a
      German-language degree with such content, or at least 17 of 33 in the
      test. Otherwise not met; for guest and contract workers, for whom the
      law since 27 June 2024 waives the test (not in seed 003), to be checked.
    - German at B1: one of seed 003's proofs at level B1 or higher; else not
      met, for guest and contract workers (oral German suffices) to be
      checked.
    - livelihood: SGB II / XII benefits: as a rule not met; secured from own
      means: met; otherwise to be checked.
    - no conviction: a conviction is to be checked (§ 12a StAG), else met.
    - commitment: met or not met.

    The route is the claim (Stadt Nürnberg) when no prerequisite is not met
    (a "to be checked" does not prevent it), else the discretionary
    naturalisation (Regierung von Mittelfranken), as seed 003 names them.
    ``minor_children`` is only validated here; it matters for the fee.

    Raises ``NaturalisationRuleError`` for answers of the wrong type, an
    unknown level or proof, a test score outside 0..33, a negative number of
    children, ``residence_since`` after ``on`` or a day before 27 June 2024.
    """
    on = _as_date("on", on)
    _validate(answers, on)
    rule = residence_rule_on(on)

    shortened_conditions = (
        answers.special_integration
        and _level_at_least(answers.german_level, GERMAN_LEVEL_SHORTENED)
        and answers.livelihood_secured
        and not answers.receives_benefits
    )
    shortened_exists = rule.shortened_years is not None
    residence, met_on, note = _residence(answers, on, shortened_conditions and shortened_exists)
    if answers.special_integration and note is None:
        if not shortened_exists:
            note = SHORTENED_ABOLISHED_NOTE
        elif not shortened_conditions:
            note = SHORTENED_CONDITIONS_NOTE

    prerequisites = (
        residence,
        _knowledge(answers),
        _german(answers, shortened_exists),
        _livelihood(answers),
        _no_conviction(answers),
        _commitment(answers),
    )
    claim = all(prerequisite.status != NOT_MET for prerequisite in prerequisites)
    return QuickCheckResult(
        prerequisites=prerequisites,
        route=ROUTE_CLAIM if claim else ROUTE_DISCRETIONARY,
        authority=CLAIM_AUTHORITY if claim else DISCRETIONARY_AUTHORITY,
        residence_met_on=met_on,
        shortened_route_note=note,
    )


def _residence(
    answers: QuickCheckAnswers, on: date, shortened: bool
) -> tuple[Prerequisite, date | None, Promise | None]:
    """The residence prerequisite, the day the years are complete, and a note on the route."""
    years_now = residence_years_required(on=on, shortened_route_claimed=shortened)
    since = answers.residence_since
    met_on = note = None
    if since is None:
        status = TO_CHECK
        reason = format_lazy(RESIDENCE_UNKNOWN_TEXT, years=years_now)
    else:
        met_on = residence_complete_on(since=since, on=on, shortened_route_claimed=shortened)
        years = residence_years_required(on=max(on, met_on), shortened_route_claimed=shortened)
        if years != years_now:
            # The three years would end after the abolition: five apply.
            shortened = False
            note = format_lazy(
                SHORTENED_TOO_LATE_NOTE, day=_date_text(date_of_age(since, years_now))
            )
        status = MET if met_on <= on else NOT_MET
        reason = format_lazy(
            RESIDENCE_MET_TEXT if status == MET else RESIDENCE_PENDING_TEXT,
            years=years,
            since=_date_text(since),
            day=_date_text(met_on),
        )
    if shortened:
        reason = format_lazy("{} {}", reason, RESIDENCE_SHORTENED_TEXT)
    if not answers.has_right_of_residence:
        status = NOT_MET
        reason = format_lazy("{} {}", RESIDENCE_NO_RIGHT_TEXT, reason)
    proof = RESIDENCE_SHORTENED_PROOF if shortened else RESIDENCE_PROOF
    return Prerequisite(RESIDENCE, status, reason, proof), met_on, note


def _knowledge(answers: QuickCheckAnswers) -> Prerequisite:
    proof_kind = answers.knowledge_proof
    if proof_kind == KNOWLEDGE_PROOF_SCHOOL:
        return Prerequisite(KNOWLEDGE, MET, KNOWLEDGE_SCHOOL_TEXT, KNOWLEDGE_SCHOOL_PROOF)
    if proof_kind == KNOWLEDGE_PROOF_TRAINING:
        return Prerequisite(KNOWLEDGE, MET, KNOWLEDGE_TRAINING_TEXT, KNOWLEDGE_TRAINING_PROOF)
    if proof_kind == KNOWLEDGE_PROOF_DEGREE:
        return Prerequisite(KNOWLEDGE, MET, KNOWLEDGE_DEGREE_TEXT, KNOWLEDGE_DEGREE_PROOF)
    score = answers.test_score
    if proof_kind == KNOWLEDGE_PROOF_TEST and score is not None and score >= TEST_PASS_MARK:
        return Prerequisite(
            KNOWLEDGE,
            MET,
            format_lazy(KNOWLEDGE_TEST_PASSED_TEXT, score=score),
            KNOWLEDGE_TEST_PROOF,
        )
    if answers.guest_worker:
        return Prerequisite(KNOWLEDGE, TO_CHECK, KNOWLEDGE_GUEST_WORKER_TEXT, GUEST_WORKER_PROOF)
    if proof_kind == KNOWLEDGE_PROOF_TEST and score is not None:
        reason = format_lazy(KNOWLEDGE_TEST_FAILED_TEXT, score=score)
    elif proof_kind == KNOWLEDGE_PROOF_TEST:
        reason = KNOWLEDGE_TEST_NO_SCORE_TEXT
    else:
        reason = KNOWLEDGE_NONE_TEXT
    return Prerequisite(
        KNOWLEDGE,
        NOT_MET,
        format_lazy("{} {}", reason, EXEMPTION_TEXT),
        KNOWLEDGE_TAKE_TEST_PROOF,
    )


def _german(answers: QuickCheckAnswers, shortened_exists: bool) -> Prerequisite:
    level, proof_kind = answers.german_level, answers.german_proof
    if proof_kind != GERMAN_PROOF_NONE and _level_at_least(level, GERMAN_LEVEL_REQUIRED):
        proof = _GERMAN_PROOF_TEXT[proof_kind]
        reason = format_lazy(GERMAN_MET_TEXT, level=level.upper(), proof=proof)
        if shortened_exists and _level_at_least(level, GERMAN_LEVEL_SHORTENED):
            reason = format_lazy("{} {}", reason, GERMAN_C1_TEXT)
        return Prerequisite(GERMAN, MET, reason, proof)
    if answers.guest_worker:
        return Prerequisite(GERMAN, TO_CHECK, GERMAN_GUEST_WORKER_TEXT, GUEST_WORKER_PROOF)
    return Prerequisite(
        GERMAN,
        NOT_MET,
        format_lazy("{} {}", GERMAN_NOT_MET_TEXT, EXEMPTION_TEXT),
        GERMAN_TAKE_CERTIFICATE_PROOF,
    )


def _livelihood(answers: QuickCheckAnswers) -> Prerequisite:
    if answers.receives_benefits:
        return Prerequisite(
            LIVELIHOOD, NOT_MET, LIVELIHOOD_BENEFITS_TEXT, LIVELIHOOD_BENEFITS_PROOF
        )
    if answers.livelihood_secured:
        return Prerequisite(LIVELIHOOD, MET, LIVELIHOOD_MET_TEXT, LIVELIHOOD_PROOF)
    return Prerequisite(LIVELIHOOD, TO_CHECK, LIVELIHOOD_UNKNOWN_TEXT, LIVELIHOOD_PROOF)


def _no_conviction(answers: QuickCheckAnswers) -> Prerequisite:
    if answers.convicted:
        return Prerequisite(NO_CONVICTION, TO_CHECK, CONVICTED_TEXT, CONVICTION_PROOF)
    return Prerequisite(NO_CONVICTION, MET, NOT_CONVICTED_TEXT, CONVICTION_PROOF)


def _commitment(answers: QuickCheckAnswers) -> Prerequisite:
    if answers.commitment:
        return Prerequisite(COMMITMENT, MET, COMMITMENT_MET_TEXT, COMMITMENT_PROOF)
    return Prerequisite(COMMITMENT, NOT_MET, COMMITMENT_NOT_MET_TEXT, COMMITMENT_PROOF)


# --- Validation ---------------------------------------------------------------------


def _validate(answers: object, on: date) -> None:
    if not isinstance(answers, QuickCheckAnswers):
        raise NaturalisationRuleError(NOT_ANSWERS.format(value=answers))
    since = _optional_date("residence_since", answers.residence_since)
    for fact in _BOOL_FIELDS:
        _as_bool(fact, getattr(answers, fact))
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
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= TEST_QUESTIONS
    ):
        raise NaturalisationRuleError(TEST_SCORE_INVALID.format(value=score))
    children = answers.minor_children
    if isinstance(children, bool) or not isinstance(children, int) or children < 0:
        raise NaturalisationRuleError(CHILDREN_INVALID.format(value=children))
    if since is not None and since > on:
        raise NaturalisationRuleError(RESIDENCE_AFTER_DAY.format(since=since, on=on))


def _level_at_least(level: str, minimum: str) -> bool:
    return GERMAN_LEVELS.index(level) >= GERMAN_LEVELS.index(minimum)


def _as_date(fact: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise NaturalisationRuleError(NOT_A_DATE.format(fact=fact, value=value))
    return value


def _optional_date(fact: str, value: object) -> date | None:
    return None if value is None else _as_date(fact, value)


def _as_bool(fact: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise NaturalisationRuleError(NOT_A_BOOL.format(fact=fact, value=value))
    return value
