"""Whole-family filing: the people of section 4 are offered, not asked again (WCAG 2.2 SC 3.3.7),
and the family's fees, the check page and the confirmation page around it."""

from __future__ import annotations

import pytest

from applications.models import Application
from tests.factories import DraftFactory, draft_open
from tests.journeys import family_answers, member, member_key, post_step, step_url, walk
from tests.rendered_forms import rendered_forms

pytestmark = pytest.mark.django_db

JOURNEY = "permit-verlaengerung"


def wizard_form(page):
    forms = [
        form for form in rendered_forms(page.content) if f"{JOURNEY}-current_step" in form.names
    ]
    assert len(forms) == 1
    return forms[0]


SPOUSE = member("spouse", "Emre", "02.02.1988", sex="male", place_of_birth="Ankara")
CAN = member("child", "Can", "01.06.2015", place_of_birth="Nürnberg")
DENIZ = member("child", "Deniz", "15.09.2018", place_of_birth="Fürth", nationality="DE")


def test_the_family_list_offers_the_people_of_section_4_and_asks_only_what_is_missing(client):
    answers = family_answers("renewal", SPOUSE, CAN, DENIZ)
    draft_open(
        client, DraftFactory(kind="renewal", at_step="family_applicants", at_step__answers=answers)
    )
    question = client.get(step_url("renewal", "family_applicants"))
    text = question.content.decode()
    # Each person entered under "Family" is offered by name, with "No one".
    for values, born in ((SPOUSE, "02.02.1988"), (CAN, "01.06.2015"), (DENIZ, "15.09.2018")):
        assert (
            f'type="checkbox" name="family_applicants-applicants" value="{member_key(values)}"'
            in (text)
        )
        assert f"{values['given_names']} Yılmaz" in text
        assert born in text
    assert 'value="nobody"' in text

    # The applicant picks the spouse and one child.
    form = wizard_form(question)
    form["family_applicants-applicants"] = [member_key(SPOUSE), member_key(DENIZ)]
    response = client.post(step_url("renewal", "family_applicants"), form.data())
    assert response["Location"] == step_url("renewal", "family_applicants_list")

    page = client.get(step_url("renewal", "family_applicants_list"))
    listed = wizard_form(page)
    prefix = "family_applicants_list-"
    asked = {name.rsplit("-", 1)[-1] for name in listed.names if name.startswith(prefix)}
    asked -= {"TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"}
    # Only the missing details are asked; names, sex, birth and nationality are not.
    assert asked == {
        "passport_number",
        "passport_valid_until",
        "title_number",
        "title_valid_until",
        "convicted",
        "other_legal_matters",
    }
    html = page.content.decode()
    assert "Emre Yılmaz" in html
    assert "Deniz Yılmaz" in html
    assert "Can Yılmaz" not in html
    # On a renewal the current title is needed: not marked optional.
    assert "kern-label__optional" not in html
    # Shown as they were entered, in one line each.
    assert "männlich · geboren am 02.02.1988 in Ankara · Staatsangehörigkeit: Türkei" in html
    assert "geboren am 15.09.2018 in Fürth · Staatsangehörigkeit: Deutschland" in html
    for values in (SPOUSE, DENIZ):
        key = member_key(values)
        for name in ("passport_number", "passport_valid_until"):
            listed[f"family_applicants_list-{key}-{name}"] = values[name]
        for name in ("title_number", "title_valid_until"):
            listed[f"family_applicants_list-{key}-{name}"] = values[name]
        for name in ("convicted", "other_legal_matters"):
            listed[f"family_applicants_list-{key}-{name}"] = "no"
    data = listed.data()
    # Whatever a browser might post for the known fields is ignored.
    data[f"family_applicants_list-{member_key(DENIZ)}-surname"] = ["Someone Else"]
    response = client.post(step_url("renewal", "family_applicants_list"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    walk_on = walk(client, "renewal", answers, resume=True)
    assert walk_on.status_code == 302
    main, spouse, child = Application.objects.order_by("pk")
    # The submitted requests carry the answers of section 4.
    assert (spouse.given_names, spouse.surname, str(spouse.date_of_birth)) == (
        "Emre",
        "Yılmaz",
        "1988-02-02",
    )
    assert spouse.answers["personal"]["place_of_birth"] == "Ankara"
    assert spouse.answers["personal"]["sex"] == "male"
    assert spouse.answers["family_filing"]["relation"] == "spouse"
    assert (child.given_names, child.surname, child.nationality) == ("Deniz", "Yılmaz", "DE")
    assert child.answers["personal"]["place_of_birth"] == "Fürth"
    assert child.passport_number == DENIZ["passport_number"]
    assert main.answers["family_applicants"]["applicants"] == [
        member_key(SPOUSE),
        member_key(DENIZ),
    ]


def test_each_person_keeps_their_own_details_when_the_selection_changes(client):
    answers = family_answers("renewal", SPOUSE, CAN)
    draft_open(client, DraftFactory(kind="renewal", at_step="livelihood", at_step__answers=answers))
    walk(client, "renewal", answers, until="documents", resume=True)
    # Now the spouse no longer applies: Can's passport stays Can's.
    response = client.post(
        step_url("renewal", "family_applicants") + "?return=check",
        {
            f"{JOURNEY}-current_step": "family_applicants",
            "family_applicants-applicants": [member_key(CAN)],
        },
    )
    assert response.status_code == 302
    walk(client, "renewal", answers, resume=True)
    _main, child = Application.objects.order_by("pk")
    assert child.given_names == "Can"
    assert child.passport_number == CAN["passport_number"]


def test_no_list_without_people_in_section_4_and_nobody_means_alone(client):
    answers = family_answers("renewal")
    draft_open(client, DraftFactory(kind="renewal", at_step="documents", at_step__answers=answers))
    # Single, no children: there is nobody to file with, the question is not asked.
    assert client.get(step_url("renewal", "family_applicants")).status_code == 302

    answers = family_answers("renewal", CAN)
    answers["family_applicants"] = {"applicants": ["nobody", member_key(CAN)]}
    client.logout()
    draft_open(
        client, DraftFactory(kind="renewal", at_step="family_applicants", at_step__answers=answers)
    )
    response = client.post(
        step_url("renewal", "family_applicants"),
        {
            f"{JOURNEY}-current_step": "family_applicants",
            "family_applicants-applicants": ["nobody", member_key(CAN)],
        },
    )
    assert response.status_code == 200
    assert "Wählen Sie die Personen, die mit Ihnen beantragen, oder „Niemand“" in (
        response.content.decode()
    )


def _family_total_on(page) -> str:
    import re

    found = re.search(r'class="family-fees__total">([^<]+)<', page.content.decode())
    assert found, "no family total on the page"
    return found.group(1)


def test_the_check_page_states_each_persons_fee_and_the_family_total_before_the_declaration(
    client,
):
    answers = family_answers("renewal", SPOUSE, CAN, DENIZ)
    draft_open(client, DraftFactory(kind="renewal", at_step="check", at_step__answers=answers))
    check = client.get(step_url("renewal", "check"))
    html = check.content.decode()
    family = check.context["family_fees"]
    # One line for each person, with the fee the fee module quotes (a minor pays half).
    assert [person.name for person in family.people] == [
        "Ayşe Yılmaz",
        "Emre Yılmaz",
        "Can Yılmaz",
        "Deniz Yılmaz",
    ]
    assert [str(person.quote.total) for person in family.people] == [
        "93.00",
        "93.00",
        "46.50",
        "46.50",
    ]
    assert _family_total_on(check) == "279,00\N{NO-BREAK SPACE}€"
    # The family list's entries are named by the person and not repeated from "Family".
    cards = html[html.index('class="summary-card"') :]
    assert ">Emre Yılmaz</h" in cards
    assert cards.count(">Ankara</dd>") == 1
    assert cards.count(f">{SPOUSE['passport_number']}</dd>") == 1
    assert "Gebühren der Anträge Ihrer Familie" in html
    assert html.count("nicht erstattet") == 1  # the refund note once, under the family's total
    post_step(client, "renewal", "check", {})
    declaration = client.get(step_url("renewal", "declaration"))
    assert "279,00\N{NO-BREAK SPACE}€" in declaration.content.decode()

    walk(client, "renewal", answers, resume=True)
    filed = list(Application.objects.order_by("pk"))
    assert len(filed) == 4
    # The total shown before submitting is the sum of the receipts' fees.
    assert sum(application.fee_quote_total for application in filed) == family.total
    assert [application.fee_quote_total for application in filed] == [
        person.quote.total for person in family.people
    ]


def test_a_reunification_family_is_told_that_the_fees_are_set_individually(client):
    answers = family_answers(
        "family_reunification", CAN, relation={"relation": "spouse_of_foreigner"}
    )
    draft_open(
        client, DraftFactory(kind="family_reunification", at_step="check", at_step__answers=answers)
    )
    check = client.get(step_url("family_reunification", "check"))
    assert check.context["family_fees"].total is None
    assert _family_total_on(check) == "individuell festgesetzt"


def test_where_filing_together_is_offered_no_page_says_each_person_needs_a_request(client):
    separate = "Jedes Familienmitglied braucht einen eigenen Antrag"
    renewal_start = client.get("/aufenthaltserlaubnis/verlaengerung/").content.decode()
    assert separate not in renewal_start
    assert (
        "die mit Ihnen einen Antrag stellen, können Sie auf einer späteren Seite" in renewal_start
    )
    # A change of conditions has no filing together: there it is still said.
    change_start = client.get("/aufenthaltserlaubnis/auflagenaenderung/").content.decode()
    assert separate in change_start

    walk(client, "renewal", family_answers("renewal", CAN))
    main = Application.objects.order_by("pk").first()
    page = client.get(f"/antrag/{main.reference}/").content.decode()
    assert "Jede Person braucht einen eigenen Antrag" not in page
    assert "nicht zusammen mit Ihnen beantragt hat" in page


def test_an_empty_family_form_on_the_confirmation_page_keeps_the_family_requests(client):
    walk(client, "renewal", family_answers("renewal", CAN, DENIZ))
    main, *members = Application.objects.order_by("pk")
    response = client.post(f"/antrag/{main.reference}/familie/", {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Wählen Sie aus, für wen Sie einen Antrag stellen möchten." in html
    assert 'class="kern-alert kern-alert--danger error-summary"' in html
    assert main.reference in html
    for member_request in members:
        assert member_request.reference in html
        assert member_request.given_names in html


def test_the_caseworker_reads_who_applied_together_by_name(client):
    from django.urls import reverse

    from appointments.demo import demo_locations_ensure
    from tests.factories import StaffFactory
    from tests.staff import staff_client

    demo_locations_ensure()
    walk(client, "renewal", family_answers("renewal", SPOUSE, CAN))
    main = Application.objects.order_by("pk").first()
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[main.location])
    page = staff_client(caseworker).get(
        reverse("admin:applications_application_change", args=[main.pk])
    )
    html = page.content.decode()
    assert "Emre Yılmaz (" in html
    assert "Can Yılmaz (Kind, geboren am 01.06.2015)" in html
    assert member_key(SPOUSE) not in html
    assert member_key(CAN) not in html


def _strings_in(value, seen=None, depth=8):
    """Every string reachable from ``value`` through containers and form objects."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth == 0:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key, seen, depth - 1)
            yield from _strings_in(item, seen, depth - 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings_in(item, seen, depth - 1)
    elif type(value).__module__.startswith(("django.forms", "portal", "applications")):
        yield from _strings_in(getattr(value, "__dict__", {}), seen, depth - 1)


def test_the_check_page_keeps_no_family_members_details_in_process_memory(client):
    """The step forms the check page reads for labels are kept per process; the family
    list's is kept without the people (their names and dates of birth are not)."""
    from portal import wizard

    wizard._DISPLAY_FORMS.clear()
    answers = family_answers("renewal", SPOUSE, CAN, DENIZ)
    draft_open(client, DraftFactory(kind="renewal", at_step="check", at_step__answers=answers))
    html = client.get(step_url("renewal", "check")).content.decode()
    assert ">Emre Yılmaz</h" in html
    assert ">Deniz Yılmaz</h" in html
    assert SPOUSE["passport_number"] in html

    kept = list(wizard._DISPLAY_FORMS.values())
    assert any(getattr(form, "prefix", "") == "family_applicants_list" for form in kept)
    strings = "\n".join(_strings_in(kept))
    # The walk reaches the kept family list's fields (their labels, in German).
    from django.utils import translation

    from applications.forms.family_members import FamilyApplicantForm

    with translation.override("de"):
        assert str(FamilyApplicantForm.base_fields["convicted"].label) in strings
    for values in (SPOUSE, CAN, DENIZ):
        assert values["given_names"] not in strings
        assert values["passport_number"] not in strings
    # A second visit builds none of them again: the same objects are used.
    client.get(step_url("renewal", "check"))
    assert list(wizard._DISPLAY_FORMS.values()) == kept


def test_the_check_page_names_the_people_applying_together_as_the_question_offered_them(client):
    """The family question's row shows the chosen people by the labels the question gave
    them, though the check page's form of that step is kept without them."""
    from django.utils import translation

    from applications.forms.family_members import FamilyApplicantsQuestionForm, people_known
    from portal import wizard

    wizard._DISPLAY_FORMS.clear()
    draft = DraftFactory(
        kind="renewal",
        at_step="check",
        at_step__answers=family_answers("renewal", SPOUSE, CAN, DENIZ),
    )
    draft_open(client, draft)
    check = client.get(step_url("renewal", "check"))
    draft.refresh_from_db()
    answers = draft.state["answers"]  # as validated and stored with the draft
    rows = [
        row
        for card in check.context["cards"]
        for step in card.steps
        if step.step == "family_applicants"
        for row in step.rows
    ]
    chosen = set(answers["family_applicants"]["applicants"])
    with translation.override("de"):
        offered = FamilyApplicantsQuestionForm(people=people_known(answers))
        labels = [
            str(label) for key, label in offered.fields["applicants"].choices if key in chosen
        ]
    assert [row.value for row in rows] == [", ".join(labels)]
    assert len(labels) == 3
    assert ", ".join(labels).replace("&", "&amp;") in check.content.decode()
    # The kept form of that step offers no one by name.
    kept = [form for form in wizard._DISPLAY_FORMS.values() if form.prefix == "family_applicants"]
    assert len(kept) == 1
    assert [key for key, _label in kept[0].fields["applicants"].choices] == ["nobody"]
