"""Case work in the admin through real URLs: roles, special categories, workflow, files, queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import Status
from applications.models import Application, Upload
from tests.applications.requests import CHANGE, member_of
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


def test_caseworker_reads_the_request_by_section_with_special_categories(filed, django_user_model):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    page = client.get(reverse(CHANGE, args=[filed.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("1. Angaben zur Person", "Yılmaz", "AOK Bayern", "evangelisch", "Diabetes"):
        assert text in html, text


def test_a_role_without_special_categories_does_not_see_them(filed, django_user_model):
    user = member_of(django_user_model, None, "viewer")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    page = staff_client(user).get(reverse(CHANGE, args=[filed.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Yılmaz" in html
    for text in ("evangelisch", "kurdisch", "Diabetes"):
        assert text not in html


def test_print_staff_cannot_open_a_request_or_its_files(filed, django_user_model):
    client = staff_client(member_of(django_user_model, "Poststelle", "post"))
    assert client.get(reverse(CHANGE, args=[filed.pk])).status_code == 403
    assert client.get(reverse("admin:applications_application_changelist")).status_code == 403
    upload = Upload.objects.get()
    assert client.get(reverse("applications:upload-download", args=[upload.pk])).status_code == 403


def test_files_are_served_as_attachments_to_caseworkers_only(filed, django_user_model):
    upload = Upload.objects.get()
    url = reverse("applications:upload-download", args=[upload.pk])
    response = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw")).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_status_buttons_follow_the_table_and_refuse_stale_pages(filed, django_user_model):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    url = reverse("admin:applications_application_status", args=[filed.pk])
    page = client.get(reverse(CHANGE, args=[filed.pk])).content.decode()
    assert 'value="in_review"' in page
    assert 'value="granted"' not in page
    client.post(url, {"target": "in_review", "version": filed.version})
    filed.refresh_from_db()
    assert filed.status == Status.IN_REVIEW
    # A second caseworker's page still shows the old version: refused with a clear message.
    response = client.post(
        url,
        {"target": "withdrawn", "version": filed.version - 1, "confirm_final": "1"},
        follow=True,
    )
    filed.refresh_from_db()
    assert filed.status == Status.IN_REVIEW
    assert "in der Zwischenzeit geändert" in response.content.decode()
    response = client.post(
        url, {"target": "granted", "version": filed.version, "confirm_final": "1"}, follow=True
    )
    filed.refresh_from_db()
    assert filed.status == Status.IN_REVIEW


def test_adding_a_document_to_the_checklist(filed, django_user_model):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    client.post(
        reverse("admin:applications_application_add_document", args=[filed.pk]),
        {"label": "Mietvertrag"},
    )
    assert filed.document_declarations.filter(
        label="Mietvertrag", added_by_caseworker=True
    ).exists()


def test_the_list_runs_a_fixed_number_of_queries_with_1000_requests(
    filed, django_user_model, django_assert_max_num_queries
):
    fields = {
        f.name: getattr(filed, f.name)
        for f in Application._meta.concrete_fields
        if f.name not in ("id", "reference", "owner", "release_declared_by")
    }
    Application.objects.bulk_create(
        Application(**fields, reference=f"BULK-{index:04d}-X") for index in range(1000)
    )
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    url = reverse("admin:applications_application_changelist")
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url + "?status__exact=submitted&q=Yılmaz").status_code == 200
    assert client.get(url + "?q=14.03.1990").status_code == 200


def test_default_order_is_the_title_expiring_soonest(filed, django_user_model):
    fields = {
        f.name: getattr(filed, f.name)
        for f in Application._meta.concrete_fields
        if f.name
        not in ("id", "reference", "owner", "release_declared_by", "current_title_valid_until")
    }
    soon = Application.objects.create(
        **fields,
        reference="SOON-0001-X",
        current_title_valid_until=timezone.localdate(),
    )
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert page.index(soon.reference) < page.index(filed.reference)
    assert io  # keep the import used


def test_a_caseworker_sees_only_the_requests_of_their_location(filed, django_user_model):
    from appointments.demo import demo_locations_ensure
    from appointments.models import Location, StaffLocations

    demo_locations_ensure()
    filed.refresh_from_db()
    here = filed.location
    elsewhere = Location.objects.exclude(pk=here.pk).first()
    mine = member_of(django_user_model, "Sachbearbeitung", "mine")
    StaffLocations.objects.create(user=mine).locations.add(here)
    other = member_of(django_user_model, "Sachbearbeitung", "other")
    StaffLocations.objects.create(user=other).locations.add(elsewhere)
    lead = member_of(django_user_model, "Teamleitung", "lead")

    url = reverse(CHANGE, args=[filed.pk])
    upload_url = reverse("applications:upload-download", args=[Upload.objects.get().pk])
    listing = reverse("admin:applications_application_changelist")
    assert staff_client(mine).get(url).status_code == 200
    assert staff_client(lead).get(url).status_code == 200
    stranger = staff_client(other)
    assert stranger.get(url).status_code == 404
    assert stranger.get(upload_url).status_code == 404
    assert filed.reference not in stranger.get(listing).content.decode()
    assert filed.reference in staff_client(lead).get(listing).content.decode()


def test_only_team_leads_reassign_requests_to_another_location(filed, django_user_model):
    from appointments.models import Location

    target = Location.objects.exclude(pk=filed.location_id).first()
    url = reverse("admin:applications_application_changelist")
    data = {"action": "assign_location", "_selected_action": [filed.pk], "location": target.pk}
    caseworker = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    caseworker.post(url, data)
    filed.refresh_from_db()
    assert filed.location != target
    lead = staff_client(member_of(django_user_model, "Teamleitung", "lead"))
    lead.post(url, data)
    filed.refresh_from_db()
    assert filed.location == target


def test_the_action_bar_lists_the_active_locations_in_one_statement(
    filed, django_user_model, monkeypatch
):
    """The location select reads its rows with one SELECT, not through a server-side cursor
    (QuerySet.iterator(): DECLARE, FETCH, CLOSE), and lists the active locations only."""
    import psycopg

    from tests.factories import LocationFactory

    LocationFactory(name="Standort Süd (aktiv)")
    LocationFactory(name="Standort West (geschlossen)", active=False)
    client = staff_client(member_of(django_user_model, "Teamleitung", "lead"))
    url = reverse("admin:applications_application_changelist")
    client.get(url)
    declared = []
    original = psycopg.ServerCursor.execute

    def execute(cursor, query, *args, **kwargs):
        declared.append(str(query))
        return original(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.ServerCursor, "execute", execute)
    response = client.get(url)
    assert response.status_code == 200
    assert declared == []
    page = response.content.decode()
    select = page[page.index('<select name="location"') :]
    select = select[: select.index("</select>")]
    assert "Standort Süd (aktiv)" in select
    assert "Standort West (geschlossen)" not in select


@pytest.mark.parametrize(
    ("language", "title"), [("de", "Arbeitsliste: Anträge"), ("en", "Worklist: requests")]
)
def test_the_worklist_is_titled_as_the_caseworkers_list(filed, django_user_model, language, title):
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    client.cookies["portal_language"] = language
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert f"<h1>{title}</h1>" in page
    assert f"<title>{title} |" in page


@pytest.mark.parametrize(("language", "word"), [("de", "Antrag"), ("en", "Request")])
def test_the_request_page_is_titled_by_its_reference(filed, django_user_model, language, word):
    """Not Django's "Change request": the caseworker reviews and decides."""
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    client.cookies["portal_language"] = language
    url = reverse("admin:applications_application_change", args=[filed.pk])
    page = client.get(url).content.decode()
    assert f"<h1>{word} {filed.reference}</h1>" in page
    assert f"<title>{word} {filed.reference} |" in page
    assert "ändern" not in page.split("<h1>")[1].split("</h1>")[0]


@pytest.mark.parametrize(("language", "name"), [("de", "Anträge"), ("en", "Requests")])
def test_the_app_of_every_kind_of_request_is_named_requests(
    filed, django_user_model, language, name
):
    """The app holds every kind (permits, blocked accounts, travel documents, naturalisation),
    not only residence permits: so the breadcrumbs and the app's page say."""
    client = staff_client(member_of(django_user_model, "Sachbearbeitung", "cw"))
    client.cookies["portal_language"] = language
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    crumbs = page[page.index('<div class="breadcrumbs">') :]
    crumbs = crumbs[: crumbs.index("</div>")]
    assert f'">{name}</a>' in crumbs
    assert "Aufenthaltserlaubnis" not in crumbs
    assert "Residence permit" not in crumbs
