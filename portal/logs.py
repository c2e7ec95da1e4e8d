"""Log injection neutralised (SECURITY-BAR.md line 24).

A value that reaches a log line or the audit trail (a user name, a path)
may carry a newline or another control character that would forge a second
record or hide part of the line. ``escape_control_chars`` turns each such
character into a visible escape (``\\n``, ``\\x1b``, ``\\u2028``) and doubles
the backslash itself, so that the escaped text is unambiguous.

``EscapingFormatter`` applies it to the whole formatted record, the
traceback included: one record is always exactly one line.

This module is loaded while the logging configuration is set up, before the
apps: it must not import models.
"""

from __future__ import annotations

import logging
import unicodedata

_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Control and format characters (bidi overrides, zero-width characters),
# surrogates, and the Unicode line and paragraph separators.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_control_chars(value: object) -> str:
    """``value`` as text on one line, with every control character escaped."""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable() and "\\" not in text:
        return text  # the common case, without building a new string
    return "".join(_escape(char) for char in text)


class EscapingFormatter(logging.Formatter):
    """A formatter whose every record is one line with control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_control_chars(super().format(record))
