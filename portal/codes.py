"""Codes people type from letters and receipts, and the keyed digests kept of them.

Reference numbers ("XXXX-XXXX-C") name a request; resume, hand-in, status and
appointment codes ("XXXX-XXXX-XXXX-C") open something for whoever knows them.
Both are symbols of Crockford's base 32 with a check symbol that catches every
single changed symbol and every transposition, read back in any spelling
(``code_normalise``).

A code that opens something is never stored: the database keeps a keyed
digest (``digest``), HMAC-SHA256 under SECRET_KEY with a salt per purpose, so
that no code of one purpose matches another's. Lookups use ``digests``: the
digest under SECRET_KEY and under every key of SECRET_KEY_FALLBACKS, so that
rotating the secret key (new key first, the old one as a fallback) locks
nobody out. Everything keyed here honours the fallbacks; nothing else in the
portal hashes a secret.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

# Crockford's base 32: digits and capitals without I, L, O and U, so that no
# two symbols look alike. Read back, O counts as 0 and I and L as 1.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans(dict.fromkeys(" \t\r\n\u00a0-\u2010\u2011\u2012\u2013\u2014\u2212"))

REFERENCE_SYMBOLS = 8  # "XXXX-XXXX-C": 40 random bits
RESUME_CODE_SYMBOLS = 12  # "XXXX-XXXX-XXXX-C": 60 random bits
GROUP = 4

_SYSTEM_RANDOM = secrets.SystemRandom()

# The field GF(32) = GF(2)[x] / (x^5 + x^2 + 1); x (the value 2) generates its
# multiplicative group, so x^k != 1 for 0 < k < 31.
_FIELD_POLYNOMIAL = 0b100101


def _times_x(value: int) -> int:
    value <<= 1
    return value ^ _FIELD_POLYNOMIAL if value & 0b100000 else value


def _syndrome(values: list[int]) -> int:
    """sum of value_i * x^(n-1-i) in GF(32), by Horner's rule."""
    total = 0
    for value in values:
        total = _times_x(total) ^ value
    return total


def check_symbol(symbols: str) -> str:
    """The check symbol for ``symbols`` (canonical symbols of ``ALPHABET``, no separators).

    The check makes ``sum of s_i * x^k_i`` over GF(32) zero, where ``k_i`` is
    the distance of the symbol from the end. Each position has a different
    nonzero weight ``x^k`` (k < 31), so every change of a single symbol and
    every transposition of two symbols (adjacent or not, the check symbol
    included) changes the sum: all are detected.

    The Luhn mod N algorithm over the same 32 symbols cannot promise this: its
    doubling maps 0 to 0 and Z (31) to Z, so swapping adjacent "0Z" and "Z0"
    goes unnoticed, as "09" and "90" do with the decimal Luhn digit. The
    weighted sum over GF(32) has no such blind spot.
    """
    return ALPHABET[_times_x(_syndrome([_VALUE[symbol] for symbol in symbols]))]


def _new_code(symbols: int, rng: random.Random) -> str:
    body = "".join(rng.choice(ALPHABET) for _index in range(symbols))
    return _format(body + check_symbol(body))


def _format(code: str) -> str:
    body, check = code[:-1], code[-1]
    groups = [body[start : start + GROUP] for start in range(0, len(body), GROUP)]
    return "-".join([*groups, check])


def reference_new(rng: random.Random = _SYSTEM_RANDOM) -> str:
    """A new reference number "XXXX-XXXX-C" (8 random symbols and a check symbol).

    Not a secret; not unique by itself either: the caller stores it under a
    unique constraint and draws again on a collision.
    """
    return _new_code(REFERENCE_SYMBOLS, rng)


def resume_code_new(rng: random.Random = _SYSTEM_RANDOM) -> str:
    """A new resume code "XXXX-XXXX-XXXX-C" (12 random symbols and a check symbol)."""
    return _new_code(RESUME_CODE_SYMBOLS, rng)


def code_normalise(text: str) -> str | None:
    """The canonical form of a typed reference number or resume code, or None if invalid.

    Upper-cases, drops spaces and hyphens, reads O as 0 and I and L as 1,
    then requires 9 or 13 symbols of ``ALPHABET`` whose check symbol is
    right. "abcd efgh-x" and "ABCD-EFGH-X" give the same code.
    """
    if not isinstance(text, str):
        return None
    symbols = text.upper().translate(_SEPARATORS).translate(_LOOK_ALIKES)
    if len(symbols) not in (REFERENCE_SYMBOLS + 1, RESUME_CODE_SYMBOLS + 1):
        return None
    if any(symbol not in _VALUE for symbol in symbols):
        return None
    if _syndrome([_VALUE[symbol] for symbol in symbols]) != 0:
        return None
    return _format(symbols)


# --- Keyed digests ----------------------------------------------------------------------

# The salt of each purpose. The existing ones keep the names they were stored under.
SALTS = {
    "resume": "portal.codes.resume",
    "hand_in": "portal.codes.hand_in",
    "appointment": "appointments.letters.appointment_code",
    "status": "applications.status.code",
    "audit.ip": "portal.audit.ip",
    "audit.username": "portal.audit.username",
    "ratelimit.client": "portal.codes.ratelimit.client",
}
# Purposes whose codes were once stored as a plain HMAC of the secret key (before the
# salts): drafts' resume codes and the letters' hand-in codes. Lookups also try that
# form, so that codes already on paper keep working.
LEGACY_PLAIN_HMAC = frozenset({"resume", "hand_in"})


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def digest(value: str, *, purpose: str) -> str:
    """The keyed digest of ``value`` to store (hex, 64 digits), under the current key."""
    return salted_hmac(SALTS[purpose], value, algorithm="sha256").hexdigest()


def digests(value: str, *, purpose: str) -> list[str]:
    """Every digest ``value`` may be stored under: current key, fallback keys, old form."""
    found = [
        salted_hmac(SALTS[purpose], value, secret=key, algorithm="sha256").hexdigest()
        for key in _keys()
    ]
    if purpose in LEGACY_PLAIN_HMAC:
        found += [
            hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest() for key in _keys()
        ]
    return found
