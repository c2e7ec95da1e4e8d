"""Answers of a wizard as data (for storage) and as labelled rows (for people).

Used by the check-answers page, the receipt PDF and the caseworker's view, so
that all three show the same labels and values in the form's order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.translation_generation import generation

NOT_GIVEN = _("Not given")
YES = _("Yes")
NO = _("No")


@dataclass(frozen=True)
class Words:
    """The fixed words of an answer's display, translated."""

    not_given: str
    yes: str
    no: str


def words() -> Words:
    """``NOT_GIVEN``, ``YES`` and ``NO`` in the active language, translated once per language
    (a summary shows them in hundreds of rows)."""
    return _words_in(generation(), translation.get_language())


@functools.lru_cache(maxsize=32)
def _words_in(_generation: int, _language: str | None) -> Words:
    return Words(not_given=str(NOT_GIVEN), yes=str(YES), no=str(NO))


@dataclass
class Row:
    name: str
    label: str
    value: str
    # An optional question left unanswered (the check page folds these into one line).
    skipped: bool = False


@dataclass
class StepSummary:
    step: str
    title: str
    rows: list[Row] = field(default_factory=list)
    items: list[tuple[str, list[Row]]] = field(default_factory=list)


@dataclass
class SectionSummary:
    title: str
    steps: list[StepSummary] = field(default_factory=list)


def to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if hasattr(value, "read"):  # an uploaded file: stored elsewhere
        return None
    return value


def form_data(form) -> dict | list:
    """The cleaned data of a valid form or formset, as JSON-ready values."""
    if isinstance(form, forms.BaseFormSet):
        return [
            {key: to_json(value) for key, value in item.cleaned_data.items() if key != "DELETE"}
            for item in form.forms
            if item.has_changed() and not form._should_delete_form(item)
        ]
    return {
        key: to_json(value)
        for key, value in form.cleaned_data.items()
        if not isinstance(form.fields.get(key), forms.FileField)
    }


def display(bound_field_or_field, value, labels: dict | None = None) -> str:
    """``value`` in words; ``labels`` (choice value -> label) spares reading the field's choices."""
    field_ = bound_field_or_field
    if value in (None, "", [], ()):
        return words().not_given
    if value is True:
        return words().yes
    if value is False:
        return words().no
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number_format(value, 2, force_grouping=True)
    if labels is None:
        choices = getattr(field_, "choices", None)
        labels = {str(key): label for key, label in choices} if choices else None
    if labels:
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    return str(value)


def form_rows(form) -> list[Row]:
    rows = []
    conditional = set(getattr(form, "conditional_fields", ()))
    for name, field_ in form.fields.items():
        if isinstance(field_, forms.FileField) or name == "DELETE":
            continue
        value = form.cleaned_data.get(name)
        if name in conditional and value in (None, "", [], ()):
            continue
        rows.append(Row(name=name, label=str(field_.label), value=display(field_, value)))
    return rows


def summarise(forms_by_step: dict, step_meta: dict) -> list[SectionSummary]:
    """Sections of the form, each with its steps and their labelled answers."""
    sections: list[SectionSummary] = []
    for step, form in forms_by_step.items():
        section_title, step_title = step_meta[step]
        if not sections or sections[-1].title != str(section_title):
            sections.append(SectionSummary(title=str(section_title)))
        summary = StepSummary(step=step, title=str(step_title))
        if isinstance(form, forms.BaseFormSet):
            # Entries are numbered as they are shown (an emptied or removed
            # row leaves no gap), as on the check page and in the admin.
            entries = [
                item
                for item in form.forms
                if item.has_changed() and not form._should_delete_form(item)
            ]
            for number, item in enumerate(entries, start=1):
                summary.items.append((form.item_label % {"number": number}, form_rows(item)))
        else:
            summary.rows = form_rows(form)
        sections[-1].steps.append(summary)
    return sections


def stored_rows(
    form, values: dict, said: Words | None = None, answers: dict | None = None
) -> list[Row]:
    """Labelled rows of stored answers (``form_data``), with the fields of ``form``.

    ``form`` is an unbound form of the step, built with the step's arguments,
    so labels and choices are those the person saw; the rows are those
    ``form_rows`` gives for the validated form. ``said`` is ``words()``, for a
    caller that shows many steps. A form whose choices depend on other answers
    (the people of section 4) names them through its ``answer_display(name,
    value, answers)``, given the request's ``answers``, as in
    ``rows_from_answers``.
    """
    said = said or words()
    own_display = getattr(form, "answer_display", None) if answers is not None else None
    rows = []
    for name, label, show, required, conditional in _answer_fields(form):
        value = values.get(name)
        if value is None or value == "" or value == [] or value == ():
            if not conditional:
                rows.append(Row(name=name, label=label, value=said.not_given, skipped=not required))
            continue
        shown = own_display(name, value, answers) if own_display else None
        rows.append(
            Row(name=name, label=label, value=show(value, said) if shown is None else shown)
        )
    return rows


def _answer_fields(form) -> list[tuple]:
    """(name, label, display, required, conditional) of the fields shown as answers.

    ``display(stored value, words)`` is ``display(field, _python_value(field, value))``
    for a value that is not empty, specialised once per field. Kept on the form: the
    check page's forms live per process and language
    (portal.wizard.DraftWizardView.display_form), so labels are looked up once.
    """
    found = form.__dict__.get("_answer_fields")
    if found is None:
        conditional = set(getattr(form, "conditional_fields", ()))
        found = [
            (name, str(field_.label), _stored_display(field_), field_.required, name in conditional)
            for name, field_ in form.fields.items()
            if not isinstance(field_, forms.FileField) and name != "DELETE"
        ]
        form._answer_fields = found
    return found


def _stored_display(field_):
    """How ``field_`` shows a stored value that is not empty (see ``_answer_fields``)."""
    if isinstance(field_, forms.DateField | forms.DecimalField):
        return lambda value, said: display(field_, _python_value(field_, value))
    choices = getattr(field_, "choices", None)
    # Translated here, once, rather than in each row that shows one.
    labels = (
        {str(key): str(label) if isinstance(label, Promise) else label for key, label in choices}
        if choices
        else None
    )

    def shown(value, said):
        if value is True:
            return said.yes
        if value is False:
            return said.no
        if labels:
            if isinstance(value, list | tuple):
                return ", ".join(str(labels.get(str(item), item)) for item in value)
            return str(labels.get(str(value), value))
        return str(value)

    return shown


def summarise_stored(answers: dict, forms_by_step: dict, step_meta: dict) -> list[SectionSummary]:
    """Like ``summarise``, from the stored answers of a wizard, without validating again.

    ``forms_by_step`` holds an unbound form (or formset) of each step in
    ``answers``, for its fields.
    """
    said = words()
    sections: list[SectionSummary] = []
    for step, stored in answers.items():
        form = forms_by_step[step]
        section_title, step_title = (str(title) for title in step_meta[step])
        if not sections or sections[-1].title != section_title:
            sections.append(SectionSummary(title=section_title))
        summary = StepSummary(step=step, title=step_title)
        if isinstance(form, forms.BaseFormSet):
            # One item form for the fields (``empty_form`` builds a new one each time).
            item_form = form.__dict__.get("_item_form")
            if item_form is None:
                item_form = form._item_form = form.empty_form
            item_label = str(form.item_label)  # translated once, not per entry
            for number, values in enumerate(stored, start=1):
                summary.items.append(
                    (item_label % {"number": number}, stored_rows(item_form, values, said))
                )
        else:
            summary.rows = stored_rows(form, stored, said, answers)
        sections[-1].steps.append(summary)
    return sections


def _python_value(field_, value):
    """A stored JSON value back as the field's Python value, for display."""
    if isinstance(value, str) and isinstance(field_, forms.DateField) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and isinstance(field_, forms.DecimalField) and value:
        return Decimal(value)
    return value


def _display_fields(form_class) -> dict:
    """The fields of a form as an unbound instance has them.

    Some forms set their choices (purposes, countries) in ``__init__``; the
    class's ``base_fields`` would show the stored codes instead of the labels.
    Made without arguments, they are the same for every request in the same
    language, so they are kept per process and language (only read).
    """
    return _display_fields_in(form_class, translation.get_language())


@functools.lru_cache(maxsize=256)
def _display_fields_in(form_class, language: str | None) -> dict:
    try:
        return form_class().fields
    except TypeError:  # a form that cannot be made without arguments
        return form_class.base_fields


def rows_from_answers(form_class, values: dict, answers: dict | None = None) -> list[Row]:
    """Labelled rows of stored answers, in the form's field order (no re-validation).

    A form whose choices depend on other answers (the people of section 4, say)
    names them through its ``answer_display(name, value, answers)``, given the
    request's ``answers``; it returns None where the usual display holds.
    """
    conditional = set(getattr(form_class, "conditional_fields", ()))
    own_display = getattr(form_class, "answer_display", None) if answers is not None else None
    rows = []
    for name, field_ in _display_fields(form_class).items():
        if isinstance(field_, forms.FileField) or name not in values:
            continue
        value = _python_value(field_, values[name])
        if name in conditional and value in (None, "", [], ()):
            continue
        shown = own_display(name, values[name], answers) if own_display else None
        rows.append(
            Row(
                name=name,
                label=str(field_.label),
                value=display(field_, value) if shown is None else shown,
            )
        )
    return rows


def summarise_answers(answers: dict, steps: dict) -> list[SectionSummary]:
    """Like ``summarise``, from stored answers; ``steps`` maps step -> (form, section, title)."""
    sections: list[SectionSummary] = []
    for step, (form_class, section_title, step_title) in steps.items():
        if step not in answers or answers[step] is None:
            continue
        if not sections or sections[-1].title != str(section_title):
            sections.append(SectionSummary(title=str(section_title)))
        summary = StepSummary(step=step, title=str(step_title))
        stored = answers[step]
        if isinstance(stored, list):
            item_form = form_class.form
            label = getattr(form_class, "item_label", "%(number)s")
            for index, values in enumerate(stored):
                summary.items.append(
                    (label % {"number": index + 1}, rows_from_answers(item_form, values, answers))
                )
        else:
            summary.rows = rows_from_answers(form_class, stored, answers)
        sections[-1].steps.append(summary)
    return sections


# --- The check page: one card per section, skipped optional answers in one line -----------


@dataclass
class CardStep:
    step: str
    title: str
    rows: list[Row]
    items: list[tuple[str, list[Row]]]


@dataclass
class SummaryCard:
    """A section of the check page (GOV.UK summary card): its steps' answered rows, each
    step with its change link, and the optional questions left unanswered in one line."""

    title: str
    steps: list[CardStep]
    skipped: list[str]

    @property
    def single_step(self) -> CardStep | None:
        """The only step of the card (its change link goes in the card's title), or None."""
        return self.steps[0] if len(self.steps) == 1 else None


SKIPPED_IN_ITEM = _("%(label)s (%(item)s)")


def summary_cards(sections: list[SectionSummary]) -> list[SummaryCard]:
    """The sections of ``summarise_stored`` as cards (pure): every answered row kept, every
    skipped optional question named once in the card's "not answered" line."""
    skipped_in_item = str(SKIPPED_IN_ITEM)  # translated once, not per row
    cards = []
    for section in sections:
        card = SummaryCard(title=section.title, steps=[], skipped=[])
        for step in section.steps:
            card.skipped += [row.label for row in step.rows if row.skipped]
            items = []
            for label, rows in step.items:
                card.skipped += [
                    skipped_in_item % {"label": row.label, "item": label}
                    for row in rows
                    if row.skipped
                ]
                items.append((label, [row for row in rows if not row.skipped]))
            card.steps.append(
                CardStep(
                    step=step.step,
                    title=step.title,
                    rows=[row for row in step.rows if not row.skipped],
                    items=items,
                )
            )
        cards.append(card)
    return cards
