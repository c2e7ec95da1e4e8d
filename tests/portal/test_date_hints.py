"""The example date in a date field's hint: ahead of today for a date that lies ahead.

An expiry date ("valid until") hinted with "For example 31.01.1990" reads as if a
passport that ran out in 1990 were meant; a fixed future example ("01.12.2026") turns
into a past one with time. The example is computed on each request.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.utils import translation

from applications import kinds
from portal.forms import DateField, date_example, future_example, past_example


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 12, 31), date(2028, 2, 29)],
)
def test_the_future_example_lies_ahead_and_the_past_one_behind(today):
    assert future_example(today) > today
    assert past_example(today) < today
    assert date_example(future_example, today) == f"31.01.{today.year + 2}"


def date_fields():
    """(step, name, field) of every date field of every step of every journey."""
    for step, definition in sorted(kinds.all_steps().items()):
        form = definition[0]
        form = getattr(form, "form", form)  # a repeating group: its row's form
        for name, field in form.base_fields.items():
            if isinstance(field, DateField):
                yield step, name, field


def example_in(hint: str) -> date:
    found = re.findall(r"\d\d\.\d\d\.\d{4}", hint)
    assert len(found) == 1, hint
    return datetime.strptime(found[0], "%d.%m.%Y").date()


def test_every_date_that_lies_ahead_or_ends_a_validity_has_an_example_ahead_of_today():
    checked = []
    for step, name, field in date_fields():
        if field.help_text is None or not re.search(r"\d\d\.\d\d\.\d{4}", str(field.help_text)):
            continue
        ahead = field.future or field.expiry or name.endswith("valid_until")
        for language, words in (("de", "Zum Beispiel"), ("en", "For example")):
            with translation.override(language):
                hint = str(field.help_text)
            assert words in hint, (step, name, hint)
            if ahead:
                assert field.future or field.expiry, (step, name, "an expiry date, not marked")
                assert example_in(hint) > date.today(), (step, name, hint)
        checked.append((step, name, ahead))
    assert ("passport", "valid_until", True) in checked
    assert ("current_title", "title_valid_until", True) in checked
    assert ("duration", "valid_from", True) in checked
    assert ("personal", "date_of_birth", False) in checked


def test_the_period_examples_run_one_year_from_a_day_ahead():
    form = dict(kinds.all_steps())["duration"][0]
    start = example_in(str(form.base_fields["valid_from"].help_text))
    end = example_in(str(form.base_fields["valid_until"].help_text))
    assert date.today() < start < end
    assert (end - start).days in (364, 365)
