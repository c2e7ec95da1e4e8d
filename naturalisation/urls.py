from django.urls import path

from . import views

app_name = "naturalisation"

urlpatterns = [
    path("einbuergerung/", views.quick_check, name="quick-check"),
    path("einbuergerung/antrag-starten/", views.apply, name="apply"),
]
