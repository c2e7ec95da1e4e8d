from django.urls import path

from . import views

app_name = "naturalisation"

urlpatterns = [
    path("einbuergerung/", views.quick_check, name="quick-check"),
    path("einbuergerung/antrag-starten/", views.apply, name="apply"),
    path("einbuergerung/nachricht/", views.contact_message, name="contact"),
    path("einbuergerung/nachricht/gesendet/", views.contact_message_sent, name="contact-sent"),
]
