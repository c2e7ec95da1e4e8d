"""The applicant's account forms: django-allauth's, with messages that name their field.

allauth's fields say "This field is required." whatever is missing; the portal's
forms say what to enter ("Enter “E-mail address”."), so that the error summary
at the top names each problem (``portal.forms.name_the_field_in_its_messages``).
Used through ``ACCOUNT_FORMS`` (settings).
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms

from portal.forms import name_the_field_in_its_messages


class _FieldsNamedInMessages:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_the_field_in_its_messages(field)


class LoginForm(_FieldsNamedInMessages, allauth_forms.LoginForm):
    pass


class SignupForm(_FieldsNamedInMessages, allauth_forms.SignupForm):
    pass


class AddEmailForm(_FieldsNamedInMessages, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(_FieldsNamedInMessages, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(_FieldsNamedInMessages, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(_FieldsNamedInMessages, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_FieldsNamedInMessages, allauth_forms.ResetPasswordKeyForm):
    pass


class ReauthenticateForm(_FieldsNamedInMessages, allauth_forms.ReauthenticateForm):
    pass


def user_display(user) -> str:
    """How allauth's pages name an applicant: by the e-mail address they signed up with
    (their user name is generated and means nothing to them)."""
    return user.email or user.get_username()
