"""The law of naturalisation as dated tables, and the look-ups of the quick check.

Each table is a tuple of frozen rows with ``valid_from`` and ``valid_until``
(inclusive; ``None`` while in force). When the law changes, the old row gets
its ``valid_until`` and a new row is added: the quick check applies the row
in force on the day it checks (``portal.validity``). Days before
``REFORM_IN_FORCE_ON`` have no row: the portal does not apply the law of
naturalisation before the StARModG (BGBl. 2024 I Nr. 104), which seed 003
describes.

Sources, as stored and verified (see the commit messages and the report of
issue 17): seed 003; the StARModG (buzer.de, Art. 1, in force 27 June 2024);
§ 12a StAG in its current wording (landesrecht-bw.de / juris); § 38 StAG
(buzer.de); the exceptions of § 10 Abs. 1 Satz 1 Nr. 3 StAG as the Hessian
ministry of the interior and the BMI's provisional guidance (asyl.net) give
them. Periods are counted with ``portal.periods`` (§§ 187, 188 BGB).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.periods import date_of_age
from portal.validity import row_on

# --- Dates of validity -------------------------------------------------------------

# StARModG (BGBl. 2024 I Nr. 104), Art. 6 Abs. 1: in force three months after
# promulgation (26 March 2024). Seed 003 describes this law.
REFORM_IN_FORCE_ON = date(2024, 6, 27)
# § 10 Abs. 3 StAG (three years with special integration achievements) struck
# out with effect from this day, BGBl. 2025 I Nr. 256; no transitional rule.
SHORTENED_ROUTE_ABOLISHED_ON = date(2025, 10, 30)
LAST_DAY_OF_SHORTENED_ROUTE = date(2025, 10, 29)


# --- Errors (tests assert against these) ---------------------------------------------


class NaturalisationRuleError(ValueError):
    """The quick check cannot be made: a day without rule, unknown or contradictory answers."""


NO_RULE_ON = (
    "No residence rule for {on}: the portal applies the law of naturalisation from "
    "27 June 2024 (StARModG) onwards."
)
NO_TABLE_ROW_ON = (
    "No rule on {what} for {on}: the portal applies the law of naturalisation from "
    "27 June 2024 (StARModG) onwards."
)
NOT_A_DATE = "{fact} must be a date (datetime.date), not {value!r}."
NOT_A_BOOL = "{fact} must be True or False, not {value!r}."


# --- § 10 Abs. 1 Satz 1, Abs. 3 StAG: years of residence ------------------------------


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


RESIDENCE_RULES: tuple[ResidenceRule, ...] = (
    # Seed 003: "seit mindestens fünf Jahren"; "Eine Verkürzung dieser Frist
    # ist unter folgenden Voraussetzungen möglich" (§ 10 Abs. 3 StAG 2024:
    # "auf bis zu drei Jahre").
    ResidenceRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=LAST_DAY_OF_SHORTENED_ROUTE,
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


# --- § 10 Abs. 1 Satz 1 Nr. 6, 7, Abs. 3, 4, 5 StAG: German and the test --------------


@dataclass(frozen=True)
class IntegrationRule:
    """Language level and naturalisation test, between two days."""

    valid_from: date
    valid_until: date | None
    # Seed 003: "Sprachzertifikat mit mindestens dem Niveau B 1" (§ 10 Abs. 4).
    german_level: str
    # Seed 003, shortened route: "Sprachbeherrschung auf Niveau C 1"; None
    # where the law has no shortened route.
    shortened_german_level: str | None
    # Seed 003: "Mindestens 17 richtig beantwortete Fragen"; the test has 33
    # questions (EinbTestV).
    test_questions: int
    test_pass_mark: int
    # Since the StARModG, guest and contract workers (the dates of
    # ``LivelihoodRule``) need only spoken German and no test (seed 003:
    # "müssen lediglich Ihre mündliche Sprachbeherrschung nachweisen").
    guest_worker_relief: bool
    legal_basis: str


INTEGRATION_RULES: tuple[IntegrationRule, ...] = (
    IntegrationRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=LAST_DAY_OF_SHORTENED_ROUTE,
        german_level="b1",
        shortened_german_level="c1",
        test_questions=33,
        test_pass_mark=17,
        guest_worker_relief=True,
        legal_basis="§ 10 Abs. 1 Satz 1 Nr. 6, 7, Abs. 3 bis 5 StAG i. d. F. BGBl. 2024 I Nr. 104",
    ),
    IntegrationRule(
        valid_from=SHORTENED_ROUTE_ABOLISHED_ON,
        valid_until=None,
        german_level="b1",
        shortened_german_level=None,
        test_questions=33,
        test_pass_mark=17,
        guest_worker_relief=True,
        legal_basis="§ 10 Abs. 1 Satz 1 Nr. 6, 7, Abs. 4, 5 StAG i. d. F. BGBl. 2025 I Nr. 256",
    ),
)


# --- § 10 Abs. 1 Satz 1 Nr. 3 StAG: livelihood and its exceptions -------------------------


@dataclass(frozen=True)
class LivelihoodRule:
    """When SGB II / XII benefits do not stand in the way of naturalisation by entitlement.

    § 10 Abs. 1 Satz 1 Nr. 3 StAG as amended by the StARModG (in force
    27 June 2024): the livelihood must be secured without benefits under SGB
    II or XII; "von dieser Voraussetzung wird abgesehen" only for (a) those
    who came under a recruitment agreement until 30 June 1974 (Federal
    Republic) or as contract workers until 13 June 1990 (GDR) and are not
    responsible for receiving the benefits, (b) those in full-time employment
    who were so for at least 20 of the last 24 months, (c) their spouse or
    registered partner living with them and a minor child. The former general
    exception for those not responsible for the benefits was struck out.
    § 40a StAG keeps the old, more favourable wording for applications made
    up to 23 August 2023; the quick check is about an application still to
    be made, so it does not apply here.
    """

    valid_from: date
    valid_until: date | None
    full_time_months: int
    full_time_window_months: int
    recruitment_agreements_until: date
    contract_workers_until: date
    legal_basis: str


LIVELIHOOD_RULES: tuple[LivelihoodRule, ...] = (
    LivelihoodRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=None,
        full_time_months=20,
        full_time_window_months=24,
        recruitment_agreements_until=date(1974, 6, 30),
        contract_workers_until=date(1990, 6, 13),
        legal_basis="§ 10 Abs. 1 Satz 1 Nr. 3 Buchst. a bis c StAG i. d. F. BGBl. 2024 I Nr. 104",
    ),
)


# --- § 10 Abs. 1 Satz 1 Nr. 1, 1a StAG: the commitment ------------------------------------


@dataclass(frozen=True)
class CommitmentRule:
    """What the declaration of commitment contains, between two days.

    Since the StARModG the applicant commits not only to the free democratic
    basic order (Nr. 1) but also to Germany's special historical
    responsibility for the National Socialist tyranny and its consequences,
    in particular for the protection of Jewish life (Nr. 1a; seed 003:
    "Bekenntnis zur freiheitlichen demokratischen Grundordnung ... sowie zur
    besonderen historischen Verantwortung Deutschlands").
    """

    valid_from: date
    valid_until: date | None
    legal_basis: str


COMMITMENT_RULES: tuple[CommitmentRule, ...] = (
    CommitmentRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=None,
        legal_basis="§ 10 Abs. 1 Satz 1 Nr. 1, 1a StAG i. d. F. BGBl. 2024 I Nr. 104",
    ),
)


# --- § 10 Abs. 1 Satz 1 Nr. 5, § 12a, § 8 StAG: convictions ------------------------------


@dataclass(frozen=True)
class ConvictionRule:
    """Which convictions count against naturalisation, between two days.

    § 12a Abs. 1 StAG: disregarded are (Satz 1) educational and disciplinary
    measures under the Juvenile Courts Act, fines up to 90 daily rates, and
    prison sentences up to three months suspended on probation and remitted
    after the probation period; not so (Satz 2, in force since 2021) where a
    court found an antisemitic, racist, xenophobic or other inhuman motive;
    several sentences are added up, a daily rate counting as a day of
    prison (Satz 3); slightly above the limit, the office decides case by case
    (Satz 4), as it does for a measure of reform and safety of § 61 Nr. 5 or 6
    StGB (withdrawal of the driving licence, ban on a profession; Satz 5).
    "Slightly" is not a number in the statute: the BMI's provisional
    guidance (Nr. 12a.1.3 VAH-StAG) takes up to 21 daily rates or three weeks;
    courts may see it otherwise, so the quick check only says "to be
    checked" up to there. A month of prison counts as 30 days (ibid.).
    The same thresholds apply to discretionary naturalisation: § 8 Abs. 1
    Nr. 2 StAG asks that the applicant was not sentenced, and § 12a applies
    to every naturalisation; § 8 Abs. 2 lets the authority disregard it in
    the public interest or to avoid particular hardship.
    """

    valid_from: date
    valid_until: date | None
    fine_daily_rates: int
    suspended_prison_months: int
    days_per_month: int
    slight_excess_days: int
    legal_basis: str


CONVICTION_RULES: tuple[ConvictionRule, ...] = (
    ConvictionRule(
        valid_from=REFORM_IN_FORCE_ON,
        valid_until=None,
        fine_daily_rates=90,
        suspended_prison_months=3,
        days_per_month=30,
        slight_excess_days=21,
        legal_basis="§ 10 Abs. 1 Satz 1 Nr. 5, § 12a Abs. 1 StAG",
    ),
)

TABLES = {
    "residence": RESIDENCE_RULES,
    "German and the naturalisation test": INTEGRATION_RULES,
    "livelihood": LIVELIHOOD_RULES,
    "the commitment": COMMITMENT_RULES,
    "convictions": CONVICTION_RULES,
}


# --- Look-ups -------------------------------------------------------------------------


def _row(table: tuple, what: str, on: date):
    on = as_date("on", on)
    found = row_on(table, on)
    if found is None:
        raise NaturalisationRuleError(NO_TABLE_ROW_ON.format(what=what, on=on))
    return found


def residence_rule_on(on: date) -> ResidenceRule:
    """The row of ``RESIDENCE_RULES`` in force on ``on``.

    Raises ``NaturalisationRuleError`` for a value that is not a date or a
    day before 27 June 2024, which has no row.
    """
    on = as_date("on", on)
    rule = row_on(RESIDENCE_RULES, on)
    if rule is None:
        raise NaturalisationRuleError(NO_RULE_ON.format(on=on))
    return rule


def integration_rule_on(on: date) -> IntegrationRule:
    """The row of ``INTEGRATION_RULES`` in force on ``on``; ``NaturalisationRuleError`` if none."""
    return _row(INTEGRATION_RULES, "German and the naturalisation test", on)


def livelihood_rule_on(on: date) -> LivelihoodRule:
    """The row of ``LIVELIHOOD_RULES`` in force on ``on``; ``NaturalisationRuleError`` if none."""
    return _row(LIVELIHOOD_RULES, "livelihood", on)


def commitment_rule_on(on: date) -> CommitmentRule:
    """The row of ``COMMITMENT_RULES`` in force on ``on``; ``NaturalisationRuleError`` if none."""
    return _row(COMMITMENT_RULES, "the commitment", on)


def conviction_rule_on(on: date) -> ConvictionRule:
    """The row of ``CONVICTION_RULES`` in force on ``on``; ``NaturalisationRuleError`` if none."""
    return _row(CONVICTION_RULES, "convictions", on)


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
    as_bool("shortened_route_claimed", shortened_route_claimed)
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
    since = as_date("residence_since", since)
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


def as_date(fact: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise NaturalisationRuleError(NOT_A_DATE.format(fact=fact, value=value))
    return value


def as_bool(fact: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise NaturalisationRuleError(NOT_A_BOOL.format(fact=fact, value=value))
    return value
