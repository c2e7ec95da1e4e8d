"""Extension points of the applications app, for the apps built on top of it.

The applications app never imports the apps above it (appointments). Those
register here, once, in their ``AppConfig.ready()``:

- ``documents_completed``: called with a request's id inside the transaction
  that moved it to "documents complete" because its documents are complete
  (the last required item verified, or a team lead's override). Appointments
  enqueues the invitation (on commit).
- ``appointment_facts``: what the workflow's guards need to know of a
  request's appointment (``AppointmentFacts``); without a provider a request
  has no appointment, so it can never be "invited".
- ``applicant_appointment``: the booked appointment as the applicant may see it on
  the status page (``ApplicantAppointment``: when and where), or None.
- ``desk_panels``: each renders a part of the caseworker's request page
  (``panel(request, application) -> str``, safe HTML, or "" for nothing).
- ``worklist_columns`` and ``worklist_flags``: extra columns and flags of the
  request list, as annotations of the list's one query (no query per row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Expression, QuerySet


@dataclass(frozen=True)
class AppointmentFacts:
    """A request's appointment as the workflow's guards see it."""

    # A booked (not cancelled) appointment exists ...
    booked: bool = False
    # ... with a letter (the invitation or the confirmation of a new time).
    letter: bool = False
    # When the booked appointment starts (None without one).
    starts_at: datetime | None = None
    # The latest appointment was cancelled by the applicant, and none is booked.
    cancelled_by_applicant: bool = False


NO_APPOINTMENT = AppointmentFacts()


@dataclass(frozen=True)
class ApplicantAppointment:
    """A request's booked appointment as its applicant sees it: when, and at which location."""

    starts_at: datetime
    location_id: int


@dataclass(frozen=True)
class WorklistColumn:
    """A column of the request list: an annotation and how to show its value."""

    name: str
    label: str
    annotation: Callable[[], Expression]
    render: Callable[[object], str]
    ordering: str | None = None


@dataclass(frozen=True)
class WorklistFlag:
    """A flag of the request list: a boolean annotation, shown as a badge and filterable."""

    code: str
    label: str
    annotation: Callable[[], Expression]


@dataclass
class _Registry:
    documents_completed: list[Callable[[int], None]] = field(default_factory=list)
    appointment_facts: Callable[[int], AppointmentFacts] | None = None
    applicant_appointment: Callable[[int], ApplicantAppointment | None] | None = None
    desk_panels: list[Callable[[object, object], str]] = field(default_factory=list)
    worklist_columns: list[WorklistColumn] = field(default_factory=list)
    worklist_flags: list[WorklistFlag] = field(default_factory=list)


registry = _Registry()


def on_documents_completed(callback: Callable[[int], None]) -> None:
    if callback not in registry.documents_completed:
        registry.documents_completed.append(callback)


def provide_appointment_facts(provider: Callable[[int], AppointmentFacts]) -> None:
    registry.appointment_facts = provider


def provide_applicant_appointment(
    provider: Callable[[int], ApplicantAppointment | None],
) -> None:
    registry.applicant_appointment = provider


def add_desk_panel(panel: Callable[[object, object], str]) -> None:
    if panel not in registry.desk_panels:
        registry.desk_panels.append(panel)


def add_worklist_column(column: WorklistColumn) -> None:
    if column.name not in {c.name for c in registry.worklist_columns}:
        registry.worklist_columns.append(column)


def add_worklist_flag(flag: WorklistFlag) -> None:
    if flag.code not in {f.code for f in registry.worklist_flags}:
        registry.worklist_flags.append(flag)


def documents_completed(application_id: int) -> None:
    for callback in registry.documents_completed:
        callback(application_id)


def appointment_facts(application_id: int) -> AppointmentFacts:
    provider = registry.appointment_facts
    return NO_APPOINTMENT if provider is None else provider(application_id)


def applicant_appointment(application_id: int) -> ApplicantAppointment | None:
    provider = registry.applicant_appointment
    return None if provider is None else provider(application_id)


def annotate_worklist(queryset: QuerySet, flags: list[WorklistFlag]) -> QuerySet:
    """The list's queryset with every registered column and ``flags`` as annotations."""
    annotations = {column.name: column.annotation() for column in registry.worklist_columns}
    annotations.update({f"flag_{flag.code}": flag.annotation() for flag in flags})
    return queryset.annotate(**annotations) if annotations else queryset
