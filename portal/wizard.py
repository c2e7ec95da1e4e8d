"""The wizard base: database-backed steps, in order, with a check-answers page.

Built on django-formtools' NamedUrlWizardView (one URL per step, so the back
button and reloads work), with these changes:

- ``DraftStorage`` keeps the wizard's state in a ``portal.Draft`` row, saved
  after every valid step: closing the browser or losing the session loses
  nothing (a guest comes back with the resume code).
- Steps are taken in order: a step can be opened or posted only when every
  step before it is complete; a posted step name must match the URL. At the
  end every step is validated again (formtools' ``render_done``).
- The request is filed by the POST of the last step (the declaration, with its
  CSRF token), not by a GET of the done step as in formtools: a GET of the done
  step shows the declaration page again (SECURITY-BAR line 11).
- A "change" link from the check-answers page returns there after saving.

A step costs one form. formtools re-validates every stored step whenever a
condition asks for answers (and its cache misses on unanswered steps), so a
request built hundreds of forms. Here the validated answers of each step (the
JSON values of its cleaned data, ``portal.answers.form_data``) are stored in
the draft beside the raw data, when the step is saved:

- conditions, "which step is next" and "which steps are complete" read these
  stored answers and build no form;
- a step is validated when it is posted; its answers replace the stored ones;
- a form may read other steps' answers (``answer()``, e.g. the purpose details
  read the purpose group). Those reads are recorded per step, and when a
  step's answers change, exactly the steps whose forms read them are
  validated again from their stored data (and so on down the chain);
- at the final submit every step is validated once more (``render_done``); a
  step that fails there loses its stored answers, so the journey leads back
  to it. An answer that only time made invalid (a date that passed) is
  caught there, before anything is filed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.forms import BaseFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView, WizardView

from . import drafts, language_switch
from .answers import form_data
from .models import Draft
from .ratelimit import too_many_uploads, upload_limit_reached

RETURN_TO_CHECK = "check"
# Unbound forms for showing stored answers, by language, journey, step and
# arguments (DraftWizardView.display_form); a few dozen in practice.
_DISPLAY_FORMS: dict[str, object] = {}
_DISPLAY_FORMS_MAX = 512
INTERNAL_KEYS = ("csrfmiddlewaretoken", "add_row", "remove_upload")


class DraftStorage(BaseStorage):
    """formtools storage in a Draft row instead of the session.

    Besides formtools' keys the state holds ``answers`` (step -> validated
    answers, for the steps whose stored data was valid when last validated)
    and ``reads`` (step -> the steps whose answers its form read). A draft
    saved before these keys existed has neither: ``answers`` is then None and
    the wizard computes them once.

    The row is written only when the state changed. A request that changes
    nothing (most GETs) should not pay for comparing the whole state, so the
    state as read is dumped just before its first change through the
    storage's methods; ``extra_data``, which formtools hands out for changing
    in place, is compared by value.
    """

    answers_key = "answers"
    reads_key = "reads"

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft: Draft | None = getattr(request, "portal_draft", None)
        # The state as read, dumped before its first change (None: unchanged so far).
        self._saved: str | None = None
        state = self.draft.state if self.draft is not None else None
        if state:
            # The draft was read for this request: its state is this storage's now.
            self.data = state
        else:
            self.init_data()
        self._extra_as_read = self._dump_extra()

    def init_data(self):
        self.changing()
        super().init_data()
        self.data[self.answers_key] = {}
        self.data[self.reads_key] = {}

    def changing(self) -> None:
        """Called before the state changes: keeps it as read, to write only real changes."""
        if self._saved is None and hasattr(self, "data"):
            self._saved = self._dump()

    def set_step_data(self, step, cleaned_data):
        self.changing()
        super().set_step_data(step, cleaned_data)

    def set_step_files(self, step, files):
        self.changing()
        super().set_step_files(step, files)

    def _set_extra_data(self, extra_data):
        self.changing()
        super()._set_extra_data(extra_data)

    def _dump_extra(self) -> str:
        return json.dumps(self.data.get(self.extra_data_key), sort_keys=True, cls=DjangoJSONEncoder)

    @property
    def answers(self) -> dict | None:
        return self.data.get(self.answers_key)

    def set_answers(self, step: str, answers, reads: Iterable[str]) -> None:
        """Store the validated answers of ``step`` (None: not valid) and what its form read."""
        self.changing()
        stored = self.data.setdefault(self.answers_key, {})
        if answers is None:
            stored.pop(step, None)
        else:
            stored[step] = answers
        self.data.setdefault(self.reads_key, {})[step] = sorted(reads)

    def readers_of(self, step: str) -> list[str]:
        """The steps whose forms read the answers of ``step`` when last validated."""
        return [
            reader for reader, read in self.data.get(self.reads_key, {}).items() if step in read
        ]

    def _dump(self) -> str:
        # Without the current step: each request takes it from the URL, so a
        # page that was only looked at is not written again.
        data = {key: value for key, value in self.data.items() if key != self.step_key}
        return json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder)

    def update_response(self, response):
        super().update_response(response)
        self.save()

    def save(self) -> None:
        if self.draft is None:
            return
        if self._saved is None:
            if self._dump_extra() == self._extra_as_read:
                return  # nothing changed
            self._saved = ""  # extra_data changed in place
        dumped = self._dump()
        if dumped == self._saved:
            return
        state = json.loads(json.dumps(self.data, cls=DjangoJSONEncoder))
        Draft.objects.filter(pk=self.draft.pk, submitted_reference="").update(
            state=state, updated_at=timezone.now()
        )
        self._saved = dumped


class DraftWizardView(NamedUrlWizardView):
    """Base of every journey. Subclasses set ``journey``, ``form_list``, ``step_meta``."""

    storage_name = "portal.wizard.DraftStorage"
    template_name = "portal/wizard/step.html"
    journey: str = ""
    start_url_name: str = ""
    check_step = "check"
    # step name -> (section title, page title)
    step_meta: dict = {}
    step_templates: dict = {}

    # --- Access: the draft of this session, steps in order -----------------------

    def dispatch(self, request, *args, **kwargs):
        draft = drafts.draft_of_session(request=request, journey=self.journey)
        if draft is None:
            return redirect(self.start_url_name)
        if draft.submitted_reference:
            return self.already_submitted(draft)
        drafts.draft_claim(request=request, draft=draft)
        request.portal_draft = draft
        self.draft = draft
        return super().dispatch(request, *args, **kwargs)

    def already_submitted(self, draft: Draft) -> HttpResponseRedirect:
        """Where a draft that became a request leads; each journey's view says it."""
        raise NotImplementedError("Each wizard view defines already_submitted().")

    def get_prefix(self, request, *args, **kwargs):
        return self.journey

    def first_incomplete_step(self) -> str:
        """The first step without valid saved answers; the done step when there is none."""
        answers = self.answers_so_far()
        for step in self.get_form_list():
            if step not in answers:
                return step
        return self.done_step_name

    def step_index(self, step: str) -> int:
        steps = [*self.get_form_list(), self.done_step_name]
        return steps.index(step) if step in steps else len(steps)

    def reachable(self, step: str) -> bool:
        return step in self.get_form_list() and self.step_index(step) <= self.step_index(
            self.first_incomplete_step()
        )

    def get(self, *args, **kwargs):
        step = kwargs.get("step")
        if step is None:
            return redirect(self.get_step_url(self.first_incomplete_step_or_last()))
        if step == self.done_step_name:
            # Filing is a POST (with CSRF) of the last step, never a GET: a link from
            # anywhere to the done step only shows the declaration page again.
            return redirect(self.get_step_url(self.first_incomplete_step_or_last()))
        if not self.reachable(step):
            return redirect(self.get_step_url(self.first_incomplete_step_or_last()))
        self.storage.current_step = step
        return self.render(
            self.get_form(
                data=self.storage.get_step_data(step), files=self.storage.get_step_files(step)
            )
        )

    def first_incomplete_step_or_last(self) -> str:
        step = self.first_incomplete_step()
        return self.steps.last if step == self.done_step_name else step

    def post(self, *args, **kwargs):
        step = kwargs.get("step")
        posted = self.request.POST.get(f"{self.prefix}-current_step")
        if step is None or posted != step or not self.reachable(step):
            return redirect(self.get_step_url(self.first_incomplete_step_or_last()))
        self.storage.current_step = step
        language = language_switch.switch_if_requested(self.request)
        if language:
            return self.render_in_language(language)
        refusal = upload_limit_reached(self.request)
        if refusal:
            return too_many_uploads(self.request, refusal)
        if "add_row" in self.request.POST and self.is_formset_step(step):
            return self.add_row(step)
        special = self.handle_action(step)
        if special is not None:
            return special
        # formtools' plain WizardView.post: validate, store, go on. (NamedUrl's
        # version would also honour a posted "wizard_goto_step".)
        return WizardView.post(self, *args, **kwargs)

    def render_in_language(self, language: str):
        """The step again in ``language``, as typed: the header's language buttons send
        the step's form (portal/language_switch.py); nothing is validated or stored."""
        form = language_switch.unchecked(self.get_form(data=self.request.POST))
        return language_switch.remember(self.render(form), language)

    def handle_action(self, step: str):
        """Hook for a step's own buttons (e.g. removing an upload); None to carry on."""
        return None

    # --- Validated answers, stored with the draft (see the module docstring) ---------

    # The steps whose answers the form being built reads (None: no form is being built).
    _reads: set | None = None

    def answers_so_far(self) -> dict:
        """step -> validated answers of every step that has them; builds no form."""
        answers = self.storage.answers
        if answers is None:
            answers = self._answers_of_an_older_draft()
        return answers

    def answer(self, step: str):
        """The validated answers of ``step`` ({} when it has none); a form's read is recorded."""
        return self.get_cleaned_data_for_step(step) or {}

    def get_cleaned_data_for_step(self, step):
        """The stored validated answers of ``step`` (JSON values: dates as ISO strings), or None.

        Unlike formtools' version this builds no form: the answers were
        validated when the step was saved. Called while a form is built (from
        ``get_form_kwargs``), the read is recorded for that form's step.
        """
        if self._reads is not None:
            self._reads.add(step)
        return self.answers_so_far().get(step)

    def get_form(self, step=None, data=None, files=None):
        """The form of ``step``; formtools' version without conditions or model forms.

        The class of a step does not depend on conditions, so none is evaluated
        here. The steps whose answers the form's arguments read are noted on
        the form (``wizard_reads``).
        """
        if step is None:
            step = self.steps.current
        form_class = self.form_list[step]
        outer, self._reads = self._reads, set()
        try:
            kwargs = self.get_form_kwargs(step)
            initial = self.get_form_initial(step)
        finally:
            reads, self._reads = self._reads, outer
        kwargs.update(
            data=data,
            files=files,
            prefix=self.get_form_prefix(step, form_class),
            initial=initial,
        )
        form = form_class(**kwargs)
        form.wizard_reads = frozenset(reads)
        return form

    def display_form(self, step: str):
        """An unbound form of ``step`` for its labels and choices (the check page).

        Built with the step's arguments but no initial values, it is the same
        for every request with the same language and arguments, so it is kept
        per process (``_DISPLAY_FORMS``, by a digest of those); only read,
        never bound.
        """
        form_class = self.form_list[step]
        kwargs = self.display_form_kwargs(step)
        kwargs["prefix"] = self.get_form_prefix(step, form_class)
        try:
            described = json.dumps(
                [
                    translation.get_language(),
                    form_class.__module__,
                    form_class.__qualname__,
                    kwargs,
                ],
                sort_keys=True,
                cls=DjangoJSONEncoder,
            )
        except TypeError:  # arguments that are not plain data: not kept
            return form_class(**kwargs)
        key = hashlib.sha256(described.encode()).hexdigest()
        form = _DISPLAY_FORMS.get(key)
        if form is None:
            form = form_class(**kwargs)
            if len(_DISPLAY_FORMS) >= _DISPLAY_FORMS_MAX:
                _DISPLAY_FORMS.pop(next(iter(_DISPLAY_FORMS)))
            _DISPLAY_FORMS[key] = form
        return form

    def display_form_kwargs(self, step: str) -> dict:
        """The arguments of ``display_form``: the step's own, unless a wizard knows that its
        labels and choices need fewer (and fewer can be kept per process)."""
        return self.get_form_kwargs(step)

    def store_answers(self, step: str, form) -> None:
        """``form`` is bound to the new data of ``step``: store what it validates to.

        When the answers change, the steps whose forms read them are
        validated again from their stored data, and so on down the chain.
        """
        answers = form_data(form) if form.is_valid() else None
        before = self.answers_so_far().get(step)
        self.storage.set_answers(step, answers, getattr(form, "wizard_reads", ()))
        # Conditions read the answers: formtools' cached step list is stale now.
        self._cache_signature = None
        if answers == before:
            return
        busy = self.__dict__.setdefault("_revalidating", set())
        busy.add(step)
        try:
            for reader in self.storage.readers_of(step):
                if reader not in busy:
                    self.revalidate(reader)
        finally:
            busy.discard(step)

    def revalidate(self, step: str) -> None:
        """Validate the stored data of ``step`` again (what its form reads has changed)."""
        data = self.storage.get_step_data(step)
        if data is None:
            return
        form = self.get_form(step, data=data, files=self.storage.get_step_files(step))
        self.store_answers(step, form)

    def _answers_of_an_older_draft(self) -> dict:
        """A draft saved before answers were stored: validate its steps once, in order."""
        self.storage.changing()
        self.storage.data[self.storage.answers_key] = {}
        self.storage.data[self.storage.reads_key] = {}
        for step in self.form_list:
            data = self.storage.get_step_data(step)
            if data is not None:
                form = self.get_form(step, data=data, files=self.storage.get_step_files(step))
                answers = form_data(form) if form.is_valid() else None
                self.storage.set_answers(step, answers, form.wizard_reads)
        return self.storage.answers

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        # The final check found a step no longer valid: it loses its answers,
        # so the journey leads back to it.
        self.store_answers(failed_step, form)
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    # --- Moving on ---------------------------------------------------------------

    def returning_to_check(self) -> bool:
        return self.request.GET.get("return") == RETURN_TO_CHECK

    def render_next_step(self, form, **kwargs):
        if self.returning_to_check():
            target = self.first_incomplete_step()
            if target == self.done_step_name:
                target = self.check_step
            url = self.get_step_url(target)
            if self.step_index(target) < self.step_index(self.check_step):
                url += f"?return={RETURN_TO_CHECK}"
        else:
            target = self.steps.next
            url = self.get_step_url(target)
        self.storage.current_step = target
        return redirect(url)

    def render_done(self, form, **kwargs):
        """File the request in the POST of the last step itself (formtools would redirect
        to the done step and file on its GET); every step is validated again first."""
        if self.request.method != "POST":
            return redirect(self.get_step_url(self.first_incomplete_step_or_last()))
        return WizardView.render_done(self, form, **kwargs)

    def render_goto_step(self, *args, **kwargs):
        # Steps are reached through their URLs only.
        return redirect(self.get_step_url(self.first_incomplete_step_or_last()))

    def process_step(self, form):
        # Called with the form of the new data of the current step, just
        # before formtools stores it (a valid post, or a row added).
        self.store_answers(self.steps.current, form)
        data = self.get_form_step_data(form)
        return {
            key: data.getlist(key)
            for key in data
            if key not in INTERNAL_KEYS and not key.endswith("-current_step")
        }

    # --- Repeating groups ----------------------------------------------------------

    def is_formset_step(self, step: str) -> bool:
        form_class = self.get_form_list().get(step)
        return isinstance(form_class, type) and issubclass(form_class, BaseFormSet)

    def add_row(self, step: str):
        data = self.request.POST.copy()
        key = f"{self.get_form_prefix(step)}-TOTAL_FORMS"
        formset_class = self.get_form_list()[step]
        try:
            total = int(data.get(key, "0"))
        except ValueError:
            total = 0
        data[key] = str(max(0, min(total + 1, formset_class.absolute_max)))
        form = self.get_form(step, data=data)
        self.storage.set_step_data(step, self.process_step(form))
        return self.render(form)

    # --- Rendering -------------------------------------------------------------------

    def get_template_names(self):
        return [self.step_templates.get(self.steps.current, self.template_name)]

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        section, title = self.step_meta.get(step, ("", step))
        previous = self.steps.prev
        if self.returning_to_check():
            back_url = self.get_step_url(self.check_step)
        elif previous:
            back_url = self.get_step_url(previous)
        elif self.start_url_name:  # the first step: back to the service's start page
            back_url = reverse(self.start_url_name)
        else:
            back_url = None
        context.update(
            {
                "section_title": section,
                "step_title": title,
                "back_url": back_url,
                "returning": self.returning_to_check(),
                "is_formset": isinstance(form, BaseFormSet),
                "has_errors": bool(
                    form.errors if not isinstance(form, BaseFormSet) else (form.total_error_count())
                ),
                "resume_code": drafts.resume_code_of_session(
                    request=self.request, draft=self.draft
                ),
                "draft": self.draft,
                "language_form": "wizard-form",
            }
        )
        return context
