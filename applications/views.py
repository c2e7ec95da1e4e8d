"""Views of the residence-permit journey: thin adapters around forms and services."""

from __future__ import annotations

import logging
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from locations.selectors import may_work_at
from portal import drafts, files, language_switch
from portal.admin_site import verified_staff_required
from portal.answers import summarise_stored, summary_cards
from portal.audit import audit
from portal.forms import KernForm, TextField
from portal.models import Draft
from portal.ratelimit import client_key, limit_reached, too_many_attempts
from portal.wizard import DraftWizardView

from . import family_rules, kinds, services, status
from .constants import RequestKind
from .forms import family_members
from .models import Application, Upload

logger = logging.getLogger(__name__)

SESSION_SUBMITTED = "submitted_references"
# In a draft's extra data: requirement -> names of the files uploaded for it.
UPLOAD_NAMES = "upload_names"


# The registered kinds (applications/kinds.py), each with its journey.
JOURNEYS = kinds.JOURNEYS

START_TEMPLATE = "applications/start.html"


# --- Start and resume ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, kind: str) -> HttpResponse:
    journey = JOURNEYS[kind]
    existing = drafts.draft_of_session(request=request, journey=journey.journey)
    if existing is not None and existing.submitted_reference:
        existing = None
    if request.method == "POST":
        if existing is None or request.POST.get("new") == "1":
            refusal = limit_reached(
                scope="draft-start", key=client_key(request), limit=30, window_seconds=3600
            )
            if refusal:
                return too_many_attempts(request, refusal)
            drafts.draft_create(request=request, journey=journey.journey)
        return redirect(journey.step_url_name, step=journey.first_step)
    context = {
        "journey": journey,
        "existing": existing,
        "fee_lines": journey.fee_examples(),
        "documents": journey.start_documents(),
        "pages": len(journey.steps),
    }
    return render(request, START_TEMPLATE, context)


class ResumeForm(KernForm):
    code = TextField(
        label=_("Your resume code"),
        max_length=40,
        help_text=_("The code we showed you when you started, for example 7K3Q-9TXD-M2PA-4."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


RESUME_FAILED = _(
    "We could not find a request with this code. Check the code and try again; a request "
    "that was submitted or deleted after 30 days cannot be resumed."
)


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    language = language_switch.switch_if_requested(request)
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and not language:
        refusal = limit_reached(
            scope="resume", key=client_key(request), limit=10, window_seconds=900
        )
        if refusal:
            return too_many_attempts(request, refusal)
        if form.is_valid():
            draft = drafts.draft_resume(request=request, code=form.cleaned_data["code"])
            journey = kinds.by_journey(draft.journey) if draft else None
            if journey is not None:
                return _where_it_was_left(journey)
            form.add_error("code", RESUME_FAILED)
    return language_switch.form_page(
        request, "applications/resume.html", form, form_id="resume-form", language=language
    )


# --- The wizard ------------------------------------------------------------------------


class ResidencePermitWizard(DraftWizardView):
    kind: str = RequestKind.ISSUE
    done_step_name = "absenden"
    step_templates = {
        "documents": "applications/documents.html",
        "check": "applications/check.html",
        "declaration": "applications/declaration.html",
        "family_applicants_list": "applications/family_applicants.html",
        "duration": "applications/duration.html",
        "nat_commitment": "naturalisation/commitment.html",
    }

    @classmethod
    def for_kind(cls, kind: str):
        journey = JOURNEYS[kind]
        view_class = type(
            f"{kind.title().replace('_', '')}Wizard",
            (cls,),
            {
                "kind": kind,
                "journey": journey.journey,
                "start_url_name": journey.start_url_name,
                "step_meta": kinds.step_meta(kind),
            },
        )
        return view_class.as_view(
            kinds.form_list(kind),
            condition_dict={
                step: _condition(predicate)
                for step, predicate in kinds.condition_names(kind).items()
            },
            url_name=journey.step_url_name,
            done_step_name=cls.done_step_name,
        )

    def already_submitted(self, draft):
        if draft.submitted_reference in self.request.session.get(SESSION_SUBMITTED, []):
            return redirect("applications:confirmation", reference=draft.submitted_reference)
        drafts.draft_forget(request=self.request, journey=self.journey)
        return redirect(self.start_url_name)

    def get_form_initial(self, step):
        """Answers shared from a family member's request or the quick check (never the
        voluntary ones): a dict for a form, a list of dicts (one per row) for a formset."""
        values = self.storage.extra_data.get("prefill", {}).get(step, {})
        return [dict(row) for row in values] if isinstance(values, list) else dict(values)

    def prefilled(self, step) -> bool:
        """The step shows answers given before (and none of its own are saved yet)."""
        prefill = self.storage.extra_data.get("prefill", {})
        return bool(prefill.get(step)) and self.storage.get_step_data(step) is None

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        # Each answer() read is recorded: when that answer changes, this step's
        # stored data is validated again (portal.wizard).
        if step == "purpose_detail":
            kwargs["group"] = self.answer("purpose_group").get("purpose_group")
        elif step == "legal_details":
            kwargs["answers"] = self.answer("legal")
        elif step == "duration" and kinds.get(self.kind).family_period:
            kwargs["maximum"] = self.family_maximum()
        elif step == "family_applicants":
            kwargs["people"] = family_members.people_known(self.family_answers())
        elif step == "family_applicants_list":
            kwargs["form_kwargs"] = self.family_list_form_kwargs()
            kwargs["people"] = family_members.people_selected(
                {**self.family_answers(), "family_applicants": self.answer("family_applicants")}
            )
        elif step == "sponsor":
            kwargs["relation"] = self.answer("relation").get("relation")
        elif step == "declaration":
            kwargs["born"] = self.answer("personal").get("date_of_birth")
        elif step == "documents":
            kwargs["requirements"] = self.requirements()
            kwargs["existing"] = self.existing_uploads()
        return kwargs

    def family_list_form_kwargs(self) -> dict:
        return {"renewal": kinds.get(self.kind).renewal(self.answer)}

    def display_form_kwargs(self, step: str) -> dict:
        if step == "family_applicants_list":
            # The check page reads the entries' fields (the formset's ``empty_form``) and
            # the item label, which do not depend on the people selected; without their
            # names and dates of birth the form is kept per process like the others.
            return {**super().get_form_kwargs(step), "form_kwargs": self.family_list_form_kwargs()}
        if step == "family_applicants":
            # The choices are the people's names: the check page names the chosen ones
            # through the form's ``answer_display`` instead, and the form without them
            # is kept per process.
            return super().get_form_kwargs(step)
        return super().display_form_kwargs(step)

    def family_answers(self) -> dict:
        """The answers of section 4 that name the spouse and the children (each read recorded)."""
        return {
            step: self.answer(step)
            for step in ("relation", "marital", "spouse", "children", "children_list")
        }

    def family_maximum(self):
        """For a first day, the longest permit of seed 004 and § 27 (4) AufenthG
        (services.family_period) from the answers so far (each read recorded)."""
        facts = {
            step: self.answer(step)
            for step in ("relation", "sponsor", "personal", "passport", "reunification_kind")
        }

        def maximum(valid_from: date):
            return services.family_period(
                {**facts, "duration": {"valid_from": valid_from.isoformat()}}
            )

        return maximum

    def requirements(self):
        """The checklist of this kind from the answers (each read recorded: kinds.Answer)."""
        return kinds.get(self.kind).documents(self.answer)

    def existing_uploads(self) -> dict[str, list[Upload]]:
        """requirement -> the files uploaded for it; their names are kept with the draft."""
        if not hasattr(self, "_existing_uploads"):
            found: dict[str, list[Upload]] = {}
            # By the key, not the instance: Django checks an instance's model
            # on every lookup (half a millisecond of a page that costs 15).
            for upload in Upload.objects.filter(draft_id=self.draft.pk).order_by("pk"):
                found.setdefault(upload.requirement, []).append(upload)
            self._existing_uploads = found
            names = {
                code: [upload.display_name for upload in files] for code, files in found.items()
            }
            if self.storage.extra_data.get(UPLOAD_NAMES) != names:
                self.storage.extra_data = {**self.storage.extra_data, UPLOAD_NAMES: names}
        return self._existing_uploads

    def uploads_changed(self) -> None:
        """A file was stored or removed: read the draft's files again."""
        self.__dict__.pop("_existing_uploads", None)
        self.existing_uploads()

    def upload_names(self) -> dict[str, list[str]]:
        """requirement -> names of the files uploaded for it, without a query.

        A draft's files change only on the documents step, which keeps their
        names with the draft's state each time it reads them
        (``existing_uploads``); a draft saved before that is read once.
        """
        names = self.storage.extra_data.get(UPLOAD_NAMES)
        if names is None:
            self.existing_uploads()
            names = self.storage.extra_data[UPLOAD_NAMES]
        return names

    def process_step_files(self, form):
        if self.steps.current == "documents":
            self.store_checked_files(form)
        return {}

    def store_checked_files(self, form) -> None:
        for code, (uploaded, checked) in form.checked.items():
            services.upload_store(
                draft=self.draft, requirement=code, uploaded_file=uploaded, checked=checked
            )
        form.checked = {}
        self.uploads_changed()

    def render(self, form=None, **kwargs):
        # Good files are kept even when another item of the page has an error:
        # a file input cannot be refilled, so nobody has to choose them twice.
        on_documents = self.steps.current == "documents" and form is not None and form.is_bound
        if on_documents and getattr(form, "checked", None) and form.errors:
            # What was wrong with a refused file (its type, its size), which the
            # form built again without the files could only call "no file".
            refused = {
                name: errors
                for name, errors in form.errors.items()
                if form.add_prefix(name) in self.request.FILES
            }
            self.store_checked_files(form)
            # The saved answers of this step count the files too.
            self.revalidate("documents")
            form = self.get_form(data=self.request.POST)
            form.is_valid()
            for name, errors in refused.items():
                form.errors[name] = errors
        return super().render(form, **kwargs)

    def handle_action(self, step):
        upload_id = self.request.POST.get("remove_upload")
        if step == "documents" and upload_id:
            if upload_id.isdigit():
                services.upload_remove(draft=self.draft, upload_id=int(upload_id))
                self.uploads_changed()
                self.revalidate("documents")
            return redirect(self.request.get_full_path())
        return None

    def answered_before_check(self) -> dict:
        """step -> stored answers of every step before the check page that has them."""
        answers = self.answers_so_far()
        found = {}
        for step in self.get_form_list():
            if step == self.check_step:
                break
            if step in answers:
                found[step] = answers[step]
        return found

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context["journey"] = JOURNEYS[self.kind]
        context["prefilled"] = self.prefilled(self.steps.current)
        if self.steps.current == self.check_step:
            # From the answers stored when each step was saved: no step is
            # validated again here (the final submit does that).
            answered = self.answered_before_check()
            answers = {step: item for step, item in answered.items() if step != "documents"}
            today = timezone.localdate()
            context["sections"] = summarise_stored(
                answers, {step: self.display_form(step) for step in answers}, self.step_meta
            )
            context["cards"] = summary_cards(context["sections"])
            for card in context["cards"]:
                for step in card.steps:
                    if step.step == "family_applicants_list":
                        step.items = family_members.check_page_items(
                            step.items, answers["family_applicants_list"]
                        )
            if "documents" in answered:
                names = self.upload_names()
                context["documents"] = [
                    (requirement, names.get(requirement.code, []))
                    for requirement in self.requirements()
                ]
            # The "change" links: one URL per step, reversed once.
            marker = "--step--"
            context["step_url_prefix"] = self.get_step_url(marker).removesuffix(f"{marker}/")
            entry = kinds.get(self.kind)
            # A kind without a deadline (naturalisation, ...) shows no deadline section.
            if entry.deadline_kind(kinds.stored(answers)) is not None:
                context["deadline"] = services.deadline_for(self.kind, answers, filed_on=today)
            context["fee"] = services.fee_quote(self.kind, answers, on=today)
            context["family_fees"] = services.family_fees(self.kind, answers, on=today)
            if kinds.get(self.kind).family_period:
                context["max_period"] = services.family_period(answers)
                since = (answers.get("cohabitation") or {}).get("living_together_since")
                if since:
                    context["independent_residence"] = family_rules.independent_residence_note(
                        since=date.fromisoformat(since), today=today
                    )
        elif self.steps.current == "declaration":
            # Said once more where the declaration says fees are not refunded.
            context["family_fees"] = services.family_fees(
                self.kind, self.answered_before_check(), on=timezone.localdate()
            )
        return context

    def done(self, form_list, form_dict, **kwargs):
        documents = form_dict["documents"]
        forms_by_step = {
            step: form for step, form in form_dict.items() if step not in ("documents", "check")
        }
        filed = services.application_submit(
            draft_id=self.draft.pk,
            kind=self.kind,
            forms_by_step=forms_by_step,
            step_meta=self.step_meta,
            documents=documents.declarations(),
            labels={item.code: item.label for item in documents.requirements},
        )
        submitted = list(self.request.session.get(SESSION_SUBMITTED, []))
        for application in filed:
            if application.reference not in submitted:
                submitted.append(application.reference)
        self.request.session[SESSION_SUBMITTED] = submitted
        response = redirect("applications:confirmation", reference=filed[0].reference)
        # The new status codes, for the confirmation page to show once (applications/status.py).
        status.codes_cookie_set(
            response,
            {
                application.reference: application.status_code
                for application in filed
                if getattr(application, "status_code", None)
            },
        )
        return response


def _condition(predicate):
    """formtools calls a condition with the wizard; the predicates take the answers."""

    def check(wizard) -> bool:
        return predicate(wizard.answers_so_far())

    return check


# --- After submission -------------------------------------------------------------------


def _own_application(request: HttpRequest, reference: str) -> Application:
    """The request, only for the session that submitted it or its account; 404 otherwise."""
    application = Application.objects.filter(reference=reference).first()
    if application is None:
        raise Http404
    in_session = reference in request.session.get(SESSION_SUBMITTED, [])
    owner = request.user.is_authenticated and application.owner_id == request.user.pk
    if not (in_session or owner):
        logger.info("access denied to an application reference")
        audit(action="denied", request=request, object_type="applications.application")
        raise Http404
    return application


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """An account holder's drafts and submitted requests."""
    own_drafts = list(
        Draft.objects.filter(owner=request.user, submitted_reference="").order_by("-updated_at")
    )
    for draft in own_drafts:
        journey = kinds.by_journey(draft.journey)
        draft.label = journey.label if journey else draft.journey
    submitted = Application.objects.filter(owner=request.user).order_by("-submitted_at")
    return render(
        request,
        "applications/my_requests.html",
        {"drafts": own_drafts, "applications": list(submitted[:200])},
    )


@login_required
@require_http_methods(["POST"])
def draft_continue(request: HttpRequest) -> HttpResponse:
    draft = drafts.draft_continue_owned(request=request, draft_id=request.POST.get("draft", ""))
    journey = kinds.by_journey(draft.journey) if draft else None
    if journey is None:
        raise Http404
    return _where_it_was_left(journey)


def _where_it_was_left(journey) -> HttpResponse:
    """A resumed draft opens at its first unanswered step (the declaration when every
    step is answered), not at page 1: the wizard sends the done step's URL there."""
    return redirect(journey.step_url_name, step=ResidencePermitWizard.done_step_name)


def _confirmation_page(
    request: HttpRequest, application: Application, family_form, *, status_code: int = 200
) -> HttpResponse:
    """The confirmation page with the family members' requests (also with the form's errors)."""
    family = []
    if application.family_id is not None:
        family = list(
            Application.objects.filter(family_id=application.family_id)
            .exclude(pk=application.pk)
            .order_by("pk")
        )
        visible = set(request.session.get(SESSION_SUBMITTED, []))
        family = [
            member
            for member in family
            if member.reference in visible
            or (request.user.is_authenticated and member.owner_id == request.user.pk)
        ]
    codes = status.codes_cookie_take(
        request, [application.reference, *(member.reference for member in family)]
    )
    response = render(
        request,
        "applications/confirmation.html",
        {
            "application": application,
            "family": family,
            "journey": JOURNEYS[application.kind],
            "family_form": family_form,
            # What to bring names the photo only where the checklist asks for one.
            "photo_needed": any(
                declaration.requirement == "biometric_photo"
                for declaration in application.document_declarations.all()
            ),
            # Seed 003: the naturalisation fee is paid when or after filing.
            "fee_paid_with_the_application": kinds.get(
                application.kind
            ).fee_paid_with_the_application,
            # Shown once: the cookie that brought them is deleted with this answer.
            "status_code": codes.get(application.reference),
            "family_codes": codes,
        },
        status=status_code,
    )
    if request.COOKIES.get(status.codes_cookie_name()):
        status.codes_cookie_forget(response)
    return response


def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    return _confirmation_page(request, _own_application(request, reference), FamilyMemberForm())


def receipt(request: HttpRequest, reference: str) -> FileResponse:
    application = _own_application(request, reference)
    if not application.receipt:
        raise Http404
    logger.info("receipt downloaded application=%s", application.pk)
    return files.attachment(
        application.receipt,
        filename=f"Eingangsbestaetigung-{application.reference}.pdf",
        request=request,
        obj=application,
        detail="receipt",
    )


class FamilyMemberForm(KernForm):
    relation = forms.ChoiceField(
        label=_("For whom do you want to file?"),
        choices=[
            ("spouse", _("my spouse or registered partner")),
            ("child", _("my child")),
            ("other", _("another family member")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select for whom you want to file.")},
    )


@require_http_methods(["POST"])
def family_member(request: HttpRequest, reference: str) -> HttpResponse:
    """Start the next person's request, prefilled with shared answers, linked as one family."""
    application = _own_application(request, reference)
    if not JOURNEYS[application.kind].family_requests:
        raise Http404
    form = FamilyMemberForm(request.POST)
    if not form.is_valid():
        return _confirmation_page(request, application, form, status_code=400)
    journey = JOURNEYS[application.kind]
    family_id = services.family_link(application=application)
    draft, _code = drafts.draft_create(
        request=request, journey=journey.journey, family_id=family_id
    )
    services.draft_prefill_for_family(
        draft=draft, application=application, relation=form.cleaned_data["relation"]
    )
    messages.info(
        request,
        _("A new request for your family member has started. Shared answers are filled in."),
    )
    return redirect(journey.step_url_name, step=journey.first_step)


def new_request(request: HttpRequest, kind: str) -> HttpResponse:
    """Start another request of the same kind after one was submitted."""
    if request.method != "POST":
        raise PermissionDenied
    journey = JOURNEYS[kind]
    drafts.draft_forget(request=request, journey=journey.journey)
    messages.info(request, _("You can now start a new request."))
    return redirect(reverse(journey.start_url_name))


@verified_staff_required
def release_declaration(request: HttpRequest, reference: str) -> FileResponse:
    """The declaration to the bank, for staff allowed to view requests."""
    if not request.user.has_perm("applications.view_application"):
        raise PermissionDenied
    application = Application.objects.filter(reference=reference).first()
    if application is None or not application.release_declaration:
        raise Http404
    if not _may_work_on(request.user, application):
        raise Http404
    logger.info(
        "release declaration downloaded application=%s by=%s", application.pk, request.user.pk
    )
    return files.attachment(
        application.release_declaration,
        filename=f"Aufhebung-Sperrvermerk-{application.reference}.pdf",
        request=request,
        obj=application,
        detail="release_declaration",
    )


def _may_work_on(user, application: Application) -> bool:
    """The same location rule as the request list (locations.selectors)."""
    return may_work_at(user, application.location_id)


@verified_staff_required
def upload_download(request: HttpRequest, upload_id: int) -> FileResponse:
    """An applicant's file, for staff allowed to view requests; as attachment, never inline."""
    if not request.user.has_perm("applications.view_application"):
        raise PermissionDenied
    upload = Upload.objects.filter(pk=upload_id, application__isnull=False).first()
    if upload is not None and not _may_work_on(request.user, upload.application):
        upload = None
    if upload is None:
        raise Http404
    logger.info("upload downloaded upload=%s by=%s", upload.pk, request.user.pk)
    return files.attachment(
        upload.file,
        filename=upload.display_name,
        content_type=upload.content_type,
        request=request,
        obj=upload,
        detail="upload",
    )


@verified_staff_required
def staff_letter(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """A letter or certificate of a request, for staff who may work on that request."""
    from .models import DocumentRequest, FictionCertificate

    if not request.user.has_perm("applications.view_application"):
        raise PermissionDenied
    model, field = {
        "request": (DocumentRequest, "letter"),
        "fiction": (FictionCertificate, "file"),
        "receipt": (Application, "receipt"),
    }.get(kind, (None, None))
    if model is Application:
        item = Application.objects.filter(pk=pk).exclude(receipt="").first()
        application = item
    else:
        item = model.objects.select_related("application").filter(pk=pk).first() if model else None
        application = item.application if item is not None else None
    if item is None or not _may_work_on(request.user, application):
        raise Http404
    logger.info("letter downloaded kind=%s id=%s by=%s", kind, pk, request.user.pk)
    return files.attachment(
        getattr(item, field),
        filename=f"{kind}-{application.reference}.pdf",
        request=request,
        obj=item,
        detail=f"letter:{kind}",
    )
