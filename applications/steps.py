"""The steps of the residence-permit wizard, in the order of form 002.

``STEPS`` defines each step (its form, section, page title and condition);
the runs below say which steps each kind of request asks, in order. Which kind
asks which run is the registry's (applications/kinds.py); the naturalisation
app adds its own steps there.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import conditions
from .forms.blocked_account import BankForm, ReleaseReasonForm
from .forms.circumstances import (
    ConvictionFormSet,
    HealthForm,
    IntegrationForm,
    LegalDetailsForm,
    LegalForm,
    LivelihoodForm,
)
from .forms.documents import DocumentsForm
from .forms.family import ChildFormSet, ChildrenQuestionForm, FollowersForm, ParentsForm, SpouseForm
from .forms.family_members import (
    FamilyApplicantFormSet,
    FamilyApplicantsQuestionForm,
    family_filing_offered,
    people_selected,
)
from .forms.final import CheckAnswersForm, DeclarationForm
from .forms.passport_substitute import (
    NationalPassportForm,
    PassportEffortsForm,
    ProtectionStatusForm,
    TravelForm,
)
from .forms.person import MaritalForm, NationalityForm, PassportForm, PersonalForm, VoluntaryForm
from .forms.purpose import DurationForm, PurposeDetailForm, PurposeGroupForm
from .forms.residence import AbroadForm, AddressForm, EarlierStayFormSet, EarlierStaysForm
from .forms.reunification import (
    CohabitationForm,
    MarriageForm,
    RelationForm,
    ReunificationKindForm,
    SponsorForm,
)
from .forms.stay import ChangeForm, CurrentTitleForm, EntryForm, TitleHeldForm, VisaForm

S1 = _("1. Personal data")
S2 = _("2. Passport")
S3 = _("3. Residences")
S4 = _("4. Family")
S5 = _("5. Stay in Germany")
S6 = _("6. Purpose of the stay")
S7 = _("7. Duration")
S8 = _("8. Livelihood")
S9 = _("9. Health")
S10 = _("10. Legal matters")
S11 = _("11. Integration")
S_FAMILY = _("Family reunification")
S_BANK = _("Blocked account")
S_FAMILY_FILING = _("Family members applying too")
S_TRAVEL_DOCUMENT = _("Conditions of the travel document")
S_DOCS = _("Documents")
S_END = _("Check and submit")

# name -> (form, section, page title, condition or None)
STEPS = {
    "personal": (PersonalForm, S1, _("About you"), None),
    "nationality": (NationalityForm, S1, _("Nationality"), None),
    "voluntary": (VoluntaryForm, S1, _("Voluntary information"), None),
    "marital": (MaritalForm, S1, _("Marital status"), None),
    "passport": (PassportForm, S2, _("Your passport"), None),
    "address": (AddressForm, S3, _("Your address in Germany"), None),
    "earlier_stays": (EarlierStaysForm, S3, _("Earlier stays in Germany"), None),
    "earlier_stays_list": (
        EarlierStayFormSet,
        S3,
        _("Your earlier stays in Germany"),
        conditions.earlier_stays_listed,
    ),
    "abroad": (AbroadForm, S3, _("Residence abroad"), None),
    "spouse": (SpouseForm, S4, _("Spouse or registered partner"), conditions.spouse_applies),
    "children": (ChildrenQuestionForm, S4, _("Children"), None),
    "children_list": (ChildFormSet, S4, _("Your children"), conditions.children_listed),
    "parents": (ParentsForm, S4, _("Parents"), None),
    "followers": (FollowersForm, S4, _("Family members entering with you or later"), None),
    "entry": (EntryForm, S5, _("Your entry to Germany"), None),
    "visa": (VisaForm, S5, _("Your visa"), conditions.visa_applies),
    "current_title": (CurrentTitleForm, S5, _("Your current residence title"), None),
    "title_held": (TitleHeldForm, S5, _("Your residence permit in Germany"), None),
    "issue_current_title": (
        CurrentTitleForm,
        S5,
        _("Your current residence title"),
        conditions.issue_title_held,
    ),
    "change": (ChangeForm, S5, _("The change you apply for"), None),
    "purpose_group": (PurposeGroupForm, S6, _("Purpose of your stay"), None),
    "purpose_detail": (PurposeDetailForm, S6, _("Details of the purpose"), None),
    "duration": (DurationForm, S7, _("For how long do you apply?"), None),
    "livelihood": (LivelihoodForm, S8, _("Livelihood"), None),
    "health": (HealthForm, S9, _("Health and health insurance"), None),
    "legal": (LegalForm, S10, _("Convictions and other legal matters"), None),
    "convictions": (ConvictionFormSet, S10, _("Your convictions"), conditions.convictions_listed),
    "legal_details": (LegalDetailsForm, S10, _("Details"), conditions.legal_details_apply),
    "integration": (
        IntegrationForm,
        S11,
        _("German and integration"),
        conditions.integration_applies,
    ),
    "reunification_kind": (ReunificationKindForm, S_FAMILY, _("First permit or renewal"), None),
    "relation": (RelationForm, S_FAMILY, _("Your family member in Germany"), None),
    "sponsor": (SponsorForm, S_FAMILY, _("The person you join"), None),
    "marriage": (MarriageForm, S_FAMILY, _("Marriage"), conditions.marriage_applies),
    "cohabitation": (
        CohabitationForm,
        S_FAMILY,
        _("Living together in Germany"),
        conditions.cohabitation_applies,
    ),
    "family_current_title": (
        CurrentTitleForm,
        S5,
        _("Your current residence title"),
        conditions.reunification_renewal,
    ),
    "bank": (BankForm, S_BANK, _("The bank and the blocked account"), None),
    "release_reason": (ReleaseReasonForm, S_BANK, _("Reason for the release"), None),
    "family_applicants": (
        FamilyApplicantsQuestionForm,
        S_FAMILY_FILING,
        _("Family members applying with you"),
        family_filing_offered,
    ),
    "family_applicants_list": (
        FamilyApplicantFormSet,
        S_FAMILY_FILING,
        _("Your family members applying with you"),
        lambda answers: bool(people_selected(answers)),
    ),
    "ps_passport": (NationalPassportForm, S2, _("Your passport"), None),
    "ps_status": (ProtectionStatusForm, S_TRAVEL_DOCUMENT, _("Your status in Germany"), None),
    "ps_efforts": (
        PassportEffortsForm,
        S_TRAVEL_DOCUMENT,
        _("Why you cannot obtain a passport"),
        None,
    ),
    "ps_travel": (TravelForm, S_TRAVEL_DOCUMENT, _("Your journey"), None),
    "documents": (DocumentsForm, S_DOCS, _("Your documents"), None),
    "check": (CheckAnswersForm, S_END, _("Check your answers"), None),
    "declaration": (DeclarationForm, S_END, _("Declaration and submission"), None),
}

# Runs of steps that several kinds of request share, in the order of form 002.
IDENTITY = ("personal", "nationality", "voluntary")  # section 1 without the marital status
PERSON = (*IDENTITY, "marital", "passport")  # sections 1 and 2
RESIDENCES = ("address", "earlier_stays", "earlier_stays_list", "abroad")  # section 3
FAMILY = ("spouse", "children", "children_list", "parents", "followers")  # section 4
ENTRY = ("entry", "visa")  # section 5
PURPOSE = ("purpose_group", "purpose_detail")  # section 6
LEGAL = ("legal", "convictions", "legal_details")  # section 10
CIRCUMSTANCES = ("duration", "livelihood", "health", *LEGAL, "integration")  # sections 7 to 11
FAMILY_FILING = ("family_applicants", "family_applicants_list")
CLOSING = ("documents", "check", "declaration")

ISSUE_STEPS = (
    *PERSON,
    *RESIDENCES,
    *FAMILY,
    *ENTRY,
    "title_held",
    "issue_current_title",
    *PURPOSE,
    *CIRCUMSTANCES,
    *FAMILY_FILING,
    *CLOSING,
)
RENEWAL_STEPS = (
    *PERSON,
    *RESIDENCES,
    *FAMILY,
    *ENTRY,
    "current_title",
    *PURPOSE,
    *CIRCUMSTANCES,
    *FAMILY_FILING,
    *CLOSING,
)
# A change of conditions does not repeat the whole form: who, which title, what changes.
CHANGE_STEPS = (*IDENTITY, "passport", "address", "current_title", "change", *CLOSING)
REUNIFICATION_STEPS = (
    "reunification_kind",
    *PERSON,
    *RESIDENCES,
    "relation",
    "sponsor",
    "marriage",
    "cohabitation",
    *FAMILY,
    *ENTRY,
    "family_current_title",
    *CIRCUMSTANCES,
    *FAMILY_FILING,
    *CLOSING,
)
# Seed 001: identity, the title with its supplementary sheet, the account.
BLOCKED_ACCOUNT_STEPS = (
    *IDENTITY,
    "passport",
    "address",
    "current_title",
    "bank",
    "release_reason",
    *CLOSING,
)
# Seed 001, "Deutsches Passersatzpapier": the person and address of form 002, the
# passport they have or had (instead of section 2), the title, then §§ 5 to 7 AufenthV.
PASSPORT_SUBSTITUTE_STEPS = (
    *IDENTITY,
    "ps_passport",
    "address",
    "current_title",
    "ps_status",
    "ps_efforts",
    "ps_travel",
    *CLOSING,
)
