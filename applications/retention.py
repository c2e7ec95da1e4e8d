"""How the applications app removes the files of a request or a draft (retention).

Registered with portal.personal_files in ApplicationsConfig.ready(); the
retention job (portal/site/retention.py) calls these inside its transaction and
deletes the returned files once it has committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Application, DocumentRequest, FictionCertificate, Upload


def request_files_release(*, application_id: int) -> list[str]:
    """Uploads, receipt, release declaration, requests for documents, fiction certificates.

    The upload rows go; the other rows stay with their file fields blanked
    (and the list of documents requested emptied). Returns the storage names.
    """
    application = Application.objects.select_for_update().get(pk=application_id)
    uploads = Upload.objects.filter(application_id=application_id)
    requests = DocumentRequest.objects.filter(application_id=application_id)
    certificates = FictionCertificate.objects.filter(application_id=application_id)
    names = list(uploads.values_list("file", flat=True))
    names += [application.receipt.name, application.release_declaration.name]
    names += list(requests.exclude(letter="").values_list("letter", flat=True))
    names += list(certificates.exclude(file="").values_list("file", flat=True))
    uploads.delete()
    requests.update(letter="", items=[])
    certificates.update(file="")
    Application.objects.filter(pk=application_id).update(receipt="", release_declaration="")
    return [name for name in names if name]


def draft_files_release(*, draft_ids: Iterable) -> list[str]:
    """The files uploaded into drafts about to be deleted (their rows go now)."""
    uploads = Upload.objects.filter(draft_id__in=list(draft_ids))
    names = list(uploads.values_list("file", flat=True))
    uploads.delete()
    return names
