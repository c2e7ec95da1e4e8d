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

import os
import tempfile
from collections.abc import Iterator

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
        while True:
            path = self.path(name)
            os.makedirs(
                os.path.dirname(path), mode=self.directory_permissions_mode or 0o700, exist_ok=True
            )
            try:
                self._write_whole(path, token, replace=False)
            except FileExistsError:  # taken since get_available_name(): as Django does
                name = self.get_available_name(name)
                continue
            return name.replace("\\", "/")

    def _open(self, name, mode="rb"):
        if mode != "rb":
            raise ValueError("Encrypted files are opened for reading in binary mode only.")
        with super()._open(name, "rb") as stored:
            data = stored.read()
        return ContentFile(plain_bytes(data), name=name)

    def size(self, name):
        with self._open(name) as handle:
            return handle.size

    def reencrypt(self, name: str) -> None:
        """Encrypt the file again with the first key, in place (key rotation).

        A file from before encryption is encrypted now.
        """
        path = self.path(name)
        with open(path, "rb") as stored:
            data = stored.read()
        if data.startswith(TOKEN_START):
            token = encryption.rotate_bytes(data)
        else:
            token = encryption.cipher().encrypt(data)
        self._write_whole(path, token, replace=True)

    def _write_whole(self, path: str, data: bytes, *, replace: bool) -> None:
        """Write ``data`` to ``path`` whole or not at all.

        A hidden temporary file beside it, flushed to disk, then moved into
        place: replacing the file, or, when ``replace`` is False, only if no
        file has that name (FileExistsError otherwise). A crash never leaves
        half a file, which could not be decrypted.
        """
        descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, self.file_permissions_mode or 0o600)
            if replace:
                os.replace(temporary, path)
            else:
                os.link(temporary, path)  # fails if the name exists, like O_EXCL
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def walk(self, folder: str = "") -> Iterator[str]:
        """Every stored file's name, below ``folder``; hidden temporary files left out."""
        folders, files = self.listdir(folder)
        for file in files:
            if not file.startswith("."):
                yield f"{folder}/{file}" if folder else file
        for sub in folders:
            yield from self.walk(f"{folder}/{sub}" if folder else sub)


def plain_bytes(data: bytes) -> bytes:
    """The content of a stored file: decrypted, or as it is when stored before encryption."""
    if not data.startswith(TOKEN_START):
        return data
    return encryption.decrypt_bytes(data)
