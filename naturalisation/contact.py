"""The message to the naturalisation team (seed 003, "Kontakt"): form, sending, retention.

"Bitte senden Sie uns eine Nachricht mit Vor- und Nachnamen, Geburtsdatum,
Anschrift und einer Telefonnummer. Fragen zum Bearbeitungsstand können …
nicht beantwortet werden." The form asks exactly these details and says that
status questions are not answered. What the sender typed is stored as one
encrypted object (``ContactMessage.content``); the sender gets a receipt
number (portal/codes.py), which reveals nothing of the message.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import codes
from portal.audit import audit
from portal.forms import DateField, KernForm, PostcodeField, TextField, validate_phone

from .models import ContactMessage

logger = logging.getLogger(__name__)

# Every post of the form counts (valid or not): ten an hour from one client.
RATE_SCOPE = "naturalisation-contact"
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 3600

MESSAGE_MAX_LENGTH = 4000


def _text(label, *, autocomplete: str, max_length: int = 100, **kwargs) -> TextField:
    widget = forms.TextInput(attrs={"autocomplete": autocomplete, **kwargs.pop("attrs", {})})
    return TextField(label=label, max_length=max_length, widget=widget, **kwargs)


class ContactForm(KernForm):
    """Seed 003: given names and surname, date of birth, address, phone, and the message."""

    given_names = _text(_("Given names"), autocomplete="given-name", max_length=150)
    surname = _text(_("Surname"), autocomplete="family-name")
    date_of_birth = DateField(label=_("Date of birth"), birth=True)
    street = _text(_("Street and house number"), autocomplete="street-address", max_length=150)
    postcode = PostcodeField(label=_("Postcode"))
    town = _text(_("Town"), autocomplete="address-level2")
    phone = TextField(
        label=_("Phone"),
        max_length=32,
        validators=[validate_phone],
        help_text=_("So that we can call you back, for example 0911 123456."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    message = TextField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("At most 4000 characters."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def content(self) -> dict:
        """The cleaned answers as JSON values (the date as ISO text)."""
        data = dict(self.cleaned_data)
        data["date_of_birth"] = data["date_of_birth"].isoformat()
        return data


def contact_message_send(*, form: ContactForm, request=None) -> ContactMessage:
    """Store a valid form's message encrypted under a new receipt number; audit it (no values)."""
    content = form.content()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                message = ContactMessage.objects.create(
                    receipt_number=codes.reference_new(),
                    received_at=timezone.now(),
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    content=content,
                )
                audit(
                    action="create",
                    request=request,
                    obj=message,
                    detail="contact",
                    actor_label="sender",
                )
                return message
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free receipt number")


# --- Retention --------------------------------------------------------------------------


def contact_messages_cutoff(now: datetime, days: int) -> datetime:
    """Messages received before this moment are deleted (pure)."""
    return now - timedelta(days=days)


def contact_messages_delete_expired(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete the messages received more than the closed-request retention period ago.

    A message is closed when it is sent: it is kept as long as a closed
    request (``CLOSED_REQUEST_RETENTION_DAYS``, counted from its receipt),
    then deleted as a whole (it has no record worth keeping without its content).
    """
    if days is None:
        days = settings.CLOSED_REQUEST_RETENTION_DAYS
    cutoff = contact_messages_cutoff(now or timezone.now(), days)
    deleted, _by_model = ContactMessage.objects.filter(received_at__lt=cutoff).delete()
    if deleted:
        logger.info("retention: %d messages to the naturalisation team deleted", deleted)
    return deleted
