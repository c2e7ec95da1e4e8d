"""The worklist's rows are built once per column, not once per cell: the same markup as
Django's own rows (``items_for_result``), for every column, flag and language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers, results
from django.urls import reverse
from django.utils import timezone, translation

from applications.constants import DocumentState, Status
from appointments.models import InvitationJob
from portal.admin_lists import labelled_row
from tests.factories import ApplicationFactory, LocationFactory, StaffFactory, appointment_for
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def worklist_world():
    location = LocationFactory(name="Haus A & B <Ost>")
    today = timezone.localdate()
    ApplicationFactory(location=location, current_title_valid_until=today - timedelta(days=3))
    ApplicationFactory(location=location, current_title_valid_until=today + timedelta(days=20))
    ApplicationFactory(location=location, current_title_valid_until=today + timedelta(days=200))
    # Text the cells must escape.
    ApplicationFactory(location=location, surname='<b>O\'Brien & "Co"</b>', given_names="<i>")
    handed_in = ApplicationFactory(location=location, status=Status.DOCUMENTS_REQUESTED)
    handed_in.document_declarations.update(
        state=DocumentState.UPLOADED, handed_in_at=timezone.now()
    )
    booked = ApplicationFactory(location=location, documents_complete=True)
    appointment_for(booked)
    failed = ApplicationFactory(location=location, documents_complete=True)
    InvitationJob.objects.create(application=failed, attempts=5, last_error="no_free_slot")
    return StaffFactory(role="Teamleitung", locations=[location])


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_worklist_rows_are_djangos_rows(worklist_world, language):
    client = staff_client(worklist_world)
    client.cookies["portal_language"] = language
    page = client.get(reverse("admin:applications_application_changelist"))
    assert page.status_code == 200
    cl = page.context["cl"]
    assert len(cl.result_list) == 7
    html = page.content.decode()
    with translation.override(language):
        headers = list(result_headers(cl))
        ours = ["".join(row) for row in cl.result_rows(headers)]
        # Django's rows as the list's template labels them (portal.admin_lists).
        djangos = [labelled_row(row, headers) for row in results(cl)]
    assert ours == djangos
    # The page shows these rows, one table row each, escaped.
    for row in ours:
        assert f'<tr role="row">{row}</tr>' in html
    assert "&lt;b&gt;O&#x27;Brien &amp; &quot;Co&quot;&lt;/b&gt;" in html
    assert "<b>O'Brien" not in html
    assert "Haus A &amp; B &lt;Ost&gt;" in html
    # Every column was filled: flags, urgency and appointment among them.
    for css in ("flag flag-handed_in", "flag flag-invitation_failed", "urgency urgency-"):
        assert css in html, css
    assert html.count('class="action-select"') == 7


def test_the_action_bar_and_checklist_selects_are_djangos_markup(worklist_world):
    """Written in one pass (portal.forms.Select), with the markup of Django's templates."""
    from django import forms

    from applications.admin import CaseworkActionForm, DocumentReviewForm
    from applications.models import DocumentDeclaration

    action_form = CaseworkActionForm(auto_id=None)
    action_form.fields["action"].choices = [
        ("", "---------"),
        ("assign_location", "Zuweisen & <x>"),
    ]
    item = DocumentDeclaration.objects.first()
    review = DocumentReviewForm(instance=item, prefix="document_declarations-0")
    for bound, value in (
        (action_form["action"], "assign_location"),
        (action_form["location"], None),
        (review["state"], item.state),
    ):
        field = bound.field
        django_select = forms.Select(attrs=field.widget.attrs, choices=field.choices)
        ours = field.widget.render(bound.html_name, value)
        assert ours == django_select.render(bound.html_name, value)
        assert ours.count("<option") == len(list(field.choices))
