"""The blocked account's IBAN: each kind of mistake gets the message that helps fix it."""

from __future__ import annotations

import pytest
from django.utils import translation

from applications.forms.blocked_account import BankForm

LENGTH = "An IBAN starting with DE has 22 characters; this one has {count}."
START = "An IBAN starts with the country code and two check digits"
CHECK = "Check the digits: the check number does not match."
NOT_VALID = "This is not a valid IBAN."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("DE89 3704 0044 0532 0130 0", LENGTH.format(count=21)),  # a digit missing
        ("DE89 3704 0044 0532 0130 000", LENGTH.format(count=23)),  # one too many
        ("DE89 3704 0044 0532 0130 01", CHECK),  # a digit wrong
        ("DE00 3704 0044 0532 0130 00", CHECK),
        ("XX89 3704 0044 0532 0130 00", START),  # no such country
        ("1234", START),
        ("XX00", START),
        ("DE89 3704 0044 0532 0130 0A", NOT_VALID),  # a letter where Germany has digits
        ("de89 3704 0044 0532 0130 00", None),  # valid, whatever the case and spaces
        ("DE89370400440532013000", None),
    ],
)
def test_each_mistake_has_its_own_message(typed, message):
    with translation.override("en"):
        form = BankForm(data={"iban": typed})
        form.is_valid()
        errors = [str(error) for error in form.errors.get("iban", [])]
    if message is None:
        assert errors == []
        assert form.cleaned_data["iban"] == "DE89370400440532013000"
    else:
        assert len(errors) == 1
        assert message in errors[0], errors


def test_the_messages_are_german_by_default():
    with translation.override("de"):
        form = BankForm(data={"iban": "DE89 3704 0044 0532 0130 0"})
        form.is_valid()
        errors = [str(error) for error in form.errors["iban"]]
    assert errors == [
        "Eine IBAN, die mit DE beginnt, hat 22 Zeichen; diese hat 21. Prüfen Sie, ob ein "
        "Zeichen fehlt oder zu viel ist."
    ]
