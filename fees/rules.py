"""``quote()``: the fee for a service on a given day, as line items.

Pure: plain values in, a ``Quote`` out; no database, no request. It is the
only place that computes a fee (issue "fees"). Amounts are ``Decimal`` euros
with two places, never floats.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.periods import age_on, spans_more_than_months

from .schedule import (
    EXEMPTIONS,
    INDIVIDUAL_FEE_SERVICES,
    MINOR_REDUCTIONS,
    PASSPORT_SUBSTITUTE_CHILD_AGE,
    PASSPORT_SUBSTITUTE_STATUSES,
    PASSPORT_SUBSTITUTE_YOUNG_AGE,
    PROTECTION_STATUSES,
    SCHEDULE,
    FeeRow,
    MinorReduction,
)

CENT = Decimal("0.01")

PERMIT_SERVICES = ("residence_permit.issue", "residence_permit.renewal")
VALIDITY_FACTS = frozenset({"valid_months", "valid_from", "valid_until"})

# Which facts each service takes. A fact outside its set is an error, so a
# typo never silently yields the wrong fee.
FACTS_BY_SERVICE: dict[str, frozenset[str]] = {
    "residence_permit.issue": VALIDITY_FACTS | {"applicant_birth_date", "exemption"},
    "residence_permit.renewal": VALIDITY_FACTS | {"applicant_birth_date", "exemption"},
    "naturalisation": frozenset({"minor_children", "minor_children_with_income"}),
    "citizenship_certificate": frozenset(),
    "passport_substitute": frozenset({"applicant_birth_date", "protection_status", "provisional"}),
    "family_reunification": VALIDITY_FACTS | {"applicant_birth_date"},
    "residence_permit.change_of_conditions": frozenset(),
    "blocked_account.release": frozenset(),
}
SERVICES = tuple(FACTS_BY_SERVICE)

# Error messages (tests assert against these).
UNKNOWN_SERVICE = "Unknown service {service!r}. Known services: {known}."
UNKNOWN_FACT = "{service} does not take the fact {fact!r}. It takes: {known}."
VALIDITY_MISSING = (
    "{service} needs the permit's validity: valid_months, or valid_from and valid_until."
)
VALIDITY_BOTH = (
    "Give the validity either as valid_months or as valid_from and valid_until, not both."
)
VALIDITY_HALF = "valid_from and valid_until must be given together; only {given} was given."
VALIDITY_ORDER = "valid_until ({until}) lies before valid_from ({start})."
VALID_MONTHS_INVALID = "valid_months must be a whole number of at least 1, not {value!r}."
NOT_A_DATE = "{fact} must be a date (datetime.date), not {value!r}."
BIRTH_AFTER_DAY = "applicant_birth_date ({birth}) lies after the day of the quote ({on})."
CHILDREN_INVALID = "{fact} must be a whole number of at least 0, not {value!r}."
CHILDREN_WITH_INCOME_EXCEED = (
    "minor_children_with_income ({with_income}) is more than minor_children ({children})."
)
EXEMPTION_NOT_IN_FORCE = "The exemption {value!r} is not on record for {on}."
NO_MINOR_RULE = "No reduction for minors is on record for {on}."
EXEMPTION_UNKNOWN = "Unknown exemption {value!r}. Known exemptions: {known}."
EXEMPTION_NOT_FOR_SERVICE = "The exemption {value!r} does not apply to {service}."
STATUS_MISSING = "passport_substitute needs the protection_status: {known}."
STATUS_UNKNOWN = "Unknown protection_status {value!r}. Known: {known}."
PROVISIONAL_INVALID = "provisional must be True or False, not {value!r}."
NO_SCHEDULE_ROW = "No fee for {service} ({condition}) is on record for {on}."
OVERLAPPING_ROWS = "The fee schedule has more than one row for {service} ({condition}) on {on}."

INDIVIDUAL_FEE_NOTE = _(
    "The fee is set individually during the procedure; the office tells you the amount."
)
CHILD_TRAVEL_DOCUMENT_NOTE = _(
    "For a child under twelve the office decides which travel document it issues; it tells "
    "you the fee (§ 48 (1) AufenthV)."
)
AGE_UNKNOWN_NOTE = _(
    "The fee depends on your age (§ 48 (1) AufenthV); the office tells you the amount."
)
MINOR_REDUCTION_LABEL = _("Reduction for minors: half the fee")


class FeeError(ValueError):
    """The question cannot be answered: unknown service, missing or contradictory facts."""


# Seed 003, "Gebühren": the naturalisation fees are paid "bereits bei beziehungsweise
# nach Antragsstellung", not at the appointment. The published texts say nothing of
# the other services: their fee is paid at the appointment (appointments.letters).
PAID_WITH_THE_APPLICATION = frozenset({"naturalisation"})


def paid_with_the_application(service: str) -> bool:
    """Whether the fee of ``service`` is paid when or after the request is filed (seed 003)."""
    if service not in FACTS_BY_SERVICE:
        raise FeeError(UNKNOWN_SERVICE.format(service=service, known=", ".join(SERVICES)))
    return service in PAID_WITH_THE_APPLICATION


@dataclass(frozen=True)
class LineItem:
    label: Promise | str
    amount: Decimal
    legal_basis: str


@dataclass(frozen=True)
class Quote:
    service: str
    on: date
    # None when the fee is set individually during the procedure.
    total: Decimal | None
    items: tuple[LineItem, ...]
    note: Promise | str | None = None
    currency: str = "EUR"

    @property
    def is_individual(self) -> bool:
        return self.total is None

    @property
    def paid_with_the_application(self) -> bool:
        return paid_with_the_application(self.service)


def quote(
    service: str,
    *,
    on: date | None = None,
    schedule: Iterable[FeeRow] = SCHEDULE,
    **facts: object,
) -> Quote:
    """The fee for ``service`` on the day ``on`` (default: today), given the facts.

    Facts by service:

    - ``residence_permit.issue`` / ``residence_permit.renewal``: the permit's
      validity as ``valid_months`` or as ``valid_from`` + ``valid_until``
      (inclusive); optional ``applicant_birth_date`` (a minor pays half,
      § 50 (1) AufenthV) and ``exemption`` (§ 52 AufenthV, see
      ``schedule.EXEMPTIONS``).
    - ``naturalisation``: ``minor_children`` naturalised together with the
      applicant (default 0), of whom ``minor_children_with_income`` (default
      0) have income of their own: those pay the full fee, the others 51 euros
      (§ 38 Abs. 2 Satz 2 StAG).
    - ``citizenship_certificate``: none.
    - ``passport_substitute`` (the travel document for foreigners, § 48 (1)
      Satz 1 Nr. 1a to 1f AufenthV): ``protection_status`` (required:
      ``subsidiary_protection`` or ``resettlement`` pay the reduced fees of
      Nr. 1c, 1d, 1f; ``other`` those of Nr. 1a, 1b, 1e), ``provisional``
      (default False: a provisional document, Nr. 1e, 1f, whatever the age)
      and ``applicant_birth_date`` (before the 24th birthday Nr. 1b, 1d).
      Without a birth date, or for a child under twelve (Nr. 1g: the office
      chooses the document), the fee is set individually (``total=None``).
    - ``family_reunification``, ``residence_permit.change_of_conditions``,
      ``blocked_account.release``: the fee is set individually (seed 004);
      the quote has ``total=None`` and a note.
    """
    if service not in FACTS_BY_SERVICE:
        raise FeeError(UNKNOWN_SERVICE.format(service=service, known=", ".join(SERVICES)))
    for fact in facts:
        if fact not in FACTS_BY_SERVICE[service]:
            known = ", ".join(sorted(FACTS_BY_SERVICE[service])) or "no facts"
            raise FeeError(UNKNOWN_FACT.format(service=service, fact=fact, known=known))
    day = timezone.localdate() if on is None else _as_date("on", on)
    rows = tuple(schedule)

    if service in INDIVIDUAL_FEE_SERVICES:
        # The facts are still checked, so that a wrong input is not hidden.
        if VALIDITY_FACTS & facts.keys():
            _validity_exceeds(facts, months=12)
        if "applicant_birth_date" in facts:
            _birth(facts["applicant_birth_date"], day)
        return Quote(service=service, on=day, total=None, items=(), note=INDIVIDUAL_FEE_NOTE)

    if service == "passport_substitute":
        condition, note = _passport_substitute_condition(day, facts)
        if condition is None:
            return Quote(service=service, on=day, total=None, items=(), note=note)
        items = [_item(_row(rows, service, condition, day))]
    elif service in PERMIT_SERVICES:
        items = _permit_items(service, day, rows, facts)
    elif service == "naturalisation":
        items = _naturalisation_items(
            day,
            rows,
            facts.get("minor_children", 0),
            facts.get("minor_children_with_income", 0),
        )
    else:  # citizenship_certificate
        items = [_item(_row(rows, service, "certificate", day))]
    total = sum((item.amount for item in items), Decimal("0.00")).quantize(CENT)
    return Quote(service=service, on=day, total=total, items=tuple(items))


def _permit_items(
    service: str, day: date, rows: tuple[FeeRow, ...], facts: dict[str, object]
) -> list[LineItem]:
    if not VALIDITY_FACTS & facts.keys():
        raise FeeError(VALIDITY_MISSING.format(service=service))
    if service == "residence_permit.issue":
        longer = _validity_exceeds(facts, months=12)
        condition = "more_than_one_year" if longer else "up_to_one_year"
    else:
        longer = _validity_exceeds(facts, months=3)
        condition = "more_than_three_months" if longer else "up_to_three_months"
    exemption = _exemption(service, facts.get("exemption"), day)
    items = [_item(_row(rows, service, condition, day))]
    reduction = None
    if "applicant_birth_date" in facts:
        _birth(facts["applicant_birth_date"], day)
        reduction = _minor_rule(day)
    minor = reduction is not None and _is_minor(facts["applicant_birth_date"], day, reduction)

    if minor:
        off = -(items[0].amount * reduction.share).quantize(CENT, rounding=ROUND_HALF_UP)
        items.append(LineItem(MINOR_REDUCTION_LABEL, off, reduction.legal_basis))
    if exemption is not None:
        remaining = sum((item.amount for item in items), Decimal("0.00"))
        items.append(LineItem(exemption.label, -remaining, exemption.legal_basis))
    return items


def _naturalisation_items(
    day: date, rows: tuple[FeeRow, ...], children: object, with_income: object
) -> list[LineItem]:
    for fact, value in (("minor_children", children), ("minor_children_with_income", with_income)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FeeError(CHILDREN_INVALID.format(fact=fact, value=value))
    if with_income > children:
        raise FeeError(
            CHILDREN_WITH_INCOME_EXCEED.format(with_income=with_income, children=children)
        )
    items = [_item(_row(rows, "naturalisation", "applicant", day))]
    if children - with_income:
        child = _item(_row(rows, "naturalisation", "minor_child_with_parent", day))
        items.extend([child] * (children - with_income))
    if with_income:
        earning = _item(_row(rows, "naturalisation", "minor_child_with_own_income", day))
        items.extend([earning] * with_income)
    return items


def _passport_substitute_condition(day: date, facts: dict[str, object]):
    """The row of § 48 (1) AufenthV that applies, or (None, note) when the office sets it."""
    status = facts.get("protection_status")
    known = ", ".join(sorted(PASSPORT_SUBSTITUTE_STATUSES))
    if status is None:
        raise FeeError(STATUS_MISSING.format(known=known))
    if status not in PASSPORT_SUBSTITUTE_STATUSES:
        raise FeeError(STATUS_UNKNOWN.format(value=status, known=known))
    provisional = facts.get("provisional", False)
    if not isinstance(provisional, bool):
        raise FeeError(PROVISIONAL_INVALID.format(value=provisional))
    protected = status in PROTECTION_STATUSES
    birth = _birth(facts["applicant_birth_date"], day) if "applicant_birth_date" in facts else None
    if provisional:
        return ("protected_provisional" if protected else "provisional"), None
    if birth is None:
        return None, AGE_UNKNOWN_NOTE
    age = age_on(birth, day)
    if age < PASSPORT_SUBSTITUTE_CHILD_AGE:
        return None, CHILD_TRAVEL_DOCUMENT_NOTE
    if age < PASSPORT_SUBSTITUTE_YOUNG_AGE:
        return ("protected_under_24" if protected else "under_24"), None
    return ("protected_adult" if protected else "adult"), None


def _validity_exceeds(facts: dict[str, object], *, months: int) -> bool:
    """Whether the permit's validity is longer than ``months`` calendar months."""
    has_months = "valid_months" in facts
    has_from, has_until = "valid_from" in facts, "valid_until" in facts
    if has_months and (has_from or has_until):
        raise FeeError(VALIDITY_BOTH)
    if has_months:
        value = facts["valid_months"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FeeError(VALID_MONTHS_INVALID.format(value=value))
        return value > months
    if has_from != has_until:
        raise FeeError(VALIDITY_HALF.format(given="valid_from" if has_from else "valid_until"))
    start = _as_date("valid_from", facts["valid_from"])
    until = _as_date("valid_until", facts["valid_until"])
    if until < start:
        raise FeeError(VALIDITY_ORDER.format(start=start, until=until))
    return spans_more_than_months(start, until, months)


def _minor_rule(day: date) -> MinorReduction:
    """The reduction for minors in force on ``day`` (a dated table, like the schedule)."""
    matches = [rule for rule in MINOR_REDUCTIONS if rule.in_force_on(day)]
    if len(matches) != 1:
        raise FeeError(NO_MINOR_RULE.format(on=day))
    return matches[0]


def _birth(birth_date: object, day: date) -> date:
    birth = _as_date("applicant_birth_date", birth_date)
    if birth > day:
        raise FeeError(BIRTH_AFTER_DAY.format(birth=birth, on=day))
    return birth


def _is_minor(birth_date: object, day: date, rule: MinorReduction) -> bool:
    return age_on(_birth(birth_date, day), day) < rule.age


def _exemption(service: str, code: object, day: date):
    if code is None:
        return None
    exemption = EXEMPTIONS.get(code) if isinstance(code, str) else None
    if exemption is None:
        raise FeeError(EXEMPTION_UNKNOWN.format(value=code, known=", ".join(sorted(EXEMPTIONS))))
    if service not in exemption.services:
        raise FeeError(EXEMPTION_NOT_FOR_SERVICE.format(value=code, service=service))
    if not exemption.in_force_on(day):
        raise FeeError(EXEMPTION_NOT_IN_FORCE.format(value=code, on=day))
    return exemption


def _row(rows: tuple[FeeRow, ...], service: str, condition: str, day: date) -> FeeRow:
    matches = [
        row
        for row in rows
        if row.service == service and row.condition == condition and row.in_force_on(day)
    ]
    if not matches:
        raise FeeError(NO_SCHEDULE_ROW.format(service=service, condition=condition, on=day))
    if len(matches) > 1:
        raise FeeError(OVERLAPPING_ROWS.format(service=service, condition=condition, on=day))
    return matches[0]


def _item(row: FeeRow) -> LineItem:
    return LineItem(row.label, row.amount.quantize(CENT), row.legal_basis)


def _as_date(fact: str, value: object) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise FeeError(NOT_A_DATE.format(fact=fact, value=value))
    return value
