"""The case-work admin with a second factor (SECURITY-BAR.md line 6).

``admin.site`` is an instance of ``PortalAdminSite`` (through
``portal.app_config.PortalAdminConfig``), so every ModelAdmin that an app
registers on the default site is behind it. With ``ADMIN_REQUIRE_2FA`` on
(the default unless DEBUG) every admin URL needs a staff member verified by
an OTP device in this session: the login form asks for the password and the
code of the authenticator app together, and a password alone never gives a
session. Without a device the login fails with a message naming the
operator's command (``manage.py staff_totp``).

With ``ADMIN_REQUIRE_2FA`` off (demo mode) the second factor is optional: a
staff member without a device logs in with the password, one with a device
still needs its code.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.admin import AdminSite, display
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.models import Device


def second_factor_required() -> bool:
    return bool(settings.ADMIN_REQUIRE_2FA)


def is_verified_staff(user) -> bool:
    """Active staff, and verified by an OTP device when the second factor is required."""
    if not (user.is_active and user.is_staff):
        return False
    if not second_factor_required():
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())


def verified_staff_required(view):
    """For staff views outside the admin (downloads): the admin's rule, or 403.

    Anonymous users go to the admin login, like ``staff_member_required``.
    """

    @staff_member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_verified_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class StaffAuthenticationForm(OTPAdminAuthenticationForm):
    """Password and TOTP code in one step; nothing logs in on the password alone."""

    otp_token = forms.CharField(
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "no_device": _(
            "This account has no second factor (authenticator app) yet, so it cannot log in "
            "to case work. Ask an administrator to set one up (manage.py staff_totp)."
        ),
    }

    def clean_otp(self, user):
        if user is None:
            return
        if not user_has_device(user):
            if not second_factor_required():
                return  # demo mode: the password alone is enough
            self._audit_refusal(user, "otp_no_device")
            raise forms.ValidationError(self.otp_error_messages["no_device"], code="no_device")
        try:
            super().clean_otp(user)
        except forms.ValidationError as error:
            # The password was right, the second factor missing or wrong.
            self._audit_refusal(user, f"otp_{error.code or 'refused'}")
            raise

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            # With a single device there is nothing to choose: use it, so that
            # the usual login is one form. (django-otp never guesses among
            # several devices, so that a wrong guess does not throttle another.)
            devices = list(devices_for_user(user))
            if len(devices) == 1:
                device = Device.from_persistent_id(devices[0].persistent_id, for_verify=True)
        return device

    def _update_form(self, user):
        # django-otp would also render the password back into the page; the
        # password is typed again instead.
        if "otp_device" in self.fields:
            self.fields["otp_device"].widget.choices = self.device_choices(user)

    def _audit_refusal(self, user, detail: str) -> None:
        from portal.audit import AuditEvent, audit

        audit(
            action=AuditEvent.Action.LOGIN_FAILED, request=self.request, actor=user, detail=detail
        )


class PortalAdminSite(OTPAdminSite):
    """django-otp's OTPAdminSite under the default name, its rule switchable by the setting."""

    login_form = StaffAuthenticationForm
    # The worklists need the width of a laptop screen; the home page and the
    # breadcrumbs lead to every list.
    enable_nav_sidebar = False

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def each_context(self, request):
        """Django's context of every admin page, its list of apps built only when shown.

        Django builds ``available_apps`` (every registered model with its
        permissions and URLs) for every admin page, for the navigation sidebar,
        which is off here; the home and app pages build their own list.
        """
        request._portal_lazy_app_list = True
        try:
            return super().each_context(request)
        finally:
            del request._portal_lazy_app_list

    def get_app_list(self, request, app_label=None):
        if getattr(request, "_portal_lazy_app_list", False):
            build = super().get_app_list
            return SimpleLazyObject(lambda: build(request, app_label))
        return super().get_app_list(request, app_label)

    def app_index(self, request, app_label, extra_context=None):
        # "Termine und Briefe", not Django's "Termine und Briefe-Administration".
        name = capfirst(django_apps.get_app_config(app_label).verbose_name)
        return super().app_index(request, app_label, {"title": name, **(extra_context or {})})

    def has_permission(self, request) -> bool:
        if second_factor_required():
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)


class ListTitledByName:
    """A ``ModelAdmin`` mixin: a list titled by what it lists ("Termine", "Standorte").

    Django titles every list "Select … to change" ("… zur Änderung auswählen"),
    which reads as an instruction rather than the name of the page. A list that
    names itself (``extra_context["title"]``) keeps its own title.
    """

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": capfirst(self.model._meta.verbose_name_plural),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


def related_as_text(name: str, description):
    """A read-only field that shows the related object ``name`` by its name.

    Django's admin links a read-only relation to the related object's change
    page, whether or not the reader may open it: a caseworker would meet
    "access denied" behind the name of a colleague or a location.
    """

    @display(description=description, ordering=name)
    def shown(model_admin, obj):
        related = getattr(obj, name, None) if obj is not None else None
        return "–" if related is None else str(related)

    shown.__name__ = f"{name}_text"
    return shown
