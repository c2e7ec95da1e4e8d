"""Messages to the naturalisation team in the admin: read-only, every opening audited.

Only holders of ``naturalisation.view_contactmessage`` see them: the group
"Einbürgerung" (naturalisation team, migration 0002_team); caseworkers, team
leads and print staff do not. The list shows the receipt number and the date
only, so that nothing of a message is read without opening it, and every
opening is an audit event ("view", detail "admin") without any value of it.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _

from portal import codes
from portal.admin_site import ListTitledByName
from portal.audit import audit

from .models import ContactMessage

# The content's keys in the order of the form, with the labels shown to the team.
CONTENT_FIELDS = (
    ("given_names", _("Given names")),
    ("surname", _("Surname")),
    ("date_of_birth", _("Date of birth")),
    ("street", _("Street and house number")),
    ("postcode", _("Postcode")),
    ("town", _("Town")),
    ("phone", _("Phone")),
    ("message", _("Message")),
)


def _content_display(key: str, label):
    def show(self, obj) -> str:
        value = (obj.content or {}).get(key, "")
        if key == "date_of_birth" and value:
            year, month, day = value.split("-")
            return f"{day}.{month}.{year}"
        if key == "message":
            return linebreaksbr(value, autoescape=True)  # its lines as written, escaped
        return value

    show.short_description = label
    show.__name__ = f"content_{key}"
    return show


@admin.register(ContactMessage)
class ContactMessageAdmin(ListTitledByName, admin.ModelAdmin):
    list_display = ("receipt_number", "received_at", "language")
    list_filter = (("received_at", admin.DateFieldListFilter),)
    date_hierarchy = "received_at"
    search_fields = ("=receipt_number",)
    search_help_text = _("Receipt number (with or without hyphens)")
    readonly_fields = (
        "receipt_number",
        "received_at",
        "language",
        *(f"content_{key}" for key, _label in CONTENT_FIELDS),
    )
    fields = readonly_fields
    actions = None
    list_per_page = 50

    content_given_names = _content_display("given_names", CONTENT_FIELDS[0][1])
    content_surname = _content_display("surname", CONTENT_FIELDS[1][1])
    content_date_of_birth = _content_display("date_of_birth", CONTENT_FIELDS[2][1])
    content_street = _content_display("street", CONTENT_FIELDS[3][1])
    content_postcode = _content_display("postcode", CONTENT_FIELDS[4][1])
    content_town = _content_display("town", CONTENT_FIELDS[5][1])
    content_phone = _content_display("phone", CONTENT_FIELDS[6][1])
    content_message = _content_display("message", CONTENT_FIELDS[7][1])

    def get_queryset(self, request):
        # The list never decrypts a message; the change page loads its content.
        return super().get_queryset(request).defer("content")

    def get_search_results(self, request, queryset, search_term):
        number = codes.code_normalise(search_term.strip()) if search_term.strip() else None
        if number is not None:
            return queryset.filter(receipt_number=number), False
        return super().get_search_results(request, queryset, search_term)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        message = self.get_object(request, object_id)
        if message is not None and request.method == "GET":
            audit(action="view", request=request, obj=message, detail="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    # Messages come from the form only; nobody changes them. Retention deletes them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
