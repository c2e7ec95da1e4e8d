"""django-allauth's words that its German catalogue says with "du", said with "Sie" here.

A public authority addresses the people it serves formally, and the rest of the
portal does. django-allauth's German translation mixes the two: "Bitte gib dein
aktuelles Passwort ein", "Du hast noch kein Konto bei uns?", e-mails that begin
"Du erhältst diese E-Mail". The project's catalogue (``LOCALE_PATHS``) takes
precedence over an app's, so each of allauth's messages below, marked here for
``makemessages``, is translated formally in ``locale/de``. The texts must be
allauth's own, character for character (line breaks of its templates included):
tests/portal/test_allauth_formal.py checks that each is in allauth's catalogue
(otherwise its translation here would never be used) and that the account pages
and e-mails read without "du".
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    # account/adapter.py
    gettext_noop("You cannot remove your primary email address."),
    # account/adapter.py
    gettext_noop("Please type your current password."),
    # account/adapter.py
    gettext_noop("You cannot add more than %d email addresses."),
    # account/adapter.py
    gettext_noop("Too many failed login attempts. Try again later."),
    # account/adapter.py
    gettext_noop("Your primary email address must be verified."),
    # account/adapter.py
    gettext_noop("Username can not be used. Please use other username."),
    # account/adapter.py
    gettext_noop("Please select only one."),
    # account/adapter.py
    gettext_noop("Be patient, you are sending too many requests."),
    # account/forms.py
    gettext_noop("You must type the same password each time."),
    # account/forms.py
    gettext_noop("You must type the same email each time."),
    # templates/account/email.html
    gettext_noop("Do you really want to remove the selected email address?"),
    # templates/account/email/account_already_exists_message.txt
    gettext_noop(
        "You are receiving this email because you or someone else tried to"
        " signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an"
        " account using that email address already exists.  In case you"
        " have\nforgotten about this, please use the password forgotten"
        " procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    # templates/account/email/base_message.txt
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    # templates/account/email/email_confirmation_subject.txt
    gettext_noop("Please Confirm Your Email Address"),
    # templates/account/email/password_changed_message.txt
    gettext_noop("Your password has been changed."),
    # templates/account/email/password_reset_key_message.txt
    gettext_noop(
        "You're receiving this email because you or someone else has requested"
        " a password reset for your user account.\nIt can be safely ignored if"
        " you did not request a password reset. Click the link below to reset"
        " your password."
    ),
    # templates/account/email/password_reset_key_message.txt
    gettext_noop("In case you forgot, your username is %(username)s."),
    # templates/account/email_change.html
    gettext_noop("Your email address is still pending verification."),
    # templates/account/email_confirm.html
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an'
        " email address for user %(user_display)s."
    ),
    # templates/account/email_confirm.html
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a"
        ' href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    # templates/account/login.html
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    # templates/account/logout.html
    gettext_noop("Are you sure you want to sign out?"),
    # templates/account/messages/cannot_delete_primary_email.txt
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    # templates/account/messages/email_confirmed.txt
    gettext_noop("You have confirmed %(email)s."),
    # templates/account/messages/logged_out.txt
    gettext_noop("You have signed out."),
    # templates/account/password_reset.html
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll"
        " send you an email allowing you to reset it."
    ),
    # templates/account/password_reset.html
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    # templates/account/password_reset_done.html
    gettext_noop(
        "We have sent you an email. If you have not received it please check"
        " your spam folder. Otherwise contact us if you do not receive it in a"
        " few minutes."
    ),
    # templates/account/password_reset_from_key.html
    gettext_noop(
        "The password reset link was invalid, possibly because it has already"
        ' been used.  Please request a <a href="%(passwd_reset_url)s">new'
        " password reset</a>."
    ),
    # templates/account/password_reset_from_key_done.html
    gettext_noop("Your password is now changed."),
    # templates/account/phone_change.html
    gettext_noop("Your phone number is still pending verification."),
    # templates/account/signup.html
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    # templates/account/snippets/already_logged_in.html
    gettext_noop("You are already logged in as %(user_display)s."),
    # templates/account/snippets/warn_no_email.html
    gettext_noop(
        "You currently do not have any email address set up. You should really"
        " add an email address so you can receive notifications, reset your"
        " password, etc."
    ),
    # templates/account/verification_sent.html
    gettext_noop("Verify Your Email Address"),
    # templates/account/verification_sent.html
    gettext_noop(
        "We have sent an email to you for verification. Follow the link"
        " provided to finalize the signup process. If you do not see the"
        " verification email in your main inbox, check your spam folder. Please"
        " contact us if you do not receive the verification email within a few"
        " minutes."
    ),
    # templates/account/verified_email_required.html
    gettext_noop(
        "This part of the site requires us to verify that\nyou are who you claim"
        " to be. For this purpose, we require that you\nverify ownership of your"
        " email address. "
    ),
    # templates/account/verified_email_required.html
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the"
        " link inside that email. If you do not see the verification email in"
        " your main inbox, check your spam folder. Otherwise\ncontact us if you"
        " do not receive it within a few minutes."
    ),
    # templates/account/verified_email_required.html
    gettext_noop(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change'
        " your email address</a>."
    ),
)
