"""What the portal accepts: the kinds of file, the limits, and the messages of refusals."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


MAX_FILES_PER_REQUEST = 20


# Pixel-flood guard: a small file can declare an image that needs gigabytes
# once decoded. 50 million pixels is more than an A4 page scanned at 600 dpi.
MAX_IMAGE_PIXELS = 50_000_000


MAX_DISPLAY_NAME_LENGTH = 120


DEFAULT_DISPLAY_NAME = "document"


READ_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    kind: str
    label: str
    content_type: str
    extension: str  # used for storage, without the dot
    accepted_extensions: tuple[str, ...]  # of the client's file name, with the dot
    magic: bytes
    pillow_formats: tuple[str, ...] = ()


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "PDF", "application/pdf", "pdf", (".pdf",), b"%PDF-"),
    "jpeg": FileKind(
        "jpeg",
        "JPEG",
        "image/jpeg",
        "jpg",
        (".jpg", ".jpeg"),
        b"\xff\xd8\xff",
        # Phones write several pictures into one JPEG (MPO); it is still a JPEG.
        pillow_formats=("JPEG", "MPO"),
    ),
    "png": FileKind("png", "PNG", "image/png", "png", (".png",), b"\x89PNG\r\n\x1a\n", ("PNG",)),
}


ALLOWED_KINDS = tuple(KINDS)


STORAGE_EXTENSIONS = frozenset(kind.extension for kind in KINDS.values())


# Error messages (tests assert against these). Placeholders are filled in by
# ValidationError's ``params``, so each message is translated as a whole.
EMPTY_FILE = _(
    "The file is empty (0 bytes). Please choose the file again; if it is still empty, "
    "save or scan the document again."
)


TOO_LARGE = _(
    "The file is larger than %(limit)s. Please upload a smaller file, for example a scan "
    "with a lower resolution."
)


TOO_MANY_FILES = _(
    "You can upload at most %(limit)s files. Please remove a file you no longer need "
    "before you add another one."
)


ARCHIVE = _(
    "The file is an archive (%(detected)s). Archives are not accepted. Please unpack it and "
    "upload each document on its own as PDF, JPEG or PNG."
)


HIDDEN_ARCHIVE = _(
    "The file contains a hidden archive (%(detected)s). Archives are not accepted. Please save "
    "or scan the document again as PDF, JPEG or PNG and upload the new file."
)


TYPE_NOT_ALLOWED = _(
    "Files of this type (%(detected)s) are not accepted. Please upload a PDF, JPEG or PNG "
    "file, for example by saving or scanning the document as PDF."
)


EXTENSION_MISMATCH = _(
    "The file contains a %(detected)s file, but its name ends in “%(extension)s”. Please "
    "rename it to end in %(expected)s, or choose the right file."
)


EXTENSION_MISSING = _(
    "The file contains a %(detected)s file, but its name does not end in %(expected)s. "
    "Please rename it to end in %(expected)s, or choose the right file."
)


PDF_INVALID = _(
    "The PDF file is damaged or incomplete and cannot be read. Please save or scan the "
    "document again as PDF and upload the new file."
)


PDF_ENCRYPTED = _(
    "The PDF file is protected by a password or encryption, so the office cannot open it. "
    "Please upload a version without protection, for example by printing it to a new PDF."
)


PDF_ACTIVE_CONTENT = _(
    "The PDF file contains active content (%(detected)s), which is not accepted. Please "
    "upload a version without it, for example by printing the document to a new PDF."
)


IMAGE_INVALID = _(
    "The %(detected)s image is damaged or incomplete and cannot be read. Please save or scan "
    "it again, or upload the document as PDF."
)


IMAGE_TOO_MANY_PIXELS = _(
    "The image has %(width)s × %(height)s pixels; at most %(limit)s million pixels are "
    "allowed. Please reduce its resolution, for example by scanning at 300 dpi, and upload "
    "it again."
)


MALWARE_FOUND = _(
    "Our virus scanner found malware in this file, so it was not saved. Please check your "
    "device with a virus scanner and upload a clean copy of the document."
)


SCAN_UNAVAILABLE = _(
    "The file could not be checked for viruses just now, so it was not saved. Please try "
    "again in a few minutes; your other answers are kept."
)


UNKNOWN_TYPE_LABEL = _("unknown")


JAVASCRIPT_LABEL = "JavaScript"


LAUNCH_LABEL = _("an action that starts programs")


EMBEDDED_FILE_LABEL = _("embedded files")


RICH_MEDIA_LABEL = _("embedded media")


XFA_LABEL = _("an XFA form")


SUBMIT_FORM_LABEL = _("a form that sends data")


IMPORT_DATA_LABEL = _("a form that loads data")


OTHER_DOCUMENT_LABEL = _("a link that opens another document")


UNSAFE_LINK_LABEL = _("a link to something other than a web page or an e-mail address")


AUTOMATIC_ACTION_LABEL = _("an action that runs by itself when the document is opened or used")


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf", "jpeg" or "png"
    content_type: str
    extension: str  # for storage, without the dot: "pdf", "jpg", "png"
    size: int
    sha256: str


def not_allowed(detected) -> ValidationError:
    return ValidationError(TYPE_NOT_ALLOWED, code="type_not_allowed", params={"detected": detected})
