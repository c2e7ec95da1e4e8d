"""``{% page_url %}`` gives what ``{% url %}`` gives, for every prefix, and is reversed once."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from portal.templatetags import portal_urls


def _render(text: str) -> str:
    return Template("{% load portal_urls %}" + text).render(Context())


@pytest.fixture
def prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize(
    "name", ["portal:start", "portal:help", "applications:my-requests", "set_language"]
)
def test_page_url_is_the_url_tags_result(name):
    assert _render(f"{{% page_url '{name}' %}}") == _render(f"{{% url '{name}' %}}")
    assert _render(f"{{% page_url '{name}' %}}") == reverse(name)


def test_page_url_follows_the_script_prefix(prefix):
    plain = _render("{% page_url 'portal:help' %}")
    prefix("/amt/")
    assert _render("{% page_url 'portal:help' %}") == "/amt" + plain
    prefix("/")
    assert _render("{% page_url 'portal:help' %}") == plain


def test_page_url_reverses_once(monkeypatch):
    portal_urls._reversed.cache_clear()
    calls = []

    def counting(name, urlconf=None):
        calls.append(name)
        return reverse(name, urlconf=urlconf)

    monkeypatch.setattr(portal_urls, "reverse", counting)
    for _round in range(3):
        _render("{% page_url 'portal:imprint' %}")
    assert calls == ["portal:imprint"]
    portal_urls._reversed.cache_clear()


def test_the_page_shell_links_through_page_url_only():
    from pathlib import Path

    from django.conf import settings

    shell = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert "{% url " not in shell
    assert shell.count("{% page_url ") >= 10
