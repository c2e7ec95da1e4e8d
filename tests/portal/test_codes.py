"""Reference numbers and codes (portal/codes.py): alphabet, check symbol, normalising,
and the keyed digests that honour SECRET_KEY_FALLBACKS."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import random
import re

import pytest

from portal import codes
from portal.codes import ALPHABET, check_symbol, code_normalise, reference_new, resume_code_new

SYMBOL = f"[{ALPHABET}]"
REFERENCE_FORMAT = re.compile(f"^{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}$")
RESUME_FORMAT = re.compile(f"^{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}$")


def test_alphabet_has_no_look_alikes():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert "".join(sorted(ALPHABET)) == ALPHABET


@pytest.mark.parametrize("seed", range(300))
def test_generated_codes_have_the_format_and_validate(seed):
    rng = random.Random(seed)
    reference, resume = reference_new(rng=rng), resume_code_new(rng=rng)
    assert REFERENCE_FORMAT.match(reference)
    assert RESUME_FORMAT.match(resume)
    assert code_normalise(reference) == reference
    assert code_normalise(resume) == resume


def test_default_random_source():
    references = {reference_new() for _ in range(50)}
    assert len(references) == 50
    assert all(code_normalise(code) == code for code in references)
    assert code_normalise(resume_code_new()) is not None


def test_codes_use_the_whole_alphabet():
    rng = random.Random(7)
    used = set("".join(resume_code_new(rng=rng) for _ in range(200)).replace("-", ""))
    assert used == set(ALPHABET)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        # sum of s_i * x^k over GF(32) mod x^5 + x^2 + 1, worked by hand.
        ("00000000", "0"),
        ("00000001", "2"),
        ("00000010", "4"),
        ("0000000Z", "V"),  # x * 31 = 62 = 0b111110 -> ^ 0b100101 = 27 = "V"
    ],
)
def test_check_symbol_worked_examples(body, check):
    assert check_symbol(body) == check
    assert code_normalise(f"{body}{check}") == f"{body[:4]}-{body[4:]}-{check}"


def with_check(body: str) -> str:
    code = body + check_symbol(body)
    groups = [code[i : i + 4] for i in range(0, len(code) - 1, 4)]
    return "-".join([*groups, code[-1]])


REFERENCE = with_check("01AB21M0")  # has 0 and 1 to mistype
RESUME = with_check("10Z0ZKMNPQRS")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (REFERENCE, REFERENCE),
        (REFERENCE.lower(), REFERENCE),
        (REFERENCE.replace("-", ""), REFERENCE),
        (REFERENCE.replace("-", " "), REFERENCE),
        ("  " + REFERENCE.replace("-", " - ").lower() + "\n", REFERENCE),
        (REFERENCE.replace("0", "O"), REFERENCE),
        (REFERENCE.replace("0", "o"), REFERENCE),
        (REFERENCE.replace("1", "I"), REFERENCE),
        (REFERENCE.replace("1", "l"), REFERENCE),
        (REFERENCE.replace("1", "L").replace("0", "O"), REFERENCE),
        (REFERENCE.replace("-", "–"), REFERENCE),  # an en dash from a PDF
        ("".join(REFERENCE.replace("-", "").lower().split()), REFERENCE),
        (" ".join(REFERENCE.replace("-", "")), REFERENCE),
        (RESUME, RESUME),
        (RESUME.lower().replace("-", ""), RESUME),
        (RESUME.replace("0", "o").replace("-", " "), RESUME),
    ],
)
def test_normalise(typed, expected):
    assert code_normalise(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "-",
        REFERENCE[:-1],  # check symbol missing: 8 symbols
        REFERENCE + "0",  # 10 symbols
        RESUME[:-1],  # 12 symbols
        RESUME + "0",  # 14 symbols
        REFERENCE.replace("A", "U"),  # U is not in the alphabet
        REFERENCE.replace("-", "."),
        REFERENCE.replace("-", "_"),
        REFERENCE[:-1] + "*",
        "ABCD-EFGH",
        None,
        12345678,
    ],
)
def test_normalise_rejects(typed):
    assert code_normalise(typed) is None


SAMPLES = [
    REFERENCE,
    RESUME,
    with_check("00000000"),
    with_check("ZZZZZZZZ"),
    with_check("0Z0Z0Z0Z"),
    with_check("Z0Z0Z0Z0Z0Z0"),
    with_check("0123456789AB"),
    *(reference_new(rng=random.Random(seed)) for seed in range(5)),
    *(resume_code_new(rng=random.Random(seed)) for seed in range(5)),
]


def symbols_of(code: str) -> str:
    return code.replace("-", "")


@pytest.mark.parametrize("code", SAMPLES)
def test_every_single_substitution_is_rejected(code):
    symbols = symbols_of(code)
    assert code_normalise(symbols) == code
    for position, original in enumerate(symbols):
        for other in ALPHABET:
            if other != original:
                typo = symbols[:position] + other + symbols[position + 1 :]
                assert code_normalise(typo) is None, (code, position, other)


@pytest.mark.parametrize("code", SAMPLES)
def test_every_adjacent_transposition_is_rejected(code):
    symbols = symbols_of(code)
    swapped_any = False
    for position in range(len(symbols) - 1):
        first, second = symbols[position], symbols[position + 1]
        if first != second:
            swapped = symbols[:position] + second + first + symbols[position + 2 :]
            assert code_normalise(swapped) is None, (code, position)
            swapped_any = True
    assert swapped_any or len(set(symbols)) == 1


@pytest.mark.parametrize("code", SAMPLES)
def test_every_transposition_is_rejected(code):
    """Beyond the promise: swapping any two different symbols, however far apart."""
    symbols = list(symbols_of(code))
    for i, j in itertools.combinations(range(len(symbols)), 2):
        if symbols[i] != symbols[j]:
            swapped = symbols.copy()
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert code_normalise("".join(swapped)) is None, (code, i, j)


def test_adjacent_0_z_swap_is_caught():
    """The transposition that the Luhn mod N check over 32 symbols misses."""
    body = "AB0ZCDEF"
    code = with_check(body)
    assert code_normalise(code.replace("0Z", "Z0")) is None


# --- Keyed digests -------------------------------------------------------------------------


def test_each_purpose_has_its_own_digest(settings):
    code = "7Q4M-9TXC-2K8R-4"
    found = {codes.digest(code, purpose=purpose) for purpose in codes.SALTS}
    assert len(found) == len(codes.SALTS)
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in found)


def test_lookups_survive_a_rotation_of_the_secret_key(settings):
    code = "7Q4M-9TXC-2K8R-4"
    settings.SECRET_KEY = "old-key-" + "x" * 50
    stored = codes.digest(code, purpose="appointment")
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert codes.digest(code, purpose="appointment") != stored
    assert stored in codes.digests(code, purpose="appointment")
    assert codes.digests(code, purpose="appointment")[0] == codes.digest(
        code, purpose="appointment"
    )
    settings.SECRET_KEY_FALLBACKS = []
    assert stored not in codes.digests(code, purpose="appointment")


@pytest.mark.parametrize("purpose", sorted(codes.LEGACY_PLAIN_HMAC))
def test_codes_stored_in_the_old_plain_form_are_still_found(settings, purpose):
    code = "KX7P-M2QA-9"
    old = hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()
    assert old in codes.digests(code, purpose=purpose)
    assert old not in codes.digests(code, purpose="status")
