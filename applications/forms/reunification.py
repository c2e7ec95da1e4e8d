"""Family reunification (seed 004): the relation, the sponsor, marriage and living together."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ChoiceField, CountryField, DateField, KernForm, TextField, YesNoField

from .. import family_rules

RELATION_CHOICES = [
    ("spouse_of_german", _("spouse or registered partner of a German")),
    ("spouse_of_foreigner", _("spouse or registered partner of a foreigner living in Germany")),
    ("child_of_german", _("child of a German parent")),
    ("child_of_foreigner", _("child of foreign parent(s) living in Germany")),
    ("parent_of_german_minor", _("parent of a German minor child")),
    ("other_relative", _("other family member (§ 36 AufenthG)")),
]
GERMAN_RELATIONS = {"spouse_of_german", "child_of_german", "parent_of_german_minor"}
SPOUSE_RELATIONS = {"spouse_of_german", "spouse_of_foreigner"}

SPONSOR_TITLE_CHOICES = [
    (family_rules.TITLE_RESIDENCE_PERMIT, _("residence permit for another purpose")),
    (family_rules.TITLE_BLUE_CARD, _("EU Blue Card")),
    (family_rules.TITLE_ICT_CARD, _("ICT card (intra-corporate transfer)")),
    (family_rules.TITLE_MOBILE_ICT_CARD, _("Mobile ICT card")),
    (
        family_rules.TITLE_RESEARCH,
        _("residence permit for research (§ 18d or § 18f AufenthG)"),
    ),
    (
        family_rules.TITLE_RESEARCH_SHORT_MOBILITY,
        _("stay as a researcher from another EU state for up to 180 days (§ 18e AufenthG)"),
    ),
    (
        family_rules.TITLE_LONG_TERM_OTHER_STATE,
        _("residence permit as a long-term resident of another EU state (§ 38a AufenthG)"),
    ),
    (family_rules.TITLE_SETTLEMENT_PERMIT, _("settlement permit")),
    (family_rules.TITLE_EU_LONG_TERM, _("EU long-term residence permit")),
    (family_rules.TITLE_OTHER, _("other residence title")),
]
SPONSOR_TITLE_KIND_MISSING = _("Select the kind of this person's residence title.")
SPONSOR_TITLE_MISSING = _(
    "Enter until when this person's residence title is valid, for example 31.12.2027."
)
SPONSOR_NATIONALITY_GERMAN = _(
    "A person of German nationality is a German citizen, but you chose a relation to a "
    "foreigner. Go back and choose the relation to a German, or correct the nationality."
)
FOREIGN_RELATIONS = {"spouse_of_foreigner", "child_of_foreigner"}
WEDDING_MISSING = _("Enter the registry office and the wedding date it set.")


class ReunificationKindForm(KernForm):
    first_application = ChoiceField(
        label=_("Is this your first residence permit for family reunification?"),
        choices=[
            ("issue", _("yes, a first permit")),
            ("renewal", _("no, I want to renew my permit")),
        ],
    )


class RelationForm(KernForm):
    relation = ChoiceField(label=_("Whom do you join in Germany?"), choices=RELATION_CHOICES)


class SponsorForm(KernForm):
    intro = _(
        "The person on whom your right of residence is based. You come to the appointment "
        "together with this person."
    )
    sponsor_surname = TextField(label=_("Surname"), latin=True)
    sponsor_given_names = TextField(label=_("Given names"), latin=True, max_length=150)
    sponsor_date_of_birth = DateField(label=_("Date of birth"), birth=True)
    sponsor_nationality = CountryField(label=_("Nationality"), with_unclear=True)
    sponsor_is_german = YesNoField(label=_("Is this person a German citizen?"))
    sponsor_title_kind = ChoiceField(
        label=_("Which residence title does this person have?"),
        choices=SPONSOR_TITLE_CHOICES,
        required=False,
        help_text=_(
            "Only if this person is not German. As printed on the card. The kind of title "
            "decides how long your permit can be (§ 27 (4) AufenthG)."
        ),
    )
    sponsor_title_valid_until = DateField(
        label=_("Title valid until"),
        required=False,
        expiry=True,
        hint=_(
            "Leave empty for a settlement permit or an EU long-term residence permit. For a "
            "stay under § 18e: the last day of the stay."
        ),
    )
    conditional_fields = ("sponsor_title_kind", "sponsor_title_valid_until")

    def __init__(self, *args, relation: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.relation = relation
        # The relation chosen says whether the person joined is German: not asked again
        # (nor, for a German, the residence title a German does not have).
        self.implied_german = (
            relation in GERMAN_RELATIONS
            if relation in GERMAN_RELATIONS | FOREIGN_RELATIONS
            else None
        )
        if self.implied_german is not None:
            del self.fields["sponsor_is_german"]
        if self.implied_german:
            del self.fields["sponsor_title_kind"]
            del self.fields["sponsor_title_valid_until"]

    def clean(self):
        data = super().clean()
        if self.implied_german is not None:
            data["sponsor_is_german"] = self.implied_german
        german = data.get("sponsor_is_german")
        if german is False and data.get("sponsor_nationality") == "DE":
            self.add_error("sponsor_nationality", ValidationError(SPONSOR_NATIONALITY_GERMAN))
        if german is False:
            kind = data.get("sponsor_title_kind")
            if not kind:
                if "sponsor_title_kind" not in self.errors:
                    self.add_error(
                        "sponsor_title_kind", ValidationError(SPONSOR_TITLE_KIND_MISSING)
                    )
            elif kind in family_rules.UNLIMITED_SPONSOR_TITLES:
                data["sponsor_title_valid_until"] = None
            elif (
                not data.get("sponsor_title_valid_until")
                and "sponsor_title_valid_until" not in self.errors
            ):
                self.add_error("sponsor_title_valid_until", ValidationError(SPONSOR_TITLE_MISSING))
        if german is True:
            data["sponsor_title_kind"] = ""
            data["sponsor_title_valid_until"] = None
        return data


class MarriageForm(KernForm):
    married_already = ChoiceField(
        label=_("Are you already married or in a registered partnership?"),
        choices=[
            ("yes", _("yes")),
            ("planned", _("no, we want to marry in Germany (marriage visa)")),
        ],
        # Seed 004 on the visa for marrying in Germany.
        help_text=_(
            "To marry a German: the registry office has checked the requirements for the "
            "marriage and set a date. To marry a foreigner: only for special reasons, when "
            "marrying in your home country would mean disproportionate effort and risk."
        ),
    )
    registry_office = TextField(
        label=_("Registry office"),
        required=False,
        max_length=150,
        help_text=_("The registry office that checked the requirements for the marriage."),
    )
    wedding_date = DateField(label=_("Wedding date"), required=False, future=True)
    conditional_fields = ("registry_office", "wedding_date")

    def clean(self):
        data = super().clean()
        if data.get("married_already") == "planned":
            for name in ("registry_office", "wedding_date"):
                if not data.get(name):
                    self.add_error(name, ValidationError(WEDDING_MISSING))
        else:
            data.update(registry_office="", wedding_date=None)
        return data


class CohabitationForm(KernForm):
    living_together_since = DateField(
        label=_("Since when have you lived together in Germany?"),
        required=False,
        past=True,
        help_text=_(
            "After three years of married life in Germany, an independent residence permit "
            "may be possible. Leave empty if you do not live together in Germany yet."
        ),
    )
