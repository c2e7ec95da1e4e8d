"""Select lists render in one pass, with Django's markup; the country list once per language."""

from __future__ import annotations

import pytest
from django import forms
from django.test.signals import template_rendered
from django.utils import translation

from portal import forms as portal_forms
from portal.forms import ChoiceField, CountryField, KernForm, Select


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
