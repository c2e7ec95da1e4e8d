"""Staff screens at phone width (portal.admin_lists): the caseworker's worklist and print
staff's print queue as cards, every cell in the column under the name of its column,
the action bar's choices not cut off; the request page's fee form and history as
cards too, and the fee saved from there (WCAG 1.4.10). At 1,280 px still tables.

Before, at 390 px the tables scrolled sideways inside their box: the worklist
showed reference, person and kind, and its status, urgency, appointment,
location and flags lay beyond the edge; the action bar cut the location
choice to "(Stan"; the fee form's reason field was cut off at the edge, and
the history broke "abgesendet" into "abgesend" and "et".
"""

from __future__ import annotations

import pytest

from applications.constants import Status
from applications.models import Application
from appointments.demo import demo_locations_ensure
from tests.appointments.booking import at, invited, waiting_letter
from tests.appointments.building import FIRST_DAY, make_location
from tests.browser.staff import staff_page
from tests.chromium import axe_violations
from tests.factories import ApplicationFactory, StaffFactory
from tests.journeys import step_answers, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Each body cell of the list: where it ends, how it is laid out, the name it shows.
CELLS = """() => [...document.querySelectorAll('#result_list tbody tr > *')].map(cell => ({
  right: cell.getBoundingClientRect().right,
  display: getComputedStyle(cell).display,
  label: cell.dataset.label || '',
  shown: getComputedStyle(cell, '::before').content,
  role: cell.getAttribute('role'),
  css: cell.className,
}))"""


def assert_cards(page, where: str, columns: set[str]) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{where}: the page is {width} px wide at {inner} px"
    limit = page.evaluate("document.documentElement.clientWidth")
    cells = page.evaluate(CELLS)
    assert cells, where
    for cell in cells:
        assert cell["right"] <= limit, (where, cell)
        assert cell["display"] == "block", (where, cell)
        assert cell["role"] in {"cell", "rowheader"}, (where, cell)
        if cell["css"] != "action-checkbox":
            # The column's name stands above the value, as the header says it.
            assert cell["label"], (where, cell)
            assert cell["shown"] == f'"{cell["label"]}"', (where, cell)
    assert columns <= {cell["label"] for cell in cells}, where
    assert axe_violations(page) == [], where


def assert_table(page, where: str) -> None:
    cells = page.evaluate(CELLS)
    assert cells, where
    assert {cell["display"] for cell in cells} == {"table-cell"}, where
    assert {cell["shown"] for cell in cells} == {"none"}, where


def test_the_worklist_is_a_list_of_cards_at_390_px_and_a_table_at_1280(browser, live_server):
    location = make_location()
    ApplicationFactory(location=location, surname="Yılmaz", given_names="Ayşe")
    ApplicationFactory(location=location, status=Status.IN_REVIEW, surname="Kovalenko")
    # A team lead: the action bar has the location to assign as well.
    lead = StaffFactory(role="Teamleitung", locations=[location])
    page = staff_page(browser, live_server, lead, viewport=PHONE)
    page.goto("/admin/applications/application/")
    assert_cards(
        page,
        "worklist",
        {"Vorgangsnummer", "Person", "Art", "Status", "Dringlichkeit", "Termin", "Standort"},
    )
    # The action bar: the action and the location each on a line of the list's width.
    form = page.locator("#changelist-form").bounding_box()
    for name in ("action", "location"):
        box = page.locator(f"#changelist-form .actions select[name={name}]").bounding_box()
        assert box["x"] + box["width"] <= form["x"] + form["width"] + 1, (name, box, form)
        assert box["width"] >= 0.6 * form["width"], (name, box, form)
    # The header row still sorts the list.
    page.locator("#result_list thead a", has_text="Person").click()
    page.wait_for_url("**/?o=*")
    assert_cards(page, "worklist sorted by person", {"Person"})
    page.set_viewport_size(DESKTOP)
    assert_table(page, "worklist at 1280 px")


def test_the_print_queue_is_a_list_of_cards_at_390_px(browser, live_server, letter_storage):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 9))
    waiting_letter(application, appointment, pdf=b"%PDF-1.4\n%%EOF\n")
    print_staff = StaffFactory(role="Poststelle")
    page = staff_page(browser, live_server, print_staff, viewport=PHONE)
    page.goto("/admin/appointments/invitationletter/")
    assert_cards(page, "print queue", {"Empfänger", "Straße und Hausnummer", "Postleitzahl", "Ort"})
    page.set_viewport_size(DESKTOP)
    assert_table(page, "print queue at 1280 px")


# Elements of the page's content that end beyond the viewport (the lists' and forms'
# header rows excepted: on phones they are read, not shown).
WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('#content *')]
    .filter(e => !e.closest('.tabular thead, .desk-table thead'))
    .filter(e => e.getBoundingClientRect().right > limit + 1)
    .slice(0, 5)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
}"""


def test_the_request_page_fits_390_px_and_its_fee_is_saved_from_there(browser, live_server, client):
    demo_locations_ensure()  # the request's location, by its postcode
    walk(client, "renewal", step_answers("renewal"))
    application = Application.objects.get()
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    page = staff_page(browser, live_server, caseworker, viewport=PHONE)
    page.goto(f"/admin/applications/application/{application.pk}/change/")
    for details in page.locator("#content details").all():
        details.evaluate("element => { element.open = true; }")
    assert page.evaluate(WIDE) == []
    assert axe_violations(page) == []
    fees = page.locator("#fee_assessments-group")
    labels = fees.locator("tbody tr.form-row:not(.empty-form) td[data-label]").evaluate_all(
        "cells => cells.map(c => [getComputedStyle(c).display, c.dataset.label,"
        " getComputedStyle(c, '::before').content])"
    )
    assert labels
    assert all(display == "block" for display, _label, _shown in labels)
    assert {label for _display, label, _shown in labels} >= {"Betrag (EUR)", "Begründung"}
    assert all(shown == f'"{label}"' for _display, label, shown in labels)
    history = page.locator(".desk-history tbody td").first
    assert history.evaluate("cell => getComputedStyle(cell).display") == "block"
    assert history.evaluate("cell => getComputedStyle(cell).whiteSpace") == "nowrap"

    fees.locator('input[name="fee_assessments-0-amount"]').fill("93,00")
    fees.locator('input[name="fee_assessments-0-reason"]').fill("Verlängerung, Nr. 2 GebO")
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()
    assert page.evaluate(WIDE) == []
    fee = application.fee_assessments.get()
    assert (str(fee.amount), fee.reason, fee.assessed_by) == (
        "93.00",
        "Verlängerung, Nr. 2 GebO",
        caseworker,
    )
    page.set_viewport_size(DESKTOP)
    assert fees.locator("tbody td").first.evaluate("c => getComputedStyle(c).display") == (
        "table-cell"
    )


def test_a_team_lead_s_request_page_and_its_history_fit_390_px_with_a_long_item(
    browser, live_server, client
):
    """The override's reason field, a document named without spaces and the change
    history stay in the column."""
    from applications.models import DocumentDeclaration

    demo_locations_ensure()
    walk(client, "renewal", step_answers("renewal"))
    application = Application.objects.get()
    DocumentDeclaration.objects.create(
        application=application,
        requirement="custom-1",
        label="Mietbescheinigung" * 10,  # 170 letters, no space
        state="later",
        added_by_caseworker=True,
    )
    lead = StaffFactory(role="Teamleitung", locations=[application.location])
    page = staff_page(browser, live_server, lead, viewport=PHONE)
    page.goto(f"/admin/applications/application/{application.pk}/change/")
    assert page.locator("#override-reason").count() == 1
    for details in page.locator("#content details").all():
        details.evaluate("element => { element.open = true; }")
    assert page.evaluate(WIDE) == []
    page.locator('select[name="document_declarations-0-state"]').select_option("verified")
    page.locator('input[name="_continue"]').click()  # a saved change: a row of the history
    page.wait_for_load_state()
    page.goto(f"/admin/applications/application/{application.pk}/history/")
    assert page.locator("#change-history tbody tr").count() >= 1
    assert page.evaluate(WIDE) == []
