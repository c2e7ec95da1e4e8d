"""Drafts of every journey, saved after each valid step (nothing typed is lost)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """A wizard in progress.

    A guest reaches it through their session or with the resume code; only a
    keyed digest of the code is stored. After submission the draft keeps the
    reference of what it became (so a double submit finds it) and its answers
    are cleared.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    journey = models.CharField(_("journey"), max_length=40)
    resume_code_digest = models.CharField(max_length=64, unique=True)
    state = models.JSONField(_("wizard state"), default=dict)
    language = models.CharField(max_length=8, default="de")
    family_id = models.UUIDField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submitted_reference = models.CharField(max_length=16, blank=True)
    # Set when an applicant with an account writes the draft; guests have none.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
    )

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"{self.journey} ({self.id})"
