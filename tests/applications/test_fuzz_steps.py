"""Hostile input on every step of every journey, with the step really reached.

tests/applications/test_fuzz.py posts hostile values to steps in any order
(a step that is not reachable stores nothing). Here each step is first
reached with answers that open every branch, then Hypothesis posts hostile
values to it: the answer is never a 500, a refused post shows the error
summary at the top, and an accepted one leaves the wizard consistent. The
steps are discovered from the journeys, so a step added later is fuzzed
without anyone remembering.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import kinds
from applications.views import JOURNEYS
from portal.models import Draft
from tests.applications.branches import client_answers
from tests.hostile import FIELDS, HOSTILE
from tests.journeys import step_url, walk

pytestmark = pytest.mark.django_db

# Pages with their own tests for hostile input: the upload checks (test_uploads.py,
# test_virus_scan.py) and the check-answers page, which has no fields.
NOT_FUZZED_HERE = {"documents", "check"}
ERROR_SUMMARY = 'class="kern-alert kern-alert--danger error-summary"'
# Steps on the other side of a branch that client_answers() does not take.
OTHER_BRANCH = {
    "family_current_title": {"reunification_kind": {"first_application": "renewal"}},
    "issue_current_title": {"title_held": {"holds_title": "yes"}},
}


def first_kind_of_each_step() -> list[tuple[str, str]]:
    """Every step once, with the first journey that asks it."""
    seen: dict[str, str] = {}
    for kind in JOURNEYS:
        for step in kinds.get(kind).steps:
            if step not in NOT_FUZZED_HERE:
                seen.setdefault(step, kind)
    return [(kind, step) for step, kind in seen.items()]


CASES = first_kind_of_each_step()


def test_every_step_is_fuzzed():
    fuzzed = {step for _kind, step in CASES}
    assert fuzzed | NOT_FUZZED_HERE == set(kinds.all_steps())


@pytest.mark.parametrize(("kind", "step"), CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_hostile_values_on_a_reached_step_never_cause_a_server_error(kind, step):
    cache.clear()
    client = Client(raise_request_exception=False)
    answers = {**client_answers(kind), **OTHER_BRANCH.get(step, {})}
    reached = walk(client, kind, answers, until=step)
    assert reached == step_url(kind, step), f"{step} was not reached in {kind}: {reached}"
    fields = FIELDS[step]
    formset = hasattr(kinds.all_steps()[step][0], "form")
    prefix = JOURNEYS[kind].journey

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        database=None,
    )
    @given(values=st.lists(HOSTILE, min_size=1, max_size=max(2, len(fields) + 2)))
    def post_hostile(values):
        payload = {f"{prefix}-current_step": step}
        for index, value in enumerate(values):
            payload[f"{step}-{fields[index % len(fields)]}"] = value
        if formset:
            payload[f"{step}-TOTAL_FORMS"] = values[0][:5]
            payload[f"{step}-INITIAL_FORMS"] = "0"
        response = client.post(step_url(kind, step), payload)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert ERROR_SUMMARY in response.content.decode(), "refused without an error summary"
        else:
            draft = Draft.objects.get()
            assert step in draft.state["step_data"], "accepted but not stored"

    post_hostile()
