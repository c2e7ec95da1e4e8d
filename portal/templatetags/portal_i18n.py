"""``{% translate "fixed words" %}`` translated once per language, not per render.

Load it after Django's library (``{% load i18n portal_i18n %}``): it replaces
``translate`` and ``trans`` with Django's own tag that keeps the result of a
literal message per language and escaping mode. A page's shell carries some
forty fixed words; Django's tag resolves, translates, localises and escapes
each of them anew on every request (about 30 µs each).

Only the plain form is kept: a literal message without filters, ``noop``,
``context`` or ``as``; every other use is Django's node unchanged.
makemessages reads the tags from the template text, so it finds these as
before. When a test changes the languages or the catalogues' paths, what was
kept is forgotten.
"""

from django import template
from django.templatetags import i18n
from django.utils.translation import get_language

from portal.translation_generation import generation

register = template.Library()


class KeptTranslateNode(i18n.TranslateNode):
    """Django's ``TranslateNode`` for a literal message, its output kept per language."""

    def __init__(self, filter_expression):
        super().__init__(filter_expression, noop=False)
        self.kept = {}

    def render(self, context):
        key = (generation(), get_language(), context.autoescape)
        try:
            return self.kept[key]
        except KeyError:
            value = self.kept[key] = super().render(context)
            return value


def _plain(node: i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = i18n.do_translate(parser, token)
    if _plain(node):
        return KeptTranslateNode(node.filter_expression)
    return node
