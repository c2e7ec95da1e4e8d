"""The certificate of German citizenship (Staatsangehörigkeitsausweis, § 30 StAG) as an entry
of the registry of request kinds.

Seed 003: "Gegenüber Gerichten und sonstigen Dritten benötigen Sie in bestimmten
Fällen einen urkundlichen Beweis Ihrer deutschen Staatsangehörigkeit ... Dann wird
die deutsche Staatsangehörigkeit überprüft." and "Gebühr für einen
Staatsangehörigkeitsausweis: 51 Euro" (fees: ``citizenship_certificate``).
Registered in ``NaturalisationConfig.ready()`` like the naturalisation: the
person of form 002 (names and birth, nationality, marital status, address), the
identity document, how the citizenship was acquired, the parents (for descent)
and the grandparents (when a parent is German by descent too), the residence
history, the purpose (optional), the documents.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications import kinds
from applications.constants import RequestKind
from applications.rules import DocumentRequirement
from applications.steps import S_END
from fees import quote

from .certificate_forms import (
    AcquisitionForm,
    CertificatePurposeForm,
    CertificateResidenceFormSet,
    GrandparentFormSet,
    IdentityDocumentForm,
    ParentsForm,
)
from .checklist import BIRTH_CERTIFICATE, MARRIAGE_CERTIFICATE

S_CERTIFICATE = _("Your citizenship")


def _get(answers, step: str, field: str):
    data = answers.get(step) or {}
    return data.get(field) if isinstance(data, dict) else None


def parents_apply(answers) -> bool:
    """The parents' data for a citizenship by descent (§ 4 (1) StAG)."""
    return _get(answers, "cc_acquisition", "acquisition") == "descent"


def grandparents_apply(answers) -> bool:
    """The grandparents, when a parent's own citizenship comes from descent."""
    return parents_apply(answers) and "descent" in (
        _get(answers, "cc_parents", "mother_citizenship"),
        _get(answers, "cc_parents", "father_citizenship"),
    )


STEPS = {
    "cc_identity": (IdentityDocumentForm, S_CERTIFICATE, _("Your identity document"), None),
    "cc_acquisition": (
        AcquisitionForm,
        S_CERTIFICATE,
        _("How you acquired German citizenship"),
        None,
    ),
    "cc_parents": (ParentsForm, S_CERTIFICATE, _("Your parents"), parents_apply),
    "cc_grandparents": (
        GrandparentFormSet,
        S_CERTIFICATE,
        _("Your grandparents"),
        grandparents_apply,
    ),
    "cc_residence": (
        CertificateResidenceFormSet,
        S_CERTIFICATE,
        _("Where you have lived"),
        None,
    ),
    "cc_purpose": (CertificatePurposeForm, S_END, _("Purpose of the certificate"), None),
}

CITIZENSHIP_CERTIFICATE_STEPS = (
    "personal",
    "nationality",
    "marital",
    "cc_identity",
    "address",
    "cc_acquisition",
    "cc_parents",
    "cc_grandparents",
    "cc_residence",
    "cc_purpose",
    "documents",
    "check",
    "declaration",
)

IDENTITY_DOCUMENT = DocumentRequirement("identity_document", _("your identity card or passport"))
PARENTS_BIRTH_CERTIFICATES = DocumentRequirement(
    "parents_birth_certificates",
    _("birth certificates of the parent or parents through whom you are German"),
)
PARENTS_MARRIAGE_CERTIFICATE = DocumentRequirement(
    "parents_marriage_certificate", _("marriage certificate of your parents")
)
GRANDPARENTS_DOCUMENTS = DocumentRequirement(
    "grandparents_documents",
    _("birth and marriage certificates of your grandparents"),
)
EARLIER_CITIZENSHIP_DOCUMENTS = DocumentRequirement(
    "earlier_citizenship_documents",
    _("earlier proofs of German citizenship"),
    _(
        "for example a naturalisation certificate, a certificate of citizenship, German "
        "passports or identity cards of you or your parents"
    ),
)


def certificate_documents(
    *,
    acquisition: str | None,
    married: bool,
    with_identity: bool,
    parents_married: bool,
    grandparents: bool,
) -> tuple[DocumentRequirement, ...]:
    """Birth and marriage certificates, earlier citizenship documents (issue 19, item 2)."""
    documents = [IDENTITY_DOCUMENT] if with_identity else []
    documents.append(BIRTH_CERTIFICATE)
    if married:
        documents.append(MARRIAGE_CERTIFICATE)
    if acquisition == "descent":
        documents.append(PARENTS_BIRTH_CERTIFICATES)
        if parents_married:
            documents.append(PARENTS_MARRIAGE_CERTIFICATE)
        if grandparents:
            documents.append(GRANDPARENTS_DOCUMENTS)
    documents.append(EARLIER_CITIZENSHIP_DOCUMENTS)
    return tuple(documents)


def documents(answer: kinds.Answer) -> tuple:
    acquisition = answer("cc_acquisition").get("acquisition")
    descent = acquisition == "descent"
    return certificate_documents(
        acquisition=acquisition,
        married=answer("marital").get("marital_status") in {"married", "partnership"},
        with_identity=answer("cc_identity").get("document", "none") != "none",
        parents_married=descent and answer("cc_parents").get("parents_married") is True,
        grandparents=descent
        and "descent"
        in (
            answer("cc_parents").get("mother_citizenship"),
            answer("cc_parents").get("father_citizenship"),
        ),
    )


CITIZENSHIP_CERTIFICATE = kinds.Kind(
    kind=RequestKind.CITIZENSHIP_CERTIFICATE,
    short_label=pgettext_lazy("short request kind", "citizenship certificate"),
    slug="staatsangehoerigkeitsausweis",
    base="staatsangehoerigkeit",
    steps=CITIZENSHIP_CERTIFICATE_STEPS,
    fee_service="citizenship_certificate",
    documents=documents,
    start_documents=lambda: certificate_documents(
        acquisition="descent",
        married=False,
        with_identity=True,
        parents_married=True,
        grandparents=False,
    ),
    fee_examples=lambda: [quote("citizenship_certificate")],
    passport_number=lambda answer: answer("cc_identity").get("document_number", ""),
    start_intro=pgettext_lazy(
        "start page",
        "Usually your identity card or passport proves your citizenship. Courts and other "
        "third parties sometimes need documentary proof of your German citizenship, for "
        "example for an adoption. With this request the office examines your German "
        "citizenship; if it is confirmed, you receive a certificate of citizenship "
        "(Staatsangehörigkeitsausweis, § 30 StAG). Each person needs their own request.",
    ),
)
