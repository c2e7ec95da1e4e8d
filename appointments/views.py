"""Cancel or move an appointment online (seed 001: "Terminabsage oder Terminverschiebung").

/termin/: the reference number, the date of birth and the personal code
from the invitation letter open the request's appointment for this session
only, for 30 minutes. Every wrong input gets the same answer, and the
attempts are rate-limited (as applications.handin). Then the applicant sees
the appointment and cancels it or chooses another free time; the changes
are appointments.reschedule's.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal import codes, grants, language_switch
from portal.forms import ChoiceField, DateField, KernForm, TextField, YesNoField

from . import reschedule
from .models import Appointment

logger = logging.getLogger(__name__)

SESSION_KEY = "appointment_change"  # {"application": id, "until": ISO datetime}
DONE_KEY = (
    "appointment_change_done"  # {"change": "moved" | "cancelled" | "booked", "appointment": id}
)
RATE_SCOPE = "appointment-change"
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 900

NOT_FOUND = _(
    "We could not find an appointment with these details. Check the reference number, your "
    "date of birth and the personal code in our invitation letter."
)
SESSION_ENDED = _(
    "For your security, access to your appointment ends after 30 minutes. Please enter your "
    "details again."
)
NOT_CHANGEABLE = _(
    "This appointment can no longer be changed online. The page shows its current state."
)
ALREADY_CHANGED = _(
    "Your appointment was changed in the meantime (perhaps in another window). The page shows "
    "its current state."
)
SLOT_TAKEN = _("This time is no longer free. Please choose another time.")
CANCEL_MISSING = _("Select yes if you want to cancel the appointment, or no to keep it.")
NO_ADDRESS = _("We cannot write to you without a postal address. Please call us.")


class FindForm(KernForm):
    reference = TextField(
        label=_("Reference number"),
        max_length=20,
        help_text=_("As in our invitation letter, for example ABCD-EFGH-J."),
    )
    date_of_birth = DateField(label=_("Your date of birth"), birth=True)
    code = TextField(
        label=_("Personal code"),
        max_length=24,
        help_text=_("As in our invitation letter, for example 7Q4M-9TXC-2K8R-4."),
    )


class CancelForm(KernForm):
    cancel = YesNoField(
        label=_("Do you want to cancel your appointment?"),
        error_messages={"required": CANCEL_MISSING, "invalid_choice": CANCEL_MISSING},
    )


DAY_MISSING = _("Choose the day on which you would like to come.")
DAY_GONE = _("There is no free time on this day any more. Please choose another day.")


class DayForm(KernForm):
    """The first question of a move: the day (sent by GET: choosing changes nothing)."""

    tag = ChoiceField(
        label=_("On which day would you like to come?"),
        error_messages={"required": DAY_MISSING, "invalid_choice": DAY_GONE},
    )

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.days = {offer.day.isoformat(): offer for offer in days}
        self.fields["tag"].choices = [
            (value, day_label(offer)) for value, offer in self.days.items()
        ]

    def clean_tag(self):
        return self.days[self.cleaned_data["tag"]].day


class SlotForm(KernForm):
    slot = ChoiceField(
        label=_("At what time?"),
        error_messages={
            "required": _("Choose one of the free times."),
            "invalid_choice": SLOT_TAKEN,
        },
    )

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.starts_at.isoformat(): slot for slot in slots}
        self.fields["slot"].choices = [
            (value, time_label(slot.starts_at)) for value, slot in self.slots.items()
        ]

    def clean_slot(self):
        return self.slots[self.cleaned_data["slot"]].starts_at


def slot_label(starts_at: datetime) -> str:
    """ "Montag, 8. Juni 2026, 08:00" in the active language and the office's time zone."""
    local = timezone.localtime(starts_at)
    return f"{date_format(local, 'l')}, {date_format(local, 'DATE_FORMAT')}, {local:%H:%M}"


def long_day(day) -> str:
    """ "Montag, 8. Juni 2026" in the active language."""
    return f"{date_format(day, 'l')}, {date_format(day, 'DATE_FORMAT')}"


def day_label(offer: reschedule.DayOffer) -> str:
    count = ngettext("%(count)d free time", "%(count)d free times", offer.times) % {
        "count": offer.times
    }
    return f"{long_day(offer.day)} ({count})"


def time_label(starts_at: datetime) -> str:
    return f"{timezone.localtime(starts_at):%H:%M}"


def _posted(request: HttpRequest):
    """The submitted data of a POST (an empty one too: it is answered with errors), else None."""
    return request.POST if request.method == "POST" else None


# --- The grant -------------------------------------------------------------------------


def _granted(request: HttpRequest) -> int | None:
    return grants.granted(request, SESSION_KEY)


def _page(request: HttpRequest, template: str, context: dict, **kwargs) -> HttpResponse:
    """A page under the grant: with the dialog that warns before it closes (WCAG 2.2.1)."""
    timeout = grants.timeout_context(
        request,
        SESSION_KEY,
        extend_url=reverse("appointments:extend"),
        ended_url=reverse("appointments:change"),
    )
    return render(request, template, {**context, **timeout}, **kwargs)


@require_POST
def extend(request: HttpRequest) -> JsonResponse:
    """The dialog's "keep the pages open": another 30 minutes for a grant still open."""
    return JsonResponse({"seconds": grants.grant_extend(request, SESSION_KEY)})


def _ended(request: HttpRequest) -> HttpResponse:
    """Back to /termin/; a grant that ran out is said so, and forgotten."""
    if request.session.pop(SESSION_KEY, None) is not None:
        messages.info(request, SESSION_ENDED)
    request.session.pop(DONE_KEY, None)
    return redirect("appointments:change")


def _find(data) -> int | None:
    """The id of the request whose appointment the details open, or None (one query)."""
    reference = codes.code_normalise(data["reference"])
    code = codes.code_normalise(data["code"])
    if reference is None or code is None:
        return None
    return (
        Appointment.objects.filter(
            code_digest__in=codes.digests(code, purpose="appointment"),
            application__reference=reference,
            application__date_of_birth=data["date_of_birth"],
        )
        .values_list("application_id", flat=True)
        .first()
    )


DETAILS = grants.LetterDetails(
    session_key=SESSION_KEY,
    rate_scope=RATE_SCOPE,
    find=_find,
    not_found=NOT_FOUND,
    opened_url="appointments:overview",
    audit_code="appointment",
    rate_limit=RATE_LIMIT,
    rate_window_seconds=RATE_WINDOW_SECONDS,
)


# --- The pages ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def change(request: HttpRequest) -> HttpResponse:
    """/termin/: the details from the letter open the appointment for 30 minutes."""
    language = language_switch.switch_if_requested(request)
    form = FindForm(_posted(request))
    if request.method == "POST" and not language:
        response = grants.letter_details_open(request, form, DETAILS)
        if response is not None:
            request.session.pop(DONE_KEY, None)
            return response
    return language_switch.form_page(
        request,
        "appointments/change.html",
        form,
        form_id="appointment-find-form",
        language=language,
    )


@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    """The appointment (date, time, address) and what can be done with it."""
    application_id = _granted(request)
    if application_id is None:
        return _ended(request)
    state = reschedule.appointment_state(application_id=application_id)
    until = grants.grant_until(request, SESSION_KEY)
    return _page(request, "appointments/overview.html", {"state": state, "until": until})


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    """Cancel the appointment: a question page, yes or no."""
    application_id = _granted(request)
    if application_id is None:
        return _ended(request)
    state = reschedule.appointment_state(application_id=application_id)
    if not state.changeable:
        messages.info(request, NOT_CHANGEABLE)
        return redirect("appointments:overview")
    form = CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["cancel"]:
            return redirect("appointments:overview")
        try:
            reschedule.appointment_cancel(
                application_id=application_id, appointment_id=state.appointment.pk
            )
        except reschedule.ChangeRefused as refused:
            messages.info(request, NO_ADDRESS if refused.code == "no_address" else NOT_CHANGEABLE)
            return redirect("appointments:overview")
        request.session[DONE_KEY] = {"change": "cancelled", "appointment": state.appointment.pk}
        return redirect("appointments:done")
    return _page(request, "appointments/cancel.html", {"form": form, "state": state})


@require_http_methods(["GET", "POST"])
def move(request: HttpRequest) -> HttpResponse:
    """Another time at the same location (or a new one after a cancellation): day, then time.

    GET without a day: the days with free times in the coming weeks. GET with
    ``tag`` (the chosen day): that day's free times. POST: book the chosen
    time; when someone was faster, the day's times again with the message.
    """
    application_id = _granted(request)
    if application_id is None:
        return _ended(request)
    state = reschedule.appointment_state(application_id=application_id)
    if not (state.changeable or state.bookable):
        messages.info(request, NOT_CHANGEABLE)
        return redirect("appointments:overview")
    shown = str(state.appointment.pk) if state.appointment else ""
    if request.method == "POST":
        if request.POST.get("shown") != shown:
            # The page was made for an appointment that has changed since (a second submit).
            messages.info(request, ALREADY_CHANGED)
            return redirect("appointments:overview")
        return _book(request, application_id, state, shown)
    days = reschedule.days_offered(application_id=application_id)
    if "tag" not in request.GET and "auswahl" not in request.GET:
        return _days_page(request, state, DayForm(days=days), days)
    # "auswahl": the day form was sent (without a day chosen, a radio sends nothing).
    form = DayForm(request.GET, days=days)
    if not form.is_valid():
        return _days_page(request, state, form, days)
    day = form.cleaned_data["tag"]
    slots = reschedule.slots_offered(application_id=application_id, day=day)
    return _times_page(request, state, SlotForm(slots=slots), day, slots, shown)


def _days_page(request, state, form, days) -> HttpResponse:
    context = {"state": state, "form": form, "days": days, "step": "day"}
    return _page(request, "appointments/move.html", context)


def _times_page(request, state, form, day, slots, shown) -> HttpResponse:
    context = {
        "state": state,
        "form": form,
        "day": day,
        "day_text": long_day(day),
        "slots": slots,
        "shown": shown,
        "step": "time",
    }
    return _page(request, "appointments/move.html", context)


def _book(request, application_id: int, state, shown: str) -> HttpResponse:
    day = _posted_day(request.POST.get("slot", ""))
    if day is None:
        day = _posted_day(request.POST.get("tag", ""), is_date=True)
    if day is None:
        days = reschedule.days_offered(application_id=application_id)
        form = DayForm({"tag": ""}, days=days)
        form.is_valid()
        return _days_page(request, state, form, days)
    slots = reschedule.slots_offered(application_id=application_id, day=day)
    form = SlotForm(request.POST, slots=slots)
    if form.is_valid():
        moving = state.changeable
        try:
            new = reschedule.appointment_move(
                application_id=application_id,
                appointment_id=state.appointment.pk if moving else None,
                starts_at=form.cleaned_data["slot"],
            )
        except reschedule.ChangeRefused as refused:
            if refused.code != reschedule.SLOT_TAKEN:
                messages.info(
                    request, NO_ADDRESS if refused.code == "no_address" else NOT_CHANGEABLE
                )
                return redirect("appointments:overview")
            # Someone else was faster: the day's times still free, and the message.
            slots = reschedule.slots_offered(application_id=application_id, day=day)
            form = SlotForm(request.POST, slots=slots)
            if form.is_valid():
                form.add_error("slot", SLOT_TAKEN)
        else:
            request.session[DONE_KEY] = {
                "change": "moved" if moving else "booked",
                "appointment": new.pk,
            }
            return redirect("appointments:done")
    return _times_page(request, state, form, day, slots, shown)


def _posted_day(value: str, *, is_date: bool = False):
    """The local day of a posted time (ISO datetime), or a posted day (ISO date); else None."""
    try:
        if is_date:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(moment):
        return None
    return timezone.localdate(moment)


@require_http_methods(["GET"])
def done(request: HttpRequest) -> HttpResponse:
    """The confirmation: what changed, what happens next."""
    application_id = _granted(request)
    if application_id is None:
        return _ended(request)
    outcome = request.session.get(DONE_KEY) or {}
    appointment = (
        Appointment.objects.select_related("location", "application")
        .filter(pk=outcome.get("appointment"), application_id=application_id)
        .first()
    )
    if appointment is None:
        return redirect("appointments:overview")
    return _page(
        request,
        "appointments/done.html",
        {"change": outcome.get("change"), "appointment": appointment},
    )
