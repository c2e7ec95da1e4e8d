"""The caseworker's desk through its screens: the request page's form submitted as rendered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import casework
from applications.constants import DocumentState, Status
from applications.models import Application, DocumentsOverride, FeeAssessment
from appointments import services
from appointments.models import InvitationJob
from portal.models import AuditEvent
from tests.factories import ApplicationFactory, LocationFactory, StaffFactory, appointment_for
from tests.journeys import step_answers, walk
from tests.rendered_forms import rendered_form
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

FORM = "application_form"


def page_url(application) -> str:
    return reverse("admin:applications_application_change", args=[application.pk])


@pytest.fixture
def enqueued(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(services, "_async_invitation", calls.append)
    return calls


@pytest.fixture
def filed(client):
    """A renewal filed through the wizard, with the passport uploaded."""
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    walk(client, "renewal", step_answers("renewal"), upload=True)
    return Application.objects.get()


@pytest.fixture
def caseworker(filed):
    return StaffFactory(role="Sachbearbeitung", locations=[filed.location])


def checklist_names(form, application):
    items = list(application.document_declarations.order_by("pk"))
    return [(f"document_declarations-{index}-state", item) for index, item in enumerate(items)]


def test_verifying_every_item_and_saving_completes_the_documents(
    filed, caseworker, enqueued, django_capture_on_commit_callbacks
):
    client = staff_client(caseworker)
    page = client.get(page_url(filed))
    assert page.status_code == 200
    form = rendered_form(page, form_id=FORM)
    for name, _item in checklist_names(form, filed):
        form[name] = DocumentState.VERIFIED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == page_url(filed)
    filed.refresh_from_db()
    assert filed.status == Status.DOCUMENTS_COMPLETE
    assert set(filed.document_declarations.values_list("state", flat=True)) == {"verified"}
    assert set(filed.document_declarations.values_list("reviewed_by", flat=True)) == {caseworker.pk}
    assert enqueued == [filed.pk]  # the invitation follows
    after = client.get(page_url(filed)).content.decode()
    assert "Unterlagen vollständig" in after


def test_one_review_saves_and_the_rest_stays(filed, caseworker, enqueued):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    first_name, first = checklist_names(form, filed)[0]
    form[first_name] = DocumentState.RECEIVED
    response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == DocumentState.RECEIVED
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED
    assert enqueued == []


def test_rejecting_without_a_reason_is_refused_next_to_the_field(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    name, item = checklist_names(form, filed)[0]
    form[name] = DocumentState.REJECTED
    response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fehler:" in html.split("</title>")[0]
    assert 'id="error-summary"' in html
    assert f'href="#id_{name.replace("-state", "-reason")}"' in html
    assert "Geben Sie den Grund der Ablehnung an" in html
    item.refresh_from_db()
    assert item.state != DocumentState.REJECTED


def test_rejecting_with_a_reason_is_stored(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    name, item = checklist_names(form, filed)[0]
    form[name] = DocumentState.REJECTED
    form[name.replace("-state", "-reason")] = "Die Seite mit dem Foto fehlt."
    assert client.post(page_url(filed), form.data(press="_save")).status_code == 302
    item.refresh_from_db()
    assert (item.state, item.reason) == (DocumentState.REJECTED, "Die Seite mit dem Foto fehlt.")


def test_the_fee_is_recorded_through_the_form(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    form["fee_assessments-0-amount"] = "96,00"
    form["fee_assessments-0-reason"] = "Verlängerung bis drei Monate (§ 45 Nr. 2 AufenthV)"
    response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = FeeAssessment.objects.get(application=filed)
    assert (str(assessment.amount), assessment.assessed_by) == ("96.00", caseworker)
    page = client.get(page_url(filed)).content.decode()
    assert "96,00\N{NO-BREAK SPACE}€" in page


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [
        ("-1", "Fehler", "größer oder gleich 0"),
        ("abc", "Fehler", "Zahl"),
        ("96,00", "", "Geben Sie den Grund für diese Gebühr an"),
        ("", "Ohne Betrag", "Geben Sie den erhobenen Betrag an"),
    ],
)
def test_a_bad_fee_is_refused_with_a_message(filed, caseworker, amount, reason, message):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    form["fee_assessments-0-amount"] = amount
    form["fee_assessments-0-reason"] = reason
    response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 200
    assert message in response.content.decode()
    # One message per mistake: not also Django's "This field is required."
    assert "zwingend erforderlich" not in response.content.decode()
    assert not FeeAssessment.objects.filter(application=filed).exists()


def test_a_recorded_fee_is_titled_as_german_writes_amounts(filed, caseworker):
    FeeAssessment.objects.create(
        application=filed, amount="93.50", reason="§ 45 Nr. 2 AufenthV", assessed_by=caseworker
    )
    html = staff_client(caseworker).get(page_url(filed)).content.decode()
    assert "93,50 €" in html
    assert "93.50 EUR" not in html


def test_a_page_loaded_before_another_change_is_refused(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    casework.document_add(application_id=filed.pk, label="Mietvertrag", by=caseworker)
    name, item = checklist_names(form, filed)[0]
    form[name] = DocumentState.VERIFIED
    response = client.post(page_url(filed), form.data(press="_save"))
    assert response.status_code == 200
    assert "in der Zwischenzeit" in response.content.decode()
    item.refresh_from_db()
    assert item.state != DocumentState.VERIFIED


def test_the_page_speaks_in_human_words(filed, caseworker):
    import re

    html = staff_client(caseworker).get(page_url(filed)).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)  # what a reader sees (codes in attributes are fine)
    for raw in ("employment.skilled_worker", "title_continues", "93.00 EUR", "(passport)", " TR "):
        assert raw not in text, raw
    assert "Türkei" in html
    assert "93,00\N{NO-BREAK SPACE}€" in html
    assert "Fachkr" in html  # the purpose's title, not its code
    assert "Sperrkonto" not in html  # nothing of another kind
    # The passport's file is beside its checklist item.
    row = html.split("gültiger Pass", 1)[1].split("</tr>", 1)[0]
    assert "pass.pdf" in row or ".pdf" in row


def test_status_buttons_offer_only_what_the_guards_allow(filed, caseworker):
    client = staff_client(caseworker)
    html = client.get(page_url(filed)).content.decode()
    assert 'value="in_review"' in html
    for target in ("documents_complete", "invited", "documents_requested", "granted"):
        assert f'name="target" value="{target}"' not in html
    url = reverse("admin:applications_application_status", args=[filed.pk])
    for target in ("documents_complete", "invited"):
        client.post(url, {"target": "in_review", "version": filed.version})
        filed.refresh_from_db()
        response = client.post(url, {"target": target, "version": filed.version}, follow=True)
        filed.refresh_from_db()
        assert filed.status == Status.IN_REVIEW, target
        assert "nicht" in response.content.decode()


def test_only_a_team_lead_overrides_the_check_with_a_reason(filed, caseworker, enqueued):
    url = reverse("admin:applications_application_override", args=[filed.pk])
    worker_page = staff_client(caseworker).get(page_url(filed)).content.decode()
    assert url not in worker_page
    staff_client(caseworker).post(url, {"reason": "Weil"})
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED

    lead = StaffFactory(role="Teamleitung")
    client = staff_client(lead)
    assert url in client.get(page_url(filed)).content.decode()
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "Geben Sie den Grund" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED

    reason = "Pass liegt im Original vor, Kopie folgt (Vermerk)"
    response = client.post(url, {"reason": reason}, follow=True)
    filed.refresh_from_db()
    assert filed.status == Status.DOCUMENTS_COMPLETE
    assert DocumentsOverride.objects.get(application=filed).reason == reason
    assert reason in response.content.decode()  # shown on the page
    event = AuditEvent.objects.get(detail="override:documents_complete")
    assert event.actor == lead
    assert not AuditEvent.objects.filter(detail__contains="Original").exists()


def test_the_history_tells_what_happened_in_words(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    name, _item = checklist_names(form, filed)[0]
    form[name] = DocumentState.VERIFIED
    client.post(page_url(filed), form.data(press="_save"))
    html = client.get(page_url(filed)).content.decode()
    history = html.split("Verlauf des Antrags", 1)[1]
    assert "Unterlage geprüft" in history
    assert "Antrag abgesendet" in history
    assert caseworker.get_username() in history


def test_a_caseworker_of_another_location_does_not_find_the_request(filed):
    elsewhere = StaffFactory(role="Sachbearbeitung", locations=[LocationFactory()])
    assert staff_client(elsewhere).get(page_url(filed)).status_code == 404


def test_search_finds_a_reference_with_or_without_hyphens_in_any_case(caseworker):
    location = caseworker.staff_locations.locations.first()
    wanted = ApplicationFactory(location=location)
    ApplicationFactory(location=location)
    client = staff_client(caseworker)
    changelist = reverse("admin:applications_application_changelist")
    for typed in (wanted.reference, wanted.reference.replace("-", ""), wanted.reference.lower()):
        html = client.get(changelist, {"q": typed}).content.decode()
        assert wanted.reference in html, typed
        assert html.count('class="field-reference_link"') == 1, typed


def test_search_finds_a_passport_number_that_reads_like_a_reference(caseworker):
    from portal import codes

    assert codes.code_normalise("DEMO00001") is not None  # passes the check digit
    location = caseworker.staff_locations.locations.first()
    wanted = ApplicationFactory(location=location, passport_number="DEMO00001")
    ApplicationFactory(location=location, passport_number="DEMO00002")
    html = _the_worklist(staff_client(caseworker), q="demo00001").content.decode()
    assert wanted.reference in html
    assert html.count('class="field-reference_link"') == 1


def _the_worklist(client, **params):
    return client.get(reverse("admin:applications_application_changelist"), params)


def test_the_worklist_flags_what_needs_attention(caseworker, enqueued):
    from applications.models import DocumentRequest
    from appointments.models import AppointmentStatus

    location = caseworker.staff_locations.locations.first()
    handed_in = ApplicationFactory(location=location)
    handed_in.document_declarations.filter(requirement="passport").update(
        state=DocumentState.UPLOADED, handed_in_at=timezone.now()
    )
    overdue = ApplicationFactory(location=location, status=Status.DOCUMENTS_REQUESTED)
    DocumentRequest.objects.create(
        application=overdue,
        code_digest="x" * 64,
        respond_by=timezone.localdate() - timedelta(days=1),
        letter="letters/x.pdf",
        created_by=caseworker,
    )
    cancelled = ApplicationFactory(location=location, documents_complete=True)
    appointment_for(cancelled, status=AppointmentStatus.CANCELLED, cancelled_by="applicant")
    failed = ApplicationFactory(location=location, documents_complete=True)
    InvitationJob.objects.create(application=failed, attempts=5, last_error="no_free_slot")
    plain = ApplicationFactory(location=location)
    client = staff_client(caseworker)
    for flag, wanted in (
        ("handed_in", handed_in),
        ("overdue", overdue),
        ("cancelled", cancelled),
        ("invitation_failed", failed),
    ):
        html = _the_worklist(client, flag=flag).content.decode()
        assert wanted.reference in html, flag
        assert plain.reference not in html, flag
        assert f'class="flag flag-{flag}"' in html, flag


def test_the_worklist_counts_ids_only_and_a_flag_filter_still_counts_right(caseworker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    location = caseworker.staff_locations.locations.first()
    ApplicationFactory.create_batch(3, location=location)
    failed = ApplicationFactory(location=location, documents_complete=True)
    InvitationJob.objects.create(application=failed, attempts=5, last_error="no_free_slot")
    client = staff_client(caseworker)

    with CaptureQueriesContext(connection) as captured:
        everything = _the_worklist(client)
    assert everything.context["cl"].result_count == Application.objects.count()  # 4 + filed
    (count,) = [q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)")]
    # Not the columns' subqueries nor the urgency order: ids, as many as the cap.
    assert "appointments_" not in count
    assert "ORDER BY" not in count
    assert "LIMIT 10001" in count

    only_failed = _the_worklist(client, flag="invitation_failed")
    assert only_failed.context["cl"].result_count == 1
    assert failed.reference in only_failed.content.decode()


def test_a_count_stopped_at_the_cap_says_more_than(caseworker, monkeypatch):
    from applications import admin as applications_admin

    location = caseworker.staff_locations.locations.first()
    ApplicationFactory.create_batch(3, location=location)
    client = staff_client(caseworker)
    exact = _the_worklist(client).content.decode()
    assert f"{Application.objects.count()} Anträge" in exact

    monkeypatch.setattr(applications_admin, "COUNT_CAP", 2)
    capped = _the_worklist(client).content.decode()
    assert "mehr als 2 Anträge" in capped
    client.cookies["portal_language"] = "en"
    assert "more than 2 requests" in _the_worklist(client).content.decode()


def test_the_worklist_costs_the_same_queries_for_ten_and_a_thousand_requests(caseworker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    location = caseworker.staff_locations.locations.first()
    client = staff_client(caseworker)

    def queries() -> int:
        _the_worklist(client)  # warm: session, permissions, content types
        with CaptureQueriesContext(connection) as captured:
            assert _the_worklist(client).status_code == 200
        return len(captured)

    ApplicationFactory.create_batch(10, location=location)
    few = queries()
    template = ApplicationFactory.build(location=location)
    Application.objects.bulk_create(
        Application(
            **{
                field.attname: getattr(template, field.attname)
                for field in Application._meta.concrete_fields
                if field.attname not in ("id", "reference")
            },
            reference=f"LOAD-{number:04d}-X",
        )
        for number in range(1000 - Application.objects.count())
    )
    assert Application.objects.count() == 1000
    assert queries() == few


def test_the_request_page_costs_the_same_queries_however_long_its_history(filed, caseworker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = staff_client(caseworker)
    client.get(page_url(filed))
    with CaptureQueriesContext(connection) as first:
        client.get(page_url(filed))
    for _round in range(20):
        casework.document_add(application_id=filed.pk, label="Nachweis", by=caseworker)
    client.get(page_url(filed))
    with CaptureQueriesContext(connection) as later:
        client.get(page_url(filed))
    assert len(later) <= len(first) + 2  # the version changes; nothing grows per item


def test_the_request_page_reads_its_checklist_fees_and_overrides_once(filed, caseworker):
    """The desk (facts, summary, missing items, history) and the inline forms share one read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FeeAssessment.objects.create(
        application=filed, amount=93, reason="Nr. 1", assessed_by=caseworker
    )
    client = staff_client(caseworker)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(page_url(filed))
    assert page.status_code == 200
    for table in (
        "applications_documentdeclaration",
        "applications_feeassessment",
        "applications_documentsoverride",
    ):
        reads = [
            q["sql"]
            for q in captured
            if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
        ]
        assert len(reads) == 1, (table, reads)
    # The inline forms show those rows, in the model's order.
    checklist = page.context["inline_admin_formsets"][0].formset
    assert [form.instance.pk for form in checklist.initial_forms] == list(
        filed.document_declarations.order_by("pk").values_list("pk", flat=True)
    )
    fees = page.context["inline_admin_formsets"][1].formset
    assert [form.instance.reason for form in fees.initial_forms] == ["Nr. 1"]
    assert "93,00" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_caseworkers_in_threads_each_see_what_their_role_allows(client):
    """No per-request state on the shared ModelAdmin: one role never decides another's page."""
    import threading

    from django.contrib.auth.models import Permission
    from django.db import connection

    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    answers = step_answers("renewal", health={"illnesses": "yes", "illnesses_which": "Asthma"})
    answers["health"]["insurer"] = "AOK Bayern"
    walk(client, "renewal", answers, upload=True)
    application = Application.objects.get()
    special = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    plain = StaffFactory(locations=[application.location])
    plain.user_permissions.add(Permission.objects.get(codename="view_application"))
    results: list[tuple[str, bool]] = []

    def read(user, label):
        try:
            browser = staff_client(user)
            for _round in range(6):
                html = browser.get(page_url(application)).content.decode()
                results.append((label, "Asthma" in html))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=read, args=(user, label))
        for user, label in ((special, "special"), (plain, "plain")) * 2
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 24
    assert all(seen == (label == "special") for label, seen in results), results


def test_the_letter_asking_for_documents_computes_its_respond_by_date(filed, caseworker):
    from applications import rules
    from applications.models import DocumentRequest

    client = staff_client(caseworker)
    page = client.get(page_url(filed))
    form = rendered_form(page, action_contains="request-documents")
    assert form["respond_weeks"] == str(rules.DEFAULT_RESPOND_WEEKS)
    form["respond_weeks"] = "6"
    response = client.post(form.action, form.data(), follow=True)
    request = DocumentRequest.objects.get(application=filed)
    expected = rules.respond_by(written_on=timezone.localdate(), weeks=6)
    assert request.respond_by == expected
    assert expected.strftime("%d.%m.%Y") in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == Status.DOCUMENTS_REQUESTED
    # A period the page does not offer is refused, nothing is written.
    form["respond_weeks"] = "99"
    response = client.post(form.action, form.data(), follow=True)
    assert "Wählen Sie eine der angebotenen Fristen." in response.content.decode()
    assert DocumentRequest.objects.filter(application=filed).count() == 1


def test_the_fiction_certificate_must_state_the_effect_the_law_gives(filed, caseworker):
    from applications.models import FictionCertificate

    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), action_contains="fiction-certificate")
    assert form["effect"] == "title_continues"  # the deadline result's effect is suggested
    # A day that does not exist, typed in the right form: said so, not "enter dd.mm.yyyy".
    form["valid_until"] = "31.02.2030"
    response = client.post(form.action, form.data(), follow=True)
    assert "31.02.2030" in response.content.decode()
    assert "als TT.MM.JJJJ an" not in response.content.decode()
    form["valid_until"] = (timezone.localdate() + timedelta(days=60)).strftime("%d.%m.%Y")
    form["effect"] = "stay_deemed_permitted"
    response = client.post(form.action, form.data(), follow=True)
    assert "nicht die, die das Gesetz diesem Antrag gibt" in response.content.decode()
    assert not FictionCertificate.objects.exists()
    form["effect"] = "title_continues"
    client.post(form.action, form.data(), follow=True)
    assert FictionCertificate.objects.get().effect == "title_continues"

    # A team lead may certify another effect, with a reason that is kept and audited.
    lead = staff_client(StaffFactory(role="Teamleitung"))
    form = rendered_form(lead.get(page_url(filed)), action_contains="fiction-certificate")
    form["valid_until"] = (timezone.localdate() + timedelta(days=60)).strftime("%d.%m.%Y")
    form["effect"] = "stay_deemed_permitted"
    form["override_reason"] = "Verwaltungsgericht, Beschluss vom 1.12."
    lead.post(form.action, form.data(), follow=True)
    certificate = FictionCertificate.objects.get(effect="stay_deemed_permitted")
    assert certificate.override_reason == "Verwaltungsgericht, Beschluss vom 1.12."
    assert AuditEvent.objects.filter(detail="fiction_certificate:override").exists()


def test_no_model_admin_keeps_state_of_a_request(filed, caseworker):
    """ModelAdmin instances are shared by every thread: nothing of a request may stay on them."""
    from django.contrib import admin

    before = {model: dict(vars(instance)) for model, instance in admin.site._registry.items()}
    client = staff_client(caseworker)
    client.get(page_url(filed))
    client.get(reverse("admin:applications_application_changelist"), {"flag": "handed_in"})
    form = rendered_form(client.get(page_url(filed)), form_id=FORM)
    client.post(page_url(filed), form.data(press="_save"))
    for model, instance in admin.site._registry.items():
        assert dict(vars(instance)) == before[model], model


def test_a_checklist_filed_in_english_is_named_in_the_caseworker_s_language(client):
    from appointments.demo import demo_locations_ensure

    demo_locations_ensure()
    client.cookies["portal_language"] = "en"
    walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    stored = {item.requirement: item.label for item in application.document_declarations.all()}
    assert stored["passport"] == "a valid passport"  # as the applicant read it
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    staff = staff_client(caseworker)
    page = staff.get(page_url(application))
    html = page.content.decode()
    assert "gültiger Pass" in html
    assert "a valid passport" not in html
    # Saving the checklist keeps the applicant's labels.
    form = rendered_form(page, form_id=FORM)
    name, _item = checklist_names(form, application)[0]
    form[name] = DocumentState.VERIFIED
    assert staff.post(page_url(application), form.data(press="_save")).status_code == 302
    assert application.document_declarations.get(requirement="passport").label == (
        "a valid passport"
    )


def test_the_request_page_links_only_to_pages_its_caseworker_may_open(filed, caseworker):
    from tests.staff_links import dead_links

    FeeAssessment.objects.create(
        application=filed, amount="93.00", reason="§ 45 Nr. 2 AufenthV", assessed_by=caseworker
    )
    client = staff_client(caseworker)
    html = client.get(page_url(filed)).content.decode()
    assert caseworker.get_username() in html  # who assessed the fee, named
    assert dead_links(client, html) == []


def test_closing_a_request_needs_its_confirmation_ticked(filed, caseworker):
    client = staff_client(caseworker)
    form = rendered_form(client.get(page_url(filed)), form_id="desk-close")
    assert ("target", "withdrawn") in form.buttons
    data = form.data()
    data["target"] = ["withdrawn"]
    response = client.post(form.action, data, follow=True)
    filed.refresh_from_db()
    assert filed.status == Status.SUBMITTED  # one click by mistake closes nothing
    assert "nicht abgeschlossen" in response.content.decode()
    form["confirm_final"] = "1"
    data = form.data()
    data["target"] = ["withdrawn"]
    client.post(form.action, data)
    filed.refresh_from_db()
    assert filed.status == Status.WITHDRAWN


def test_only_who_may_assign_a_location_sees_its_choice_in_the_action_bar(caseworker):
    lead = StaffFactory(
        role="Teamleitung", locations=list(caseworker.staff_locations.locations.all())
    )
    worker_bar = _the_worklist(staff_client(caseworker)).content.decode()
    lead_bar = _the_worklist(staff_client(lead)).content.decode()
    assert 'name="location"' not in worker_bar
    assert 'value="assign_location"' not in worker_bar
    assert 'name="location"' in lead_bar
    assert 'value="assign_location"' in lead_bar


def test_after_an_override_the_invitation_asks_for_what_is_still_missing(
    filed, enqueued, django_capture_on_commit_callbacks
):
    """The letter does not claim that every document is there when a team lead
    marked them complete without; it names the items not verified, in both languages."""
    from appointments.demo_capacity import demo_capacity_ensure
    from appointments.models import InvitationLetter
    from tests.letter_layout import lines_of

    demo_capacity_ensure()
    filed.language = "en"
    filed.save(update_fields=["language"])
    passport = filed.document_declarations.get(requirement="passport")
    passport.state = DocumentState.VERIFIED
    passport.save(update_fields=["state"])
    open_items = [
        item.requirement
        for item in filed.document_declarations.order_by("pk")
        if item.required and item.state != DocumentState.VERIFIED
    ]
    assert "biometric_photo" in open_items
    assert "passport" not in open_items
    lead = StaffFactory(role="Teamleitung")
    url = reverse("admin:applications_application_override", args=[filed.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(lead).post(url, {"reason": "Lichtbild wird beim Termin aufgenommen"})
    assert enqueued == [filed.pk]
    assert services.invitation_issue(application_id=filed.pk) == services.INVITED

    letter = InvitationLetter.objects.get(application=filed)
    with letter.file.open("rb") as stored:
        text = " ".join(lines_of(stored.read()))
    assert "liegen alle erforderlichen Unterlagen vor" not in text
    assert "all required documents" not in text.lower()
    assert "laden wir Sie zu einem persönlichen Termin ein" in text
    german = text.split("diese Unterlagen, die noch fehlen oder noch nicht geprüft sind: ")[1]
    german = german.split(",", 1)[0]
    assert "aktuelles biometrisches Lichtbild (Frontalaufnahme)" in german
    assert "gültiger Pass" not in german  # verified
    english = text.split("these documents, which are still missing or not yet checked: ")[1]
    assert "a current biometric photo (frontal)" in english.split(",", 1)[0]


def test_with_every_document_verified_the_invitation_says_they_are_all_there(filed, enqueued):
    from appointments.demo_capacity import demo_capacity_ensure
    from appointments.models import InvitationLetter
    from tests.letter_layout import lines_of

    demo_capacity_ensure()
    filed.document_declarations.update(state=DocumentState.VERIFIED)
    filed.status = Status.DOCUMENTS_COMPLETE
    filed.save(update_fields=["status"])
    assert services.invitation_issue(application_id=filed.pk) == services.INVITED
    letter = InvitationLetter.objects.get(application=filed)
    with letter.file.open("rb") as stored:
        text = " ".join(lines_of(stored.read()))
    assert "liegen alle erforderlichen Unterlagen vor" in text
    assert "noch fehlen" not in text


def test_a_renewal_reminds_the_caseworker_of_the_integration_course(filed, caseworker, client):
    """Seed 001, § 8 (3) AufenthG: established before renewing; not asked of a first issue."""
    html = staff_client(caseworker).get(page_url(filed)).content.decode()
    assert "<dt>Integrationskurs: genannte Kurse</dt>" in html
    assert "ob eine etwaige Pflicht zur ordnungsgemäßen Teilnahme am Integrationskurs" in html

    client.cookies.clear()
    walk(client, "issue", step_answers("issue"))
    issue = Application.objects.exclude(pk=filed.pk).get()
    html = staff_client(caseworker).get(page_url(issue)).content.decode()
    assert "<dt>Integrationskurs: genannte Kurse</dt>" not in html


def test_the_reminder_names_the_courses_given():
    from applications import desk

    application = Application(answers={"integration": {"courses": "Integrationskurs <B1>"}})
    fact = desk.integration_course_fact(application)
    assert fact.value == "Integrationskurs <B1>"  # escaped by the template, like every fact
    assert "§ 8 Abs. 3 AufenthG" in str(fact.note)
    assert desk.integration_course_fact(Application(answers={})).value == "Nicht angegeben"
