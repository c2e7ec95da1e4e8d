"""The portal's URLs plus a minimal Django view, the baseline of every ratio."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("portal.urls")),
]
