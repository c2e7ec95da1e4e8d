"""The caseworker's request page works for every request kind, with the kind's own checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications import kinds
from applications.constants import RequestKind
from tests.factories import ApplicationFactory, StaffFactory
from tests.rendered_forms import rendered_form
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

TRAITS = {
    RequestKind.ISSUE: "issue",
    RequestKind.RENEWAL: None,
    RequestKind.CHANGE_OF_CONDITIONS: "change_of_conditions",
    RequestKind.FAMILY_REUNIFICATION: "family_reunification",
    RequestKind.BLOCKED_ACCOUNT_RELEASE: "blocked_account_release",
    RequestKind.NATURALISATION: "naturalisation",
}


@pytest.mark.parametrize("kind", [kind for kind in TRAITS if kind != RequestKind.RENEWAL])
def test_a_request_of_each_kind_gets_its_registry_checklist(kind):
    application = ApplicationFactory(**{TRAITS[kind]: True})
    expected = [item.code for item in kinds.get(kind).documents(kinds.stored(application.answers))]
    codes = list(application.document_declarations.values_list("requirement", flat=True))
    assert application.kind == kind
    assert codes == expected


@pytest.mark.parametrize("kind", list(TRAITS))
def test_the_desk_of_each_kind_opens_and_saves_as_rendered(kind):
    trait = TRAITS[kind]
    application = ApplicationFactory(**({trait: True} if trait else {}))
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    client = staff_client(caseworker)
    url = reverse("admin:applications_application_change", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert application.reference in page.content.decode()
    for item in application.document_declarations.all():
        assert item.label in page.content.decode()
    form = rendered_form(page, form_id="application_form")
    response = client.post(url, form.data(press="_save"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url
