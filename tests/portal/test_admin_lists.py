"""Change-list cells that name their columns (portal.admin_lists), for the lists on phones."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.safestring import SafeString

from portal.admin_lists import cell_attributes, column_label, labelled_row
from tests.factories import StaffFactory
from tests.staff import staff_client

CHECKBOX_HEADER = {
    "text": '<input type="checkbox" id="action-toggle">',
    "class_attrib": ' class="action-checkbox-column"',
}
NAME_HEADER = {"text": "name", "class_attrib": ' class="sortable column-name"'}
TOWN_HEADER = {"text": "town & <district>", "class_attrib": ""}


@pytest.mark.parametrize(
    ("header", "label"),
    [
        (NAME_HEADER, "Name"),  # as the header shows it: capitalised
        (TOWN_HEADER, "Town & <district>"),  # escaped where written, not here
        (CHECKBOX_HEADER, ""),  # the "select all" checkbox is no name
        ({"text": "status"}, "Status"),
    ],
)
def test_a_column_is_named_by_its_headers_text(header, label):
    assert column_label(header) == label


@pytest.mark.parametrize(
    ("label", "tag", "attributes"),
    [
        ("Name", "td", ' role="cell" data-label="Name"'),
        ("Name", "th", ' role="rowheader" data-label="Name"'),
        ('A & "B"', "td", ' role="cell" data-label="A &amp; &quot;B&quot;"'),
        ("", "td", ' role="cell"'),
    ],
)
def test_a_cells_attributes_give_its_role_and_escaped_name(label, tag, attributes):
    assert cell_attributes(label, tag) == attributes


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # Django's cells (items_for_result): a link column as th, the others as td.
        (
            [
                '<td class="action-checkbox"><input type="checkbox"></td>',
                '<th class="field-name"><a href="/x/">Ayşe</a></th>',
                '<td class="field-town">Nürnberg</td>',
            ],
            '<td role="cell" class="action-checkbox"><input type="checkbox"></td>'
            '<th role="rowheader" data-label="Name" class="field-name"><a href="/x/">Ayşe</a></th>'
            '<td role="cell" data-label="Town &amp; &lt;district&gt;" class="field-town">'
            "Nürnberg</td>",
        ),
        # Cells that carry their role already (the worklist's, one string a row): as they are.
        (
            ['<td role="cell" data-label="Name" class="field-name">A</td><td role="cell">B</td>'],
            '<td role="cell" data-label="Name" class="field-name">A</td><td role="cell">B</td>',
        ),
        # Anything but a cell (hidden fields of list_editable): as it is.
        (['<input type="hidden" name="form-0-id">'], '<input type="hidden" name="form-0-id">'),
    ],
)
def test_a_rows_cells_carry_their_role_and_column(cells, expected):
    row = labelled_row(cells, [CHECKBOX_HEADER, NAME_HEADER, TOWN_HEADER])
    assert row == expected
    assert isinstance(row, SafeString)


def test_a_row_keeps_cells_beyond_its_headers():
    cells = ['<td class="a">1</td>', '<td class="b">2</td>']
    assert labelled_row(cells, [NAME_HEADER]) == (
        '<td role="cell" data-label="Name" class="a">1</td><td class="b">2</td>'
    )


@pytest.mark.django_db
def test_djangos_lists_render_labelled_cells_and_the_tables_roles():
    """A list that Django's own rows fill (the staff locations), as the page renders it."""
    from tests.factories import LocationFactory

    LocationFactory(name="Haus <A> & B")
    lead = StaffFactory(role="Teamleitung")
    page = staff_client(lead).get(reverse("admin:locations_location_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<table id="result_list" role="table">' in html
    assert '<tr role="row">' in html
    assert 'role="columnheader"' in html
    assert 'role="rowheader" data-label="Name"' in html
    assert "Haus &lt;A&gt; &amp; B" in html
    assert "css/admin-lists.css" in html
