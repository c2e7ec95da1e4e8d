"""The published fee schedule, as data with dates of validity.

Each row is one charge: the service, the condition under which it applies,
the amount in euros, the legal basis and the days between which the row is
in force (``valid_until`` inclusive; ``None`` while in force). When a charge
changes by law, the old row gets its ``valid_until`` and a new row is added:
``quote()`` answers for the law in force on the day it is asked about.

Sources: seed 001 (residence permit fees, status 25.08.2023), seed 003
(naturalisation and certificate of citizenship), § 50 (1) AufenthV (minors),
§ 52 AufenthV (exemptions), § 48 (1) AufenthV (the travel document for
foreigners, "Reiseausweis für Ausländer"). A row starts on the earliest day a source
confirms its amount; earlier days have no row and ``quote()`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
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

# § 48 Abs. 1 Satz 1 Nr. 1a to 1f AufenthV: the travel document for foreigners
# (Reiseausweis für Ausländer, § 4 Abs. 1 Satz 1 Nr. 1, §§ 5 to 7 AufenthV).
# Article 9 of the Verordnung of 30.10.2023 (BGBl. 2023 I Nr. 290) changed the
# amount of Nr. 1c on 1 May 2025 from 60 to 70 euros (the wording before and
# after, compared at buzer.de/gesetz/949/v304343-2025-05-01.htm); Nr. 1a
# (100), 1b (97), 1d (38), 1e (67) and 1f (26) read the same before and
# after. The comparison confirms the earlier wording for the day before the
# change, not since when it applied: those rows start on 30.04.2025 (earlier
# days have no row). Nr. 1g (a document without storage medium for children
# up to their twelfth birthday) is not encoded: whether the office issues
# that document is its decision, so such a child's fee is set individually.
# § 50 Abs. 1 AufenthV halves only § 48 Abs. 1 Satz 1 Nr. 3 to 14, not these.
AUFENTHV_48_OLD_CONFIRMED = date(2025, 4, 30)
AUFENTHV_48_AMENDED = date(2025, 5, 1)

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
        service="passport_substitute",
        condition="adult",
        amount=Decimal("100.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1a AufenthV",
        label=_("Travel document for foreigners"),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
    ),
    FeeRow(
        service="passport_substitute",
        condition="under_24",
        amount=Decimal("97.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1b AufenthV",
        label=_("Travel document for foreigners, before the 24th birthday"),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
    ),
    FeeRow(
        service="passport_substitute",
        condition="protected_adult",
        amount=Decimal("60.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1c AufenthV",
        label=_(
            "Travel document for foreigners granted subsidiary protection or admitted "
            "by resettlement"
        ),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
        valid_until=AUFENTHV_48_AMENDED - timedelta(days=1),
    ),
    FeeRow(
        service="passport_substitute",
        condition="protected_adult",
        amount=Decimal("70.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1c AufenthV",
        label=_(
            "Travel document for foreigners granted subsidiary protection or admitted "
            "by resettlement"
        ),
        valid_from=AUFENTHV_48_AMENDED,
    ),
    FeeRow(
        service="passport_substitute",
        condition="protected_under_24",
        amount=Decimal("38.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1d AufenthV",
        label=_(
            "Travel document for foreigners granted subsidiary protection or admitted "
            "by resettlement, before the 24th birthday"
        ),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
    ),
    FeeRow(
        service="passport_substitute",
        condition="provisional",
        amount=Decimal("67.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1e AufenthV",
        label=_("Provisional travel document for foreigners"),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
    ),
    FeeRow(
        service="passport_substitute",
        condition="protected_provisional",
        amount=Decimal("26.00"),
        legal_basis="§ 48 Abs. 1 Satz 1 Nr. 1f AufenthV",
        label=_(
            "Provisional travel document for foreigners granted subsidiary protection or "
            "admitted by resettlement"
        ),
        valid_from=AUFENTHV_48_OLD_CONFIRMED,
    ),
    FeeRow(
        service="citizenship_certificate",
        condition="certificate",
        amount=Decimal("51.00"),
        legal_basis="StAGebV",
        label=_("Certificate of German citizenship"),
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
    code: Exemption(
        code=code,
        label=label,
        legal_basis="§ 52 AufenthV",
        services=_PERMIT_SERVICES,
        valid_from=SEED_001_STATUS,
    )
    for code, label in (
        ("recognised_refugee", _("Exempt: recognised refugee")),
        ("entitled_to_asylum", _("Exempt: person entitled to asylum")),
        ("subsidiary_protection", _("Exempt: person granted subsidiary protection")),
        # § 52 AufenthV names them beside the people entitled to asylum: refugees
        # admitted under a resettlement programme (§ 23 (4) AufenthG).
        ("resettlement", _("Exempt: resettlement refugee (§ 23 (4) AufenthG)")),
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

# § 48 Abs. 1 Satz 1 Nr. 1c, 1d, 1f AufenthV: the reduced fees for "subsidiär
# Schutzberechtigte im Sinne des § 4 Absatz 1 des Asylgesetzes oder
# Resettlement-Flüchtlinge im Sinne von § 23 Absatz 4 Satz 1 des
# Aufenthaltsgesetzes".
PROTECTION_STATUSES = frozenset({"subsidiary_protection", "resettlement"})
# The other statuses a person applying for the travel document can hold.
PASSPORT_SUBSTITUTE_STATUSES = PROTECTION_STATUSES | {"other"}
# § 48 Abs. 1 Satz 1 Nr. 1b, 1d: "bis zum vollendeten 24. Lebensjahr".
PASSPORT_SUBSTITUTE_YOUNG_AGE = 24
# § 48 Abs. 1 Satz 1 Nr. 1g: up to the twelfth birthday the office may issue a
# document without storage medium at another fee; the office decides.
PASSPORT_SUBSTITUTE_CHILD_AGE = 12
