"""What the appointments app adds to the caseworker's desk (registered in AppointmentsConfig).

- The panel on the request page: the appointment (date, time, location, state),
  earlier appointments (moved, cancelled), every letter about them with a
  download, the invitation task when it failed (with "try again" for team
  leads), and "invite again" after the applicant cancelled online.
- The request list's column "appointment" and the flags "cancelled by the
  applicant" and "invitation failed", as annotations of the list's one query.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.hooks import WorklistColumn, WorklistFlag

from . import services
from .models import (
    Appointment,
    AppointmentStatus,
    CancelledBy,
    InvitationJob,
    InvitationLetter,
)

# Error codes of the invitation task, in words for the caseworker.
INVITATION_ERRORS = {
    services.NO_LOCATION: _("no location is responsible for this request"),
    services.NO_FREE_SLOT: _("the location has no free time in the next months"),
    services.NO_ADDRESS: _("the request has no complete postal address"),
}
RETRY_PERMISSION = "appointments.change_invitationjob"


def invitation_error_text(code: str) -> str:
    return str(INVITATION_ERRORS.get(code, _("an unexpected error (%(code)s)") % {"code": code}))


def appointment_panel(request, application) -> str:
    """The appointment part of the request page (five queries)."""
    appointments = list(
        Appointment.objects.filter(application=application)
        .select_related("location")
        .order_by("status", "-created_at", "-pk")
    )
    letters = list(
        InvitationLetter.objects.filter(application=application)
        .select_related("appointment")
        .order_by("-created_at", "-pk")
    )
    job = InvitationJob.objects.filter(application=application).first()
    current = appointments[0] if appointments else None
    booked = current if current and current.status == AppointmentStatus.BOOKED else None
    cancelled = (
        current is not None and booked is None and current.cancelled_by == CancelledBy.APPLICANT
    )
    failed = bool(job and job.last_error and job.done_at is None)
    user = request.user
    context = {
        "application": application,
        "booked": booked,
        "earlier": [item for item in appointments if item is not booked],
        "cancelled_by_applicant": cancelled and application.status == Status.DOCUMENTS_COMPLETE,
        "may_invite_again": (
            cancelled
            and application.status == Status.DOCUMENTS_COMPLETE
            and user.has_perm("applications.change_workflow")
        ),
        "letters": letters,
        "job": job,
        "failed": failed,
        "failed_reason": invitation_error_text(job.last_error) if failed else "",
        "gave_up": failed and job.attempts >= services.max_attempts(),
        "may_retry": failed and user.has_perm(RETRY_PERMISSION),
        "waiting": (
            application.status == Status.DOCUMENTS_COMPLETE and not cancelled and not failed
        ),
    }
    return render_to_string("appointments/admin/desk_panel.html", context, request=request)


def _booked_start():
    return Subquery(
        Appointment.objects.filter(
            application=OuterRef("pk"), status=AppointmentStatus.BOOKED
        ).values("starts_at")[:1]
    )


def _render_start(obj) -> str:
    starts_at = getattr(obj, "appointment_at", None)
    if starts_at is None:
        return "–"
    local = timezone.localtime(starts_at)
    return f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}"


def _cancelled_by_applicant():
    booked = Appointment.objects.filter(application=OuterRef("pk"), status=AppointmentStatus.BOOKED)
    cancelled = Appointment.objects.filter(
        application=OuterRef("pk"),
        status=AppointmentStatus.CANCELLED,
        cancelled_by=CancelledBy.APPLICANT,
    )
    return ExpressionWrapper(
        Q(status=Status.DOCUMENTS_COMPLETE) & Q(Exists(cancelled)) & ~Q(Exists(booked)),
        output_field=BooleanField(),
    )


def _invitation_failed():
    return Exists(
        InvitationJob.objects.filter(application=OuterRef("pk"), done_at__isnull=True).exclude(
            last_error=""
        )
    )


APPOINTMENT_COLUMN = WorklistColumn(
    name="appointment_at",
    label=_("appointment"),
    annotation=_booked_start,
    render=_render_start,
    ordering="appointment_at",
)
CANCELLED_FLAG = WorklistFlag(
    code="cancelled",
    label=_("appointment cancelled by the applicant"),
    annotation=_cancelled_by_applicant,
)
FAILED_FLAG = WorklistFlag(
    code="invitation_failed", label=_("invitation failed"), annotation=_invitation_failed
)
