"""Site-wide pages: the service catalogue, information pages, health, errors."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health, virus_scan

from .catalogue import TASKS


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/start.html", {"tasks": TASKS})


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


# The pages in Leichte Sprache (templates/portal/easy_read/): URL name -> template, label.
EASY_READ_PAGES = {
    "portal:easy-read": ("index", "Das ist das Portal"),
    "portal:easy-read-filing": ("filing", "So stellen Sie einen Antrag"),
    "portal:easy-read-next": ("next", "So geht es nach dem Antrag weiter"),
    "portal:easy-read-help": ("help", "So bekommen Sie Hilfe"),
}


@require_GET
def easy_read(request: HttpRequest, page: str) -> HttpResponse:
    """A page in Leichte Sprache (German only, like the standard itself)."""
    name = f"portal:{page}"
    template = EASY_READ_PAGES[name][0]
    context = {
        "easy_read_page": name,
        "easy_read_pages": [(slug, label) for slug, (_template, label) in EASY_READ_PAGES.items()],
    }
    return render(request, f"portal/easy_read/{template}.html", context)


@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/imprint.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and a queue cluster is alive, else 503.

    The virus scanner is reported but does not make the portal unhealthy:
    while it is down only uploads are refused (they fail closed), and taking
    every page out of the load balancer for that would help nobody.
    """
    database = health.database_ok()
    queue = health.queue_state() if database else None
    healthy = database and queue is not None and queue.healthy
    body = {
        "status": "ok" if healthy else "unhealthy",
        "database": "ok" if database else "unreachable",
        "queue": None
        if queue is None
        else {
            "status": "ok" if queue.healthy else (queue.error or "no cluster running"),
            "clusters": queue.clusters,
            "queued_tasks": queue.queued,
            "oldest_queued_seconds": queue.oldest_queued_seconds,
        },
    }
    if virus_scan.enabled():
        body["virus_scanner"] = "ok" if virus_scan.ping() else "unreachable"
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: whom to tell about a vulnerability."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    context = {
        "security_contact": settings.SECURITY_CONTACT,
        "expires": expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "canonical": request.build_absolute_uri(),
    }
    return render(request, "portal/security.txt", context, content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without the request so that it cannot fail a second time."""
    body = loader.get_template("500.html").render({"office": settings.OFFICE})
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
