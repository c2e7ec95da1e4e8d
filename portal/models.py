"""Drafts of every journey, saved after each valid step (nothing typed is lost)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import SealedJSONField


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
    # Encrypted as a whole: it holds every answer given so far, special
    # categories included (portal/encryption.py).
    state = SealedJSONField(_("wizard state"), default=dict)
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


class AppendOnlyError(RuntimeError):
    """An audit event was to be changed or deleted: the audit trail is append-only."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are never changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """One entry of the audit trail (SECURITY-BAR.md line 23): who, when, what, which object.

    Written only through ``portal.audit.audit()``. Never values: ``detail`` is
    a short code, a failed login's user name only a keyed hash, the client's
    address only a keyed hash. Append-only: the model refuses changes and
    deletion, and on PostgreSQL a trigger (migration 0005) refuses UPDATE and
    DELETE of the table, except the database's own ``SET NULL`` of ``actor``
    when a user account is deleted (``actor_label`` keeps the name).
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logout")
        VIEW = "view", _("view")
        CHANGE = "change", _("change")
        CREATE = "create", _("create")
        DELETE = "delete", _("delete")
        DOWNLOAD = "download", _("download")
        LETTER = "letter", _("letter")
        DENIED = "denied", _("denied")
        EXPORT = "export", _("export")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_label = models.CharField(_("actor (at the time)"), max_length=160, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    ip_hash = models.CharField(_("client address (keyed hash)"), max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        # Read-only by design: only the view permission exists.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id"], name="portal_audit_object")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.action} {self.actor_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("Audit events are never changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are never deleted.")
