"""State of residence-permit requests: submitted requests, uploads, fees.

Integrity lives in the database too (unique and check constraints). No logic
in save(), signals or managers: state changes go through services.py.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.fields import SealedJSONField

from . import names
from .constants import SPECIAL_CATEGORY_SECTIONS, DocumentState, RequestKind, Status


class Application(models.Model):
    """A submitted request: one person, one form (seed 002)."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("received"), db_index=True)
    language = models.CharField(_("language of the portal"), max_length=8)
    family_id = models.UUIDField(_("family"), null=True, blank=True, db_index=True)
    # The applicant's account, when they filed with one.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    # Identity: columns that staff search and rules need.
    surname = models.CharField(_("surname"), max_length=100, db_index=True)
    given_names = models.CharField(_("given names"), max_length=150)
    # Surname and given names as staff search them (applications/names.py),
    # written by save(); its trigram index is migration 0017's.
    search_name = models.CharField(max_length=260, editable=False, default="")
    date_of_birth = models.DateField(_("date of birth"), db_index=True)
    nationality = models.CharField(_("nationality"), max_length=16)
    passport_number = models.CharField(_("passport number"), max_length=30, db_index=True)
    postcode = models.CharField(_("postcode"), max_length=5)
    current_title_valid_until = models.DateField(
        _("current title valid until"), null=True, blank=True, db_index=True
    )

    # The location responsible for the request (locations.rules.responsible_location).
    location = models.ForeignKey(
        "locations.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("location"),
    )

    # The answers of the form, by section, written only through the step forms;
    # the special categories are stored encrypted (portal/encryption.py).
    answers = SealedJSONField(_("answers"), default=dict, sealed=SPECIAL_CATEGORY_SECTIONS)

    # The deadline rule's result on the day of filing (applications.rules).
    # None when the dates given did not allow a decision (the caseworker checks).
    filed_on_time = models.BooleanField(_("filed on time"), null=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_effect = models.CharField(_("effect of the filing"), max_length=32)

    # The fee quote on the day of filing (fees.quote); None when set individually.
    fee_quote_total = models.DecimalField(
        _("quoted fee (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    fee_quote_items = models.JSONField(_("quoted fee items"), default=list)

    receipt = models.FileField(_("receipt"), max_length=200, blank=True)
    # The code on the receipt that opens the status page (applications/status.py): only its
    # keyed digest. Empty for requests filed before the status page existed (no code).
    status_code_digest = models.CharField(max_length=64, blank=True, default="")
    # Optimistic locking: a save based on an old version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    # Family reunification (seed 004): the longest permit the rules allow, and
    # that the applicant must come to the appointment with the sponsor.
    max_permit_until = models.DateField(_("maximum permit period until"), null=True, blank=True)
    max_permit_binding = models.CharField(_("limit that decides"), max_length=32, blank=True)
    must_bring_sponsor = models.BooleanField(
        _("must come with the person the right of residence is based on"), default=False
    )

    # Blocked-account release: the declaration to the bank, once issued.
    release_declaration = models.FileField(_("release declaration"), max_length=200, blank=True)
    release_declared_at = models.DateTimeField(_("release declared at"), null=True, blank=True)
    release_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("release declared by"),
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        permissions = [
            (
                "view_special_categories",
                _("Can see special categories (religion, ethnicity, health, offences)"),
            ),
            ("change_workflow", _("Can change the status of a request")),
            ("view_all_locations", _("Can work on requests of every location")),
            (
                "override_documents",
                _("Can mark the documents complete without every item verified (with a reason)"),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["status", "current_title_valid_until"]),
            models.Index(fields=["filed_on_time"]),
            models.Index(fields=["given_names"]),
            # The urgency order of the admin list has its own index on PostgreSQL
            # (migration 0010: SQLite cannot index NULLS LAST).
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_quote_total__isnull=True) | Q(fee_quote_total__gte=0),
                name="application_fee_quote_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        self.search_name = names.search_form(f"{self.surname} {self.given_names}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"surname", "given_names"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def fee_due(self) -> Decimal | None:
        """The fee the applicant pays: the latest one a caseworker charged (a correction
        is a new row), else the quote of the day of filing; None: set individually."""
        charged = self.fee_assessments.order_by("-assessed_at", "-pk").first()
        return charged.amount if charged is not None else self.fee_quote_total


class Upload(models.Model):
    """A file uploaded for one item of the document checklist.

    Belongs to a draft while the request is being written, then to the
    submitted application. Stored under a generated name, never served from
    a public URL.
    """

    draft = models.ForeignKey(
        "portal.Draft", null=True, blank=True, on_delete=models.CASCADE, related_name="uploads"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="uploads"
    )
    requirement = models.CharField(_("document"), max_length=40)
    file = models.FileField(_("file"), max_length=200)
    display_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=False) | Q(application__isnull=False),
                name="upload_belongs_to_draft_or_application",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class DocumentDeclaration(models.Model):
    """For each checklist item of a submitted request: uploaded now or handed in later."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="document_declarations"
    )
    requirement = models.CharField(_("document"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=DocumentState.choices)
    required = models.BooleanField(_("required"), default=True)
    reason = models.CharField(_("reason for the rejection"), max_length=500, blank=True)
    added_by_caseworker = models.BooleanField(_("added by the office"), default=False)
    # When the applicant last handed in a file for this item online (after submitting);
    # cleared by the next review, so the request list can flag what waits for a look.
    handed_in_at = models.DateTimeField(_("handed in online"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reason=""),
                name="rejected_document_has_reason",
            ),
            models.UniqueConstraint(
                fields=["application", "requirement"], name="one_declaration_per_document"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class FeeAssessment(models.Model):
    """The fee a caseworker actually charges, starting from the quote (issue "fees")."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="fee_assessments"
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee assessment")
        verbose_name_plural = _("fee assessments")
        ordering = ["-assessed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=Decimal("0")), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        # As the page's language writes amounts (93,50 € in German).
        return f"{formats.number_format(self.amount, 2, use_l10n=True)} €"


class FictionEffect(models.TextChoices):
    """The provisional decision of the office part of form 002 (§ 81 AufenthG)."""

    STAY_DEEMED_PERMITTED = (
        "stay_deemed_permitted",
        _("the stay is deemed permitted (§ 81 (3) sentence 1 AufenthG)"),
    )
    DEPORTATION_SUSPENDED = (
        "deportation_suspended",
        _("deportation is deemed suspended (§ 81 (3) sentence 2 AufenthG)"),
    )
    TITLE_CONTINUES = (
        "title_continues",
        _("the previous residence title continues (§ 81 (4) AufenthG)"),
    )


class FictionCertificate(models.Model):
    """A Fiktionsbescheinigung (§ 81 (5) AufenthG) issued for a request, as a PDF."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="fiction_certificates"
    )
    effect = models.CharField(_("effect"), max_length=32, choices=FictionEffect.choices)
    valid_until = models.DateField(_("valid until"))
    file = models.FileField(_("certificate"), max_length=200)
    # § 81 (4) sentence 3 AufenthG: the office ordered the title to continue (late request).
    hardship_order = models.BooleanField(_("hardship order (§ 81 (4) sentence 3)"), default=False)
    # A team lead certified an effect the deadline result does not give, with this reason.
    override_reason = models.CharField(_("reason of the override"), max_length=500, blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("fiction certificate")
        verbose_name_plural = _("fiction certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.valid_until:%d.%m.%Y}"


class DocumentRequest(models.Model):
    """A letter that asks for missing documents, with a code to hand them in online."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="document_requests"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    items = models.JSONField(_("documents requested"), default=list)
    respond_by = models.DateField(_("respond by"), null=True, blank=True)
    letter = models.FileField(_("letter"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("request for documents")
        verbose_name_plural = _("requests for documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.created_at:%d.%m.%Y}"


class DocumentsOverride(models.Model):
    """A team lead marked a request's documents complete without every item verified.

    The reason is the team lead's own words about the case; it is shown on the
    request page, never logged (the audit trail records that it happened).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents_overrides"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("who did it", "by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("override of the document check")
        verbose_name_plural = _("overrides of the document check")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.created_at:%d.%m.%Y}"
