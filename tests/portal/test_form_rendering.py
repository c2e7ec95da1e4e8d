"""Widgets render in one pass with Django's markup; the country list is built once per language.

Select lists (portal.forms.Select) and plain inputs (portal.forms.FormRenderer)
are written in Python instead of one template include per option or
attribute; each is compared here with what Django's own templates write.
"""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.utils import translation

from portal import forms as portal_forms
from portal.forms import ChoiceField, CountryField, DateField, FormRenderer, KernForm, Select


class CountryForm(KernForm):
    country = CountryField(label="Land", with_unclear=True)
    kind = ChoiceField(
        label="Art",
        radio=False,
        required=False,
        choices=[("", "—"), ("a<b", "A & <B>"), ("c", "C “quoted”")],
    )


def django_select(field_name, form):
    """The same bound field rendered with Django's own Select widget (and its templates)."""
    bound = form[field_name]
    widget = bound.field.widget
    plain = forms.Select(attrs=widget.attrs, choices=widget.choices)
    return bound.as_widget(widget=plain)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"country": "DE", "kind": "a<b"},
        {"country": "XXA", "kind": "c"},
        {"country": "nonsense", "kind": "<script>"},
    ],
)
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_one_pass_select_writes_what_djangos_templates_write(data, language):
    with translation.override(language):
        form = CountryForm(data=data)
        if data is not None:
            form.is_valid()
        for name in ("country", "kind"):
            assert isinstance(form.fields[name].widget, Select)
            assert str(form[name]) == django_select(name, form)


def test_a_country_list_renders_without_a_template_per_option():
    rendered = []

    def count(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        html = str(CountryForm()["country"])
    finally:
        template_rendered.disconnect(count)
    assert html.count("<option") > 240
    assert rendered == []


def test_values_and_labels_are_escaped():
    html = str(CountryForm(data={"kind": "a<b"})["kind"])
    assert '<option value="a&lt;b" selected>A &amp; &lt;B&gt;</option>' in html
    assert "<script>" not in str(CountryForm(data={"kind": "<script>"})["kind"])


def test_the_country_list_is_built_once_per_language_and_named_in_it():
    portal_forms._COUNTRY_CHOICES.clear()
    with translation.override("de"):
        german = portal_forms.country_choices(with_unclear=True)
        assert portal_forms.country_choices(with_unclear=True) is german
        assert ("DE", "Deutschland") in german
        assert german[-2:] == (("XXA", "Staatenlos"), ("XXX", "Ungeklärt"))
    with translation.override("en"):
        english = portal_forms.country_choices(with_unclear=True)
        assert english is not german
        assert ("DE", "Germany") in english
    with translation.override("de"):
        assert portal_forms.country_choices(with_unclear=True) is german
        assert dict(CountryForm().fields["country"].choices)["DE"] == "Deutschland"


class InputsForm(KernForm):
    name = forms.CharField(label="Name", max_length=20)
    email = forms.EmailField(label="E-Mail", required=False)
    count = forms.IntegerField(label="Anzahl", required=False)
    born = DateField(label="Geboren", required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label="Ja", required=False)
    upload = forms.FileField(required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "name": 'A "quoted" <b>name</b> & more',
            "email": "x@example.de",
            "count": "12",
            "born": "31.01.1990",
            "secret": "s",
            "hidden": "<h>",
            "note": "line 1\n<script>line 2</script>",
            "agree": "on",
        },
        {"name": "", "count": "not a number", "born": "99.99.9999", "note": ""},
    ],
)
def test_inputs_written_in_python_are_what_djangos_templates_write(data):
    form = InputsForm(data=data)
    if data is not None:
        form.is_valid()
    assert isinstance(form.renderer, FormRenderer)
    for bound in form:
        bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}-hint"
        ours = str(bound)
        form.renderer = DjangoTemplates()
        try:
            django = str(form[bound.name].as_widget())
        finally:
            form.renderer = FormRenderer()
        assert ours == django, bound.name
        assert ours.startswith(("<input", "<textarea"))


def test_inputs_render_without_templates():
    rendered = []

    def count(sender, template, context, **kwargs):
        rendered.append(template.name)

    form = InputsForm(data={"name": "x"})
    template_rendered.connect(count)
    try:
        html = "".join(str(form[name]) for name in ("name", "email", "note", "agree"))
    finally:
        template_rendered.disconnect(count)
    assert html.count("<input") == 3
    assert rendered == []
