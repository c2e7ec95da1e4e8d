"""The fixed words of an answer ("Yes", "No", "Not given"), translated once per language."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.test import override_settings
from django.utils import translation

from portal import answers


class Form(forms.Form):
    married = forms.BooleanField(label="Married", required=False)
    children = forms.BooleanField(label="Children", required=False)
    phone = forms.CharField(label="Phone", required=False)
    born = forms.DateField(label="Born")


STORED = {"married": True, "children": False, "phone": "", "born": "1990-02-03"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["Ja", "Nein", "Nicht angegeben", "03.02.1990"]),
        ("en", ["Yes", "No", "Not given", "03.02.1990"]),
    ],
)
def test_rows_show_the_words_of_the_active_language(language, expected):
    with translation.override(language):
        stored = [row.value for row in answers.stored_rows(Form(), STORED)]
        from_answers = [row.value for row in answers.rows_from_answers(Form, STORED)]
        alone = [
            answers.display(Form.base_fields[name], value)
            for name, value in [
                ("married", True),
                ("children", False),
                ("phone", ""),
                ("born", date(1990, 2, 3)),
            ]
        ]
    assert stored == from_answers == alone == expected


def test_translated_once_per_language():
    with translation.override("de"):
        german = answers.words()
        assert answers.words() is german
    with translation.override("en"):
        english = answers.words()
        assert english is not german
        assert (english.yes, english.no, english.not_given) == ("Yes", "No", "Not given")
    with translation.override("de"):
        assert answers.words() is german


def test_a_changed_catalogue_path_is_honoured():
    with translation.override("de"):
        assert answers.words().yes == "Ja"
        with override_settings(LOCALE_PATHS=[]):
            # Without the project's catalogue "Not given" stays English.
            assert answers.words().not_given == "Not given"
        assert answers.words().not_given == "Nicht angegeben"
