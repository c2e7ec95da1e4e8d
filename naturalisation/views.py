"""The naturalisation quick check (anonymous, stores nothing) and the start of the application."""

from __future__ import annotations

import logging
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from fees import quote
from portal import drafts, language_switch
from portal.ratelimit import client_key, limit_reached, too_many_attempts

from . import contact, rules, services
from .forms import QuickCheckForm
from .kind import NATURALISATION

logger = logging.getLogger(__name__)

CHECK_FAILED = _(
    "The quick check cannot answer for this date. Please call us or start the application."
)


def _answers(data: dict) -> rules.QuickCheckAnswers:
    return rules.QuickCheckAnswers(
        **{name: data.get(name) for name in rules.QuickCheckAnswers.__dataclass_fields__}
    )


@require_http_methods(["GET", "POST"])
def quick_check(request: HttpRequest) -> HttpResponse:
    """Questions, then for each prerequisite met / not met / to be checked.

    The answers travel only in this request (and, to prefill the application,
    in the next one); nothing is saved.
    """
    language = language_switch.switch_if_requested(request)
    form = QuickCheckForm(request.POST or None)
    if language and request.POST.get("shown") != "result":
        # The questions again in the language chosen, as typed.
        return _questions_page(request, form, language)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        answers = _answers(form.cleaned_data)
        try:
            result = rules.quick_check(answers, on=timezone.localdate())
        except rules.NaturalisationRuleError:
            logger.warning("quick check could not answer")
            form.add_error(None, CHECK_FAILED)
        else:
            fee = quote(
                "naturalisation",
                minor_children=answers.minor_children,
                minor_children_with_income=answers.minor_children_with_income,
            )
            page = render(
                request,
                "naturalisation/quick_check_result.html",
                {
                    "result": result,
                    "fee": fee,
                    "answers": answers,
                    "hidden": _hidden_fields(request.POST),
                    # The language buttons send the answers again (the form
                    # "Change my answers"): the result in the other language.
                    "language_form": "quick-check-answers",
                },
            )
            return language_switch.remember(page, language)
    return _questions_page(request, form, language)


def _questions_page(request: HttpRequest, form: QuickCheckForm, language) -> HttpResponse:
    return language_switch.form_page(
        request,
        "naturalisation/quick_check.html",
        form,
        form_id="quick-check-form",
        language=language,
    )


def _hidden_fields(data) -> list[tuple[str, str]]:
    names = QuickCheckForm.base_fields.keys()
    return [(name, data.get(name, "")) for name in names]


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Start a naturalisation application, prefilled from the quick check's answers.

    Starting is a POST; the address opened (a bookmark, a reload) leads to the
    naturalisation page, where the application can be started.
    """
    if request.method == "GET":
        return redirect("naturalisation:quick-check")
    journey = NATURALISATION
    form = QuickCheckForm(request.POST)
    refusal = limit_reached(
        scope="draft-start", key=client_key(request), limit=30, window_seconds=3600
    )
    if refusal:
        return too_many_attempts(request, refusal)
    draft, _code = drafts.draft_create(request=request, journey=journey.journey)
    if form.is_valid():
        services.draft_prefill_from_quick_check(draft=draft, data=form.cleaned_data)
    return redirect(journey.step_url_name, step=journey.first_step)


# --- The message to the naturalisation team ---------------------------------------------

# The receipt number of the message just sent, for the confirmation page: not a
# secret (it opens nothing), and the page shows nothing of the message.
CONTACT_SESSION_KEY = "naturalisation.contact.receipt"


@require_http_methods(["GET", "POST"])
def contact_message(request: HttpRequest) -> HttpResponse:
    """/einbuergerung/nachricht/: a message to the team, stored encrypted."""
    language = language_switch.switch_if_requested(request)
    form = contact.ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not language:  # a switch sends nothing
        refusal = limit_reached(
            scope=contact.RATE_SCOPE,
            key=client_key(request),
            limit=contact.RATE_LIMIT,
            window_seconds=contact.RATE_WINDOW_SECONDS,
        )
        if refusal:
            return too_many_attempts(request, refusal, back_url=request.path)
        if form.is_valid():
            message = contact.contact_message_send(form=form, request=request)
            request.session[CONTACT_SESSION_KEY] = {
                "receipt_number": message.receipt_number,
                "received_at": message.received_at.isoformat(),
            }
            return redirect("naturalisation:contact-sent")
    return language_switch.form_page(
        request, "naturalisation/contact.html", form, form_id="contact-form", language=language
    )


@require_http_methods(["GET"])
def contact_message_sent(request: HttpRequest) -> HttpResponse:
    """The receipt number of the message just sent (and nothing of the message)."""
    sent = request.session.get(CONTACT_SESSION_KEY)
    if not isinstance(sent, dict) or "receipt_number" not in sent:
        return redirect("naturalisation:contact")
    context = {
        "receipt_number": sent["receipt_number"],
        "received_at": datetime.fromisoformat(sent["received_at"]),
    }
    return render(request, "naturalisation/contact_sent.html", context)
