"""Messages to the naturalisation team (seed 003, "Kontakt").

"Bitte senden Sie uns eine Nachricht mit Vor- und Nachnamen, Geburtsdatum,
Anschrift und einer Telefonnummer … Zur verschlüsselten Übertragung Ihrer
Nachricht." The page is served over HTTPS only (SECURE_SSL_REDIRECT, HSTS);
at rest everything the sender typed is one encrypted object (portal/encryption.py),
so that a dump shows the receipt number and the date only. The team reads
messages in the admin; every opening is audited (naturalisation/admin.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import encryption
from portal.fields import SealedJSONField


class ContactMessage(models.Model):
    """One message: its receipt number, when it came, and the sealed content."""

    receipt_number = models.CharField(_("receipt number"), max_length=16, unique=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    language = models.CharField(_("language of the portal"), max_length=8)
    # Names, date of birth, address, phone and the message: all encrypted.
    content = SealedJSONField(_("content"), default=dict, sealed=encryption.ALL_KEYS)

    class Meta:
        verbose_name = _("message to the naturalisation team")
        verbose_name_plural = _("messages to the naturalisation team")
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return self.receipt_number
