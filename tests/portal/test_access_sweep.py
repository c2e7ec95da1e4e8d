"""Every URL that takes an object, as everyone who must not see it (SECURITY-BAR line 9).

The URL patterns are discovered from the URL configuration, so a page added
later is covered without anyone remembering: a pattern with a parameter that
this sweep does not know fails the test.
"""

from __future__ import annotations

import inspect
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications import casework
from applications.models import Application, Upload
from tests.journeys import step_answers, walk
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def object_routes():
    found = []
    for route, entry in patterns(get_resolver()):
        if not PARAMETER.search(route) or "^" in route or "(?P" in route:
            continue  # regular-expression routes are the frameworks' own (allauth keys)
        found.append((route, entry))
    return found


@pytest.fixture
def world(client, django_user_model):
    from appointments.demo import demo_locations_ensure
    from appointments.models import Location, StaffLocations

    demo_locations_ensure()
    walk(client, "blocked_account_release", step_answers("blocked_account_release"), upload=True)
    application = Application.objects.get()
    owner_lead = django_user_model.objects.create_user("lead", password="x" * 14, is_staff=True)
    owner_lead.groups.add(Group.objects.get(name="Teamleitung"))
    casework.documents_request(application_id=application.pk, by=owner_lead)
    from datetime import timedelta

    from django.utils import timezone

    casework.fiction_certificate_issue(
        application_id=application.pk,
        effect="title_continues",
        valid_until=timezone.localdate() + timedelta(days=30),
        by=owner_lead,
        override_reason="Sweep: a blocked-account release has no effect of § 81",
    )
    from applications import services

    # The declaration needs complete documents; the sweep's request stays open for the
    # hand-in as well, so its status moves there and back around it.
    status = Application.objects.get(pk=application.pk).status
    Application.objects.filter(pk=application.pk).update(status="documents_complete")
    services.release_declaration_issue(application_id=application.pk, by=owner_lead)
    Application.objects.filter(pk=application.pk).update(status=status)

    other_location = Location.objects.exclude(pk=application.location_id).first()
    caseworker_elsewhere = django_user_model.objects.create_user(
        "cw", password="x" * 14, is_staff=True
    )
    caseworker_elsewhere.groups.add(Group.objects.get(name="Sachbearbeitung"))
    StaffLocations.objects.create(user=caseworker_elsewhere).locations.add(other_location)
    print_staff = django_user_model.objects.create_user("post", password="x" * 14, is_staff=True)
    print_staff.groups.add(Group.objects.get(name="Poststelle"))

    other_applicant = Client()
    walk(other_applicant, "renewal", step_answers("renewal"))

    # A message to the naturalisation team under the same id, with the applicant's name:
    # its admin pages are swept like the request's (only the naturalisation team reads it).
    from naturalisation.models import ContactMessage

    ContactMessage.objects.create(
        pk=application.pk,
        receipt_number="SWEP-0000-0",
        received_at=timezone.now(),
        language="de",
        content={"surname": application.surname, "message": "Sweep"},
    )

    values = {
        "reference": application.reference,
        "upload_id": str(Upload.objects.filter(application=application).first().pk),
        "step": "personal",
        "object_id": str(application.pk),
        "pk": str(application.document_requests.first().pk),
        "kind": "request",
        "application_id": str(application.pk),
    }
    actors = {
        "anonymous": Client(),
        "another applicant": other_applicant,
        "caseworker of another location": staff_client(caseworker_elsewhere),
        "print staff": staff_client(print_staff),
    }
    assert Permission.objects.filter(codename="view_all_locations").exists()
    return application, values, actors


def test_no_object_url_gives_anything_to_someone_else(world):
    application, values, actors = world
    checked = 0
    swept: set[str] = set()
    for route, _entry in object_routes():
        names = [match.group("name") for match in PARAMETER.finditer(route)]
        unknown = (
            set(names)
            - set(values)
            - {"app_label", "content_type_id", "url", "uidb64", "token", "key", "path", "id"}
        )
        assert not unknown, f"the sweep does not know how to fill {unknown} in {route}"
        if set(names) - set(values):
            continue  # framework routes without our objects (password reset tokens, …)
        url = "/" + PARAMETER.sub(lambda m: values[m.group("name")], route)
        if "admin/" in url and not any(
            part in url
            for part in (
                "applications/application",
                "appointments/appointment",
                "naturalisation/contactmessage",
            )
        ):
            continue
        swept.add(url)
        for who, client in actors.items():
            response = client.get(url)
            assert response.status_code in (302, 403, 404, 405), (who, url, response.status_code)
            body = b"" if response.streaming else response.content
            assert application.surname.encode() not in body, (who, url)
            assert b"%PDF" not in body[:10], (who, url)
            checked += 1
    assert checked >= 20
    assert any("naturalisation/contactmessage" in url for url in swept), swept


def test_the_routes_with_objects_are_all_known_to_the_sweep():
    routes = {route for route, _entry in object_routes()}
    assert any("eingangsbestaetigung.pdf" in route for route in routes)
    assert any("sachbearbeitung/datei" in route for route in routes)
    assert reverse("applications:receipt", kwargs={"reference": "X"})


# --- Pages under a grant (the session, not the URL, says which request) -------------------

# Every page that shows a request to whoever opened it with the details of a letter or the
# receipt: the route's view reads the grant of the session (portal/grants.py).
GRANT_PAGES = {
    "applications:status-overview": "applications.status",
    "applications:hand-in-files": "applications.handin",
    "appointments:overview": "appointments.views",
    "appointments:cancel": "appointments.views",
    "appointments:move": "appointments.views",
    "appointments:done": "appointments.views",
}


def test_every_page_under_a_grant_is_in_the_list():
    """A new page reading a grant must join GRANT_PAGES (found by the views' modules)."""
    found = set()
    for route, entry in patterns(get_resolver()):
        module = getattr(entry.callback, "__module__", "")
        name = getattr(entry, "name", None)
        if module in set(GRANT_PAGES.values()) and name and not PARAMETER.search(route):
            source = inspect.unwrap(entry.callback).__code__.co_names
            if "_granted" in source or "granted" in source:
                found.add(name)
    namespaced = {name.split(":", 1)[1] for name in GRANT_PAGES}
    assert found <= namespaced, found - namespaced
    assert {"status-overview", "hand-in-files", "overview"} <= found


def test_no_page_under_a_grant_shows_a_request_to_a_session_without_its_grant(world):
    application, _values, actors = world
    from django.core.cache import cache

    from applications import status

    # The other applicant opened the status of their own request, on the same pages.
    cache.clear()
    other = Application.objects.exclude(pk=application.pk).get()
    code = status.status_code_new()
    Application.objects.filter(pk=other.pk).update(
        status_code_digest=status.status_code_digest(code)
    )
    opened = actors["another applicant"].post(
        reverse("applications:status"),
        {"reference": other.reference, "date_of_birth": "14.03.1990", "code": code},
    )
    assert opened.status_code == 302
    for name in GRANT_PAGES:
        for who, client in actors.items():
            response = client.get(reverse(name))
            body = response.content.decode()
            assert application.reference not in body, (who, name)
            assert application.surname not in body, (who, name)
            if who != "another applicant" or name != "applications:status-overview":
                assert response.status_code in (302, 403, 404, 405), (who, name)
    own = actors["another applicant"].get(reverse("applications:status-overview"))
    assert own.status_code == 200
    assert other.reference in own.content.decode()
