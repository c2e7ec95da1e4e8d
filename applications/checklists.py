"""Document checklists of the family-reunification, blocked-account and travel-document
journeys (pure)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import rules

# The purpose of stay (applications.purposes) that each reunification relation is.
RELATION_PURPOSE = {
    "spouse_of_german": "family.german_family",
    "child_of_german": "family.german_family",
    "parent_of_german_minor": "family.german_family",
    "spouse_of_foreigner": "family.spouse_of_foreigner",
    "child_of_foreigner": "family.child_of_foreigner",
    "other_relative": "family.other_relative",
}

BLOCKED_ACCOUNT_COPY = rules.DocumentRequirement(
    "blocked_account_copy", _("a copy of the savings account with the blocking note"), None
)


def reunification_documents(
    *, first_application: str, relation: str | None, married: bool, sponsor_is_german: bool = False
) -> tuple[rules.DocumentRequirement, ...]:
    """Seed 001 list plus the family proofs: marriage or birth certificate, the sponsor's
    passport and title, housing and income (issue "family reunification", item 6).

    Another relative (§ 36 AufenthG, for a German's relatives with § 28 (4)) who joins
    a German shows that person's German passport or identity card: a German holds no
    residence title.
    """
    kind = rules.KIND_RENEWAL if first_application == "renewal" else rules.KIND_ISSUE
    documents = rules.required_documents(
        kind=kind, purpose_code=RELATION_PURPOSE.get(relation or ""), married=married
    )
    if relation == "other_relative" and sponsor_is_german:
        documents = tuple(
            rules.JOINED_GERMAN_DOCUMENTS if item is rules.JOINED_PERSON_DOCUMENTS else item
            for item in documents
        )
    return documents


def blocked_account_documents() -> tuple[rules.DocumentRequirement, ...]:
    """Seed 001, "Sperrvermerk ... Aufhebung": passport, residence title with its
    supplementary sheet, a copy of the savings account with the blocking note."""
    return (rules.PASSPORT, rules.CURRENT_TITLE, BLOCKED_ACCOUNT_COPY)


PASSPORT_EFFORTS = rules.DocumentRequirement(
    "passport_efforts",
    _("proof of your efforts to obtain a passport"),
    _("letters of the embassy or consulate, refusals, receipts of applications"),
)
LAST_PASSPORT = rules.DocumentRequirement(
    "last_passport",
    _("your last passport of your country"),
    _("also when it has expired; if it was lost, the police report"),
)
RESETTLEMENT_ADMISSION = rules.DocumentRequirement(
    "bamf_decision", _("the decision on your admission (resettlement)")
)


def passport_substitute_documents(
    *, status: str | None, had_passport: bool
) -> tuple[rules.DocumentRequirement, ...]:
    """Seed 001 "Deutsches Passersatzpapier" with §§ 5, 6 AufenthV: the photo, the residence
    title, the proof that a passport cannot be obtained (§ 5 (1): "nachweislich"), the
    decision behind the status and the last passport."""
    documents = [rules.BIOMETRIC_PHOTO, rules.CURRENT_TITLE, PASSPORT_EFFORTS]
    if status == "subsidiary_protection":
        documents.append(rules.BAMF_DECISION)
    elif status == "resettlement":
        documents.append(RESETTLEMENT_ADMISSION)
    if had_passport:
        documents.append(LAST_PASSPORT)
    return tuple(documents)
