"""``{% load i18n portal_i18n %}``: the same output as Django's translate tag, translated once."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from portal.templatetags import portal_i18n

# Each with a word that has a German translation in the catalogue.
TEXTS = [
    '{% translate "Change" %}',
    "{% trans 'Change' %}",
    '{% translate "Fee" %}|{% translate "Documents" %}',
    '{% translate "Fee" as word %}<{{ word }}>',
    '{% translate "Change" noop %}',
    '{% translate "Change" context "button" %}',
    '{% translate "Change"|upper %}',
    "{% translate message %}",
    "{% translate hostile %}",
    '{% translate "100%% sure" %}',
    '{% autoescape off %}{% translate hostile %}{% translate "Fee" %}{% endautoescape %}',
]
CONTEXT = {"message": "Fee", "hostile": "<b>&</b>"}


def _render(libraries: str, text: str) -> str:
    return Template("{% load " + libraries + " %}" + text).render(Context(CONTEXT))


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", TEXTS)
def test_the_output_is_djangos(language, text):
    with translation.override(language):
        expected = _render("i18n", text)
        assert _render("i18n portal_i18n", text) == expected
        template = Template("{% load i18n portal_i18n %}" + text)
        # Rendered again from the same parsed template (what is kept).
        assert template.render(Context(CONTEXT)) == expected
        assert template.render(Context(CONTEXT)) == expected


def test_german_and_english_are_kept_apart():
    template = Template('{% load i18n portal_i18n %}{% translate "Change" %}')
    with translation.override("de"):
        assert template.render(Context()) == "Ändern"
    with translation.override("en"):
        assert template.render(Context()) == "Change"
    with translation.override("de"):
        assert template.render(Context()) == "Ändern"


def test_a_literal_is_translated_once_per_language(monkeypatch):
    template = Template('{% load i18n portal_i18n %}{% translate "Change" %}')
    (node,) = [n for n in template.nodelist if isinstance(n, portal_i18n.KeptTranslateNode)]
    calls = []
    render = portal_i18n.i18n.TranslateNode.render

    def counted(self, context):
        calls.append(self)
        return render(self, context)

    monkeypatch.setattr(portal_i18n.i18n.TranslateNode, "render", counted)
    with translation.override("de"):
        for _index in range(3):
            template.render(Context())
    assert calls == [node]
    with translation.override("en"):
        template.render(Context())
    assert calls == [node, node]


@pytest.mark.parametrize(
    "text",
    [
        '{% translate "Fee" as word %}',
        '{% translate "Fee" noop %}',
        '{% translate "Fee" context "x" %}',
        '{% translate "Fee"|upper %}',
        "{% translate message %}",
    ],
)
def test_every_other_form_is_djangos_node(text):
    template = Template("{% load i18n portal_i18n %}" + text)
    assert not any(isinstance(n, portal_i18n.KeptTranslateNode) for n in template.nodelist)


def test_a_changed_language_setting_forgets_what_was_kept():
    template = Template('{% load i18n portal_i18n %}{% translate "Will be handed in later" %}')
    with translation.override("de"):
        german = template.render(Context())
        assert german != "Will be handed in later"
        with override_settings(LOCALE_PATHS=[]):
            # Without the project's catalogue the words stay English.
            assert template.render(Context()) == "Will be handed in later"
        assert template.render(Context()) == german


def test_every_template_that_translates_loads_it():
    """A template that loads Django's i18n without it translates every word each time."""
    from pathlib import Path

    from django.conf import settings

    missing = [
        str(path)
        for folder in settings.TEMPLATES[0]["DIRS"]
        for path in Path(folder).rglob("*.html")
        if "{% load i18n" in (text := path.read_text()) and "{% load i18n portal_i18n" not in text
    ]
    assert missing == []
