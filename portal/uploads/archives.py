"""Archives and compressed files, also hidden inside another file (a polyglot)."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import ValidationError

from .kinds import ARCHIVE, HIDDEN_ARCHIVE, not_allowed

# Archives and compressed files by their leading bytes: (offset, signature, label).
ARCHIVE_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"PK\x03\x04", "ZIP"),
    (0, b"PK\x05\x06", "ZIP"),
    (0, b"PK\x07\x08", "ZIP"),
    (0, b"Rar!\x1a\x07", "RAR"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"\x1f\x9d", "compress"),
    (0, b"BZh", "bzip2"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"\x28\xb5\x2f\xfd", "zstd"),
    (0, b"LZIP", "lzip"),
    (0, b"MSCF", "CAB"),
    (0, b"\x60\xea", "ARJ"),
    (257, b"ustar", "tar"),
    (0x8001, b"CD001", "ISO"),
)


# Signatures long enough to look for anywhere in a file: archive tools such
# as 7-Zip find them behind other content.
EMBEDDED_ARCHIVE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xfd7zXZ\x00", "xz"),
)


ZIP_LOCAL_HEADER = b"PK\x03\x04"


ZIP_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


# A good file holds a ZIP signature by chance once in thousands of files;
# more than this many are a crafted file, not worth a slow scan.
MAX_ZIP_SIGNATURES = 1000


# Compression methods of the ZIP format (APPNOTE 4.4.5) that tools extract.
ZIP_METHODS = frozenset({0, 1, 6, 8, 9, 12, 14, 93, 95, 96, 97, 98, 99})


# A ZIP that starts with one of these entries is an office document.
OFFICE_FIRST_ENTRIES = {
    b"[Content_Types].xml": "DOCX/XLSX/PPTX",
    b"mimetype": "ODT/ODS/ODP",
}


def _check_archive(data: bytes) -> None:
    for offset, signature, label in ARCHIVE_SIGNATURES:
        if data.startswith(signature, offset):
            office = _office_label(data) if signature == ZIP_LOCAL_HEADER else None
            if office:
                raise not_allowed(office)
            raise ValidationError(ARCHIVE, code="archive", params={"detected": label})
    hidden = _hidden_archive_label(data)
    if hidden:
        raise ValidationError(HIDDEN_ARCHIVE, code="archive", params={"detected": hidden})


def _office_label(data: bytes) -> str | None:
    """Word, Excel or OpenDocument files are ZIPs whose first entry gives them away."""
    name_length = int.from_bytes(data[26:28], "little")
    return OFFICE_FIRST_ENTRIES.get(data[30 : 30 + name_length])


def _hidden_archive_label(data: bytes) -> str | None:
    """The archive hidden somewhere inside the file (a polyglot), if any."""
    for signature, label in EMBEDDED_ARCHIVE_SIGNATURES:
        if signature in data:
            return label
    for signature, plausible in (
        (ZIP_END_OF_CENTRAL_DIRECTORY, _plausible_zip_end),
        (ZIP_LOCAL_HEADER, _plausible_zip_entry),
    ):
        for count, at in enumerate(_find_all(data, signature)):
            if count >= MAX_ZIP_SIGNATURES or plausible(data, at):
                return "ZIP"
    return None


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    at = data.find(needle)
    while at != -1:
        yield at
        at = data.find(needle, at + 1)


def _plausible_zip_end(data: bytes, at: int) -> bool:
    """An end-of-central-directory record that ZIP tools would accept (APPNOTE 4.3.16).

    The structure check keeps the four signature bytes, found by chance in
    compressed image or PDF data, from refusing a good file.
    """
    record = data[at : at + 22]
    if len(record) < 22:
        return False
    disk, directory_disk, entries_here, entries = (
        int.from_bytes(record[i : i + 2], "little") for i in (4, 6, 8, 10)
    )
    return disk == directory_disk and entries_here == entries


def _plausible_zip_entry(data: bytes, at: int) -> bool:
    """A local file header that ZIP tools would extract (APPNOTE 4.3.7)."""
    header = data[at : at + 30]
    if len(header) < 30:
        return False
    version = int.from_bytes(header[4:6], "little")
    method = int.from_bytes(header[8:10], "little")
    name_length = int.from_bytes(header[26:28], "little")
    return version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024
