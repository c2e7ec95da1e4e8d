"""Locations of the office and the staff who work for them.

Shared by the apps above: a request (applications) is routed to the location
responsible for it; appointments and letters (appointments) happen there;
caseworkers see the requests of their locations. The tables keep the names
they had when this lived in the appointments app (migration 0001 only moves
the models' state).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rules import POSTCODE_PATTERN

POSTCODE_MESSAGE = _("Enter a German postcode of five digits.")


class Location(models.Model):
    """A place where the office receives applicants, and what it is responsible for."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        validators=[RegexValidator(POSTCODE_PATTERN, POSTCODE_MESSAGE)],
    )
    town = models.CharField(_("town"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Values of applications.constants.RequestKind; checked by the admin form (help texts
    # live there too, so that rewording them needs no migration).
    kinds = models.JSONField(_("request kinds"), default=list)
    # Strings of one to five digits; empty: every postcode.
    postcode_prefixes = models.JSONField(_("postcode prefixes"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Clearly fictional data for demonstrations (appointments.demo).
    is_demo = models.BooleanField(_("demo data"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "appointments_location"
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=POSTCODE_PATTERN),
                name="location_postcode_five_digits",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="location_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffLocations(models.Model):
    """The locations a staff member works for: caseworkers see their requests only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_locations",
        verbose_name=_("staff member"),
    )
    locations = models.ManyToManyField(
        Location,
        blank=True,
        verbose_name=_("locations"),
        db_table="appointments_stafflocations_locations",
    )

    class Meta:
        db_table = "appointments_stafflocations"
        verbose_name = _("locations of a staff member")
        verbose_name_plural = _("locations of staff members")

    def __str__(self) -> str:
        return str(self.user)
