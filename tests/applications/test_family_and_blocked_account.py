"""Whole-family filing, family reunification and the blocked-account release."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from applications import services
from applications.models import Application
from tests.factories import DraftFactory, draft_open
from tests.journeys import day, family_answers, member, step_answers, step_url, walk
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


def test_a_parent_renews_for_the_whole_family_four_linked_requests_with_their_fees(client):
    answers = family_answers(
        "renewal",
        member("spouse", "Emre", "02.02.1988", sex="male", place_of_birth="Ankara"),
        member("child", "Can", "01.06.2015"),
        member("child", "Deniz", "15.09.2018"),
    )
    response = walk(client, "renewal", answers)
    assert response.status_code == 302
    requests = list(Application.objects.order_by("pk"))
    assert len(requests) == 4
    assert [r.fee_quote_total for r in requests] == [
        Decimal("93.00"),
        Decimal("93.00"),
        Decimal("46.50"),
        Decimal("46.50"),
    ]
    assert len({r.family_id for r in requests}) == 1
    assert requests[0].family_id is not None
    assert len({r.reference for r in requests}) == 4
    child = requests[2]
    assert child.given_names == "Can"
    assert child.answers["address"] == requests[0].answers["address"]
    assert child.answers["marital"]["marital_status"] == "single"
    assert child.answers["family_filing"]["filed_with"] == requests[0].reference

    page = client.get(response["Location"]).content.decode()
    for other in requests[1:]:
        assert other.reference in page
    receipt = client.get(reverse("applications:receipt", kwargs={"reference": child.reference}))
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages
    )
    assert child.reference in text
    assert "Can" in text
    assert "46,50" in text
    assert requests[0].reference in text


def test_a_family_member_with_a_conviction_needs_a_separate_request(client):
    answers = family_answers("renewal", member("child", "Can", "01.06.2015", convicted="yes"))
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="family_applicants_list", at_step__answers=answers),
    )
    response = client.post(
        step_url("renewal", "family_applicants_list"),
        {
            "permit-verlaengerung-current_step": "family_applicants_list",
            **{
                f"family_applicants_list-{k}": v
                for k, v in answers["family_applicants_list"].items()
            },
        },
    )
    assert response.status_code == 200
    assert "convicted" in response.context["form"].forms[0].errors
    # The documents step stays closed until the list is valid.
    page = client.get(step_url("renewal", "documents"))
    assert page["Location"] == step_url("renewal", "family_applicants_list")


def test_reunification_of_a_child_shows_and_stores_the_capped_period(client):
    answers = step_answers(
        "family_reunification",
        relation={"relation": "child_of_foreigner"},
        personal=dict(step_answers()["personal"], date_of_birth="10.06.2015", given_names="Can"),
    )
    answers["sponsor"]["sponsor_title_valid_until"] = day(200)
    # Not beyond the parent's title (§ 27 (4) AufenthG): the duration page refuses a later end.
    answers["duration"] = {"valid_from": day(31), "valid_until": day(200)}
    draft_open(
        client, DraftFactory(kind="family_reunification", at_step="check", at_step__answers=answers)
    )
    check = client.get(step_url("family_reunification", "check"))
    assert check.context["max_period"].until.strftime("%d.%m.%Y") == day(200)
    walk_rest = client.post(
        step_url("family_reunification", "check"),
        {"permit-familiennachzug-current_step": "check"},
    )
    assert walk_rest.status_code == 302
    filed = client.post(
        step_url("family_reunification", "declaration"),
        {
            "permit-familiennachzug-current_step": "declaration",
            **{f"declaration-{k}": v for k, v in answers["declaration"].items()},
        },
    )
    assert filed.status_code == 302
    application = Application.objects.get()
    assert application.max_permit_until.strftime("%d.%m.%Y") == day(200)
    assert application.max_permit_binding == "sponsor_title"
    assert application.must_bring_sponsor is True
    assert application.fee_quote_total is None
    assert "marriage" not in application.answers  # only for spouses


def test_the_release_declaration_is_issued_once_and_only_staff_with_rights_download_it(
    client, django_user_model
):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, "blocked_account_release", step_answers("blocked_account_release"))
    application = Application.objects.get()
    assert application.answers["bank"]["iban"] == "DE89370400440532013000"
    caseworker = django_user_model.objects.create_user(
        "cw", password="a-long-password-1", is_staff=True, first_name="Eva", last_name="Muster"
    )
    with pytest.raises(services.NotDeclarable) as refused:  # nothing verified yet
        services.release_declaration_issue(application_id=application.pk, by=caseworker)
    assert refused.value.code == "documents_missing"
    Application.objects.filter(pk=application.pk).update(status="documents_complete")
    services.release_declaration_issue(application_id=application.pk, by=caseworker)
    with pytest.raises(services.AlreadyDeclared):
        services.release_declaration_issue(application_id=application.pk, by=caseworker)
    application.refresh_from_db()
    assert application.release_declared_by == caseworker

    from appointments.models import StaffLocations

    StaffLocations.objects.create(user=caseworker).locations.add(application.location)
    url = reverse("applications:release-declaration", kwargs={"reference": application.reference})
    staff = staff_client(caseworker)
    assert staff.get(url).status_code == 403
    caseworker.user_permissions.add(Permission.objects.get(codename="view_application"))
    staff = staff_client(caseworker)
    response = staff.get(url)
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "DE89 3704 0044 0532 0130 00" in text
    assert "Sparkasse Nürnberg" in text
    assert Client().get(url).status_code == 302  # anonymous: to the admin login


def test_an_invalid_iban_is_refused_next_to_its_field(client):
    answers = step_answers("blocked_account_release")
    answers["bank"] = dict(answers["bank"], iban="DE89 3704 0044 0532 0130 01")
    draft_open(
        client,
        DraftFactory(kind="blocked_account_release", at_step="bank", at_step__answers=answers),
    )
    response = client.post(
        step_url("blocked_account_release", "bank"),
        {
            "permit-aufhebung-current_step": "bank",
            **{f"bank-{k}": v for k, v in answers["bank"].items()},
        },
    )
    assert response.status_code == 200
    assert "iban" in response.context["form"].errors


def _post_sponsor(client, relation: str, **sponsor):
    answers = step_answers("family_reunification", relation={"relation": relation})
    answers["sponsor"].update(sponsor)
    draft_open(
        client,
        DraftFactory(kind="family_reunification", at_step="sponsor", at_step__answers=answers),
    )
    return client.post(
        step_url("family_reunification", "sponsor"),
        {
            "permit-familiennachzug-current_step": "sponsor",
            **{f"sponsor-{k}": v for k, v in answers["sponsor"].items()},
        },
    )


def test_a_german_nationality_contradicting_a_relation_to_a_foreigner_is_refused(client):
    response = _post_sponsor(client, "spouse_of_foreigner", sponsor_nationality="DE")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["sponsor_nationality"]


@pytest.mark.parametrize(
    ("relation", "asked", "german"),
    [
        ("spouse_of_german", set(), True),
        ("child_of_german", set(), True),
        ("spouse_of_foreigner", {"sponsor_title_kind", "sponsor_title_valid_until"}, False),
        (
            "other_relative",
            {"sponsor_is_german", "sponsor_title_kind", "sponsor_title_valid_until"},
            False,
        ),
    ],
)
def test_whether_the_person_joined_is_german_is_asked_only_where_the_relation_leaves_it_open(
    client, relation, asked, german
):
    """The relation "of a German" or "of a foreigner" answers it (nothing asked twice)."""
    answered = {"sponsor_is_german": "no"} if "sponsor_is_german" in asked else {}
    response = _post_sponsor(client, relation, **answered)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(step_url("family_reunification", "sponsor"))
    fields = set(page.context["form"].fields)
    optional = {"sponsor_is_german", "sponsor_title_kind", "sponsor_title_valid_until"}
    assert fields & optional == asked
    # The stored answer says whether the person is German either way.
    stored = page.context["view"].answers_so_far()["sponsor"]
    assert stored["sponsor_is_german"] is german


def test_a_family_joins_the_same_person_one_request_each_with_its_own_period(client):
    answers = family_answers(
        "family_reunification",
        member("child", "Can", "10.06.2015"),
        member("child", "Deniz", "15.09.2018"),
        relation={"relation": "spouse_of_foreigner"},
    )
    answers["sponsor"]["sponsor_title_valid_until"] = day(500)
    walk(client, "family_reunification", answers)
    requests = list(Application.objects.order_by("pk"))
    assert len(requests) == 3
    assert {r.family_id for r in requests} == {requests[0].family_id}
    assert [r.answers["relation"]["relation"] for r in requests] == [
        "spouse_of_foreigner",
        "child_of_foreigner",
        "child_of_foreigner",
    ]
    assert all(r.fee_quote_total is None for r in requests)
    assert all(r.must_bring_sponsor for r in requests)
    assert all(r.max_permit_until is not None for r in requests)
    assert requests[1].document_declarations.filter(requirement="birth_certificate").exists() or (
        requests[1].document_declarations.exists()
    )


def _submit_from_check(client, answers):
    client.post(
        step_url("family_reunification", "check"),
        {"permit-familiennachzug-current_step": "check"},
    )
    client.post(
        step_url("family_reunification", "declaration"),
        {
            "permit-familiennachzug-current_step": "declaration",
            **{f"declaration-{k}": v for k, v in answers["declaration"].items()},
        },
    )
    client.get(step_url("family_reunification", "absenden"))
    return Application.objects.get()


def test_spouse_of_a_blue_card_holder_gets_the_whole_validity_section_27_4(client):
    answers = step_answers("family_reunification")
    answers["sponsor"].update(sponsor_title_kind="blue_card", sponsor_title_valid_until=day(900))
    draft_open(
        client, DraftFactory(kind="family_reunification", at_step="check", at_step__answers=answers)
    )
    check = client.get(step_url("family_reunification", "check"))
    period = check.context["max_period"]
    # Beyond the two years of seed 004: § 27 (4) sentence 2 AufenthG.
    assert period.until.strftime("%d.%m.%Y") == day(900)
    assert period.minimum_until == period.until
    page = check.content.decode()
    assert f"Die Aufenthaltserlaubnis wird bis {day(900)} erteilt." in page
    assert "Blaue Karte EU" in page
    application = _submit_from_check(client, answers)
    assert application.max_permit_until.strftime("%d.%m.%Y") == day(900)
    assert application.max_permit_binding == "sponsor_title"
    assert application.answers["sponsor"]["sponsor_title_kind"] == "blue_card"
    receipt = client.get(
        reverse("applications:receipt", kwargs={"reference": application.reference})
    )
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(receipt.streaming_content))).pages
    )
    assert "gesamte Geltungsdauer" in text


def test_a_first_permit_runs_at_least_one_year_and_the_check_page_says_so(client):
    answers = step_answers("family_reunification")  # spouse of a foreigner, title 400 days
    draft_open(
        client, DraftFactory(kind="family_reunification", at_step="check", at_step__answers=answers)
    )
    period = client.get(step_url("family_reunification", "check")).context["max_period"]
    assert period.until.strftime("%d.%m.%Y") == day(400)
    assert period.minimum_until is not None
    assert period.minimum_until < period.until


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sponsor_title_kind": ""}, "sponsor_title_kind", "Wählen Sie die Art des"),
        (
            {"sponsor_title_kind": "ict_card", "sponsor_title_valid_until": ""},
            "sponsor_title_valid_until",
            "Geben Sie an, bis wann",
        ),
    ],
)
def test_the_sponsor_title_questions_are_asked_with_messages_next_to_them(
    client, changes, field, message
):
    answers = step_answers("family_reunification")
    draft_open(
        client,
        DraftFactory(kind="family_reunification", at_step="sponsor", at_step__answers=answers),
    )
    response = client.post(
        step_url("family_reunification", "sponsor"),
        {
            "permit-familiennachzug-current_step": "sponsor",
            **{f"sponsor-{k}": v for k, v in {**answers["sponsor"], **changes}.items()},
        },
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page
    assert "<title>Fehler:" in page


def test_a_settlement_permit_needs_no_date_and_sets_no_limit(client):
    answers = step_answers("family_reunification")
    answers["sponsor"].update(
        sponsor_title_kind="settlement_permit", sponsor_title_valid_until=day(100)
    )
    draft_open(
        client, DraftFactory(kind="family_reunification", at_step="check", at_step__answers=answers)
    )
    period = client.get(step_url("family_reunification", "check")).context["max_period"]
    assert period.binding == "spouse_2_years"


def test_the_worklist_action_issues_the_release_only_once_the_documents_are_complete(client):
    """The action bar as the page renders it: refused with a message while documents are
    open and for a withdrawn request; issued, listed on the request page, once complete."""
    from applications.constants import Status
    from appointments.demo import demo_locations_ensure
    from tests.factories import StaffFactory
    from tests.rendered_forms import rendered_form

    demo_locations_ensure()
    walk(client, "blocked_account_release", step_answers("blocked_account_release"))
    application = Application.objects.get()
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    staff = staff_client(caseworker)
    listing = reverse("admin:applications_application_changelist")

    def issue():
        form = rendered_form(staff.get(listing), form_id="changelist-form")
        form["action"] = "issue_release_declaration"
        form["_selected_action"] = application.pk
        return staff.post(listing, form.data(), follow=True).content.decode()

    page = issue()
    assert "nicht ausgestellt, die Unterlagen sind noch nicht vollständig" in page
    application.refresh_from_db()
    assert not application.release_declaration

    Application.objects.filter(pk=application.pk).update(status=Status.WITHDRAWN)
    assert "zurückgenommen; der Sperrvermerk bleibt" in issue()
    application.refresh_from_db()
    assert not application.release_declaration

    Application.objects.filter(pk=application.pk).update(status=Status.DOCUMENTS_COMPLETE)
    assert "Ausgestellte Freigabeerklärungen: 1." in issue()
    application.refresh_from_db()
    assert application.release_declaration
    assert application.release_declared_by == caseworker
    desk = staff.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert (
        reverse("applications:release-declaration", kwargs={"reference": application.reference})
        in desk.content.decode()
    )


def test_the_marriage_step_says_when_a_marriage_visa_is_possible(client):
    """Seed 004: with a German fiancé(e) once the registry office set a date; with a
    foreigner only for special reasons. Shown as the question's hint."""
    answers = step_answers("family_reunification")
    page = client.get(walk(client, "family_reunification", answers, until="marriage"))
    html = page.content.decode()
    assert "Das Standesamt hat die Ehevoraussetzungen bereits geprüft" in html
    # The fieldset of the question is described by the hint.
    assert 'aria-describedby="id_marriage-married_already-hint"' in html
    hint = html.split('id="id_marriage-married_already-hint">', 1)[1].split("</div>", 1)[0]
    assert "nur aus besonderen Gründen" in hint
