"""URLs of the appointments app: cancel or move an appointment online.

The print queue is in the admin (appointments.admin).
"""

from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    path("termin/", views.change, name="change"),
    path("termin/ihr-termin/", views.overview, name="overview"),
    path("termin/absagen/", views.cancel, name="cancel"),
    path("termin/verschieben/", views.move, name="move"),
    path("termin/bestaetigung/", views.done, name="done"),
    path("termin/verlaengern/", views.extend, name="extend"),
]
