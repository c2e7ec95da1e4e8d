"""The demo requests of ``make run``: filed through the wizard, worked on by a real worker."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from applications.constants import Status
from applications.models import Application
from appointments.models import InvitationLetter
from naturalisation.models import ContactMessage
from portal.site.demo import (
    DEMO_CASEWORKER_USERNAME,
    DEMO_NATURALISATION_USERNAME,
    DEMO_PRINT_USERNAME,
)
from portal.site.demo_requests import MESSAGE, PASSPORT_NUMBERS, PEOPLE
from tests.staff import staff_client


def load_demo_data() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_files_its_two_requests_and_a_message_through_the_pages_once(settings):
    settings.DEMO_MODE = True
    first = load_demo_data()
    second = load_demo_data()

    filed = {item.surname: item for item in Application.objects.order_by("pk")}
    assert list(filed) == [person["surname"] for person in PEOPLE]  # no request twice
    waiting, complete = filed["Yılmaz"], filed["Kovalenko"]
    assert waiting.status == Status.SUBMITTED
    assert complete.status == Status.DOCUMENTS_COMPLETE
    for request in filed.values():
        assert request.passport_number in PASSPORT_NUMBERS
        assert request.kind == "renewal"
        assert request.receipt  # the final submit wrote the receipt
        assert request.location is not None
        assert request.fee_quote_total is not None
        assert {"personal", "passport", "health", "legal", "declaration"} <= set(request.answers)
        assert request.document_declarations.exists()
        for output in (first, second):
            assert f"Demo request {request.reference} " in output
    assert set(complete.document_declarations.values_list("state", flat=True)) == {"verified"}
    assert set(waiting.document_declarations.values_list("state", flat=True)) == {"later"}

    # The demo caseworker finds both in the worklist and opens the desk.
    caseworker = get_user_model().objects.get(username=DEMO_CASEWORKER_USERNAME)
    client = staff_client(caseworker)
    worklist = client.get(reverse("admin:applications_application_changelist"))
    assert worklist.status_code == 200
    for request in filed.values():
        assert request.reference in worklist.content.decode()
    desk = client.get(reverse("admin:applications_application_change", args=[waiting.pk]))
    assert desk.status_code == 200
    assert "Ayşe" in desk.content.decode()

    # The naturalisation team reads the one message sent through its form.
    (message,) = ContactMessage.objects.all()
    team = staff_client(get_user_model().objects.get(username=DEMO_NATURALISATION_USERNAME))
    listed = team.get(reverse("admin:naturalisation_contactmessage_changelist"))
    assert message.receipt_number in listed.content.decode()
    read = team.get(reverse("admin:naturalisation_contactmessage_change", args=[message.pk]))
    assert read.status_code == 200
    assert MESSAGE["surname"] in read.content.decode()


@pytest.mark.django_db
def test_the_demo_files_where_the_portal_insists_on_https_and_its_own_host(settings):
    settings.DEMO_MODE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    load_demo_data()
    assert Application.objects.count() == len(PEOPLE)
    assert ContactMessage.objects.count() == 1


@pytest.mark.worker
def test_the_worker_writes_the_demo_invitation_for_print_staff(settings, letter_storage, qcluster):
    settings.DEMO_MODE = True
    load_demo_data()  # autocommit: the invitation is enqueued as the command ends
    complete = Application.objects.get(status=Status.DOCUMENTS_COMPLETE)

    deadline = time.monotonic() + 90
    while not InvitationLetter.objects.filter(application=complete).exists():
        assert time.monotonic() < deadline, f"no letter; worker log:\n{qcluster.log()}"
        time.sleep(0.3)

    print_staff = get_user_model().objects.get(username=DEMO_PRINT_USERNAME)
    queue = staff_client(print_staff).get(reverse("admin:appointments_invitationletter_changelist"))
    assert queue.status_code == 200
    assert "Kovalenko" in queue.content.decode()
    assert "Yılmaz" not in queue.content.decode()  # still with the caseworker
