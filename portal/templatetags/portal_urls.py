"""``{% page_url name %}``: the URL of a page without arguments, reversed once.

The shell of every page links a dozen fixed pages; ``{% url %}`` resolves
each of them again on every request (about a tenth of a millisecond each).
The result depends only on the name, the script prefix, the URL
configuration and the language, so it is kept per process by those.
"""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def page_url(name: str) -> str:
    """``{% url name %}`` for a URL without arguments (escaped like it)."""
    return _reversed(
        name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language()
    )


@functools.lru_cache(maxsize=256)
def _reversed(name: str, prefix: str, urlconf: str, language: str | None) -> str:
    return reverse(name, urlconf=urlconf)
