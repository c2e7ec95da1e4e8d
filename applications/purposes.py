"""The purposes of stay of section 6 of the § 81 form, with their current legal bases.

The paper form (seed 002, "Zweck des Aufenthalts in Deutschland") cites the
paragraphs of the AufenthG before the Skilled Immigration Act of 2019 (in
force 1 March 2020), for example "Studium (§ 16 Abs. 1 AufenthG)" or
"Beschäftigung (§ 18 AufenthG)". The portal shows the paragraphs in force
today instead:

- education: § 16b study, § 17 Abs. 2 study applicants, § 16f Abs. 1
  language courses (without intended study), § 16f Abs. 2 school, § 16a
  vocational training (the form's "Sonstige Ausbildung (§ 17)");
- employment: §§ 18a, 18b skilled workers (the form's § 18), § 18g EU Blue
  Card (since 18 November 2023, BGBl. 2023 I Nr. 217; it replaces the form's
  "Hochqualifizierte (§ 19)"), § 18d research (the form's § 20), § 21
  self-employment;
- humanitarian grounds: §§ 22, 23, 23a, 24 admission, § 25 protection;
- family reasons: §§ 28, 30, 32, 36 (unchanged);
- special rights: §§ 37, 38, 38a (unchanged); and "Sonstiger Zweck".

``integration_relevant`` says whether section 11 of the form ("Förderung der
Integration") is asked. The form asks it for §§ 18, 21 (employment), family
reunification, § 25 Abs. 1 and 2, § 23 Abs. 2 and § 38a; that list mirrors
§ 44 Abs. 1 AufenthG (entitlement to an integration course), which today
names §§ 18a to 18d, 18g, 19c and 21 (employment), §§ 28, 29, 30, 32, 36, 36a
(family), § 25 Abs. 1, 2, 4a Satz 3, § 25b and § 23 Abs. 2 and 4
(humanitarian) and § 38a. A purpose here that covers several paragraphs
(``humanitarian.admission``, ``humanitarian.protection``) asks section 11
when any of them is listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Error messages (tests assert against these).
UNKNOWN_PURPOSE = "Unknown purpose of stay {code!r}. Known purposes: {known}."


class UnknownPurposeError(KeyError):
    """No purpose of stay has this code."""

    def __str__(self) -> str:
        # KeyError would show the repr of the message, quotes and all.
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Purpose:
    code: str
    group: str
    label: Promise | str
    # The paragraphs of the AufenthG in force today, without the name of the
    # act ("§ 16b", "§§ 18a, 18b"); "" for "other".
    legal_basis: str
    # What the follow-up question of the form asks for ("bei Firma",
    # "Nachzug zu", the BAMF file number ...); None when the form asks nothing.
    institution_label: Promise | str | None
    # Whether section 11 of the form (integration) is asked (§ 44 AufenthG).
    integration_relevant: bool


# The groups of section 6, in the order of the form (seed 002).
PURPOSE_GROUPS: dict[str, Promise] = {
    "education": _("Education"),
    "employment": _("Employment"),
    "humanitarian": _("International law, humanitarian or political grounds"),
    "family": _("Family reasons"),
    "special": _("Special rights of residence"),
    "other": _("Other purpose"),
}

UNIVERSITY = _("University or college")
EMPLOYER = _("Employer")
PERSON_JOINED = _("Person you join")

PURPOSES: tuple[Purpose, ...] = (
    # Ausbildung (seed 002: "Studium", "Studienbewerber", "Sprachkurs",
    # "Schulbesuch", "Sonstige Ausbildung").
    Purpose(
        code="education.study",
        group="education",
        label=_("Study at a university or college"),
        legal_basis="§ 16b",
        institution_label=UNIVERSITY,
        integration_relevant=False,
    ),
    Purpose(
        code="education.study_applicant",
        group="education",
        label=_("Applying for a place at a university or college"),
        legal_basis="§ 17 Abs. 2",
        institution_label=UNIVERSITY,
        integration_relevant=False,
    ),
    Purpose(
        code="education.language_course",
        group="education",
        label=_("Language course (without intended study)"),
        legal_basis="§ 16f Abs. 1",
        institution_label=_("Language school or course provider"),
        integration_relevant=False,
    ),
    Purpose(
        code="education.school",
        group="education",
        label=_("Attending school"),
        legal_basis="§ 16f Abs. 2",
        institution_label=_("School"),
        integration_relevant=False,
    ),
    Purpose(
        code="education.vocational_training",
        group="education",
        label=_("Vocational training"),
        legal_basis="§ 16a",
        institution_label=_("Training company or school"),
        integration_relevant=False,
    ),
    # Erwerbstätigkeit (seed 002: "Beschäftigung", "Hochqualifizierte(r)",
    # "Forschung", "Selbstständige Erwerbstätigkeit").
    Purpose(
        code="employment.skilled_worker",
        group="employment",
        label=_("Employment as a skilled worker"),
        legal_basis="§§ 18a, 18b",
        institution_label=EMPLOYER,
        integration_relevant=True,
    ),
    Purpose(
        code="employment.blue_card",
        group="employment",
        label=_("EU Blue Card"),
        legal_basis="§ 18g",
        institution_label=EMPLOYER,
        integration_relevant=True,
    ),
    Purpose(
        code="employment.research",
        group="employment",
        label=_("Research"),
        legal_basis="§ 18d",
        institution_label=_("Research institution"),
        # § 44 Abs. 1 Satz 1 Nr. 1 Buchst. a AufenthG names § 18d.
        integration_relevant=True,
    ),
    Purpose(
        code="employment.self_employment",
        group="employment",
        label=_("Self-employment"),
        legal_basis="§ 21",
        institution_label=_("Your company"),
        # Seed 002 (section 11: "zu Erwerbszwecken (§§ 18, 21 AufenthG)") and
        # § 44 Abs. 1 Satz 1 Nr. 1 Buchst. a AufenthG name § 21.
        integration_relevant=True,
    ),
    # Völkerrechtliche, humanitäre oder politische Gründe (seed 002).
    Purpose(
        code="humanitarian.admission",
        group="humanitarian",
        label=_("Admission from abroad, hardship case or temporary protection"),
        legal_basis="§§ 22, 23, 23a, 24",
        institution_label=_("File number of the admission decision"),
        integration_relevant=True,
    ),
    Purpose(
        code="humanitarian.protection",
        group="humanitarian",
        label=_("Asylum, refugee protection or a ban on deportation"),
        legal_basis="§ 25",
        institution_label=_("BAMF file number"),
        integration_relevant=True,
    ),
    # Familiäre Gründe (seed 002).
    Purpose(
        code="family.german_family",
        group="family",
        label=_("Joining a German spouse, registered partner, parent or child"),
        legal_basis="§ 28",
        institution_label=PERSON_JOINED,
        integration_relevant=True,
    ),
    Purpose(
        code="family.spouse_of_foreigner",
        group="family",
        label=_("Joining a foreign spouse or registered partner"),
        legal_basis="§ 30",
        institution_label=PERSON_JOINED,
        integration_relevant=True,
    ),
    Purpose(
        code="family.child_of_foreigner",
        group="family",
        label=_("Child joining foreign parents or a foreign parent"),
        legal_basis="§ 32",
        institution_label=PERSON_JOINED,
        integration_relevant=True,
    ),
    Purpose(
        code="family.other_relative",
        group="family",
        label=_("Joining other family members"),
        legal_basis="§ 36",
        institution_label=PERSON_JOINED,
        integration_relevant=True,
    ),
    # Besondere Aufenthaltsrechte (seed 002).
    Purpose(
        code="special.return",
        group="special",
        label=_("Right to return"),
        legal_basis="§ 37",
        institution_label=None,
        integration_relevant=False,
    ),
    Purpose(
        code="special.former_german",
        group="special",
        label=_("Former German citizens"),
        legal_basis="§ 38",
        institution_label=None,
        integration_relevant=False,
    ),
    Purpose(
        code="special.eu_long_term_resident",
        group="special",
        label=_("Long-term resident of another EU member state"),
        legal_basis="§ 38a",
        institution_label=None,
        integration_relevant=True,
    ),
    # "Sonstiger Zweck" (seed 002): no legal basis of its own.
    Purpose(
        code="other.other",
        group="other",
        label=_("Other purpose"),
        legal_basis="",
        institution_label=None,
        integration_relevant=False,
    ),
)

_BY_CODE: dict[str, Purpose] = {purpose.code: purpose for purpose in PURPOSES}


def purpose_by_code(code: str) -> Purpose:
    """The purpose with this code; ``UnknownPurposeError`` (a ``KeyError``) for any other."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        raise UnknownPurposeError(
            UNKNOWN_PURPOSE.format(code=code, known=", ".join(_BY_CODE))
        ) from None
