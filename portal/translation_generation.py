"""A counter of the settings that decide a translation, for what keeps translated text.

Fixed words translated once per language and kept in process memory
(``{% load portal_i18n %}``, the answers' "Yes", "No" and "Not given") are kept
by ``(generation(), language)``. The settings never change in a running
portal; when a test changes the languages or the catalogues' paths, the
generation goes up and what was kept is no longer found.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver

TRANSLATION_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"})
_generation = [0]


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in TRANSLATION_SETTINGS:
        _generation[0] += 1


def generation() -> int:
    return _generation[0]
