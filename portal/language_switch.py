"""Switching the language on a page with a form, without losing what was typed.

The header's language buttons normally post to Django's ``set_language``,
which sends the person back to the page: whatever was typed into the page's
form and not yet sent would be gone. A page whose form should survive the
switch names that form in its context (``language_form``, the form's id):
the header's buttons then submit that form itself, with ``switch_language``
set to the language chosen. The view answers with the same page in that
language, its fields filled with what was typed and no error shown (nothing
was checked, nothing stored), and remembers the choice in the language
cookie as ``set_language`` would.
"""

from __future__ import annotations

from django.conf import settings
from django.forms import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

SWITCH_FIELD = "switch_language"


def switch_if_requested(request: HttpRequest) -> str | None:
    """The language a POST of the page's form asks for with the header's buttons, else None.

    When one is asked for, it is used for the rest of this request: the page
    is built in it.
    """
    code = request.POST.get(SWITCH_FIELD, "") if request.method == "POST" else ""
    if code not in dict(settings.LANGUAGES):
        return None
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def remember(response: HttpResponse, code: str | None) -> HttpResponse:
    """Keep the choice (if one was made) for the next pages: the cookie Django's
    ``set_language`` writes."""
    if code is None:
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def form_page(
    request: HttpRequest, template: str, form, *, form_id: str, language: str | None, **context
) -> HttpResponse:
    """``template`` showing ``form`` (the element with id ``form_id``), whose language
    buttons send that form; after a switch the form is shown unchecked, the choice kept."""
    context.update(form=as_sent(form, language), language_form=form_id)
    return remember(render(request, template, context), language)


def as_sent(form, language: str | None):
    """``form`` as the page shows it: unchecked (below) when it came with a language switch."""
    return unchecked(form) if language else form


def unchecked(form):
    """``form`` (bound to what was typed) shown as typed, without validating it.

    A bound form validates itself when its errors are first asked for; here
    they are set empty beforehand, so the page shows the values and no error.
    """
    if isinstance(form, BaseFormSet):
        for each in form.forms:
            each._errors = ErrorDict()
        form._errors = [each._errors for each in form.forms]
        form._non_form_errors = form.error_class()
    else:
        form._errors = ErrorDict()
    return form
