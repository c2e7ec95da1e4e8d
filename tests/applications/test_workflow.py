"""The transition table, every illegal transition, and the case-work services."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from applications import casework, workflow
from applications.constants import Status
from applications.models import Application
from tests.factories import ApplicationFactory, StaffFactory

ALL = [status.value for status in Status]
LEGAL = {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets}


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_transitions_pass(current, target):
    workflow.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    sorted(set(itertools.product(ALL, ALL)) - LEGAL),
)
def test_every_other_transition_is_refused(current, target):
    with pytest.raises(workflow.IllegalTransition, match="cannot move"):
        workflow.check_transition(current, target)


def test_final_statuses_have_no_way_out():
    for status in (Status.GRANTED, Status.REFUSED, Status.WITHDRAWN):
        assert workflow.allowed_targets(status) == frozenset()
        assert workflow.is_final(status)


def test_unknown_status_is_refused():
    with pytest.raises(workflow.IllegalTransition, match="Unknown status"):
        workflow.check_transition("submitted", "lost")


@pytest.mark.parametrize(
    ("items", "complete"),
    [
        ([(True, "verified"), (True, "verified")], True),
        ([(True, "verified"), (False, "later")], True),
        ([(True, "verified"), (True, "received")], False),
        ([(True, "rejected")], False),
        ([(False, "verified")], False),
        ([], False),
    ],
)
def test_documents_complete(items, complete):
    assert workflow.documents_complete(items) is complete


@pytest.fixture
def filed():
    """A filed renewal with its checklist (built directly: these are service tests)."""
    return ApplicationFactory(), StaffFactory(role="Sachbearbeitung")


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        # Seed 001: the blocking note is lifted once the office has checked the documents.
        (Status.SUBMITTED, workflow.DOCUMENTS_MISSING),
        (Status.IN_REVIEW, workflow.DOCUMENTS_MISSING),
        (Status.DOCUMENTS_REQUESTED, workflow.DOCUMENTS_MISSING),
        (Status.DOCUMENTS_COMPLETE, None),
        (Status.INVITED, None),
        (Status.APPOINTMENT_HELD, None),
        (Status.GRANTED, None),
        (Status.REFUSED, workflow.REQUEST_CLOSED),
        (Status.WITHDRAWN, workflow.REQUEST_CLOSED),
    ],
)
def test_when_the_release_declaration_may_be_issued(status, failure):
    assert workflow.release_declaration_failure(status) == failure


def test_the_release_table_names_every_status():
    assert {status.value for status in Status} == {
        "submitted",
        "in_review",
        "documents_requested",
        "documents_complete",
        "invited",
        "appointment_held",
        "granted",
        "refused",
        "withdrawn",
    }
    with pytest.raises(ValueError, match="Unknown status 'lost'"):
        workflow.release_declaration_failure("lost")


@pytest.mark.django_db
def test_verifying_the_last_required_document_completes_the_documents(filed):
    application, caseworker = filed
    items = list(application.document_declarations.all())
    for item in items[:-1]:
        casework.document_review(
            application_id=application.pk, declaration_id=item.pk, state="verified", by=caseworker
        )
        application.refresh_from_db()
        assert application.status == Status.SUBMITTED
    casework.document_review(
        application_id=application.pk, declaration_id=items[-1].pk, state="verified", by=caseworker
    )
    application.refresh_from_db()
    assert application.status == Status.DOCUMENTS_COMPLETE


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_and_blocks_completion(filed):
    application, caseworker = filed
    item = application.document_declarations.first()
    with pytest.raises(casework.ReviewError, match="needs a reason"):
        casework.document_review(
            application_id=application.pk, declaration_id=item.pk, state="rejected", by=caseworker
        )
    casework.document_review(
        application_id=application.pk,
        declaration_id=item.pk,
        state="rejected",
        reason="Kopie unleserlich",
        by=caseworker,
    )
    item.refresh_from_db()
    assert (item.state, item.reason, item.reviewed_by) == (
        "rejected",
        "Kopie unleserlich",
        caseworker,
    )


@pytest.mark.django_db
def test_an_item_of_another_request_cannot_be_reviewed(filed):
    application, caseworker = filed
    other = ApplicationFactory(location=application.location).document_declarations.first()
    with pytest.raises(casework.ReviewError, match="does not belong"):
        casework.document_review(
            application_id=application.pk, declaration_id=other.pk, state="verified", by=caseworker
        )


@pytest.mark.django_db
def test_illegal_transition_through_the_service_changes_nothing(filed):
    application, caseworker = filed
    with pytest.raises(workflow.IllegalTransition):
        casework.application_transition(
            application_id=application.pk, target=Status.GRANTED, by=caseworker
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_gets_a_conflict(filed):
    application, caseworker = filed
    version = application.version
    casework.application_transition(
        application_id=application.pk,
        target=Status.IN_REVIEW,
        by=caseworker,
        expected_version=version,
    )
    with pytest.raises(casework.StaleVersion, match="changed by someone else"):
        casework.application_transition(
            application_id=application.pk,
            target=Status.WITHDRAWN,
            by=caseworker,
            expected_version=version,
        )


@pytest.mark.django_db(transaction=True)
def test_two_threads_moving_the_same_request_one_wins():
    application = ApplicationFactory()
    caseworker = StaffFactory(role="Sachbearbeitung")
    results = []

    def move():
        try:
            casework.application_transition(
                application_id=application.pk,
                target=Status.IN_REVIEW,
                by=caseworker,
                expected_version=application.version,
            )
            results.append("ok")
        except (casework.StaleVersion, workflow.IllegalTransition):
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=move) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]


@pytest.mark.django_db
def test_the_caseworker_can_add_a_checklist_item(filed):
    application, caseworker = filed
    item = casework.document_add(application_id=application.pk, label="Mietvertrag", by=caseworker)
    assert item.added_by_caseworker
    assert item.state == "later"
    assert item.required


# --- Guards: every transition's guard, as a table ------------------------------------------

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
COMPLETE = workflow.CaseFacts(documents_complete=True, now=NOW)
OVERRIDDEN = workflow.CaseFacts(documents_override=True, now=NOW)
MISSING = workflow.CaseFacts(now=NOW)
BOOKED = workflow.CaseFacts(
    documents_complete=True,
    appointment_booked=True,
    appointment_letter=True,
    appointment_starts_at=NOW + timedelta(days=7),
    now=NOW,
)
BOOKED_NO_LETTER = workflow.CaseFacts(
    appointment_booked=True, appointment_starts_at=NOW + timedelta(days=7), now=NOW
)
BEGUN = workflow.CaseFacts(
    appointment_booked=True, appointment_letter=True, appointment_starts_at=NOW, now=NOW
)


@pytest.mark.parametrize(
    ("current", "target", "facts", "failure"),
    [
        # "documents complete": every required item verified, or a team lead's override.
        (Status.IN_REVIEW, Status.DOCUMENTS_COMPLETE, MISSING, workflow.DOCUMENTS_MISSING),
        (Status.IN_REVIEW, Status.DOCUMENTS_COMPLETE, COMPLETE, None),
        (Status.IN_REVIEW, Status.DOCUMENTS_COMPLETE, OVERRIDDEN, None),
        (
            Status.DOCUMENTS_REQUESTED,
            Status.DOCUMENTS_COMPLETE,
            MISSING,
            workflow.DOCUMENTS_MISSING,
        ),
        (Status.DOCUMENTS_REQUESTED, Status.DOCUMENTS_COMPLETE, COMPLETE, None),
        # Back from "invited" only once the appointment is no longer booked (cancelled).
        (Status.INVITED, Status.DOCUMENTS_COMPLETE, BOOKED, workflow.APPOINTMENT_STILL_BOOKED),
        (Status.INVITED, Status.DOCUMENTS_COMPLETE, COMPLETE, None),
        (Status.INVITED, Status.DOCUMENTS_COMPLETE, MISSING, None),
        # "invited": a booked appointment with its letter.
        (Status.DOCUMENTS_COMPLETE, Status.INVITED, COMPLETE, workflow.NO_BOOKED_APPOINTMENT),
        (Status.DOCUMENTS_COMPLETE, Status.INVITED, BOOKED_NO_LETTER, workflow.NO_LETTER),
        (Status.DOCUMENTS_COMPLETE, Status.INVITED, BOOKED, None),
        # "appointment held": the booked appointment has begun.
        (Status.INVITED, Status.APPOINTMENT_HELD, BOOKED, workflow.APPOINTMENT_NOT_BEGUN),
        (Status.INVITED, Status.APPOINTMENT_HELD, BEGUN, None),
        (Status.INVITED, Status.APPOINTMENT_HELD, COMPLETE, workflow.NO_BOOKED_APPOINTMENT),
        # No guard beyond the table.
        (Status.SUBMITTED, Status.IN_REVIEW, MISSING, None),
        (Status.SUBMITTED, Status.WITHDRAWN, MISSING, None),
        (Status.APPOINTMENT_HELD, Status.GRANTED, BEGUN, None),
        (Status.IN_REVIEW, Status.REFUSED, MISSING, None),
    ],
)
def test_each_guard(current, target, facts, failure):
    workflow.check_transition(current, target)
    assert workflow.guard_failure(current, target, facts) == failure


@pytest.mark.parametrize(
    ("current", "facts", "buttons"),
    [
        (Status.SUBMITTED, MISSING, ["in_review", "withdrawn"]),
        (Status.IN_REVIEW, MISSING, ["refused", "withdrawn"]),
        (Status.IN_REVIEW, COMPLETE, ["documents_complete", "refused", "withdrawn"]),
        (Status.DOCUMENTS_REQUESTED, MISSING, ["in_review", "refused", "withdrawn"]),
        (Status.DOCUMENTS_COMPLETE, COMPLETE, ["in_review", "withdrawn"]),
        (Status.DOCUMENTS_COMPLETE, BOOKED, ["in_review", "withdrawn"]),
        (Status.INVITED, BOOKED, ["withdrawn"]),
        (Status.INVITED, BEGUN, ["appointment_held", "withdrawn"]),
        (Status.APPOINTMENT_HELD, BEGUN, ["granted", "refused", "withdrawn"]),
        (Status.GRANTED, BEGUN, []),
    ],
)
def test_buttons_offer_only_manual_transitions_whose_guard_holds(current, facts, buttons):
    assert workflow.button_targets(current, facts) == buttons


@pytest.mark.parametrize(
    ("current", "target"),
    sorted(workflow.AUTOMATIC),
)
def test_automatic_transitions_are_never_a_button(current, target):
    assert target not in workflow.button_targets(current, BEGUN)


def test_check_raises_the_guard_code():
    with pytest.raises(workflow.GuardFailed) as failure:
        workflow.check(Status.IN_REVIEW, Status.DOCUMENTS_COMPLETE, MISSING)
    assert failure.value.code == workflow.DOCUMENTS_MISSING


@pytest.mark.django_db
def test_the_status_button_service_refuses_what_the_portal_does_itself(filed):
    application, caseworker = filed
    casework.application_transition(
        application_id=application.pk, target=Status.IN_REVIEW, by=caseworker
    )
    for target in (Status.DOCUMENTS_REQUESTED, Status.DOCUMENTS_COMPLETE):
        with pytest.raises(workflow.IllegalTransition):
            casework.application_transition(
                application_id=application.pk, target=target, by=caseworker
            )
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW


@pytest.mark.django_db
def test_invited_needs_the_booking_even_for_the_worker(filed):
    application, _caseworker = filed
    Application.objects.filter(pk=application.pk).update(status=Status.DOCUMENTS_COMPLETE)
    with pytest.raises(workflow.GuardFailed) as failure:
        casework.application_mark_invited(application_id=application.pk)
    assert failure.value.code == workflow.NO_BOOKED_APPOINTMENT
    application.refresh_from_db()
    assert application.status == Status.DOCUMENTS_COMPLETE
