"""Retention of guest drafts (frozen clock) and the caseworker's fee record."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from applications.models import Application, FeeAssessment, Upload
from portal.models import Draft
from portal.site.retention import drafts_delete_expired

pytestmark = pytest.mark.django_db


def make_draft(code: str) -> Draft:
    return Draft.objects.create(journey="permit-verlaengerung", resume_code_digest=code)


def test_drafts_older_than_30_days_go_with_their_files():
    with time_machine.travel(timezone.now() - timedelta(days=31), tick=False):
        old = make_draft("a" * 64)
        name = default_storage.save("uploads/test/old.pdf", ContentFile(b"%PDF-1.4"))
        Upload.objects.create(
            draft=old,
            requirement="passport",
            file=name,
            display_name="old.pdf",
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
        )
    with time_machine.travel(timezone.now() - timedelta(days=29), tick=False):
        recent = make_draft("b" * 64)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert drafts_delete_expired() == 1
    assert list(Draft.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Upload.objects.exists()
    assert not default_storage.exists(name)


def test_a_draft_changed_exactly_30_days_ago_is_kept():
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=30), tick=False):
        make_draft("c" * 64)
    assert drafts_delete_expired(now=now) == 0


def application(**fields) -> Application:
    defaults = {
        "reference": "ABCD-EFGH-J",
        "kind": "renewal",
        "submitted_at": timezone.now(),
        "language": "de",
        "surname": "X",
        "given_names": "Y",
        "date_of_birth": "1990-01-01",
        "nationality": "TR",
        "passport_number": "U1",
        "postcode": "90403",
        "answers": {},
        "filed_on_time": True,
        "deadline_effect": "title_continues",
        "fee_quote_total": Decimal("93.00"),
    }
    defaults.update(fields)
    return Application.objects.create(**defaults)


def test_fee_assessment_is_recorded_with_who_and_when(django_user_model):
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14)
    request = application()
    assessment = FeeAssessment.objects.create(
        application=request, amount=Decimal("46.50"), reason="Minderjährig", assessed_by=caseworker
    )
    assert assessment.assessed_at is not None
    assert request.fee_assessments.get().amount == Decimal("46.50")


def test_negative_fee_assessment_is_refused_by_the_database(django_user_model):
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14)
    with pytest.raises(IntegrityError):
        FeeAssessment.objects.create(
            application=application(), amount=Decimal("-1.00"), reason="x", assessed_by=caseworker
        )
