"""Which locations each staff member works for (team leads set them).

The locations themselves, with their opening hours and closed days, are
edited in the appointments app's admin (appointments.admin.LocationAdmin).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.admin_site import ListTitledByName

from .models import Location, StaffLocations


class StaffLocationsForm(forms.ModelForm):
    class Meta:
        model = StaffLocations
        fields = ("user", "locations")
        widgets = {"locations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_staff=True)
        self.fields["locations"].queryset = Location.objects.order_by("name")


@admin.register(StaffLocations)
class StaffLocationsAdmin(ListTitledByName, admin.ModelAdmin):
    form = StaffLocationsForm
    list_display = ("user", "location_names")
    search_fields = ("user__username", "user__last_name")
    autocomplete_fields = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("locations")

    @admin.display(description=_("locations"))
    def location_names(self, obj: StaffLocations) -> str:
        return ", ".join(location.name for location in obj.locations.all()) or "–"
