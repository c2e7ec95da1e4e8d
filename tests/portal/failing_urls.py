"""URLs that fail on purpose, to render the error pages through the real handlers."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import include, path


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("bad/", bad),
    path("", include("portal.site.urls")),
]

handler400 = "portal.site.views.bad_request"
handler403 = "portal.site.views.permission_denied"
handler404 = "portal.site.views.page_not_found"
handler500 = "portal.site.views.server_error"
