from django.urls import path

from . import handin, kinds, status, views

app_name = "applications"

urlpatterns = [
    path("antrag/fortsetzen/", views.resume, name="resume"),
    path("meine-antraege/", views.my_requests, name="my-requests"),
    path("unterlagen-nachreichen/", handin.hand_in, name="hand-in"),
    path("unterlagen-nachreichen/dateien/", handin.hand_in_files, name="hand-in-files"),
    path("unterlagen-nachreichen/verlaengern/", handin.hand_in_extend, name="hand-in-extend"),
    path("status/", status.status_find, name="status"),
    path("status/ihr-antrag/", status.status_overview, name="status-overview"),
    path("status/verlaengern/", status.status_extend, name="status-extend"),
    path("meine-antraege/fortsetzen/", views.draft_continue, name="draft-continue"),
    path("antrag/<str:reference>/", views.confirmation, name="confirmation"),
    path("antrag/<str:reference>/eingangsbestaetigung.pdf", views.receipt, name="receipt"),
    path("antrag/<str:reference>/familie/", views.family_member, name="family-member"),
    path(
        "sachbearbeitung/schreiben/<str:kind>/<int:pk>/",
        views.staff_letter,
        name="staff-letter",
    ),
    path(
        "sachbearbeitung/datei/<int:upload_id>/",
        views.upload_download,
        name="upload-download",
    ),
    path(
        "sachbearbeitung/sperrvermerk/<str:reference>/erklaerung.pdf",
        views.release_declaration,
        name="release-declaration",
    ),
]

for kind, journey in kinds.JOURNEYS.items():
    base = journey.path
    urlpatterns += [
        path(base, views.start, {"kind": kind}, name=f"{journey.slug}-start"),
        path(f"{base}neu/", views.new_request, {"kind": kind}, name=f"{journey.slug}-new"),
        path(
            f"{base}<str:step>/",
            views.ResidencePermitWizard.for_kind(kind),
            name=f"{journey.slug}-step",
        ),
    ]
