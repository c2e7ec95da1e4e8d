"""DraftFactory: a draft answered up to a step, as the wizard itself stores it."""

from __future__ import annotations

import pytest

from portal.models import Draft
from tests.factories import DraftFactory, draft_open
from tests.journeys import post_step, step_answers, step_url, walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "at_step", "next_missing"),
    [
        ("renewal", "passport", "passport"),
        ("issue", "entry", "entry"),
        ("naturalisation", "nat_knowledge", "nat_knowledge"),
        ("renewal", None, "check"),  # every step before the check page answered
    ],
)
def test_the_wizard_goes_on_where_the_factory_stopped(client, kind, at_step, next_missing):
    draft = DraftFactory(kind=kind, at_step=at_step)
    draft_open(client, draft)

    first_open = client.get(step_url(kind, "declaration"))

    assert first_open.status_code == 302
    assert first_open["Location"] == step_url(kind, next_missing)
    assert client.get(first_open["Location"]).status_code == 200


def test_the_state_is_the_one_an_http_walk_stores(client):
    walk(client, "issue", step_answers("issue"), until="entry")
    walked = Draft.objects.get()

    made = DraftFactory(kind="issue", at_step="entry")

    assert made.state["step_data"] == walked.state["step_data"]
    assert made.state["answers"] == walked.state["answers"]
    assert made.state["reads"] == walked.state["reads"]


def test_answers_can_be_replaced_and_a_refused_one_says_why():
    answers = step_answers("renewal")
    answers["personal"] = {**answers["personal"], "given_names": "Zeynep"}
    draft = DraftFactory(at_step="address", at_step__answers=answers)
    assert draft.state["answers"]["personal"]["given_names"] == "Zeynep"

    answers["personal"] = {**answers["personal"], "date_of_birth": "31.02.1990"}
    with pytest.raises(AssertionError, match="personal"):
        DraftFactory(at_step="address", at_step__answers=answers)


def test_a_step_the_answers_do_not_lead_to_is_refused():
    with pytest.raises(AssertionError, match="nat_children_list"):
        DraftFactory(kind="naturalisation", at_step="nat_children_list")


def test_a_step_posted_after_the_factory_is_stored(client):
    draft = DraftFactory(at_step="passport")
    draft_open(client, draft)

    response = post_step(client, "renewal", "passport", step_answers("renewal")["passport"])

    assert response.status_code == 302
    draft.refresh_from_db()
    assert "passport" in draft.state["answers"]
