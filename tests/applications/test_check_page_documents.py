"""The check page names the uploaded files from the draft, and follows every change."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from applications.views import JOURNEYS, UPLOAD_NAMES
from portal.models import Draft
from tests.journeys import step_answers, step_url, walk
from tests.sample_files import tiny_pdf

KIND = "renewal"
pytestmark = pytest.mark.django_db


def _check_page(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(step_url(KIND, "check"))
    assert page.status_code == 200
    upload_reads = [q for q in queries.captured_queries if "applications_upload" in q["sql"]]
    return page, len(upload_reads)


def _passport_row(page) -> str:
    rows = dict(page.context["documents"])
    (passport,) = [names for requirement, names in rows.items() if requirement.code == "passport"]
    return passport


def _post_documents(client, *, file_name=None):
    page = client.get(step_url(KIND, "documents"))
    form = page.context["form"]
    data = {f"{JOURNEYS[KIND].journey}-current_step": "documents"}
    for requirement in form.requirements:
        if file_name and requirement.code == "passport":
            data["documents-file_passport"] = io.BytesIO(tiny_pdf())
            data["documents-file_passport"].name = file_name
        elif not form.existing.get(requirement.code):
            data[f"documents-later_{requirement.code}"] = "on"
    return client.post(step_url(KIND, "documents"), data), form


def test_the_check_page_names_the_files_without_reading_the_uploads(client):
    assert walk(client, KIND, step_answers(), upload=True, until="check")
    page, upload_reads = _check_page(client)
    assert upload_reads == 0
    assert _passport_row(page) == ["pass.pdf"]
    body = page.content.decode()
    assert "pass.pdf" in body
    # Every other item of the checklist is to be handed in later.
    later = len(page.context["documents"]) - 1
    with translation.override("de"):
        assert body.count(translation.gettext("Will be handed in later")) == later


def test_a_removed_and_a_new_file_show_on_the_check_page(client):
    walk(client, KIND, step_answers(), upload=True, until="check")
    documents = client.get(step_url(KIND, "documents"))
    (upload,) = documents.context["form"].existing["passport"]
    removed = client.post(
        step_url(KIND, "documents"),
        {f"{JOURNEYS[KIND].journey}-current_step": "documents", "remove_upload": str(upload.pk)},
    )
    assert removed.status_code == 302
    response, _form = _post_documents(client, file_name="ausweis.pdf")
    assert response.status_code == 302
    page, upload_reads = _check_page(client)
    assert upload_reads == 0
    assert _passport_row(page) == ["ausweis.pdf"]
    assert "pass.pdf" not in page.content.decode()


def test_a_second_file_joins_the_first(client):
    walk(client, KIND, step_answers(), upload=True, until="check")
    response, _form = _post_documents(client, file_name="seite-2.pdf")
    assert response.status_code == 302
    page, _reads = _check_page(client)
    assert _passport_row(page) == ["pass.pdf", "seite-2.pdf"]
    assert "pass.pdf, seite-2.pdf" in page.content.decode()


def test_a_hostile_file_name_is_escaped(client):
    walk(client, KIND, step_answers(), upload=True, until="check")
    response, _form = _post_documents(client, file_name="<b>x</b>.pdf")
    assert response.status_code == 302
    page, _reads = _check_page(client)
    body = page.content.decode()
    assert "<b>x</b>" not in body
    (name,) = [name for name in _passport_row(page) if name != "pass.pdf"]
    assert name.replace("<", "&lt;").replace(">", "&gt;") in body


def test_a_draft_saved_without_the_names_reads_them_once(client):
    walk(client, KIND, step_answers(), upload=True, until="check")
    draft = Draft.objects.get()
    draft.state["extra_data"].pop(UPLOAD_NAMES)
    draft.save(update_fields=["state"])
    page, upload_reads = _check_page(client)
    assert upload_reads == 1
    assert _passport_row(page) == ["pass.pdf"]
    page, upload_reads = _check_page(client)
    assert upload_reads == 0
    assert _passport_row(page) == ["pass.pdf"]
