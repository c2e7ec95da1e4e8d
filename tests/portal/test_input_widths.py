"""Inputs sized to their content: dates, postcodes and the IBAN are not full-width boxes.

The classes are defined in static/css/portal.css; the browser test at 390 px
(tests/browser/test_reflow.py) checks that no input leaves the column.
"""

from __future__ import annotations

from pathlib import Path

from applications import kinds
from portal.forms import DateField, PostcodeField

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()


def fields():
    for step, definition in sorted(kinds.all_steps().items()):
        form = definition[0]
        form = getattr(form, "form", form)
        for name, field in form.base_fields.items():
            yield step, name, field


def test_every_date_and_postcode_input_has_its_width_class():
    widths = {}
    for step, name, field in fields():
        css = field.widget.attrs.get("class", "").split()
        if isinstance(field, DateField):
            assert css == ["kern-form-input__input", "input--date"], (step, name)
        elif isinstance(field, PostcodeField):
            assert css == ["kern-form-input__input", "input--postcode"], (step, name)
        widths[(step, name)] = css
    assert widths[("bank", "iban")] == ["kern-form-input__input", "input--iban"]
    assert widths[("address", "postcode")][-1] == "input--postcode"
    for width in ("input--date", "input--postcode", "input--iban"):
        assert f".kern-form-input__input.{width} {{\n  max-width: calc(" in CSS
