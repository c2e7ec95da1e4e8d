"""Every admin page as each role uses it: lists, change and add pages, and every Save as rendered.

Discovered from ``admin.site._registry``: a model admin added later is swept
without a change here. For each role (administrator, team lead, caseworker,
print staff, naturalisation team) and each registered model: the list, the change page of a real
object and the add page answer 200 or a refusal (403), never a 500; and
where the change page has a Save button, the form is posted back exactly as
the page rendered it (every inline's management form included), which must
save (a redirect with a success message) or come back with the errors shown
next to their fields. The world is tests/portal/urlsweep.py's: a filed
request with a document request, a fiction certificate, an appointment, its
printed letter and a print batch, and a message to the naturalisation team.
"""

from __future__ import annotations

import copy

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from locations.models import Location, StaffLocations
from tests.portal import urlsweep
from tests.rendered_forms import rendered_forms
from tests.roles import ensure_roles
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

ROLES = ("administrator", "Teamleitung", "Sachbearbeitung", "Poststelle", "Einbürgerung")
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# (model label, role) of every change form the sweep posted, for the check at the end.
POSTED: set[tuple[str, str]] = set()
# (model label, role) of every list refused and every change page opened, likewise.
REFUSED: set[tuple[str, str]] = set()
OPENED: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.contrib.auth import get_user_model

    files = tmp_path_factory.mktemp("files")
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": files, "base_url": None},
        },
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages),
        transaction.atomic(),
        translation.override("de"),
    ):
        try:
            ensure_roles()  # a transactional test before this one emptied the groups
            built = urlsweep.build_world()
            users = get_user_model()
            cookies = {
                "administrator": built.cookies[urlsweep.ADMINISTRATOR],
                "Teamleitung": built.cookies[urlsweep.TEAM_LEAD],
            }
            for role in ("Sachbearbeitung", "Poststelle", "Einbürgerung"):
                user = users.objects.create_user(f"sweep-{role}", password="x" * 14, is_staff=True)
                user.groups.add(Group.objects.get(name=role))
                assignment = StaffLocations.objects.create(user=user)
                assignment.locations.add(*Location.objects.all())
                built.admin_objects.setdefault(StaffLocations, str(assignment.pk))
                cookies[role] = copy.deepcopy(staff_client(user).cookies)
            yield built, cookies
        finally:
            transaction.set_rollback(True)


def _client(cookies, role) -> Client:
    client = Client()
    client.cookies = copy.deepcopy(cookies[role])
    return client


def _url(model, view: str, *args) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:
        return None


def _assert_answer(response, where: str) -> None:
    assert response.status_code in (200, 302, 403, 404), (where, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_admin_page_opens_and_saves_as_rendered(world, model, role):
    _sweep(world, model, role)


def _swept(world, pairs) -> None:
    """Sweep the (model label, role) pairs that this process has not swept.

    The suite runs in several processes (pytest-xdist): the sweep's other
    pages may have been opened by another one. The checks below need their
    own proof, so what this process lacks it sweeps again.
    """
    by_label = {model._meta.label: model for model in MODELS}
    for label, role in pairs:
        if (label, role) not in POSTED | OPENED | REFUSED:
            _sweep(world, by_label[label], role)


def _sweep(world, model, role) -> None:
    built, cookies = world
    client = _client(cookies, role)
    changelist = _url(model, "changelist")
    response = client.get(changelist, secure=True)
    _assert_answer(response, changelist)
    if response.status_code == 403:
        REFUSED.add((model._meta.label, role))
        return  # the role may not open this list: refused, never shown
    assert response.status_code == 200, changelist

    add = _url(model, "add")
    if add:
        _assert_answer(client.get(add, secure=True), add)

    pk = built.admin_objects.get(model)
    if pk is None:
        return  # no row of this model in the world (queue records, login attempts)
    change = _url(model, "change", pk)
    page = client.get(change, secure=True)
    _assert_answer(page, change)
    if page.status_code != 200:
        return
    OPENED.add((model._meta.label, role))
    forms = [
        form
        for form in rendered_forms(page.content)
        if form.method == "post" and any(name == "_save" for name, _value in form.buttons)
    ]
    if not forms:
        return  # a page to read, not to change
    (form,) = forms
    response = client.post(form.action or change, form.data(press="_save"), secure=True)
    assert response.status_code in (200, 302), (change, response.status_code)
    POSTED.add((model._meta.label, role))
    if response.status_code == 302:
        done = client.get(response["Location"], secure=True)
        assert done.status_code == 200
        assert 'class="success"' in done.content.decode(), f"{change}: saved without a message"
    else:
        html = response.content.decode()
        assert "errornote" in html, f"{change}: refused without saying why"


def test_the_sweep_covers_the_case_work_models():
    labels = {model._meta.label for model in MODELS}
    assert {
        "applications.Application",
        "appointments.Appointment",
        "appointments.InvitationLetter",
        "appointments.PrintBatch",
        "locations.Location",
        "locations.StaffLocations",
        "naturalisation.ContactMessage",
    } <= labels


def test_the_sweep_saved_the_case_work_pages_as_their_roles_use_them(world):
    case_work = {
        ("applications.Application", "Sachbearbeitung"),
        ("applications.Application", "Teamleitung"),
        ("locations.Location", "Teamleitung"),
        ("locations.StaffLocations", "Teamleitung"),
        ("appointments.ClosedDay", "Teamleitung"),
        ("auth.User", "administrator"),
    }
    _swept(world, case_work)
    assert case_work <= POSTED, POSTED


def test_the_messages_to_the_naturalisation_team_open_for_the_team_only(world):
    label = "naturalisation.ContactMessage"
    _swept(world, [(label, role) for role in ROLES])
    assert {(label, "Einbürgerung"), (label, "administrator")} <= OPENED, OPENED
    assert {(label, role) for role in ("Teamleitung", "Sachbearbeitung", "Poststelle")} <= REFUSED
