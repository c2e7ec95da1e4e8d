"""A date of the past (an entry, an issue, a judgment) may be today; one ahead may be today."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from portal.forms import DateField


class Dates(forms.Form):
    entered = DateField(label="Eingereist", past=True)
    valid_until = DateField(label="Gültig bis", future=True)


@pytest.mark.parametrize(
    ("field", "offset", "valid"),
    [
        ("entered", -1, True),
        ("entered", 0, True),  # entered today, applies today
        ("entered", 1, False),
        ("valid_until", -1, False),
        ("valid_until", 0, True),
        ("valid_until", 1, True),
    ],
)
def test_today_is_allowed_on_both_sides(field, offset, valid):
    today = timezone.localdate()
    data = {"entered": f"{today:%d.%m.%Y}", "valid_until": f"{today:%d.%m.%Y}"}
    data[field] = f"{today + timedelta(days=offset):%d.%m.%Y}"
    form = Dates(data=data)
    assert form.is_valid() is valid, form.errors
