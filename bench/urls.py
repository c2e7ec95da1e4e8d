"""The portal's URLs plus the two anchors of every ratio in bench/load.py.

- ``/bench/minimal/``: a minimal Django view (no database, no template);
- ``/bench/bare/``: the bare 3-query PostgreSQL view, the physical limit of a
  database-backed page here: it reads its session row, reads one row by
  primary key, UPDATEs one row and renders a template of about 10 KB. Every
  request goes through the portal's middleware, like every page.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone

from portal.models import Draft

BARE_ROW = "bench_row"  # session key: the id of the row the bare view reads and updates
BARE_LINES = [
    f"Zeile {index}: Antrag auf Erteilung einer Aufenthaltserlaubnis" for index in range(120)
]


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


def bare(request):
    """(b): one session row read, one row read by primary key, one row updated, ~10 KB rendered."""
    row_id = request.session.get(BARE_ROW)  # query 1: the session row
    if row_id is None:
        raise Http404
    # Query 2: a draft's row by primary key, without its (encrypted) answers.
    row = Draft.objects.values("id", "journey", "updated_at").get(pk=row_id)
    # Query 3: an UPDATE of that row.
    Draft.objects.filter(pk=row_id).update(updated_at=timezone.now())
    return render(request, "bench/bare.html", {"row": row, "lines": BARE_LINES})


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/bare/", bare),
    path("", include("portal.site.urls")),
]
