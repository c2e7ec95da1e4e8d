"""Render form fields with KERN UX markup: label, hint, error, input, fieldsets."""

from django import forms, template

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
    }


@register.simple_tag
def error_fields(form):
    """(anchor id, message) for every error of a form or formset, in field order."""
    found = []
    forms_ = list(form) if isinstance(form, forms.BaseFormSet) else [form]
    if isinstance(form, forms.BaseFormSet):
        for error in form.non_form_errors():
            found.append((f"{form.prefix}-list", error))
    for item in forms_:
        for error in item.non_field_errors():
            found.append((f"{item.prefix or 'form'}-errors", error))
        for bound in item:
            for error in bound.errors:
                anchor = bound.auto_id
                if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    anchor = f"{bound.auto_id}_0"
                found.append((anchor, error))
    return found
