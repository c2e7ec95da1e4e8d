"""The document checklist of a naturalisation application (seed 003; pure)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from applications.rules import PASSPORT, DocumentRequirement

CURRENT_TITLE = DocumentRequirement("current_title", _("your residence title"))
BIRTH_CERTIFICATE = DocumentRequirement("birth_certificate", _("your birth certificate"))
MARRIAGE_CERTIFICATE = DocumentRequirement(
    "marriage_certificate", _("marriage certificate or certificate of the registered partnership")
)
LANGUAGE_PROOF = DocumentRequirement(
    "language_proof", _("proof of German (certificate B1 or higher, or school or training)")
)
KNOWLEDGE_PROOF = DocumentRequirement(
    "knowledge_proof",
    _(
        "certificate of the test “Leben in Deutschland” or naturalisation test, or your school "
        "or training certificate"
    ),
)
INCOME_PROOF = DocumentRequirement(
    "income_proof", _("proof of income for the last months (for example payslips)")
)
CHILDREN_BIRTH_CERTIFICATES = DocumentRequirement(
    "children_birth_certificates", _("birth certificates of the children naturalised with you")
)


def naturalisation_documents(
    *, married: bool, with_children: bool, has_language_proof: bool, has_knowledge_proof: bool
) -> tuple[DocumentRequirement, ...]:
    """Passport, title, birth and marriage certificates, language and test certificates,
    income proofs (issue "naturalisation", item 5)."""
    documents = [PASSPORT, CURRENT_TITLE, BIRTH_CERTIFICATE]
    if married:
        documents.append(MARRIAGE_CERTIFICATE)
    if has_language_proof:
        documents.append(LANGUAGE_PROOF)
    if has_knowledge_proof:
        documents.append(KNOWLEDGE_PROOF)
    documents.append(INCOME_PROOF)
    if with_children:
        documents.append(CHILDREN_BIRTH_CERTIFICATES)
    return tuple(documents)
