"""The documents page's error summary names each document: no two links read the same."""

from __future__ import annotations

import html
import io
import re

import pytest

from applications.views import JOURNEYS
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'class="[^"]*error-summary".*?<ul class="kern-list">(.*?)</ul>', re.S)
LINK = re.compile(r'<a class="kern-link" href="#[^"]+">(.*?)</a>', re.S)


def summary_links(page) -> list[str]:
    found = SUMMARY.search(page.content.decode())
    assert found, "no error summary"
    return [html.unescape(text).strip() for text in LINK.findall(found.group(1))]


@pytest.mark.parametrize("kind", list(JOURNEYS))
def test_every_open_document_has_its_own_message(client, kind):
    draft_open(
        client, DraftFactory(kind=kind, at_step="documents", at_step__answers=step_answers(kind))
    )
    page = client.post(
        step_url(kind, "documents"), {f"{JOURNEYS[kind].journey}-current_step": "documents"}
    )
    assert page.status_code == 200
    labels = [str(item.label) for item in page.context["form"].requirements]
    links = summary_links(page)
    assert len(labels) >= 2
    assert len(links) == len(labels)
    assert len(set(links)) == len(links), links
    for label, link in zip(labels, links, strict=True):
        assert label[:1].upper() + label[1:] in link


def _post_the_first_two(client, kind: str, files) -> tuple:
    """At the documents step, send ``files`` ((name, content) each) for the first two
    documents and "later" for the rest; returns the two requirements and the page."""
    draft_open(
        client, DraftFactory(kind=kind, at_step="documents", at_step__answers=step_answers(kind))
    )
    form = client.get(step_url(kind, "documents")).context["form"]
    data = {f"{JOURNEYS[kind].journey}-current_step": "documents"}
    for requirement in form.requirements[2:]:
        data[f"documents-later_{requirement.code}"] = "on"
    for requirement, (name, content) in zip(form.requirements[:2], files, strict=True):
        upload = io.BytesIO(content)
        upload.name = name
        data[f"documents-file_{requirement.code}"] = upload
    return form.requirements[:2], client.post(step_url(kind, "documents"), data)


PROGRAM = ("programm.exe", b"MZ not a document")


def test_files_refused_for_two_documents_say_which_document(client):
    (first, second), page = _post_the_first_two(client, "naturalisation", [PROGRAM, PROGRAM])
    links = summary_links(page)
    assert len(links) == 2, links
    assert links[0] != links[1]
    assert str(first.label)[1:] in links[0]
    assert str(second.label)[1:] in links[1]


def test_a_refused_file_keeps_its_reason_when_a_good_file_is_kept_in_the_same_post(client):
    from applications.models import Upload
    from tests.sample_files import tiny_pdf

    (refused, good), page = _post_the_first_two(
        client, "issue", [PROGRAM, ("scan.pdf", tiny_pdf())]
    )
    assert page.status_code == 200
    # The good file is kept; the refused one is named with what was wrong with it.
    assert Upload.objects.get().requirement == good.code
    errors = [str(error) for error in page.context["form"].errors[f"file_{refused.code}"]]
    assert len(errors) == 1
    assert "hoch oder kreuzen Sie" not in errors[0], errors  # not "upload a file or tick"
    assert "EXE" in errors[0], errors
    assert len(summary_links(page)) == 1
