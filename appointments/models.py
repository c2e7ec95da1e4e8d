"""State of the appointments app: locations, capacity, appointments, letters.

Integrity lives in the database too (unique and check constraints). No logic
in save(), signals or managers. The locations themselves (and the staff who
work for them) are in the locations app, below this one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.constants import RequestKind
from locations.models import Location, StaffLocations

__all__ = [
    "Appointment",
    "CancelledBy",
    "ClosedDay",
    "InvitationJob",
    "InvitationLetter",
    "Location",
    "OpeningHours",
    "PrintBatch",
    "SlotLength",
    "StaffLocations",
]

# --- Capacity --------------------------------------------------------------------------
# Which slots a location offers: opening hours (with the desks that work in
# parallel), the length of a slot per request kind, and closed days. Public
# holidays need no rows: appointments.rules.public_holidays knows them.


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """When a location receives applicants, and at how many desks in parallel.

    Several rows per weekday are allowed (before and after a lunch break). The
    number of desks is a field of each row, not of the location, so that a
    location can open more desks in the morning than in the afternoon.
    """

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    desks = models.PositiveSmallIntegerField(
        _("desks"),
        default=1,
        help_text=_("Applicants received at the same time (desks in parallel)."),
    )

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["location", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday"
            ),
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")),
                name="opening_hours_opens_before_closes",
                violation_error_message=_("The closing time must be after the opening time."),
            ),
            models.CheckConstraint(
                condition=Q(desks__gte=1, desks__lte=99),
                name="opening_hours_desks",
                violation_error_message=_("Enter between 1 and 99 desks."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SlotLength(models.Model):
    """How long an appointment of one request kind lasts at a location.

    A kind without a row gets appointments.rules.DEFAULT_SLOT_MINUTES (30).
    """

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="slot_lengths", verbose_name=_("location")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=RequestKind.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("slot length")
        verbose_name_plural = _("slot lengths")
        ordering = ["location", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "kind"],
                name="one_slot_length_per_location_and_kind",
                violation_error_message=_("This location has a slot length for this kind."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=480),
                name="slot_length_minutes",
                violation_error_message=_("A slot lasts between 5 and 480 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.minutes} min"


class ClosedDay(models.Model):
    """A day without appointments: at one location, or at all of them (no location).

    For the office's own closures (staff meeting, 24 December); public
    holidays in Bavaria are known without rows.
    """

    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closed_days",
        verbose_name=_("location"),
        help_text=_("Empty: all locations are closed."),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "date"],
                condition=Q(location__isnull=False),
                name="one_closure_per_location_and_day",
                violation_error_message=_("This location is already closed on this day."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(location__isnull=True),
                name="one_general_closure_per_day",
                violation_error_message=_("All locations are already closed on this day."),
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"


# --- Appointments and letters ------------------------------------------------------------


def _local(moment) -> str:
    """A moment as staff read it in titles and lists: local time, dd.mm.yyyy hh:mm."""
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}" if moment else "–"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class CancelledBy(models.TextChoices):
    """Who cancelled an appointment: the applicant online, or the office."""

    APPLICANT = "applicant", _("the applicant, online")
    # The invitation would have been printed too late for the lead time
    # (printing.late_invitations_reissue): a new appointment is booked.
    OFFICE = "office", _("the office: printed too late, booked again")


class Appointment(models.Model):
    """The appointment of one request at its location, at one desk.

    The personal code for cancelling or moving it online is printed in the
    invitation letter only; the database keeps a keyed digest of it (a moved
    appointment keeps the digest: the code of the letter stays valid).

    A request has at most one booked appointment; moving it online
    (appointments.reschedule) cancels the old row and books a new one, so
    that every change stays visible and each row has its own letters.
    """

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("request"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("location")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    desk = models.PositiveSmallIntegerField(_("desk"))
    code_digest = models.CharField(max_length=64)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=16, choices=CancelledBy.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "desk"]
        constraints = [
            # No slot is booked twice. Allocation is serialised by locking the
            # location row (appointments.services); this is the backstop.
            models.UniqueConstraint(
                fields=["location", "starts_at", "desk"],
                condition=Q(status="booked"),
                name="one_booking_per_desk_and_time",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="booked"),
                name="one_booked_appointment_per_request",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="appointment_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(desk__gte=1), name="appointment_desk_positive"),
        ]
        indexes = [models.Index(fields=["location", "status", "starts_at"])]

    def __str__(self) -> str:
        desk = gettext("desk %(desk)s") % {"desk": self.desk}
        return f"{_local(self.starts_at)}, {desk}"


class PrintBatchStatus(models.TextChoices):
    PREPARING = "preparing", _("being prepared")
    READY = "ready", _("ready to print")
    FAILED = "failed", _("failed: the letters are back in the queue")


class PrintBatch(models.Model):
    """Letters printed together: one PDF of all of them, in postcode order.

    appointments.printing.print_batch_create reserves the waiting letters for
    the batch ("being prepared"); the worker merges their PDFs and marks them
    printed in one transaction ("ready"). A batch the worker could not make
    gives its letters back to the queue ("failed"). A reprint makes no new
    letters; it is recorded as a PrintReprint with its reason.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    count = models.PositiveIntegerField(_("number of letters"))
    # Generated name: letters/batches/YYYY/MM/<random>.pdf (never under a public URL).
    file = models.FileField(_("file"), max_length=200, blank=True, default="")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=PrintBatchStatus.choices,
        default=PrintBatchStatus.PREPARING,
    )
    # Started attempts of the worker's task, counted in this row (a killed
    # worker still used one up); see printing.print_batch_make.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_local(self.created_at)} ({self.count})"


class ReprintReason(models.TextChoices):
    PRINTER_FAULT = "printer_fault", _("Printer fault or paper jam")
    DAMAGED = "damaged", _("Letters damaged before posting")
    LOST = "lost", _("Printout lost before posting")
    OTHER = "other", _("Other reason (see the note)")


class PrintReprint(models.Model):
    """A print batch printed again, with the reason (the audit trail keeps the reason's code)."""

    batch = models.ForeignKey(
        PrintBatch, on_delete=models.PROTECT, related_name="reprints", verbose_name=_("print batch")
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ReprintReason.choices)
    # Staff's own words about the print run, never data of an applicant.
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reprint")
        verbose_name_plural = _("reprints")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(note=""),
                name="reprint_other_reason_has_a_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{_local(self.created_at)} ({self.get_reason_display()})"


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    # Written when the applicant moves the appointment online (or books one
    # after cancelling): one per change, on the new appointment.
    CONFIRMATION = "confirmation", _("Confirmation of a new time")
    # Written when the applicant cancels online: on the cancelled appointment.
    CANCELLATION = "cancellation", _("Confirmation of a cancellation")


class InvitationLetter(models.Model):
    """A letter about an appointment, as PDF, waiting to be printed and posted."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="invitation_letters",
        verbose_name=_("request"),
    )
    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="letters", verbose_name=_("appointment")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=LetterKind.choices, default=LetterKind.INVITATION
    )
    # The language of the request: "en" adds an English page to the German letter.
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)
    print_batch = models.ForeignKey(
        PrintBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("print batch"),
    )

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "kind"], name="one_letter_per_appointment_and_kind"
            ),
        ]
        indexes = [models.Index(fields=["printed_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.created_at):%d.%m.%Y}"


class InvitationJob(models.Model):
    """The worker's own bookkeeping of the invitation task for one request.

    Counts attempts in the database (a killed worker can make django-q2 hand
    a task out again and again), so that a task that keeps failing stops
    after settings.INVITATION_MAX_ATTEMPTS; ``last_error`` holds an error
    code (an exception's class name), never a message with personal data.
    """

    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="invitation_job",
        verbose_name=_("request"),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=64, blank=True)
    # When the task was last put in the queue, and when a worker last started it.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation job")
        verbose_name_plural = _("invitation jobs")
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.attempts}"
