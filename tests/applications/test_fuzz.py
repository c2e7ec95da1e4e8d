"""Hostile input on every step of the wizard: never a 500, never invalid data stored."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import kinds
from applications.views import JOURNEYS
from portal.models import Draft
from tests.hostile import FIELDS, HOSTILE
from tests.journeys import start, step_url

pytestmark = pytest.mark.django_db


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    step=st.sampled_from(kinds.get("issue").steps),
    values=st.lists(HOSTILE, min_size=1, max_size=12),
)
def test_hostile_values_never_cause_a_server_error(step, values):
    cache.clear()
    client = Client(raise_request_exception=False)
    start(client, "issue")
    fields = FIELDS.get(step, [])
    payload = {f"{JOURNEYS['issue'].journey}-current_step": step}
    for index, value in enumerate(values):
        if fields:
            payload[f"{step}-{fields[index % len(fields)]}"] = value
    payload[f"{step}-TOTAL_FORMS"] = values[0][:5]
    payload[f"{step}-INITIAL_FORMS"] = "0"
    response = client.post(step_url("issue", step), payload)
    assert response.status_code in (200, 302)
    draft = Draft.objects.order_by("-created_at").first()
    # A step that was not reachable stores nothing; a reachable one stores only what it got.
    stored = (draft.state or {}).get("step_data", {})
    assert set(stored) <= {"personal"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(step=st.text(max_size=40), code=HOSTILE)
def test_hostile_urls_and_codes_never_cause_a_server_error(step, code):
    cache.clear()
    client = Client(raise_request_exception=False)
    start(client, "renewal")
    safe_step = "".join(ch for ch in step if ch.isalnum() or ch in "-_") or "x"
    assert client.get(step_url("renewal", safe_step)).status_code in (200, 302)
    assert client.post("/antrag/fortsetzen/", {"code": code}).status_code in (200, 429)
    assert client.get(f"/antrag/{safe_step}/").status_code == 404


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(HOSTILE, min_size=25, max_size=25))
def test_quick_check_never_fails_on_hostile_input(values):
    from naturalisation.forms import QuickCheckForm

    client = Client(raise_request_exception=False)
    data = dict(zip(QuickCheckForm.base_fields, values, strict=False))
    response = client.post("/einbuergerung/", data)
    assert response.status_code == 200
    assert not Draft.objects.exists()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reference=HOSTILE, born=HOSTILE, code=HOSTILE)
def test_hand_in_never_fails_on_hostile_input(reference, born, code):
    cache.clear()
    client = Client(raise_request_exception=False)
    data = {"reference": reference, "date_of_birth": born, "code": code}
    assert client.post("/unterlagen-nachreichen/", data).status_code in (200, 429)


FOLLOW_UPS = (
    "full_time_employed",
    "full_time_months",
    "partner_full_time",
    "lives_with_minor_child",
    "benefits_beyond_control",
    "hate_motive",
    "serious_sentence",
    "fine_daily_rates",
    "suspended_prison_months",
    "measure_ordered",
    "minor_children_with_income",
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.one_of(HOSTILE, st.sampled_from(["yes", "no", "0", "20", "24", "91", "112", ""])),
        min_size=len(FOLLOW_UPS),
        max_size=len(FOLLOW_UPS),
    )
)
def test_the_follow_up_questions_of_the_quick_check_never_fail(values):
    """Benefits and a conviction answered yes: every follow-up with any value answers 200."""
    from tests.journeys import CHECK

    client = Client(raise_request_exception=False)
    data = {
        **CHECK,
        "receives_benefits": "yes",
        "convicted": "yes",
        "guest_worker": "yes",
        **dict(zip(FOLLOW_UPS, values, strict=True)),
    }
    response = client.post("/einbuergerung/", data)
    assert response.status_code == 200
    assert not Draft.objects.exists()
