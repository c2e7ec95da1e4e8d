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

# --- Longest period of the permit (seed 004) --------------------------------------

# Seed 004: "Familienangehörige von Deutschen: Die Aufenthaltserlaubnis wird
# maximal für drei Jahre erteilt und verlängert."
GERMAN_FAMILY_MONTHS = 36
# Seed 004: "Die Aufenthaltserlaubnis für Ehegatten von Ausländerinnen und
# Ausländern wird maximal für zwei Jahre erteilt und verlängert, allerdings
# nicht länger als die Aufenthaltserlaubnis des Ehegatten."
SPOUSE_OF_FOREIGNER_MONTHS = 24
# Seed 004: "Die Aufenthaltserlaubnis von Kindern wird maximal bis zum 16.
# Lebensjahr erteilt beziehungsweise verlängert, allerdings nicht länger als
# die Aufenthaltserlaubnis der Eltern." Read as: up to and including the day
# before the 16th birthday.
CHILD_AGE_LIMIT = 16

# Which limit decided the period (MaxPeriod.binding).
BINDING_GERMAN_FAMILY = "german_family_3_years"
BINDING_SPOUSE = "spouse_2_years"
BINDING_SPONSOR_TITLE = "sponsor_title"
BINDING_CHILD_16 = "child_16th_birthday"
BINDING_PASSPORT = "passport"
# No limit at all. The passport always limits the period, so the rules of
# seed 004 never return it; it is named for callers that store the codes.
BINDING_NONE = "none"
BINDINGS = (
    BINDING_GERMAN_FAMILY,
    BINDING_SPOUSE,
    BINDING_SPONSOR_TITLE,
    BINDING_CHILD_16,
    BINDING_PASSPORT,
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


def maximum_permit_period(
    *,
    relation: str,
    valid_from: date,
    applicant_birth_date: date,
    passport_valid_until: date,
    sponsor_is_german: bool,
    sponsor_title_valid_until: date | None,
    sponsor_title_unlimited: bool = False,
) -> MaxPeriod:
    """The longest residence permit for family reunification that may begin on ``valid_from``.

    Seed 004 ("Familienangehörige von Deutschen", "Familienangehörige von
    einer oder eines in Deutschland lebenden Ausländerin oder Ausländers"):

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
    - other relatives (§ 36 AufenthG): seed 004 sets no cap of its own; only
      the sponsor's title (when the sponsor is a foreigner) limits;
    - for everyone: not longer than the passport (§ 3 AufenthG).

    The earliest limit wins (on a tie, the relation's own cap, then the
    sponsor's title, then the passport). If the sponsor's title has already
    expired before ``valid_from``, no period can be given: ``until`` is None,
    ``binding`` is ``sponsor_title``. The result is a ceiling, not a
    decision: the office may issue a shorter permit. A foreign sponsor with a
    title without end (settlement permit, EU long-term residence) passes
    ``sponsor_title_unlimited=True`` and no date: their title sets no limit.

    Raises ``FamilyRuleError`` for an unknown relation, a value that is not a
    date, a sponsor's nationality that contradicts the relation, a missing
    (or, for a German sponsor, a superfluous) sponsor's title, a passport
    that expires before ``valid_from`` or a birth date after it.
    """
    if relation not in RELATIONS:
        raise FamilyRuleError(
            UNKNOWN_RELATION.format(relation=relation, known=", ".join(RELATIONS))
        )
    valid_from = _as_date("valid_from", valid_from)
    applicant_birth_date = _as_date("applicant_birth_date", applicant_birth_date)
    passport_valid_until = _as_date("passport_valid_until", passport_valid_until)
    sponsor_title_valid_until = _optional_date(
        "sponsor_title_valid_until", sponsor_title_valid_until
    )
    if not isinstance(sponsor_is_german, bool):
        raise FamilyRuleError(NOT_A_BOOL.format(value=sponsor_is_german))
    if relation in FAMILY_OF_GERMANS and not sponsor_is_german:
        raise FamilyRuleError(SPONSOR_MUST_BE_GERMAN.format(relation=relation))
    if relation in FAMILY_OF_FOREIGNERS and sponsor_is_german:
        raise FamilyRuleError(SPONSOR_MUST_BE_FOREIGN.format(relation=relation))
    if sponsor_is_german and sponsor_title_valid_until is not None:
        raise FamilyRuleError(SPONSOR_TITLE_FOR_GERMAN)
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

    limits: dict[str, date] = {}
    notes: list[Promise] = []
    if relation in FAMILY_OF_GERMANS:
        limits[BINDING_GERMAN_FAMILY] = period_end(valid_from, GERMAN_FAMILY_MONTHS)
    elif relation == SPOUSE_OF_FOREIGNER:
        limits[BINDING_SPOUSE] = period_end(valid_from, SPOUSE_OF_FOREIGNER_MONTHS)
    elif relation == CHILD_OF_FOREIGNER:
        sixteen = date_of_age(applicant_birth_date, CHILD_AGE_LIMIT)
        if sixteen > valid_from:
            limits[BINDING_CHILD_16] = sixteen - timedelta(days=1)
        else:
            notes.append(CHILD_ALREADY_16_TEXT)
    if sponsor_title_valid_until is not None:
        limits[BINDING_SPONSOR_TITLE] = sponsor_title_valid_until
    limits[BINDING_PASSPORT] = passport_valid_until

    ordered = sorted(limits, key=lambda code: (limits[code], _TIE_ORDER.index(code)))
    binding = ordered[0]
    reasons = [format_lazy(_LIMIT_TEXT[code], until=_date_text(limits[code])) for code in ordered]
    return MaxPeriod(until=limits[binding], binding=binding, reasons=(*reasons, *notes))


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
