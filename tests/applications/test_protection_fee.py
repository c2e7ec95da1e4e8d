"""§ 52 AufenthV in the wizard: the protection granted decides whether a permit costs a fee."""

from __future__ import annotations

from decimal import Decimal

import pytest

from applications.forms.purpose import PurposeDetailForm
from applications.models import Application
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url, walk

pytestmark = pytest.mark.django_db

PROTECTION = {
    "purpose": "humanitarian.protection",
    "institution": "BAMF Nürnberg",
    "bamf_decision_date": "15.03.2022",
    "bamf_file_number": "1234567-475",
}


def protected(kind: str, status: str | None) -> dict:
    if status in ("resettlement", "admitted_otherwise"):
        basis = "resettlement" if status == "resettlement" else "other"
        detail = dict(PROTECTION, purpose="humanitarian.admission", admission_basis=basis)
    else:
        detail = dict(PROTECTION, **({"protection_status": status} if status else {}))
    return step_answers(
        kind, purpose_group={"purpose_group": "humanitarian"}, purpose_detail=detail
    )


@pytest.mark.parametrize(
    ("kind", "status", "total"),
    [
        ("renewal", "recognised_refugee", Decimal("0.00")),
        ("renewal", "entitled_to_asylum", Decimal("0.00")),
        ("issue", "subsidiary_protection", Decimal("0.00")),
        ("renewal", "deportation_ban", Decimal("93.00")),  # § 25 (3): not in § 52
        ("issue", "other", Decimal("100.00")),
        # § 52 AufenthV: resettlement refugees (§ 23 (4) AufenthG) pay none either.
        ("issue", "resettlement", Decimal("0.00")),
        ("renewal", "resettlement", Decimal("0.00")),
        ("renewal", "admitted_otherwise", Decimal("93.00")),
    ],
)
def test_the_fee_follows_the_protection_granted(client, kind, status, total):
    answers = protected(kind, status)
    draft_open(client, DraftFactory(kind=kind, at_step="check", at_step__answers=answers))
    fee = client.get(step_url(kind, "check")).context["fee"]
    assert fee.total == total
    if total == 0:
        assert any("§ 52 AufenthV" in item.legal_basis for item in fee.items)
    walk(client, kind, answers)
    assert Application.objects.get().fee_quote_total == total


def test_the_protection_is_asked_for_protection_only():
    def errors(detail):
        form = PurposeDetailForm(
            data={f"purpose_detail-{k}": v for k, v in detail.items()},
            prefix="purpose_detail",
            group="humanitarian",
        )
        form.is_valid()
        return form

    missing = errors(PROTECTION)
    assert list(missing.errors) == ["protection_status"]
    assert missing.errors["protection_status"] == [
        "Wählen Sie den Schutz aus, der Ihnen zuerkannt wurde."
    ]
    admission = errors(dict(PROTECTION, purpose="humanitarian.admission"))
    assert list(admission.errors) == ["admission_basis"]
    assert admission.errors["admission_basis"] == ["Wählen Sie aus, wie Sie aufgenommen wurden."]
    admitted = errors(
        dict(PROTECTION, purpose="humanitarian.admission", admission_basis="resettlement")
    )
    assert admitted.is_valid(), admitted.errors
    # Chosen and then the purpose changed: neither answer is kept.
    changed = errors(
        dict(
            PROTECTION,
            purpose="humanitarian.admission",
            protection_status="recognised_refugee",
            admission_basis="other",
        )
    )
    assert changed.cleaned_data["protection_status"] == ""
    assert changed.cleaned_data["admission_basis"] == "other"
    back = errors(dict(PROTECTION, protection_status="recognised_refugee", admission_basis="other"))
    assert back.cleaned_data["admission_basis"] == ""
    # Other groups see neither question.
    assert "protection_status" not in PurposeDetailForm(group="employment").fields
    assert "admission_basis" not in PurposeDetailForm(group="employment").fields
