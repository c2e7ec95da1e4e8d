"""Choices of the applications app: request kinds, statuses, document states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    ISSUE = "issue", _("Issue of a residence permit")
    RENEWAL = "renewal", _("Renewal of a residence permit")
    CHANGE_OF_CONDITIONS = "change_of_conditions", _("Change of conditions")
    FAMILY_REUNIFICATION = "family_reunification", _("Residence permit for family reunification")
    BLOCKED_ACCOUNT_RELEASE = "blocked_account_release", _("Release of a blocked account")
    NATURALISATION = "naturalisation", _("Naturalisation")
    PASSPORT_SUBSTITUTE = "passport_substitute", _("Travel document for foreigners")
    CITIZENSHIP_CERTIFICATE = "citizenship_certificate", _("Certificate of German citizenship")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    DOCUMENTS_REQUESTED = "documents_requested", _("Documents requested")
    DOCUMENTS_COMPLETE = "documents_complete", _("Documents complete")
    INVITED = "invited", _("Invited")
    APPOINTMENT_HELD = "appointment_held", _("Appointment held")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATUSES = frozenset({Status.GRANTED, Status.REFUSED, Status.WITHDRAWN})


class DocumentState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    LATER = "later", _("Will be handed in later")
    RECEIVED = "received", pgettext_lazy("document state", "Received")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# Sections of the answers holding special categories of personal data (GDPR
# Art. 9 and 10: religion, health, convictions, pending proceedings). They are
# stored encrypted (portal/encryption.py) and shown only to staff with the
# permission ``view_special_categories``.
SPECIAL_CATEGORY_SECTIONS = frozenset(
    {"voluntary", "health", "legal", "convictions", "legal_details"}
)
