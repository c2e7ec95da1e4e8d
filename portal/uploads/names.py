"""Names: generated ones for storage, and the client's name made safe to show."""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.utils import timezone

from .kinds import DEFAULT_DISPLAY_NAME, MAX_DISPLAY_NAME_LENGTH, STORAGE_EXTENSIONS, CheckedUpload

SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


STORAGE_FOLDER = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")


# Characters that reorder or hide text: the bidi embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def storage_name(checked: CheckedUpload, *, folder: str = "uploads") -> str:
    """A new storage name such as ``uploads/2026/11/<uuid4 hex>.pdf``.

    Only the checked extension is used, never the client's file name, so no
    name can reach outside ``folder`` or collide with another file.
    """
    if not STORAGE_FOLDER.fullmatch(folder):
        raise ValueError(f"folder must be a relative path of plain segments, not {folder!r}.")
    if checked.extension not in STORAGE_EXTENSIONS:
        raise ValueError(f"Not a checked extension: {checked.extension!r}.")
    day = timezone.localdate()
    return f"{folder}/{day:%Y}/{day:%m}/{uuid.uuid4().hex}.{checked.extension}"


def display_name(client_name: str) -> str:
    """The client's file name made safe to show to people; never stored or used as a path.

    The last segment after ``/`` or ``\\``, without control and bidi
    characters, at most ``MAX_DISPLAY_NAME_LENGTH`` characters with the
    extension kept, and ``"document"`` when nothing is left.
    """
    name = unicodedata.normalize("NFC", client_name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if _is_visible(char)).strip()
    if not name.strip("."):
        return DEFAULT_DISPLAY_NAME
    if len(name) <= MAX_DISPLAY_NAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= 10:
        keep = MAX_DISPLAY_NAME_LENGTH - len(extension) - 2
        return f"{stem[:keep].rstrip()}….{extension}"
    return name[: MAX_DISPLAY_NAME_LENGTH - 1].rstrip() + "…"


def _is_visible(char: str) -> bool:
    category = unicodedata.category(char)
    return char not in BIDI_CONTROLS and category not in ("Cc", "Zl", "Zp")
