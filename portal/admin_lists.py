"""Staff lists on phones: each cell of a change list names its column.

At 390 px a list of eight columns does not fit; scrolling it sideways hides
the status, the appointment and the flags of a request behind the first three
columns. Below 768 px (Django's own breakpoint for phones) ``css/admin-lists.css``
lays each row out as a card, and every cell shows the name of its column,
from ``data-label``. Cells laid out as blocks lose their table semantics in
some browsers, so the table's parts carry their roles explicitly (table,
rowgroup, row, columnheader, cell): a screen reader still reads a table.

Django's rows (``items_for_result``) are labelled by ``labelled_row`` when the
list is rendered (``templates/admin/change_list_results.html``); the worklist
writes its cells with the same attributes itself (``applications.admin``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from portal.markup import escape

# Django's headers of the action checkbox column hold the "select all" checkbox
# (markup, not a name): its cells get no label.
_ACTION_COLUMN = "action-checkbox-column"
# The tags a cell of Django's rows starts with: format_html("<{}{}>…", "td" or "th", …).
_CELL_TAGS = ("<td", "<th")


def column_label(header: Mapping) -> str:
    """The name a column's cells carry on phones: the header's text, as the header shows it."""
    if _ACTION_COLUMN in str(header.get("class_attrib", "")):
        return ""
    return capfirst(str(header["text"]))


def cell_attributes(label: str, tag: str = "td") -> str:
    """The attributes of a cell that stands alone on a phone: its role and its column's name.

    A ``th`` of a row (Django's link to the object) is the row's header.
    """
    role = "rowheader" if tag == "th" else "cell"
    if not label:
        return f' role="{role}"'
    return f' role="{role}" data-label="{escape(label)}"'


def labelled_row(cells: Iterable[str], headers: Iterable[Mapping]) -> SafeString:
    """One row's cells (Django's markup) joined, each with its role and its column's name.

    Cells that carry their role already (the worklist's) are left as they are.
    """
    headers = list(headers)
    parts = []
    for index, cell in enumerate(cells):
        unlabelled = cell.startswith(_CELL_TAGS) and not cell[3:].startswith(" role=")
        if unlabelled and index < len(headers):
            label = column_label(headers[index])
            cell = cell[:3] + cell_attributes(label, cell[1:3]) + cell[3:]
        parts.append(cell)
    # Every cell is Django's escaped markup; the attributes are escaped above.
    return mark_safe("".join(parts))  # noqa: S308
