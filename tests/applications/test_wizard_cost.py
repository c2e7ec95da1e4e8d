"""A wizard step costs one form, wherever it is in the journey and however long that is.

Every ``KernForm`` built during a request is counted (``KernFormSet`` builds
one ``KernForm`` per row). formtools re-validated every stored step whenever a
condition asked for the answers: 404 forms for one post at the first step, 78
at step 22. Now a step is validated when it is posted, its answers are stored
with the draft, and only the final submit validates every step again.
"""

from __future__ import annotations

from collections import Counter

import pytest

from applications.models import Upload
from applications.views import ResidencePermitWizard
from portal.forms import KernForm
from portal.models import Draft
from tests.journeys import (
    family_answers,
    member,
    post_documents,
    post_step,
    start,
    step_answers,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


class Counts:
    def __init__(self):
        self.forms = 0
        self.steps = Counter()

    def reset(self):
        self.forms = 0
        self.steps = Counter()


@pytest.fixture
def built(monkeypatch):
    """Counts the KernForms built, and for which wizard steps forms were built."""
    counts = Counts()
    form_init = KernForm.__init__
    get_form = ResidencePermitWizard.get_form

    def counting_init(self, *args, **kwargs):
        counts.forms += 1
        form_init(self, *args, **kwargs)

    def counting_get_form(self, step=None, data=None, files=None):
        counts.steps[step or self.steps.current] += 1
        return get_form(self, step, data, files)

    monkeypatch.setattr(KernForm, "__init__", counting_init)
    monkeypatch.setattr(ResidencePermitWizard, "get_form", counting_get_form)
    return counts


def step_of(location: str) -> str:
    return location.rstrip("/").split("/")[-1]


def walk_counting(client, kind, answers, built):
    """Walk to the check page; (step, forms of its GET, forms of its POST) for every step."""
    location = start(client, kind)["Location"]
    costs = []
    while (step := step_of(location)) != "check":
        built.reset()
        assert client.get(location).status_code == 200
        get_forms, get_steps = built.forms, dict(built.steps)
        built.reset()
        if step == "documents":
            # post_documents reads the page first: one GET and one POST.
            response = post_documents(client, kind)
            post_forms = built.forms - get_forms
        else:
            response = post_step(client, kind, step, answers[step])
            post_forms = built.forms
            assert dict(built.steps) == {step: 1}, (step, built.steps)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
        assert get_steps == {step: 1}, (step, get_steps)
        costs.append((step, get_forms, post_forms))
        location = response["Location"]
    return costs


def rows_of(answers, step):
    return int(answers[step].get("TOTAL_FORMS", 1)) if step.endswith("_list") else 1


def test_every_step_of_a_renewal_costs_one_form_from_the_first_to_the_last(client, built):
    answers = step_answers("renewal")
    costs = walk_counting(client, "renewal", answers, built)
    assert len(costs) == 22  # personal … documents (single, no children: no family filing)
    for step, get_forms, post_forms in costs:
        assert (get_forms, post_forms) == (1, 1), step


def test_a_long_journey_costs_the_same_per_step_as_a_short_one(client, built):
    """Earlier stays, children and ten family members: lists cost their rows, others one."""
    children = ["Can", "Deniz", "Elif", "Emir", "Ada", "Mert", "Zeynep", "Aras", "Defne"]
    answers = family_answers(
        "renewal",
        member("spouse", "Emre", "02.02.1988", sex="male", place_of_birth="Ankara"),
        *(member("child", name, f"0{index + 1}.06.2015") for index, name in enumerate(children)),
        earlier_stays={"earlier_stays": "yes"},
    )
    answers["earlier_stays_list"] = {
        "TOTAL_FORMS": "3",
        "INITIAL_FORMS": "0",
        **{
            f"{index}-{key}": value
            for index in range(3)
            for key, value in {
                "stay_from": f"01.01.{2010 + index}",
                "stay_to": f"01.06.{2010 + index}",
                "place": "Fürth, Bayern",
            }.items()
        },
    }
    long_costs = walk_counting(client, "renewal", answers, built)
    assert len(long_costs) == 27
    for step, get_forms, post_forms in long_costs:
        rows = rows_of(answers, step)
        # A list opens with one empty row; posted, it has its rows. The family
        # list opens with a row for each person selected.
        opened = rows if step == "family_applicants_list" else 1
        assert (get_forms, post_forms) == (opened, rows), step
    assert max(post for step, _get, post in long_costs if not step.endswith("_list")) == 1


def test_the_check_page_shows_every_answer_without_validating_them_again(client, built):
    answers = step_answers("renewal")
    walk(client, "renewal", answers, until="check")
    client.get(step_url("renewal", "check"))  # the first check page of a process
    built.reset()
    page = client.get(step_url("renewal", "check"))
    assert page.status_code == 200
    # The page's own form; every answer, and the names of the files, come
    # from the draft.
    assert dict(built.steps) == {"check": 1}
    assert built.forms == 1
    html = page.content.decode()
    for shown in ("Yılmaz", "Izmir", "AOK Bayern", "Muster GmbH, Nürnberg", "93,00"):
        assert shown in html, shown


def test_the_final_submit_validates_every_step_exactly_once(client, built):
    walk(client, "renewal", step_answers("renewal"), until="declaration")
    built.reset()
    response = post_step(
        client, "renewal", "declaration", step_answers("renewal")["declaration"], follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/antrag/")
    steps = dict(built.steps)
    assert set(steps) >= {"personal", "passport", "health", "documents", "check", "declaration"}
    # The posted declaration, then each step once in formtools' render_done
    # (whose done step also builds the last step's form once more when it is
    # reached by a redirect).
    assert steps.pop("declaration") in (2, 3)
    assert set(steps.values()) == {1}


def test_a_changed_answer_validates_again_exactly_the_steps_that_read_it(client, built):
    """A new purpose group: the purpose details (which read it) lose their answers."""
    walk(client, "renewal", step_answers("renewal"), until="check")
    built.reset()
    post_step(client, "renewal", "livelihood", {"means": "Ersparnisse", "benefits": "none"})
    assert dict(built.steps) == {"livelihood": 1}  # no other form reads the livelihood
    built.reset()
    response = post_step(
        client,
        "renewal",
        "purpose_group",
        {"purpose_group": "education"},
        QUERY_STRING="return=check",
    )
    # The posted step, the purpose details that read it (no longer valid: the
    # purpose is not one of the new group) and the documents, which read those.
    assert dict(built.steps) == {"purpose_group": 1, "purpose_detail": 1, "documents": 1}
    assert response["Location"] == step_url("renewal", "purpose_detail") + "?return=check"


def test_removing_the_only_file_of_a_document_reopens_the_documents_step(client):
    walk(client, "renewal", step_answers("renewal"), until="check", upload=True)
    upload = Upload.objects.get(draft=Draft.objects.get())
    client.post(
        step_url("renewal", "documents"),
        {"permit-verlaengerung-current_step": "documents", "remove_upload": str(upload.pk)},
    )
    assert not Upload.objects.exists()
    # The stored "upload now" for the passport has no file any more.
    response = client.get(step_url("renewal", "check"))
    assert response.status_code == 302
    assert response["Location"] == step_url("renewal", "documents")


def test_a_draft_saved_before_answers_were_stored_is_validated_once(client, built):
    walk(client, "renewal", step_answers("renewal"), until="check")
    draft = Draft.objects.get()
    state = dict(draft.state)
    expected = state.pop("answers")
    state.pop("reads")
    Draft.objects.filter(pk=draft.pk).update(state=state)
    built.reset()
    assert client.get(step_url("renewal", "check")).status_code == 200
    assert built.steps["personal"] >= 1  # every stored step validated, this once
    assert Draft.objects.get().state["answers"] == expected
    built.reset()
    client.get(step_url("renewal", "health"))
    assert dict(built.steps) == {"health": 1}


def draft_updates(queries) -> int:
    return sum(q["sql"].startswith('UPDATE "portal_draft"') for q in queries.captured_queries)


def test_a_page_only_looked_at_does_not_write_the_draft_and_a_saved_step_does(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk(client, "renewal", step_answers("renewal"), until="check")
    with CaptureQueriesContext(connection) as queries:
        client.get(step_url("renewal", "health"))
        client.get(step_url("renewal", "check"))
    assert draft_updates(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        post_step(client, "renewal", "health", {"illnesses": "no", "insurer": "Barmer"})
    assert draft_updates(queries) == 1
    assert Draft.objects.get().state["answers"]["health"]["insurer"] == "Barmer"
    with CaptureQueriesContext(connection) as queries:  # the same answers again
        post_step(client, "renewal", "health", {"illnesses": "no", "insurer": "Barmer"})
    assert draft_updates(queries) == 0
