"""The portal's URLs plus the anchors of the ratios in bench/load.py (only under bench.settings).

- ``/bench/minimal/``: a minimal Django view (no database, no template);
- ``/bench/bare/``: the bare 3-query PostgreSQL view, the physical limit of a
  database-backed page here: it reads its session row, reads one row by
  primary key, UPDATEs one row and renders a template of about 10 KB. Every
  request goes through the portal's middleware, like every page;
- ``/bench/admin/``: (c), the floor of the Django admin: Django's own admin
  site, list and change page, over the same requests, with nothing of the
  worklist or the request page: one column (the reference) of 50 rows with the
  worklist's capped count, one read-only field. Whatever is built inside the
  Django admin costs at least this.
"""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone

from applications.admin import CappedCountPaginator
from applications.models import Application
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


class FloorSite(admin.AdminSite):
    """(c): Django's own admin, nothing of the portal's but its templates."""

    enable_nav_sidebar = False


class FloorApplicationAdmin(admin.ModelAdmin):
    """The worklist's table in Django's plainest list: one column, the same count."""

    list_display = ("reference",)
    list_per_page = 50
    show_full_result_count = False
    paginator = CappedCountPaginator
    ordering = ("-pk",)
    fields = ("reference",)
    readonly_fields = ("reference",)
    # Django's own templates, not the worklist's and the desk's.
    change_list_template = "admin/change_list.html"
    change_form_template = "admin/change_form.html"

    def get_queryset(self, request):
        # Only the shown column: the rows' answers are not read (the worklist's neither).
        return super().get_queryset(request).only("pk", "reference")


floor = FloorSite(name="floor")
floor.register(Application, FloorApplicationAdmin)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/bare/", bare),
    path("bench/admin/", floor.urls),
    path("", include("portal.site.urls")),
]
