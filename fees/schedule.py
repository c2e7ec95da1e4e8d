"""The published fee schedule, as data with dates of validity.

Each row is one charge: the service, the condition under which it applies,
the amount in euros, the legal basis and the days between which the row is
in force (``valid_until`` inclusive; ``None`` while in force). When a charge
changes by law, the old row gets its ``valid_until`` and a new row is added:
``quote()`` answers for the law in force on the day it is asked about.

Sources: seed 001 (residence permit fees, status 25.08.2023), seed 003
(naturalisation and certificate of citizenship), § 50 (1) AufenthV (minors),
§ 52 AufenthV (exemptions). A row starts on the earliest day a source
confirms its amount; earlier days have no row and ``quote()`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FeeRow:
    service: str
    condition: str
    amount: Decimal
    legal_basis: str
    label: Promise | str
    valid_from: date
    valid_until: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


# Seed 001 states the residence-permit fees with "Stand: 25.08.2023".
SEED_001_STATUS = date(2023, 8, 25)
# § 38 (2) StAG has charged 255 EUR (51 EUR for a co-naturalised minor)
# since the changeover to the euro.
EURO_CHANGEOVER = date(2002, 1, 1)

SCHEDULE: tuple[FeeRow, ...] = (
    FeeRow(
        service="residence_permit.issue",
        condition="up_to_one_year",
        amount=Decimal("100.00"),
        legal_basis="§ 45 Nr. 1 Buchst. a AufenthV",
        label=_("Issue of a residence permit valid for up to one year"),
        valid_from=SEED_001_STATUS,
    ),
    FeeRow(
        service="residence_permit.issue",
        condition="more_than_one_year",
        amount=Decimal("100.00"),
        legal_basis="§ 45 Nr. 1 Buchst. b AufenthV",
        label=_("Issue of a residence permit valid for more than one year"),
        valid_from=SEED_001_STATUS,
    ),
    FeeRow(
        service="residence_permit.renewal",
        condition="up_to_three_months",
        amount=Decimal("96.00"),
        legal_basis="§ 45 Nr. 2 Buchst. a AufenthV",
        label=_("Renewal of a residence permit for up to three months"),
        valid_from=SEED_001_STATUS,
    ),
    FeeRow(
        service="residence_permit.renewal",
        condition="more_than_three_months",
        amount=Decimal("93.00"),
        legal_basis="§ 45 Nr. 2 Buchst. b AufenthV",
        label=_("Renewal of a residence permit for more than three months"),
        valid_from=SEED_001_STATUS,
    ),
    FeeRow(
        service="naturalisation",
        condition="applicant",
        amount=Decimal("255.00"),
        legal_basis="§ 38 Abs. 2 Satz 1 StAG",
        label=_("Naturalisation of the applicant"),
        valid_from=EURO_CHANGEOVER,
    ),
    # § 38 Abs. 2 Satz 2 StAG: "Die Gebühr ermäßigt sich für ein minderjähriges
    # Kind, das miteingebürgert wird und das keine eigenen Einkünfte im Sinne des
    # Einkommensteuergesetzes hat, auf 51 Euro." (so also in the DM wording
    # before the euro: 100 DM instead of 500 DM).
    FeeRow(
        service="naturalisation",
        condition="minor_child_with_parent",
        amount=Decimal("51.00"),
        legal_basis="§ 38 Abs. 2 Satz 2 StAG",
        label=_("Minor child without income of their own naturalised together with a parent"),
        valid_from=EURO_CHANGEOVER,
    ),
    # A co-naturalised minor with income of their own gets no reduction: the
    # fee of Satz 1.
    FeeRow(
        service="naturalisation",
        condition="minor_child_with_own_income",
        amount=Decimal("255.00"),
        legal_basis="§ 38 Abs. 2 Satz 1 StAG",
        label=_("Minor child with income of their own naturalised together with a parent"),
        valid_from=EURO_CHANGEOVER,
    ),
    FeeRow(
        service="citizenship_certificate",
        condition="certificate",
        amount=Decimal("51.00"),
        legal_basis="StAGebV",
        label=_("Certificate of German citizenship (Staatsangehörigkeitsausweis)"),
        valid_from=EURO_CHANGEOVER,
    ),
)


@dataclass(frozen=True)
class Exemption:
    code: str
    label: Promise | str
    legal_basis: str
    services: frozenset[str]
    valid_from: date
    valid_until: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


_PERMIT_SERVICES = frozenset({"residence_permit.issue", "residence_permit.renewal"})

# The closed set of exemptions that ``quote()`` accepts (§ 52 AufenthV). Each
# is dated like the fees it cancels: from the day seed 001 confirms them; a
# day outside its dates makes ``quote()`` refuse the exemption.
EXEMPTIONS: dict[str, Exemption] = {
    exemption.code: exemption
    for exemption in (
        Exemption(
            code="recognised_refugee",
            label=_("Exempt: recognised refugee"),
            legal_basis="§ 52 AufenthV",
            services=_PERMIT_SERVICES,
            valid_from=SEED_001_STATUS,
        ),
        Exemption(
            code="entitled_to_asylum",
            label=_("Exempt: person entitled to asylum"),
            legal_basis="§ 52 AufenthV",
            services=_PERMIT_SERVICES,
            valid_from=SEED_001_STATUS,
        ),
        Exemption(
            code="subsidiary_protection",
            label=_("Exempt: person granted subsidiary protection"),
            legal_basis="§ 52 AufenthV",
            services=_PERMIT_SERVICES,
            valid_from=SEED_001_STATUS,
        ),
    )
}


@dataclass(frozen=True)
class MinorReduction:
    """The reduction for minors of § 50 Abs. 1 AufenthV, between two days."""

    # Under this age on the day of the quote, the fee is reduced.
    age: int
    # The share of the fee that is taken off.
    share: Decimal
    legal_basis: str
    valid_from: date
    valid_until: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


# § 50 Abs. 1 AufenthV: for minors the fees of §§ 44, 45 ... are halved;
# minors are those under 18 (§ 2 BGB). Dated from the day the permit fees it
# halves are on record.
MINOR_REDUCTIONS: tuple[MinorReduction, ...] = (
    MinorReduction(
        age=18,
        share=Decimal("0.5"),
        legal_basis="§ 50 Abs. 1 AufenthV",
        valid_from=SEED_001_STATUS,
    ),
)

# Services whose fee the seeds do not publish as a fixed amount: the office
# sets it during the procedure (seed 004: "Die individuelle Gebühr wird Ihnen
# im Rahmen der Antragstellung mitgeteilt.").
INDIVIDUAL_FEE_SERVICES = frozenset(
    {
        "family_reunification",
        "residence_permit.change_of_conditions",
        "blocked_account.release",
    }
)
