"""Switching the language keeps what was typed: a wizard step, the quick check, the message.

Each page is submitted as it renders: its form with the header's language
button pressed (the button names the form in its ``form`` attribute).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from applications.views import JOURNEYS
from naturalisation.models import ContactMessage
from portal.models import Draft
from tests.journeys import CHECK, post_documents, post_step, start, step_answers, step_url, walk
from tests.rendered_forms import rendered_form

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def page_language(response) -> str:
    return re.search(r'<html lang="([a-z]+)">', response.content.decode()).group(1)


def switched(client, url, form, language="en", **extra):
    """The page's form as rendered and typed, sent with the header's button for ``language``."""
    assert ("switch_language", language) in form.buttons
    data = form.data()
    data["switch_language"] = [language]
    return client.post(url, data, **extra)


def test_a_step_comes_back_in_english_with_what_was_typed_and_nothing_stored(client):
    answers = step_answers("renewal")
    location = walk(client, "renewal", answers, until="address")
    page = client.get(location)
    assert page_language(page) == "de"
    form = rendered_form(page, form_id="wizard-form")
    form["address-street"] = "Äußere Laufer Gasse 1"
    form["address-town"] = "Nürnberg"  # the postcode is not typed yet
    state_before = Draft.objects.get().state

    response = switched(client, location, form)

    assert response.status_code == 200
    assert page_language(response) == "en"
    assert response["Content-Language"] == "en"
    assert response.cookies[COOKIE].value == "en"
    html = response.content.decode()
    assert 'value="Äußere Laufer Gasse 1"' in html
    assert 'value="Nürnberg"' in html
    assert "Street and house number" in html
    # Nothing was checked: no error for the missing postcode, no "Error:" title.
    assert "error-summary" not in html
    assert "<title>Error" not in html
    assert Draft.objects.get().state == state_before  # nothing stored
    # The next pages are in English; the step is answered as usual.
    again = rendered_form(response, form_id="wizard-form")
    again["address-postcode"] = "90403"
    moved = client.post(location, again.data())
    assert moved.status_code == 302
    assert page_language(client.get(moved["Location"])) == "en"


def test_a_step_answered_before_keeps_its_answers_when_changed_and_switched(client):
    answers = step_answers("renewal")
    walk(client, "renewal", answers, until="earlier_stays")
    url = step_url("renewal", "address")
    form = rendered_form(client.get(url), form_id="wizard-form")
    form["address-town"] = ""  # being changed, not sent
    response = switched(client, url, form)
    html = response.content.decode()
    assert 'value="Nürnberg"' not in html  # shown as typed: emptied
    assert 'value="Äußere Laufer Gasse 1"' in html
    # The saved answers are untouched: the journey goes on from where it was.
    assert client.get(step_url("renewal", "earlier_stays")).status_code == 200
    assert Draft.objects.get().state["answers"]["address"]["town"] == "Nürnberg"


def test_the_enter_key_still_continues(client):
    # The first button that sends the step's form is the one Enter presses: an
    # unseen one without a name (so the step is sent as by "Continue"), before
    # the header's language buttons.
    start(client, "renewal")
    html = client.get(step_url("renewal", "personal")).content.decode()
    owners = re.findall(r'<button[^>]*form="wizard-form"[^>]*>', html)
    assert len(owners) == 2  # the unseen one and "English"
    assert 'name="' not in owners[0]
    assert 'tabindex="-1"' in owners[0]
    assert all('name="switch_language"' in button for button in owners[1:])


def test_a_language_not_offered_is_an_ordinary_post(client):
    location = start(client, "renewal")["Location"]
    form = rendered_form(client.get(location), form_id="wizard-form")
    data = form.data()
    data["switch_language"] = ["fr"]
    response = client.post(location, data)
    assert response.status_code == 200  # the step's errors, in German
    assert page_language(response) == "de"
    assert "error-summary" in response.content.decode()
    assert COOKIE not in response.cookies


def test_the_quick_check_questions_and_the_result_switch_with_the_answers(client):
    url = reverse("naturalisation:quick-check")
    form = rendered_form(client.get(url), form_id="quick-check-form")
    form["residence_since"] = CHECK["residence_since"]
    form["identity_clarified"] = CHECK["identity_clarified"]
    questions = switched(client, url, form)
    assert page_language(questions) == "en"
    html = questions.content.decode()
    assert f'value="{CHECK["residence_since"]}"' in html
    assert "error-summary" not in html
    assert "result" not in questions.context or questions.context.get("result") is None

    result = client.post(url, CHECK)
    assert page_language(result) == "en"
    back = switched(client, url, rendered_form(result, form_id="quick-check-answers"), "de")
    assert page_language(back) == "de"
    assert back.context["result"].route == "claim"
    assert back.cookies[COOKIE].value == "de"


def test_the_message_to_the_team_keeps_its_text(client):
    url = reverse("naturalisation:contact")
    form = rendered_form(client.get(url, secure=True), form_id="contact-form")
    form["message"] = "Ich habe eine Frage zu meinem Termin – bitte rufen Sie an."
    form["surname"] = "Yılmaz"
    response = switched(client, url, form, secure=True)
    html = response.content.decode()
    assert page_language(response) == "en"
    assert "Ich habe eine Frage zu meinem Termin – bitte rufen Sie an." in html
    assert 'value="Yılmaz"' in html
    assert "error-summary" not in html
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("kind", sorted(JOURNEYS))
def test_every_step_of_every_journey_comes_back_in_english_as_typed(client, kind):
    """Each step as the walk reaches it, answered but not sent: the switch shows it in
    English with the answers and no error; then the step is sent as usual."""
    answers = step_answers(kind)
    location = start(client, kind)["Location"]
    switched_steps = []
    while not location.startswith("/antrag/"):
        step = location.rstrip("/").split("/")[-1]
        client.cookies[COOKIE] = "de"
        form = rendered_form(client.get(location), form_id="wizard-form")
        typed = {}
        if step != "documents":
            for name, value in answers[step].items():
                if f"{step}-{name}" in form.names:
                    form[f"{step}-{name}"] = value
                    typed[f"{step}-{name}"] = value
        response = switched(client, location, form)
        assert response.status_code == 200, step
        assert page_language(response) == "en", step
        assert "error-summary" not in response.content.decode(), step
        shown = rendered_form(response, form_id="wizard-form")
        for name, value in typed.items():
            assert shown[name] == str(value), (step, name)
        switched_steps.append((step, len(typed)))
        sent = (
            post_documents(client, kind)
            if step == "documents"
            else (post_step(client, kind, step, answers[step]))
        )
        assert sent.status_code == 302, (step, sent.content.decode()[:2000])
        location = sent["Location"]
    steps = {step for step, _typed in switched_steps}
    assert {"personal", "check", "declaration"} <= steps
    assert sum(1 for _step, typed in switched_steps if typed) >= 5  # answers were typed


@pytest.mark.parametrize(
    ("url_name", "form_id", "typed"),
    [
        ("applications:resume", "resume-form", {"code": "3VCF-FJMR"}),
        (
            "applications:status",
            "status-form",
            {"reference": "9CTY-943C", "date_of_birth": "14.03.1990"},
        ),
        ("appointments:change", "appointment-find-form", {"reference": "9CTY", "code": "AB12"}),
    ],
)
def test_the_pages_opened_with_a_code_keep_what_was_typed(client, url_name, form_id, typed):
    url = reverse(url_name)
    form = rendered_form(client.get(url, secure=True), form_id=form_id)
    for name, value in typed.items():
        form[name] = value
    response = switched(client, url, form, secure=True)
    assert response.status_code == 200
    assert page_language(response) == "en"
    shown = rendered_form(response, form_id=form_id)
    for name, value in typed.items():
        assert shown[name] == value
    assert "error-summary" not in response.content.decode()  # nothing was checked
