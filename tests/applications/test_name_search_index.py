"""The worklist's search is served by its indexes (migrations 0016, 0017), not by a scan.

The plan is read for the very statements the admin list sends for a search,
among 30,000 requests, analysed, so that the planner weighs them as it would a
real table: without an index that fits every branch of the search's
expression, it scans the table (it does at 3,000 rows, where a scan is
cheaper; the table this guards is of 100,000).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from tests.factories import ApplicationFactory, LocationFactory, StaffFactory
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


def copies_of(application, count: int) -> None:
    """``count`` more requests like ``application``, other names and references."""
    columns = [field.column for field in Application._meta.concrete_fields if not field.primary_key]
    values = {
        "reference": "'T' || lpad(copy::text, 7, '0')",
        "surname": "'Okafor' || copy",
        "given_names": "'Chidi'",
        "search_name": "'OKAFOR' || copy || ' CHIDI'",
        "passport_number": "'C' || copy",
    }
    quote = connection.ops.quote_name
    selected = ", ".join(values.get(column, quote(column)) for column in columns)
    # Names from the model and constants only; the numbers are parameters.
    sql = (
        f"INSERT INTO applications_application ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"SELECT {selected} FROM applications_application, generate_series(1, %s) AS copy "
        "WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, application.pk])
        cursor.execute("ANALYZE applications_application")


def plan_of(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("üller", "application_search_name_trgm_idx"),  # a part of the surname, any case
        ("ayş", "application_search_name_trgm_idx"),  # a part of the given names
        ("Lud", "application_search_name_trgm_idx"),  # typed without its accent
    ],
)
def test_a_name_search_of_the_worklist_reads_the_trigram_index(typed, index):
    location = LocationFactory()
    wanted = ApplicationFactory(
        location=location, surname="Müller-Lüdenscheidt", given_names="Ayşe"
    )
    copies_of(ApplicationFactory(location=location, surname="Okafor", given_names="Chidi"), 30000)
    lead = StaffFactory(role="Teamleitung")
    client = staff_client(lead)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("admin:applications_application_changelist"), {"q": typed})
    assert html.status_code == 200
    assert wanted.reference in html.content.decode()
    assert html.content.decode().count('class="field-reference_link"') == 1
    searches = [query["sql"] for query in queries if "LIKE" in query["sql"]]
    assert searches, "the list sent no search"
    for sql in searches:
        plan = plan_of(sql)
        assert index in plan, plan
        assert "Seq Scan on applications_application" not in plan, plan
