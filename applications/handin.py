"""Handing in missing documents online, with the code from the letter (issue "back office").

Reference, date of birth and the letter's code open the request's missing
items for this session only. Every wrong input gets the same answer, and the
attempts are rate-limited.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import codes, grants
from portal.audit import audit
from portal.forms import DateField, KernForm, TextField
from portal.ratelimit import (
    too_many_uploads,
    upload_limit_reached,
)
from portal.uploads import MAX_FILES_PER_REQUEST, check_upload, display_name, storage_name

from .constants import DocumentState
from .models import DocumentDeclaration, DocumentRequest, Upload

logger = logging.getLogger(__name__)

SESSION_KEY = "hand_in"  # application id -> until (ISO) for this session
NOT_FOUND = _(
    "We could not find a request with these details. Check the reference number, your date "
    "of birth and the code in our letter."
)
TOO_MANY_FILES = _("A request can have at most %(limit)d files. Please send the rest by post.")


class HandInForm(KernForm):
    reference = TextField(
        label=_("Reference number"), max_length=20, help_text=_("As in our letter.")
    )
    date_of_birth = DateField(label=_("Your date of birth"), birth=True)
    code = TextField(label=_("Code from the letter"), max_length=20)


def _granted(request: HttpRequest) -> int | None:
    return grants.granted(request, SESSION_KEY)


@require_POST
def hand_in_extend(request: HttpRequest) -> JsonResponse:
    """The dialog's "keep the pages open": another 30 minutes for a grant still open."""
    return JsonResponse({"seconds": grants.grant_extend(request, SESSION_KEY)})


@require_http_methods(["GET", "POST"])
def hand_in(request: HttpRequest) -> HttpResponse:
    form = HandInForm(request.POST or None)
    if request.method == "POST":
        response = grants.letter_details_open(request, form, DETAILS)
        if response is not None:
            return response
    return render(request, "applications/hand_in.html", {"form": form})


def _find(data) -> int | None:
    reference = codes.code_normalise(data["reference"])
    code = codes.code_normalise(data["code"])
    if reference is None or code is None:
        return None
    return (
        DocumentRequest.objects.filter(
            code_digest__in=codes.digests(code, purpose="hand_in"),
            application__reference=reference,
            application__date_of_birth=data["date_of_birth"],
        )
        .values_list("application_id", flat=True)
        .first()
    )


DETAILS = grants.LetterDetails(
    session_key=SESSION_KEY,
    rate_scope="hand-in",
    find=_find,
    not_found=NOT_FOUND,
    opened_url="applications:hand-in-files",
    audit_code="hand_in",
)


class FilesForm(KernForm):
    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"file_{item.pk}"] = forms.FileField(label=item.label, required=False)
        self.checked = {}

    @property
    def item_fields(self):
        """(checklist item, its file field) in the checklist's order, for the page."""
        return [(item, self[f"file_{item.pk}"]) for item in self.items]

    def clean(self):
        data = super().clean()
        for item in self.items:
            upload = data.get(f"file_{item.pk}")
            if upload:
                try:
                    self.checked[item.pk] = (upload, check_upload(upload))
                except ValidationError as error:
                    # Named after its document, so that the error summary says which file.
                    self.add_error(
                        f"file_{item.pk}",
                        ValidationError([f"{item.label}: {message}" for message in error.messages]),
                    )
        if not self.checked and not self.errors:
            raise ValidationError(_("Choose at least one file."))
        return data


@require_http_methods(["GET", "POST"])
def hand_in_files(request: HttpRequest) -> HttpResponse:
    application_id = _granted(request)
    if application_id is None:
        return redirect("applications:hand-in")
    items = list(
        DocumentDeclaration.objects.filter(
            application_id=application_id,
            required=True,
            state__in=[DocumentState.LATER, DocumentState.REJECTED],
        ).order_by("pk")
    )
    refusal = upload_limit_reached(request) if request.method == "POST" else None
    if refusal:
        return too_many_uploads(request, refusal)
    form = FilesForm(request.POST or None, request.FILES or None, items=items)
    done = False
    if request.method == "POST" and form.is_valid():
        stored = _store(application_id, form.checked, items)
        if stored is None:
            form.add_error(None, TOO_MANY_FILES % {"limit": MAX_FILES_PER_REQUEST})
        else:
            done = True
            items = [item for item in items if item.pk not in form.checked]
            form = FilesForm(items=items)
    timeout = grants.timeout_context(
        request,
        SESSION_KEY,
        extend_url=reverse("applications:hand-in-extend"),
        ended_url=reverse("applications:hand-in"),
    )
    context = {"form": form, "items": items, "done": done, **timeout}
    return render(request, "applications/hand_in_files.html", context)


def _store(application_id: int, checked: dict, items) -> int | None:
    with transaction.atomic():
        existing = Upload.objects.select_for_update().filter(application_id=application_id)
        if existing.count() + len(checked) > MAX_FILES_PER_REQUEST:
            return None
        by_pk = {item.pk: item for item in items}
        for pk, (uploaded, result) in checked.items():
            name = default_storage.save(storage_name(result), uploaded)
            Upload.objects.create(
                application_id=application_id,
                requirement=by_pk[pk].requirement,
                file=name,
                display_name=display_name(uploaded.name or ""),
                content_type=result.content_type,
                size=result.size,
                sha256=result.sha256,
            )
            DocumentDeclaration.objects.filter(pk=pk).update(
                state=DocumentState.UPLOADED, reason="", handed_in_at=timezone.now()
            )
    logger.info("documents handed in application=%s files=%d", application_id, len(checked))
    audit(
        action="create",
        object_type="applications.application",
        object_id=str(application_id),
        detail=f"hand_in:{len(checked)}",
        actor_label="applicant",
    )
    return len(checked)
