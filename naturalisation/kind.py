"""The naturalisation application as an entry of the registry of request kinds.

Registered in ``NaturalisationConfig.ready()`` (applications/kinds.py): its steps
(the person and passport of form 002, then the prerequisites of § 10 StAG:
residence, German, knowledge, livelihood, convictions, former citizenships, the
children naturalised with the applicant, the commitment), its checklist (seed
003) and the facts of its fee (255 euros, 51 per minor child without income
of its own, § 38 (2) StAG).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications import conditions, kinds
from applications.constants import RequestKind
from applications.steps import LEGAL, PERSON
from fees import quote

from .checklist import naturalisation_documents
from .forms import (
    ChildrenQuestionForm,
    CommitmentForm,
    FormerCitizenshipForm,
    KnowledgeForm,
    LanguageForm,
    NaturalisedChildFormSet,
    ResidenceHistoryFormSet,
)

# The sections of the naturalisation application, unnumbered (the numbers of the
# permit's form 002 do not fit here), each once and in the order asked.
S_PERSON = _("Personal data")
S_PASSPORT = _("Passport")
S_RESIDENCE = _("Residence in Germany")
S_GERMAN = _("German and knowledge of the legal and social order")
S_LIVELIHOOD = _("Livelihood")
S_CONVICTIONS = _("Convictions")
S_CITIZENSHIP = _("Citizenship and children")
S_COMMITMENT = _("Declaration of commitment")

STEPS = {
    "nat_residence_history": (
        ResidenceHistoryFormSet,
        S_RESIDENCE,
        _("Your residence in Germany"),
        None,
    ),
    "nat_language": (LanguageForm, S_GERMAN, _("German language"), None),
    "nat_knowledge": (KnowledgeForm, S_GERMAN, _("Knowledge of the legal and social order"), None),
    "nat_former_citizenship": (
        FormerCitizenshipForm,
        S_CITIZENSHIP,
        _("Keeping your citizenship"),
        None,
    ),
    "nat_children": (ChildrenQuestionForm, S_CITIZENSHIP, _("Children naturalised with you"), None),
    "nat_children_list": (
        NaturalisedChildFormSet,
        S_CITIZENSHIP,
        _("Your children naturalised with you"),
        conditions.naturalised_children_listed,
    ),
    "nat_commitment": (CommitmentForm, S_COMMITMENT, _("Declaration of commitment"), None),
}

# The commitment comes before the documents and the check page, which shows it.
NATURALISATION_STEPS = (
    *PERSON,
    "address",
    "nat_residence_history",
    "current_title",
    "nat_language",
    "nat_knowledge",
    "livelihood",
    *LEGAL,
    "nat_former_citizenship",
    "nat_children",
    "nat_children_list",
    "nat_commitment",
    "documents",
    "check",
    "declaration",
)

# The shared steps in this application's sections.
SECTIONS = {
    **dict.fromkeys(("personal", "nationality", "voluntary", "marital"), S_PERSON),
    "passport": S_PASSPORT,
    "address": S_RESIDENCE,
    "current_title": S_RESIDENCE,
    "livelihood": S_LIVELIHOOD,
    **dict.fromkeys(LEGAL, S_CONVICTIONS),
}


def documents(answer: kinds.Answer) -> tuple:
    return naturalisation_documents(
        married=answer("marital").get("marital_status") in {"married", "partnership"},
        with_children=answer("nat_children").get("naturalise_children") is True,
        has_language_proof=answer("nat_language").get("german_proof", "none") != "none",
        has_knowledge_proof=answer("nat_knowledge").get("knowledge_proof", "none") != "none",
    )


def fee_facts(answer: kinds.Answer) -> dict:
    """§ 38 (2) s. 2 StAG: 51 euros only for a child without income of their own."""
    children = answer("nat_children_list") or []
    return {
        "minor_children": len(children),
        "minor_children_with_income": sum(1 for child in children if child.get("own_income")),
    }


NATURALISATION = kinds.Kind(
    kind=RequestKind.NATURALISATION,
    short_label=pgettext_lazy("short request kind", "naturalisation"),
    slug="beantragen",
    base="einbuergerung",
    steps=NATURALISATION_STEPS,
    fee_service="naturalisation",
    documents=documents,
    start_documents=lambda: naturalisation_documents(
        married=False, with_children=False, has_language_proof=True, has_knowledge_proof=True
    ),
    fee_examples=lambda: [quote("naturalisation", minor_children=1)],
    fee_facts=fee_facts,
    sections=SECTIONS,
    start_notes=(
        _(
            "Each person aged 18 or over applies for themselves; minor children can be "
            "included in a parent's application."
        ),
    ),
)
