"""Private files encrypted at rest: uploads, receipts and letters.

Uploaded documents (passports, medical certificates) and the receipt, which
repeats every answer and so the special categories too, must not lie on the
disk or in a backup in the clear. ``EncryptedFileSystemStorage`` is Django's
FileSystemStorage with every file Fernet-encrypted under
``FIELD_ENCRYPTION_KEYS`` (portal/encryption.py): encrypted in ``_save``,
decrypted in ``_open``. Names, folders and deletion are the file system's.

Files written before encryption was introduced are still read (a Fernet
token never starts like a PDF, JPEG or PNG); a file that no key opens raises
``encryption.UnreadableData``. Files are at most a few megabytes (uploads are
limited to 10 MB; a print batch of 1,000 letters is about as large), so a
file is encrypted and decrypted whole, in memory.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from . import encryption

# A Fernet token is base64 of a version byte 0x80 and a timestamp: "gAAAAA".
TOKEN_START = b"gAAAAA"


class EncryptedFileSystemStorage(FileSystemStorage):
    encrypts = True

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        token = encryption.cipher().encrypt(bytes(data))
        return super()._save(name, ContentFile(token))

    def _open(self, name, mode="rb"):
        if mode != "rb":
            raise ValueError("Encrypted files are opened for reading in binary mode only.")
        with super()._open(name, "rb") as stored:
            data = stored.read()
        return ContentFile(plain_bytes(data), name=name)

    def size(self, name):
        with self._open(name) as handle:
            return handle.size


def plain_bytes(data: bytes) -> bytes:
    """The content of a stored file: decrypted, or as it is when stored before encryption."""
    if not data.startswith(TOKEN_START):
        return data
    return encryption.decrypt_bytes(data)
