"""Issue 19, item 3: the travel document for foreigners and the certificate of citizenship
land on a caseworker's desk like every kind -- the request page with its checklist, the
documents complete, the invitation letter naming the location."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.constants import DocumentState, RequestKind, Status
from applications.models import Application
from appointments import services, tasks
from appointments.models import InvitationLetter
from tests.appointments.building import make_location, stored
from tests.factories import StaffFactory
from tests.journeys import step_answers, walk
from tests.rendered_forms import rendered_form
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

ANSWERS = {
    "passport_substitute": {},
    "citizenship_certificate": {"nationality": {"nationality": "DE"}},
}
CHECKLIST = {
    "passport_substitute": "Nachweise über Ihre Bemühungen um einen Pass",
    "citizenship_certificate": "Geburts- und Heiratsurkunden Ihrer Großeltern",
}


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_the_request_goes_from_the_desk_to_the_invitation_letter(
    client, kind, letter_storage, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    location = make_location("Team Staatsangehörigkeit (fiktiv)")
    location.kinds = [kind]
    location.save(update_fields=["kinds"])
    walk(client, kind, step_answers(kind, **ANSWERS[kind]))
    application = Application.objects.get()
    assert application.location == location

    caseworker = StaffFactory(role="Sachbearbeitung", locations=[location])
    staff = staff_client(caseworker)
    url = reverse("admin:applications_application_change", args=[application.pk])
    page = staff.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert str(RequestKind(kind).label) in html or application.get_kind_display() in html
    assert CHECKLIST[kind] in html
    form = rendered_form(page, form_id="application_form")
    for index in range(application.document_declarations.count()):
        form[f"document_declarations-{index}-state"] = DocumentState.VERIFIED
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, form.data(press="_save"))
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.status == Status.DOCUMENTS_COMPLETE
    assert enqueued == [application.pk]

    tasks.send_invitation(application.pk)
    letter = PdfReader(io.BytesIO(stored(InvitationLetter.objects.get().file.name)))
    # Without soft hyphens (the German label of the certificate has them for narrow screens).
    text = "\n".join(pdf_page.extract_text() for pdf_page in letter.pages).replace("\xad", "")
    for expected in (
        location.name,
        "Musterstraße 1, 00000 Musterstadt",
        application.reference,
        str(application.get_kind_display()).replace("\xad", ""),
    ):
        assert expected in text, expected
