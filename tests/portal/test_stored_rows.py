"""The check page's rows from stored answers: each field's display is specialised once per
form (``portal.answers._answer_fields``), and shows what ``display`` shows for the value."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import answers


class Form(forms.Form):
    conditional_fields = ("reason",)

    name = forms.CharField(label="Name")
    phone = forms.CharField(label="Phone", required=False)
    married = forms.BooleanField(label="Married", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", _("Yes")), ("b", "Plain")])
    count = forms.TypedChoiceField(label="Count", choices=[(1, "one"), (2, "two")], coerce=int)
    tags = forms.MultipleChoiceField(label="Tags", choices=[("x", "Ex"), ("y", "Why")])
    born = forms.DateField(label="Born")
    income = forms.DecimalField(label="Income", required=False)
    number = forms.IntegerField(label="Number", required=False)
    reason = forms.CharField(label="Reason", required=False)
    upload = forms.FileField(label="File", required=False)


EMPTY = [None, "", [], ()]


def reference(form, values) -> list[tuple]:
    """The rows as the general ``display`` gives them, field by field."""
    rows = []
    for name, field_ in form.fields.items():
        if isinstance(field_, forms.FileField):
            continue
        value = answers._python_value(field_, values.get(name))
        empty = value in EMPTY
        if name in form.conditional_fields and empty:
            continue
        rows.append(
            (name, str(field_.label), answers.display(field_, value), empty and not field_.required)
        )
    return rows


CASES = [
    {},
    {"name": "Ayşe", "phone": "", "married": True, "kind": "a", "count": 2, "tags": ["y", "x"]},
    {"married": False, "kind": "zz", "count": 9, "tags": ["x", "unknown"], "born": "1990-02-03"},
    {"born": "not a date", "income": "1234.5", "number": 0, "reason": "because"},
    {"name": "<b>&</b>", "tags": [], "income": "", "number": 17, "reason": ""},
    {"born": "", "kind": "b", "count": "1", "married": None},
]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("values", CASES)
def test_stored_rows_show_what_display_shows(language, values):
    with translation.override(language):
        form = Form()
        rows = answers.stored_rows(form, values)
        again = answers.stored_rows(form, values)  # with the kept displays
        expected = reference(Form(), values)
    shown = [(row.name, row.label, row.value, row.skipped) for row in rows]
    assert shown == expected
    assert [(row.name, row.value) for row in again] == [(row.name, row.value) for row in rows]


def test_choice_labels_follow_the_language_of_the_form():
    with translation.override("de"):
        german = answers.stored_rows(Form(), {"kind": "a"})
    with translation.override("en"):
        english = answers.stored_rows(Form(), {"kind": "a"})
    assert [row.value for row in german if row.name == "kind"] == ["Ja"]
    assert [row.value for row in english if row.name == "kind"] == ["Yes"]
