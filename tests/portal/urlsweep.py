"""Every named URL of the project, discovered from the URL configuration, with a URL and an actor.

Used by tests/portal/test_headers.py (SECURITY-BAR line 20). The routes are
found as tests/portal/test_access_sweep.py finds them, but namespaced names
and regular-expression routes (allauth, the admin's app list) are included,
and each URL is built with ``reverse()``, so that every name gets a real URL.

A parameter that this module does not know how to fill raises
``UnknownParameter``: a route added later with a new kind of parameter fails
the sweep until someone says here what to put in it. The only parameters
filled without a real object are the frameworks' tokens (``FRAMEWORK_TOKENS``)
and admin objects of a model that has no row (``ADMIN_MISSING_OBJECT``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.staff import staff_client


class UnknownParameter(LookupError):
    pass


@dataclass(frozen=True)
class Route:
    name: str  # with its namespaces, as reverse() takes it: "applications:receipt"
    route: str  # as written in the URL configuration, for messages
    parameters: tuple[str, ...]
    entry: URLPattern = field(compare=False, repr=False)


def named_routes(resolver: URLResolver | None = None) -> list[Route]:
    """Every URL pattern with a name, namespaced names included; each name once."""
    found: dict[str, Route] = {}
    for name, route, parameters, entry in _walk(resolver or get_resolver(), (), "", ()):
        # Django's reverse() answers a name with one pattern; a second pattern
        # of the same name would not be reachable by name anyway.
        found.setdefault(name, Route(name, route, parameters, entry))
    return list(found.values())


def _walk(resolver: URLResolver, namespaces: tuple, prefix: str, parameters: tuple):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = parameters + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry, inner, route, names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), route, names, entry


# --- What to put in the parameters --------------------------------------------------------

# Framework routes whose parameters are tokens: no real value exists for a
# test to know, and a made-up one is answered with an error page or a
# redirect, whose headers are checked like any other. Keyed by (URL name,
# parameter), so that the same parameter name in a route of the portal's own
# is still unknown.
FRAMEWORK_TOKENS = {
    # allauth: the key of the e-mail confirmation link.
    ("account_confirm_email", "key"): "not-a-real-key",
    # allauth: the user id (base 36) and key of the password-reset link.
    ("account_reset_password_from_key", "uidb36"): "0",
    ("account_reset_password_from_key", "key"): "not-a-real-key",
    # django.contrib.auth's own password reset (uidb64, token), were it ever routed.
    ("password_reset_confirm", "uidb64"): "MA",
    ("password_reset_confirm", "token"): "not-a-real-token",
}
# Static files are served by WhiteNoise, not by a named URL: django.conf.urls.static's
# `path` parameter does not occur (see the static-file test in test_headers.py).

# The admin's views of one object ("<path:object_id>", the user's "<id>",
# and the portal's own "<int:pk>" views, named "<app label>_<model name>_<view>"
# like the admin's) get an object of their model. A model that has no row in
# the world (the queue's tasks, axes' login records) gets a made-up id: the
# admin answers a missing object with a redirect to its index (or a 404).
ADMIN_MISSING_OBJECT = "0"
ADMIN_OBJECT_PARAMETERS = {"object_id", "pk", "id"}

# Who asks for a page. Public pages (and the forms of logged-out people) are
# asked for anonymously; staff pages by a team lead ("Teamleitung") with a
# verified second factor, or, for the admin's models a team lead may not
# see, by an administrator (a verified superuser), so that those pages are
# checked as pages and not only as refusals; everything else by the
# applicant who owns the request: an account holder with a submitted
# request, drafts of every journey, the hand-in grant, the opened status page and an
# opened appointment.
ANONYMOUS_NAMESPACES = {"portal", "naturalisation"}
ANONYMOUS_NAMES = {
    "healthz",
    "security-txt",
    "set_language",
    "admin:login",
    "account_login",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}
STAFF_ROUTE_PREFIXES = ("admin/", "sachbearbeitung/")

OWNER, TEAM_LEAD, ADMINISTRATOR, ANONYMOUS = "owner", "team lead", "administrator", "anonymous"


@dataclass
class World:
    """The data the URLs point at, and the actors' cookies."""

    cookies: dict[str, object]
    # Parameters of the portal's own routes whose name says what they are.
    values: dict[str, str]
    # Parameters whose name alone does not say it: (URL name, parameter) -> value.
    by_route: dict[tuple[str, str], str]
    # An object of each model, for the admin's views: model -> pk.
    admin_objects: dict[type, str]
    # What the team lead may do ("app_label.codename").
    team_lead_permissions: set[str]

    def actor(self, route: Route) -> str:
        if route.name in ANONYMOUS_NAMES or route.name.split(":")[0] in ANONYMOUS_NAMESPACES:
            return ANONYMOUS
        if not route.route.startswith(STAFF_ROUTE_PREFIXES):
            return OWNER
        model = admin_model(route.name)
        if model is None:
            return TEAM_LEAD
        opts = model._meta
        seen = {f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change")}
        return TEAM_LEAD if seen & self.team_lead_permissions else ADMINISTRATOR

    def client(self, actor: str) -> Client:
        """A fresh client with the actor's cookies: nothing one request does reaches the next."""
        client = Client()
        if actor != ANONYMOUS:
            client.cookies = copy.deepcopy(self.cookies[actor])
        return client

    def kwargs_for(self, route: Route) -> dict[str, str]:
        return {parameter: self.value(route, parameter) for parameter in route.parameters}

    def value(self, route: Route, parameter: str) -> str:
        if (route.name, parameter) in self.by_route:
            return self.by_route[route.name, parameter]
        if (route.name, parameter) in FRAMEWORK_TOKENS:
            return FRAMEWORK_TOKENS[route.name, parameter]
        if parameter == "step":
            return first_wizard_step(route)
        model = admin_model(route.name)
        if model is not None and parameter in ADMIN_OBJECT_PARAMETERS:
            return self.admin_objects.get(model, ADMIN_MISSING_OBJECT)
        if parameter in self.values:
            return self.values[parameter]
        raise UnknownParameter(
            f"The header sweep does not know how to fill the parameter {parameter!r} of "
            f"{route.name!r} ({route.route}). Add a value to tests/portal/urlsweep.py "
            "(World.values or World.by_route), so that the new route is checked."
        )

    def url(self, route: Route) -> str:
        return reverse(route.name, kwargs=self.kwargs_for(route))


def first_wizard_step(route: Route) -> str:
    """The first step of a formtools wizard (the `step` parameter of its URL)."""
    initkwargs = getattr(route.entry.callback, "view_initkwargs", {})
    form_list = initkwargs.get("form_list")
    if not form_list:
        raise UnknownParameter(
            f"{route.name!r} ({route.route}) has a `step` parameter but is not a form wizard: "
            "add its value to World.by_route in tests/portal/urlsweep.py."
        )
    return str(next(iter(form_list)))


def admin_model(name: str):
    """The model of an admin URL name "admin:<app label>_<model name>_<view>", else None."""
    if not name.startswith("admin:"):
        return None
    prefixes = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_": model
        for model in admin.site._registry
    }
    matches = [prefix for prefix in prefixes if name.startswith(prefix)]
    return prefixes[max(matches, key=len)] if matches else None


def get(world: World, route: Route):
    """GET the route's URL over HTTPS as its actor: (url, actor, response)."""
    actor = world.actor(route)
    url = world.url(route)
    response = world.client(actor).get(url, secure=True)
    return url, actor, response


def release(response) -> None:
    """Close a response without reading a streamed body (a file download).

    The test client closes a streaming response only when its body has been
    read to the end. Closing it here fires ``request_finished``, whose
    ``close_old_connections`` would drop the connection in the middle of the
    test's transaction; the test client silences it the same way.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


# --- The world ------------------------------------------------------------------------------

OWNER_EMAIL = "sweep-owner@example.org"
BIRTH = "14.03.1990"  # as in tests/applications/journey.py


def build_world() -> World:
    """An applicant's filed request with everything the staff make of it.

    The owner has an account (with a verified address) and filed a request
    for the release of a blocked account with a passport file; a team lead
    requested documents, issued a fiction certificate and the declaration to
    the bank; the request was invited, its letter printed in a batch; the
    owner opened the hand-in page with the letter's code and the appointment
    with the invitation's code, and started a draft of every journey; a
    visitor sent a message to the naturalisation team.
    """
    from allauth.account.models import EmailAddress

    from applications import casework, services
    from applications.constants import Status
    from applications.models import Application, DocumentRequest, Upload
    from applications.status import status_code_digest
    from applications.views import JOURNEYS
    from appointments import printing
    from appointments.demo import demo_locations_ensure
    from appointments.letters import appointment_code_digest
    from appointments.models import Appointment, ClosedDay, InvitationJob, Location
    from portal import codes
    from tests.appointments.booking import waiting_letter
    from tests.journeys import contact_message_send, step_answers, walk
    from tests.sample_files import tiny_pdf

    cache.clear()  # rate limits of earlier tests
    demo_locations_ensure()
    users = get_user_model()

    owner_user = users.objects.create_user("sweep-owner", OWNER_EMAIL, "Ein-langes-Passwort-2026")
    EmailAddress.objects.create(user=owner_user, email=OWNER_EMAIL, verified=True, primary=True)
    owner = Client()
    owner.force_login(owner_user)
    walk(owner, "blocked_account_release", step_answers("blocked_account_release"), upload=True)
    application = Application.objects.get(owner=owner_user)

    lead = users.objects.create_user("sweep-lead", password="x" * 14, is_staff=True)
    lead.groups.add(Group.objects.get(name="Teamleitung"))
    document_request = casework.documents_request(application_id=application.pk, by=lead)
    casework.fiction_certificate_issue(
        application_id=application.pk,
        effect="title_continues",
        valid_until=timezone.localdate() + timedelta(days=30),
        by=lead,
        override_reason="Sweep: a blocked-account release has no effect of § 81",
    )
    # The declaration needs complete documents; the sweep's request stays open for the
    # hand-in as well, so its status moves there and back around it.
    status = Application.objects.get(pk=application.pk).status
    Application.objects.filter(pk=application.pk).update(status="documents_complete")
    services.release_declaration_issue(application_id=application.pk, by=lead)
    Application.objects.filter(pk=application.pk).update(status=status)
    administrator = users.objects.create_superuser("sweep-admin", password="x" * 14)

    # The letter's code is printed only; the test gives the request a code it knows.
    hand_in_code = codes.reference_new()
    DocumentRequest.objects.filter(pk=document_request.pk).update(
        code_digest=codes.digest(hand_in_code, purpose="hand_in")
    )
    details = {"reference": application.reference, "date_of_birth": BIRTH}
    response = owner.post(
        reverse("applications:hand-in"), {**details, "code": hand_in_code}, secure=True
    )
    assert response.status_code == 302, "the owner could not open the hand-in page"

    # The receipt's status code is printed only; the test gives the request one it knows.
    status_code = codes.resume_code_new()
    Application.objects.filter(pk=application.pk).update(
        status_code_digest=status_code_digest(status_code)
    )
    response = owner.post(
        reverse("applications:status"), {**details, "code": status_code}, secure=True
    )
    assert response.status_code == 302, "the owner could not open the status page"

    # Invited (the documents came by post): an appointment, its letter printed in a batch.
    Application.objects.filter(pk=application.pk).update(status=Status.INVITED)
    location = application.location or Location.objects.order_by("pk").first()
    appointment_code = codes.reference_new()
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=14)
    appointment = Appointment.objects.create(
        application=application,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        desk=1,
        code_digest=appointment_code_digest(appointment_code),
    )
    InvitationJob.objects.create(application=application)
    waiting_letter(application, appointment, pdf=tiny_pdf())
    batch = printing.print_batch_create(by=administrator)
    assert printing.print_batch_make(batch.pk) == printing.READY  # as the worker would
    ClosedDay.objects.create(location=location, date=starts_at.date() + timedelta(days=7))
    response = owner.post(
        reverse("appointments:change"), {**details, "code": appointment_code}, secure=True
    )
    assert response.status_code == 302, "the owner could not open the appointment"

    for journey in JOURNEYS.values():
        response = owner.post(reverse(journey.start_url_name), secure=True)
        assert response.status_code == 302, f"no draft of {journey.journey}"

    # A message to the naturalisation team, sent by a visitor (naturalisation/contact.py).
    response = contact_message_send(Client())
    assert response.status_code == 302, "the message to the naturalisation team was not sent"

    cookies = {
        OWNER: copy.deepcopy(owner.cookies),
        TEAM_LEAD: copy.deepcopy(staff_client(lead).cookies),
        ADMINISTRATOR: copy.deepcopy(staff_client(administrator).cookies),
    }
    upload = Upload.objects.filter(application=application).order_by("pk").first()
    admin_objects = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            admin_objects[model] = str(first.pk)
    admin_objects[Application] = str(application.pk)
    admin_objects[users] = str(owner_user.pk)

    return World(
        cookies=cookies,
        values={
            "reference": application.reference,
            "upload_id": str(upload.pk),
            "application_id": str(application.pk),
        },
        by_route={
            ("applications:staff-letter", "kind"): "request",
            ("applications:staff-letter", "pk"): str(document_request.pk),
            # The admin's generic views: an app's index, and "view on site" of a request.
            ("admin:app_list", "app_label"): Application._meta.app_label,
            ("admin:view_on_site", "content_type_id"): str(
                ContentType.objects.get_for_model(Application).pk
            ),
            ("admin:view_on_site", "object_id"): str(application.pk),
        },
        admin_objects=admin_objects,
        team_lead_permissions=lead.get_all_permissions(),
    )
