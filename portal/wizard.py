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
"""

from __future__ import annotations

import copy
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.forms import BaseFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView, WizardView

from . import drafts
from .models import Draft
from .ratelimit import too_many_uploads, upload_limit_reached

RETURN_TO_CHECK = "check"
INTERNAL_KEYS = ("csrfmiddlewaretoken", "add_row", "remove_upload")


class DraftStorage(BaseStorage):
    """formtools storage in a Draft row instead of the session."""

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.draft: Draft | None = getattr(request, "portal_draft", None)
        state = self.draft.state if self.draft is not None else None
        if state:
            self.data = copy.deepcopy(state)
        else:
            self.init_data()
        self._saved = self._dump()

    def _dump(self) -> str:
        return json.dumps(self.data, sort_keys=True, cls=DjangoJSONEncoder)

    def update_response(self, response):
        super().update_response(response)
        self.save()

    def save(self) -> None:
        if self.draft is None:
            return
        dumped = self._dump()
        if dumped == self._saved:
            return
        Draft.objects.filter(pk=self.draft.pk, submitted_reference="").update(
            state=json.loads(dumped), updated_at=timezone.now()
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
        for step in self.get_form_list():
            if self.get_cleaned_data_for_step(step) is None:
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

    def handle_action(self, step: str):
        """Hook for a step's own buttons (e.g. removing an upload); None to carry on."""
        return None

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
            }
        )
        return context
