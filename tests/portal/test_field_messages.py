"""Messages of the shared fields say what is wrong with what was typed (portal.forms)."""

from __future__ import annotations

import pytest
from django.utils import translation

from portal.forms import DateField, KernForm


class DateForm(KernForm):
    day = DateField(label="Datum")


@pytest.mark.parametrize(
    ("typed", "german", "english"),
    [
        # The form is wrong: say how to type a date.
        (
            "31-02-2020",
            "Geben Sie das Datum als Tag.Monat.Jahr an, zum Beispiel 31.01.1990.",
            "Enter the date as day.month.year, for example 31.01.1990.",
        ),
        (
            "Februar",
            "Geben Sie das Datum als Tag.Monat.Jahr an, zum Beispiel 31.01.1990.",
            "Enter the date as day.month.year, for example 31.01.1990.",
        ),
        # The form is right, the day does not exist.
        (
            "31.02.2020",
            "Den 31.02.2020 gibt es nicht: Februar 2020 hat 29 Tage. Prüfen Sie Tag und Monat.",
            "There is no 31.02.2020: February 2020 has 29 days. Check the day and the month.",
        ),
        (
            "29.02.2023",
            "Den 29.02.2023 gibt es nicht: Februar 2023 hat 28 Tage. Prüfen Sie Tag und Monat.",
            "There is no 29.02.2023: February 2023 has 28 days. Check the day and the month.",
        ),
        (
            "31.04.2021",
            "Den 31.04.2021 gibt es nicht: April 2021 hat 30 Tage. Prüfen Sie Tag und Monat.",
            "There is no 31.04.2021: April 2021 has 30 days. Check the day and the month.",
        ),
        # The month does not exist.
        (
            "01.13.2020",
            "Einen Monat 13 gibt es nicht: Geben Sie den Monat als Zahl von 1 bis 12 an, "
            "zum Beispiel 31.01.1990.",
            "There is no month 13: enter the month as a number from 1 to 12, for example "
            "31.01.1990.",
        ),
    ],
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_a_date_that_does_not_exist_is_told_apart_from_a_wrong_form(
    typed, german, english, language
):
    with translation.override(language):
        form = DateForm(data={"day": typed})
        assert form.errors["day"] == [german if language == "de" else english]


@pytest.mark.parametrize("typed", ["29.02.2020", "31.12.1999", "1.2.2003", "2020-02-29"])
def test_existing_days_are_accepted(typed):
    assert DateForm(data={"day": typed}).is_valid()


@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("Yılmaz, Mehmet", True),
        ("Müller-Lüdenscheidt, Hans Peter", True),
        ("O’Brien, Seán", True),
        ("Mehmet Yılmaz", True),
        ("<b>Yılmaz</b>, Mehmet", False),
        ("Yılmaz & Söhne", False),
        ("Yılmaz\x00, Mehmet", False),
        ("Yılmaz\n, Mehmet", False),
        ("Yılmaz 2, Mehmet", False),
    ],
)
def test_a_parents_name_may_contain_a_comma_but_no_markup_or_control_characters(
    client, typed, valid
):
    from applications.forms.family import ParentsForm

    form = ParentsForm(data={"father_name": typed, "mother_name": typed})
    assert form.is_valid() is valid, form.errors
    if not valid:
        with translation.override("de"):
            message = ParentsForm(data={"father_name": typed}).errors["father_name"][0]
        assert "Kommas" in message


def test_a_passport_name_still_refuses_a_comma():
    from applications.forms.person import PersonalForm

    form = PersonalForm(data={"surname": "Yılmaz, Ayşe"})
    assert "surname" in form.errors


# The official German short forms (Auswärtiges Amt, "Verzeichnis der Staatennamen für den
# amtlichen Gebrauch in der Bundesrepublik Deutschland"), for the names django-countries'
# own German catalogue gets wrong.
OFFICIAL_GERMAN = {
    "KI": "Kiribati",
    "GD": "Grenada",
    "SZ": "Eswatini",
    "MZ": "Mosambik",
    "SA": "Saudi-Arabien",
    "PG": "Papua-Neuguinea",
    "FO": "Färöer",
    "HK": "Hongkong",
    "CV": "Cabo Verde",
    # Unchanged, for comparison: django-countries has these right.
    "DE": "Deutschland",
    "TR": "Türkei",
    "CI": "Côte d'Ivoire",
}
MISSPELT = {"Kirivati", "Granada", "Swasiland", "Mozambique", "Saudi Arabien"}
MISSPELT |= {"Papua Neu Guinea", "Faröerinseln", "Hong Kong", "Kap Verde"}


def test_the_german_country_list_uses_the_official_spellings():
    from portal.forms import country_choices, nationality_label

    with translation.override("de"):
        names = dict(country_choices())
        for code, official in OFFICIAL_GERMAN.items():
            assert names[code] == official, code
            assert nationality_label(code) == official
        assert not MISSPELT & set(names.values())
    with translation.override("en"):
        names = dict(country_choices())
        assert names["SZ"] == "Eswatini"
        assert names["MZ"] == "Mozambique"
        assert names["HK"] == "Hong Kong"
