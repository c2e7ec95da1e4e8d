from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import session

from . import preview, views

admin.site.site_header = _("Immigration office Nuremberg – internal area")
admin.site.site_title = _("Immigration office Nuremberg")
admin.site.index_title = _("Internal area")

portal_patterns = [
    path("", views.start, name="start"),
    path("hilfe/", views.help_page, name="help"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("impressum/", views.imprint, name="imprint"),
    path("leichte-sprache/", views.easy_read, {"page": "easy-read"}, name="easy-read"),
    path(
        "leichte-sprache/antrag-stellen/",
        views.easy_read,
        {"page": "easy-read-filing"},
        name="easy-read-filing",
    ),
    path(
        "leichte-sprache/wie-es-weitergeht/",
        views.easy_read,
        {"page": "easy-read-next"},
        name="easy-read-next",
    ),
    path(
        "leichte-sprache/hilfe/", views.easy_read, {"page": "easy-read-help"}, name="easy-read-help"
    ),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("healthz", views.healthz, name="healthz"),
    path("sitzung/verlaengern/", session.extend, name="session-extend"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("", include("naturalisation.urls")),
    path("", include("appointments.urls")),
    path("", include("applications.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.site.views.bad_request"
handler403 = "portal.site.views.permission_denied"
handler404 = "portal.site.views.page_not_found"
handler500 = "portal.site.views.server_error"

if settings.DEBUG:
    # Letters as HTML for layout work (portal/site/preview.py); never in production.
    urlpatterns += [
        path("dev/briefe/", preview.letter_index),
        path("dev/briefe/<str:name>/", preview.letter_preview),
    ]
