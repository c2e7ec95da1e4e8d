"""Rules of the residence permit for family reunification: periods, independence, appointment.

Pure: plain values in, frozen dataclasses or strings out; no database, no
request. Source: seed 004 ("Aufenthaltserlaubnis für den Familiennachzug
beantragen"), with §§ 28, 30, 31, 32 and 36 AufenthG for the legal bases.
Periods are counted with ``portal.periods`` (§§ 187, 188 BGB).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.periods import date_of_age, period_end
from portal.validity import row_on

# --- Relations ------------------------------------------------------------------

# The person joined (the sponsor) is German: § 28 AufenthG.
SPOUSE_OF_GERMAN = "spouse_of_german"  # spouse or registered partner of a German
CHILD_OF_GERMAN = "child_of_german"
PARENT_OF_GERMAN_MINOR = "parent_of_german_minor"
# The person joined is a foreigner: §§ 30, 32 AufenthG.
SPOUSE_OF_FOREIGNER = "spouse_of_foreigner"  # spouse or registered partner of a foreigner
CHILD_OF_FOREIGNER = "child_of_foreigner"
# Other family members, of a foreigner (§ 36 AufenthG) or of a German
# (§ 28 Abs. 4 with § 36 AufenthG).
OTHER_RELATIVE = "other_relative"

RELATIONS = (
    SPOUSE_OF_GERMAN,
    SPOUSE_OF_FOREIGNER,
    CHILD_OF_GERMAN,
    CHILD_OF_FOREIGNER,
    PARENT_OF_GERMAN_MINOR,
    OTHER_RELATIVE,
)
# Seed 004: "Familienangehörige von Deutschen".
FAMILY_OF_GERMANS = frozenset({SPOUSE_OF_GERMAN, CHILD_OF_GERMAN, PARENT_OF_GERMAN_MINOR})
# Seed 004: "Familienangehörige von einer oder eines in Deutschland lebenden
# Ausländerin oder Ausländers".
FAMILY_OF_FOREIGNERS = frozenset({SPOUSE_OF_FOREIGNER, CHILD_OF_FOREIGNER})

RELATION_LEGAL_BASIS = {
    SPOUSE_OF_GERMAN: "§ 28 Abs. 1 Satz 1 Nr. 1 AufenthG",
    CHILD_OF_GERMAN: "§ 28 Abs. 1 Satz 1 Nr. 2 AufenthG",
    PARENT_OF_GERMAN_MINOR: "§ 28 Abs. 1 Satz 1 Nr. 3 AufenthG",
    SPOUSE_OF_FOREIGNER: "§ 30 AufenthG",
    CHILD_OF_FOREIGNER: "§ 32 AufenthG",
    OTHER_RELATIVE: "§ 36 AufenthG",
}

# --- Longest period of the permit (seed 004, § 27 Abs. 4 AufenthG) -------------------

# The kinds of the sponsor's title that the sponsor form asks for. § 27 Abs. 4
# Satz 2 AufenthG names the titles for whose whole validity the family permit
# is issued; the others are limited by the office's caps of seed 004.
TITLE_RESIDENCE_PERMIT = "residence_permit"  # a residence permit for another purpose
TITLE_BLUE_CARD = "blue_card"  # Blaue Karte EU (§ 18g AufenthG)
TITLE_ICT_CARD = "ict_card"  # ICT-Karte (§ 19 AufenthG)
TITLE_MOBILE_ICT_CARD = "mobile_ict_card"  # Mobiler-ICT-Karte (§ 19b AufenthG)
TITLE_RESEARCH = "research"  # Aufenthaltserlaubnis nach § 18d oder § 18f AufenthG
TITLE_RESEARCH_SHORT_MOBILITY = "research_short_mobility"  # Aufenthalt nach § 18e AufenthG
TITLE_LONG_TERM_OTHER_STATE = "long_term_other_state"  # Aufenthaltserlaubnis nach § 38a
TITLE_SETTLEMENT_PERMIT = "settlement_permit"  # Niederlassungserlaubnis (§ 9 AufenthG)
TITLE_EU_LONG_TERM = "eu_long_term"  # Erlaubnis zum Daueraufenthalt-EU (§ 9a AufenthG)
TITLE_OTHER = "other"
SPONSOR_TITLE_KINDS = (
    TITLE_RESIDENCE_PERMIT,
    TITLE_BLUE_CARD,
    TITLE_ICT_CARD,
    TITLE_MOBILE_ICT_CARD,
    TITLE_RESEARCH,
    TITLE_RESEARCH_SHORT_MOBILITY,
    TITLE_LONG_TERM_OTHER_STATE,
    TITLE_SETTLEMENT_PERMIT,
    TITLE_EU_LONG_TERM,
    TITLE_OTHER,
)
# Titles without an end: they set no limit of their own.
UNLIMITED_SPONSOR_TITLES = frozenset({TITLE_SETTLEMENT_PERMIT, TITLE_EU_LONG_TERM})


@dataclass(frozen=True)
class FamilyPeriodRule:
    """The periods of family-reunification permits, between two days (``valid_until`` inclusive).

    Seed 004 gives the office's caps per issue or renewal (three years for
    family members of Germans, two years for spouses of foreigners, children
    until their 16th birthday). § 27 Abs. 4 AufenthG sets the frame: never
    longer than the sponsor's title (Satz 1); for the whole validity of the
    sponsor's title when the sponsor holds one of ``full_validity_titles``
    (Satz 2); otherwise a first permit for at least
    ``first_permit_minimum_months`` (Satz 3).
    """

    valid_from: date
    valid_until: date | None
    german_family_months: int
    spouse_of_foreigner_months: int
    child_age_limit: int
    first_permit_minimum_months: int
    full_validity_titles: frozenset[str]
    legal_basis: str


# § 27 Abs. 4 Satz 2 AufenthG names the titles of §§ 18d, 18f, 38a, the EU Blue
# Card, the ICT and Mobile ICT cards and the stay under § 18e in the wording of
# the Fachkräfteeinwanderungsgesetz (BGBl. 2019 I S. 1307), in force since
# 1 March 2020, which renumbered the research titles (formerly §§ 20 to 20b).
# Seed 004 is undated; the portal applies these rules from that day on. When
# the law or the office's practice changes, this row gets its ``valid_until``
# and a new row is added.
FAMILY_RULES_FROM = date(2020, 3, 1)
FAMILY_PERIOD_RULES: tuple[FamilyPeriodRule, ...] = (
    FamilyPeriodRule(
        valid_from=FAMILY_RULES_FROM,
        valid_until=None,
        # Seed 004: "Familienangehörige von Deutschen: Die Aufenthaltserlaubnis
        # wird maximal für drei Jahre erteilt und verlängert."
        german_family_months=36,
        # Seed 004: "Die Aufenthaltserlaubnis für Ehegatten von Ausländerinnen
        # und Ausländern wird maximal für zwei Jahre erteilt und verlängert,
        # allerdings nicht länger als die Aufenthaltserlaubnis des Ehegatten."
        spouse_of_foreigner_months=24,
        # Seed 004: "Die Aufenthaltserlaubnis von Kindern wird maximal bis zum
        # 16. Lebensjahr erteilt beziehungsweise verlängert, allerdings nicht
        # länger als die Aufenthaltserlaubnis der Eltern." Read as: up to and
        # including the day before the 16th birthday.
        child_age_limit=16,
        # § 27 Abs. 4 Satz 3 AufenthG: "Im Übrigen ist die Aufenthaltserlaubnis
        # erstmals für mindestens ein Jahr zu erteilen."
        first_permit_minimum_months=12,
        full_validity_titles=frozenset(
            {
                TITLE_BLUE_CARD,
                TITLE_ICT_CARD,
                TITLE_MOBILE_ICT_CARD,
                TITLE_RESEARCH,
                TITLE_RESEARCH_SHORT_MOBILITY,
                TITLE_LONG_TERM_OTHER_STATE,
            }
        ),
        legal_basis="Seed 004; § 27 Abs. 4 AufenthG i. d. F. BGBl. 2019 I S. 1307",
    ),
)

# Which limit decided the period (MaxPeriod.binding).
BINDING_GERMAN_FAMILY = "german_family_3_years"
BINDING_SPOUSE = "spouse_2_years"
BINDING_SPONSOR_TITLE = "sponsor_title"
BINDING_CHILD_16 = "child_16th_birthday"
BINDING_PASSPORT = "passport"
# § 27 Abs. 4 Satz 3 AufenthG: a first permit runs at least one year, also where
# a cap of seed 004 would end it sooner.
BINDING_FIRST_YEAR = "first_permit_one_year"
# No limit at all. The passport always limits the period, so the rules of
# seed 004 never return it; it is named for callers that store the codes.
BINDING_NONE = "none"
BINDINGS = (
    BINDING_GERMAN_FAMILY,
    BINDING_SPOUSE,
    BINDING_SPONSOR_TITLE,
    BINDING_CHILD_16,
    BINDING_PASSPORT,
    BINDING_FIRST_YEAR,
    BINDING_NONE,
)

# Error messages (tests assert against these).
UNKNOWN_RELATION = "Unknown relation {relation!r}. Known relations: {known}."
NOT_A_DATE = "{fact} must be a date (datetime.date), not {value!r}."
NOT_A_BOOL = "sponsor_is_german must be True or False, not {value!r}."
SPONSOR_MUST_BE_GERMAN = (
    "The relation {relation!r} is a family member of a German, but sponsor_is_german is False."
)
SPONSOR_MUST_BE_FOREIGN = (
    "The relation {relation!r} is a family member of a foreigner, but sponsor_is_german is True."
)
SPONSOR_TITLE_MISSING = (
    "The person joined is a foreigner: sponsor_title_valid_until, the last day of validity of "
    "their residence title, is needed."
)
SPONSOR_TITLE_FOR_GERMAN = (
    "sponsor_title_valid_until was given, but the person joined is German and holds no "
    "residence title."
)
PASSPORT_BEFORE_START = (
    "passport_valid_until ({passport}) lies before valid_from ({valid_from}): the passport "
    "must be valid when the permit begins."
)
BIRTH_AFTER_START = "applicant_birth_date ({birth}) lies after valid_from ({valid_from})."
UNKNOWN_SPONSOR_TITLE = "Unknown sponsor_title_kind {kind!r}. Known kinds: {known}."
SPONSOR_TITLE_KIND_FOR_GERMAN = (
    "sponsor_title_kind {kind!r} was given, but the person joined is German and holds no "
    "residence title."
)
UNLIMITED_CONTRADICTION = (
    "sponsor_title_unlimited is True, but the sponsor's title {kind!r} has an end."
)
NOT_A_FLAG = "{fact} must be True or False, not {value!r}."
NO_RULE_ON = (
    "No family-reunification rule for {on}: the portal applies these rules from "
    "1 March 2020 onwards."
)

_date_text = lazy(lambda day: date_format(day, "DATE_FORMAT"), str)

# Plain-language explanations for the applicant; {until} is a date, formatted
# in the language of the page.
GERMAN_FAMILY_TEXT = _(
    "As a family member of a German, you receive the residence permit for at most three years "
    "at a time: here at the longest until {until}."
)
SPOUSE_TEXT = _(
    "As the spouse or registered partner of a foreigner, you receive the residence permit for "
    "at most two years at a time: here at the longest until {until}."
)
CHILD_16_TEXT = _(
    "A child's residence permit runs at most until the day before the 16th birthday: here "
    "until {until}."
)
CHILD_ALREADY_16_TEXT = _(
    "The child is already 16: the office sets the period individually. The limit of the 16th "
    "birthday no longer applies."
)
SPONSOR_TITLE_TEXT = _(
    "Your residence permit cannot run longer than the residence title of the person you join, "
    "which is valid until {until}."
)
SPONSOR_TITLE_EXPIRED_TEXT = _(
    "The residence title of the person you join expired on {until}. That title must be renewed "
    "first; until then no residence permit for family reunification can be issued to you."
)
PASSPORT_TEXT = _(
    "Your residence permit cannot run longer than your passport, which is valid until {until}."
)
FULL_VALIDITY_TEXT = _(
    "The person you join holds an EU Blue Card, an ICT card, a Mobile ICT card, a residence "
    "permit for research or as a long-term resident of another EU state, or stays as a "
    "researcher in Germany for a short time. Your residence permit is then issued for the "
    "whole validity of their title, until {until}; the limits of two years and of the 16th "
    "birthday do not apply."
)
FIRST_YEAR_TEXT = _(
    "A first residence permit for family reunification is issued for at least one year, as "
    "far as your passport and the residence title of the person you join allow: here at least "
    "until {until}."
)


class FamilyRuleError(ValueError):
    """The rule cannot be applied: unknown relation, missing, wrong or contradictory facts."""


@dataclass(frozen=True)
class MaxPeriod:
    # The last day (inclusive) of the longest permit the rules allow; None when
    # no permit can be issued now (the sponsor's title has expired).
    until: date | None
    # One of BINDINGS: the limit that decided ``until``.
    binding: str
    # Each limit that applies, in plain language, the binding one first.
    reasons: tuple[Promise | str, ...]
    # The last day the permit runs at least (§ 27 Abs. 4 Satz 2 and 3 AufenthG):
    # the sponsor's whole validity, or one year for a first permit, passport
    # and sponsor's title permitting; None where the law sets no minimum.
    minimum_until: date | None = None


# On a tie between limits, the first in this order counts as binding.
_TIE_ORDER = (
    BINDING_GERMAN_FAMILY,
    BINDING_SPOUSE,
    BINDING_CHILD_16,
    BINDING_SPONSOR_TITLE,
    BINDING_PASSPORT,
)
_LIMIT_TEXT = {
    BINDING_GERMAN_FAMILY: GERMAN_FAMILY_TEXT,
    BINDING_SPOUSE: SPOUSE_TEXT,
    BINDING_CHILD_16: CHILD_16_TEXT,
    BINDING_SPONSOR_TITLE: SPONSOR_TITLE_TEXT,
    BINDING_PASSPORT: PASSPORT_TEXT,
}


def family_period_rule_on(on: date) -> FamilyPeriodRule:
    """The row of ``FAMILY_PERIOD_RULES`` in force on ``on``.

    Raises ``FamilyRuleError`` for a value that is not a date or a day before
    1 March 2020, which has no row.
    """
    on = _as_date("on", on)
    rule = row_on(FAMILY_PERIOD_RULES, on)
    if rule is None:
        raise FamilyRuleError(NO_RULE_ON.format(on=on))
    return rule


def maximum_permit_period(
    *,
    relation: str,
    valid_from: date,
    applicant_birth_date: date,
    passport_valid_until: date,
    sponsor_is_german: bool,
    sponsor_title_valid_until: date | None,
    sponsor_title_unlimited: bool = False,
    sponsor_title_kind: str | None = None,
    first_permit: bool = False,
    on: date | None = None,
) -> MaxPeriod:
    """The longest (and where the law sets one, the shortest) permit beginning on ``valid_from``.

    Seed 004 ("Familienangehörige von Deutschen", "Familienangehörige von
    einer oder eines in Deutschland lebenden Ausländerin oder Ausländers"),
    with the numbers of the row of ``FAMILY_PERIOD_RULES`` in force on ``on``
    (default: ``valid_from``, the day the permit begins):

    - family members of Germans (spouse or registered partner, child, parent
      of a German minor): at most three years per issue or renewal, i.e. to
      ``period_end(valid_from, 36)``;
    - spouses or registered partners of foreigners: at most two years, and
      not longer than the spouse's title;
    - children of foreigners: at most until the day before the 16th birthday
      (someone born on 29 February is 16 from 1 March in a common year, so
      the day before is 28 February), and not longer than the parent's title.
      A child who is already 16 on ``valid_from`` is past that limit: the
      office sets the period individually, within the other limits;
    - other relatives (§ 36 AufenthG): of a German, the three years of the
      family members of Germans (seed 004 names no relation under that
      heading, so it holds for each); of a foreigner, seed 004 sets no cap:
      only the sponsor's title limits;
    - for everyone: not longer than the passport (§ 3 AufenthG).

    § 27 Abs. 4 AufenthG on top (Satz 1 and the first permit of at least one
    year as in the stored statute texts; the titles of Satz 2 in the wording
    since 1 March 2020):

    - Satz 1: never longer than the sponsor's title;
    - Satz 2: when a foreign sponsor holds an EU Blue Card, an ICT card, a
      Mobile ICT card or a residence permit under § 18d, § 18f or § 38a, or
      stays under § 18e (``sponsor_title_kind`` in the row's
      ``full_validity_titles``), the permit is issued for the whole validity
      of the sponsor's title: the caps of two years and of the 16th birthday
      do not apply, the passport still does, and ``minimum_until`` equals
      ``until``;
    - Satz 3: otherwise a first permit (``first_permit``) is issued for at
      least one year, i.e. to ``period_end(valid_from, 12)``, as far as the
      passport and the sponsor's title allow (``minimum_until``). Where a cap
      of seed 004 (a child's 16th birthday) would end the permit sooner, the
      statute prevails: ``until`` becomes that minimum, ``binding`` is
      ``first_permit_one_year``.

    The earliest limit wins (on a tie, the relation's own cap, then the
    sponsor's title, then the passport). If the sponsor's title has already
    expired before ``valid_from``, no period can be given: ``until`` is None,
    ``binding`` is ``sponsor_title``. The result is a ceiling, not a
    decision: the office may issue a shorter permit, though not shorter than
    ``minimum_until``. A foreign sponsor with a title without end (settlement
    permit, EU long-term residence) passes ``sponsor_title_unlimited=True``
    and no date: their title sets no limit.

    Raises ``FamilyRuleError`` for an unknown relation or kind of title, a
    value that is not a date or a flag, a sponsor's nationality that
    contradicts the relation, a missing (or, for a German sponsor, a
    superfluous) sponsor's title, an unlimited title whose kind has an end, a
    passport that expires before ``valid_from``, a birth date after it, or a
    day before 1 March 2020.
    """
    if relation not in RELATIONS:
        raise FamilyRuleError(
            UNKNOWN_RELATION.format(relation=relation, known=", ".join(RELATIONS))
        )
    valid_from = _as_date("valid_from", valid_from)
    rule = family_period_rule_on(valid_from if on is None else on)
    applicant_birth_date = _as_date("applicant_birth_date", applicant_birth_date)
    passport_valid_until = _as_date("passport_valid_until", passport_valid_until)
    sponsor_title_valid_until = _optional_date(
        "sponsor_title_valid_until", sponsor_title_valid_until
    )
    if not isinstance(sponsor_is_german, bool):
        raise FamilyRuleError(NOT_A_BOOL.format(value=sponsor_is_german))
    for fact, value in (
        ("sponsor_title_unlimited", sponsor_title_unlimited),
        ("first_permit", first_permit),
    ):
        if not isinstance(value, bool):
            raise FamilyRuleError(NOT_A_FLAG.format(fact=fact, value=value))
    if sponsor_title_kind is not None and sponsor_title_kind not in SPONSOR_TITLE_KINDS:
        raise FamilyRuleError(
            UNKNOWN_SPONSOR_TITLE.format(
                kind=sponsor_title_kind, known=", ".join(SPONSOR_TITLE_KINDS)
            )
        )
    if relation in FAMILY_OF_GERMANS and not sponsor_is_german:
        raise FamilyRuleError(SPONSOR_MUST_BE_GERMAN.format(relation=relation))
    if relation in FAMILY_OF_FOREIGNERS and sponsor_is_german:
        raise FamilyRuleError(SPONSOR_MUST_BE_FOREIGN.format(relation=relation))
    if sponsor_is_german and sponsor_title_valid_until is not None:
        raise FamilyRuleError(SPONSOR_TITLE_FOR_GERMAN)
    if sponsor_is_german and sponsor_title_kind is not None:
        raise FamilyRuleError(SPONSOR_TITLE_KIND_FOR_GERMAN.format(kind=sponsor_title_kind))
    if (
        sponsor_title_unlimited
        and sponsor_title_kind is not None
        and sponsor_title_kind not in UNLIMITED_SPONSOR_TITLES
    ):
        raise FamilyRuleError(UNLIMITED_CONTRADICTION.format(kind=sponsor_title_kind))
    if not sponsor_is_german and sponsor_title_valid_until is None and not sponsor_title_unlimited:
        raise FamilyRuleError(SPONSOR_TITLE_MISSING)
    if passport_valid_until < valid_from:
        raise FamilyRuleError(
            PASSPORT_BEFORE_START.format(passport=passport_valid_until, valid_from=valid_from)
        )
    if applicant_birth_date > valid_from:
        raise FamilyRuleError(
            BIRTH_AFTER_START.format(birth=applicant_birth_date, valid_from=valid_from)
        )

    if sponsor_title_valid_until is not None and sponsor_title_valid_until < valid_from:
        return MaxPeriod(
            until=None,
            binding=BINDING_SPONSOR_TITLE,
            reasons=(
                format_lazy(
                    SPONSOR_TITLE_EXPIRED_TEXT, until=_date_text(sponsor_title_valid_until)
                ),
            ),
        )

    full_validity = not sponsor_is_german and sponsor_title_kind in rule.full_validity_titles
    limits: dict[str, date] = {}
    notes: list[Promise] = []
    if relation in FAMILY_OF_GERMANS or (relation == OTHER_RELATIVE and sponsor_is_german):
        limits[BINDING_GERMAN_FAMILY] = period_end(valid_from, rule.german_family_months)
    elif full_validity:
        pass  # § 27 Abs. 4 Satz 2: the sponsor's whole validity, no cap of seed 004
    elif relation == SPOUSE_OF_FOREIGNER:
        limits[BINDING_SPOUSE] = period_end(valid_from, rule.spouse_of_foreigner_months)
    elif relation == CHILD_OF_FOREIGNER:
        sixteen = date_of_age(applicant_birth_date, rule.child_age_limit)
        if sixteen > valid_from:
            limits[BINDING_CHILD_16] = sixteen - timedelta(days=1)
        else:
            notes.append(CHILD_ALREADY_16_TEXT)
    if sponsor_title_valid_until is not None:
        limits[BINDING_SPONSOR_TITLE] = sponsor_title_valid_until
    limits[BINDING_PASSPORT] = passport_valid_until

    ordered = sorted(limits, key=lambda code: (limits[code], _TIE_ORDER.index(code)))
    binding = ordered[0]
    until = limits[binding]
    texts = dict(_LIMIT_TEXT)
    if full_validity:
        texts[BINDING_SPONSOR_TITLE] = FULL_VALIDITY_TEXT
    minimum = None
    if full_validity:
        # "Sie ist für diesen Zeitraum zu erteilen": the ceiling is also the floor.
        minimum = until
    elif first_permit:
        floor = min(
            period_end(valid_from, rule.first_permit_minimum_months),
            limits.get(BINDING_SPONSOR_TITLE, passport_valid_until),
            passport_valid_until,
        )
        minimum = floor
        if floor > until:
            # A cap of seed 004 yields to the statute's minimum of one year.
            ordered = [code for code in ordered if limits[code] >= floor]
            limits[BINDING_FIRST_YEAR] = floor
            ordered.insert(0, BINDING_FIRST_YEAR)
            binding, until = BINDING_FIRST_YEAR, floor
    reasons = [
        format_lazy(
            FIRST_YEAR_TEXT if code == BINDING_FIRST_YEAR else texts[code],
            until=_date_text(limits[code]),
        )
        for code in ordered
    ]
    if minimum is not None and not full_validity and binding != BINDING_FIRST_YEAR:
        reasons.append(format_lazy(FIRST_YEAR_TEXT, until=_date_text(minimum)))
    return MaxPeriod(
        until=until, binding=binding, reasons=(*reasons, *notes), minimum_until=minimum
    )


def requested_end_allowed(*, requested_until: date, period: MaxPeriod | None) -> bool:
    """Whether a requested last day lies within the longest permit the rules allow.

    ``period`` is ``maximum_permit_period`` for the requested first day (seed 004,
    § 27 Abs. 4 Satz 1 AufenthG: never beyond the sponsor's title, and never beyond
    the passport, § 3 AufenthG). Where no ceiling can be given (``period`` None,
    or ``until`` None because the sponsor's title has expired) the office decides,
    and any end is allowed here.
    """
    if period is None or period.until is None:
        return True
    return requested_until <= period.until


# --- Independent residence (seed 004, § 31 Abs. 1 Satz 1 Nr. 1 AufenthG) ---------

# Seed 004: "Wenn die eheliche Lebensgemeinschaft in Deutschland seit
# mindestens drei Jahren bestanden hat, kann unter Umständen eine eigenständige
# Aufenthaltserlaubnis erteilt werden, die vom Zweck des Familiennachzuges
# unabhängig ist."
INDEPENDENT_RESIDENCE_MONTHS = 36
INDEPENDENT_RESIDENCE_BASIS = "§ 31 Abs. 1 Satz 1 Nr. 1 AufenthG"

INDEPENDENT_REACHED_TEXT = _(
    "Your marital life in Germany has lasted three years since {date}. An independent "
    "residence permit, no longer tied to family reunification, may therefore be possible. "
    "This is information only: the office decides in each case whether the other conditions "
    "are met."
)
INDEPENDENT_PENDING_TEXT = _(
    "Your marital life in Germany will have lasted three years on {date}. From that day on, "
    "an independent residence permit, no longer tied to family reunification, may be possible. "
    "This is information only: the office decides in each case whether the other conditions "
    "are met."
)


def independent_residence_from(*, cohabitation_in_germany_since: date) -> date:
    """The first day on which the marital life in Germany has lasted three years.

    Seed 004: after at least three years of marital life in Germany, an
    independent residence permit may be possible (§ 31 Abs. 1 Satz 1 Nr. 1
    AufenthG). The three years run from ``cohabitation_in_germany_since``
    (that day counts, § 187 Abs. 2 BGB) to ``period_end(since, 36)``; they
    have lasted three years from the next day on.

    Raises ``FamilyRuleError`` for a value that is not a date.
    """
    since = _as_date("cohabitation_in_germany_since", cohabitation_in_germany_since)
    return period_end(since, INDEPENDENT_RESIDENCE_MONTHS) + timedelta(days=1)


def independent_residence_note(*, since: date, today: date) -> Promise:
    """Whether the three years of ``independent_residence_from`` are complete on ``today``.

    Information for the applicant, not a decision: seed 004 says "kann unter
    Umständen", and § 31 AufenthG has further conditions. Raises
    ``FamilyRuleError`` for a value that is not a date.
    """
    reached = independent_residence_from(cohabitation_in_germany_since=since)
    today = _as_date("today", today)
    text = INDEPENDENT_REACHED_TEXT if today >= reached else INDEPENDENT_PENDING_TEXT
    return format_lazy(text, date=_date_text(reached))


# --- Appointment (seed 004) ------------------------------------------------------


def must_come_with_sponsor(relation: str) -> bool:
    """Whether the applicant must bring the person joined to the appointment.

    Seed 004: "Zum Termin müssen Sie mit der Person kommen, auf die sich Ihr
    Aufenthaltsrecht begründet." It says so for family reunification as a
    whole, so the answer is True for every relation. Raises
    ``FamilyRuleError`` for an unknown relation.
    """
    if relation not in RELATIONS:
        raise FamilyRuleError(
            UNKNOWN_RELATION.format(relation=relation, known=", ".join(RELATIONS))
        )
    return True


def _as_date(fact: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise FamilyRuleError(NOT_A_DATE.format(fact=fact, value=value))
    return value


def _optional_date(fact: str, value: object) -> date | None:
    return None if value is None else _as_date(fact, value)
