"""Render form fields with KERN UX markup: label, hint, error, input, fieldsets."""

from collections import Counter

from django import forms, template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.inclusion_tag("portal/forms/field.html")
def kern_field(field, legend_as_heading=False):
    widget = field.field.widget
    described_by = []
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    grouped = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    if not grouped and "class" not in widget.attrs:
        # Forms of other libraries (allauth) get the KERN classes too.
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "kern-form-check__checkbox"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "kern-form-input__select"
        else:
            widget.attrs["class"] = "kern-form-input__input"
    if not grouped:
        if described_by:
            widget.attrs["aria-describedby"] = " ".join(described_by)
        else:
            widget.attrs.pop("aria-describedby", None)
        if field.errors:
            widget.attrs["aria-invalid"] = "true"
            css = widget.attrs.get("class", "").split()
            base = css[0] if css else ""
            if base and f"{base}--error" not in css:
                widget.attrs["class"] = " ".join([*css, f"{base}--error"])
        else:
            widget.attrs.pop("aria-invalid", None)
    return {
        "field": field,
        "grouped": grouped,
        # CheckboxSelectMultiple is a RadioSelect in Django: checkboxes all the same.
        "radio": isinstance(widget, forms.RadioSelect)
        and not isinstance(widget, forms.CheckboxSelectMultiple),
        "checkbox": isinstance(widget, forms.CheckboxInput),
        "select": isinstance(widget, forms.Select) and not grouped,
        "described_by": " ".join(described_by),
        "legend_as_heading": legend_as_heading,
        # "(optional)" only where an empty answer is always accepted: a field that
        # another answer makes necessary (``conditional_fields``) says so in its hint.
        "optional": not field.field.required
        and field.name not in getattr(field.form, "conditional_fields", ()),
    }


# An error of a repeating group's entry, named by the entry ("Child 2: …").
OF_ITEM = _("%(item)s: %(message)s")
# A message that two fields of the page share, named by its field.
OF_FIELD = _("“%(label)s”: %(message)s")


@register.simple_tag
def error_fields(form):
    """(anchor id, message) for every error of a form or formset, in field order.

    Every message names what it is about, so that no two links of the error
    summary read the same: an entry of a repeating group by its label
    ("Child 2: …"), and a message that several fields share by the field's label.
    """
    found = []
    is_formset = isinstance(form, forms.BaseFormSet)
    forms_ = list(form) if is_formset else [form]
    labels = form.item_labels() if hasattr(form, "item_labels") else [None] * len(forms_)
    if is_formset:
        for error in form.non_form_errors():
            found.append((f"{form.prefix}-list", error, None))
    for item, item_label in zip(forms_, labels, strict=False):
        for error in item.non_field_errors():
            found.append((f"{item.prefix or 'form'}-errors", _of(item_label, error), None))
        for bound in item:
            for error in bound.errors:
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    anchor = f"{bound.auto_id}_0"
                message = _of(item_label, error)
                if any(seen == anchor and str(said) == str(message) for seen, said, _ in found):
                    continue  # two validators of one field saying the same: said once
                found.append((anchor, message, bound.label))
    counts = Counter(str(message) for _anchor, message, _label in found)
    return [
        (
            anchor,
            OF_FIELD % {"label": str(label).rstrip("?:"), "message": message}
            if counts[str(message)] > 1 and label
            else message,
        )
        for anchor, message, label in found
    ]


def _of(item_label, message):
    return OF_ITEM % {"item": item_label, "message": message} if item_label else message
