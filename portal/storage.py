"""Private files encrypted at rest, on any Django storage backend.

Uploaded documents (passports, medical certificates) and the receipt, which
repeats every answer and so the special categories too, must not lie on a
disk, in a bucket or in a backup in the clear. ``EncryptedStorage`` wraps any
Django storage (the local folder by default, S3-compatible object storage
through django-storages in production, see ``portal/storage_config.py``) and
Fernet-encrypts every file under ``FIELD_ENCRYPTION_KEYS``
(portal/encryption.py): encrypted before it is handed to the backend,
decrypted when it is read. Names, folders, listing and deletion are the
backend's; the backend only ever sees ciphertext.

Files written before encryption was introduced are still read (a Fernet
token never starts like a PDF, JPEG or PNG); a file that no key opens raises
``encryption.UnreadableData``. Files are at most a few megabytes (uploads are
limited to 10 MB; a print batch of 1,000 letters is about as large), so a
file is encrypted and decrypted whole, in memory.

Whole or not at all: the local backend (``AtomicFileSystemStorage``) writes
a hidden temporary file and links it into place; an object store's PUT
replaces an object whole by itself. A crash never leaves half a file, which
could not be decrypted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

from . import encryption

# A Fernet token is base64 of a version byte 0x80 and a timestamp: "gAAAAA".
TOKEN_START = b"gAAAAA"
LOCAL_BACKEND = "portal.storage.AtomicFileSystemStorage"


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage, writing each file whole or not at all."""

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        while True:
            path = self.path(name)
            os.makedirs(
                os.path.dirname(path), mode=self.directory_permissions_mode or 0o700, exist_ok=True
            )
            try:
                self._write_whole(path, bytes(data), replace=False)
            except FileExistsError:  # taken since get_available_name(): as Django does
                name = self.get_available_name(name)
                continue
            return name.replace("\\", "/")

    def overwrite(self, name: str, data: bytes) -> None:
        """Replace the file ``name`` with ``data``, whole (key rotation)."""
        self._write_whole(self.path(name), data, replace=True)

    def _write_whole(self, path: str, data: bytes, *, replace: bool) -> None:
        """Write ``data`` to ``path`` whole or not at all.

        A hidden temporary file beside it, flushed to disk, then moved into
        place: replacing the file, or, when ``replace`` is False, only if no
        file has that name (FileExistsError otherwise).
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


@deconstructible(path="portal.storage.EncryptedStorage")
class EncryptedStorage(Storage):
    """Every file Fernet-encrypted on top of another storage backend.

    ``backend`` is the dotted path of any Django storage class, ``options``
    its keyword arguments (as in ``STORAGES``). The portal never serves a
    stored file under a URL, so ``url()`` and ``path()`` are not offered:
    a view reads the file through ``open()`` after checking who asks.
    """

    encrypts = True

    def __init__(self, backend: str = LOCAL_BACKEND, options: dict | None = None):
        self.backend_path = backend
        self.backend_options = dict(options or {})
        self.backend: Storage = import_string(backend)(**self.backend_options)

    # --- Content ---------------------------------------------------------------------

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        token = encryption.cipher().encrypt(bytes(data))
        return self.backend.save(name, ContentFile(token))

    def _open(self, name, mode="rb"):
        if mode != "rb":
            raise ValueError("Encrypted files are opened for reading in binary mode only.")
        return ContentFile(plain_bytes(self._raw(name)), name=name)

    def _raw(self, name: str) -> bytes:
        with self.backend.open(name, "rb") as stored:
            return stored.read()

    def size(self, name):
        """The size of the content (decrypted), as the file's readers see it."""
        with self._open(name) as handle:
            return handle.size

    def reencrypt(self, name: str) -> None:
        """Encrypt the file again with the first key, in place (key rotation).

        A file from before encryption is encrypted now. The local backend
        replaces the file atomically; any other backend gets the token
        under the same name through its ``_save``, which for object storage
        is a PUT that replaces the object whole (``save`` would choose
        another name).
        """
        data = self._raw(name)
        if data.startswith(TOKEN_START):
            token = encryption.rotate_bytes(data)
        else:
            token = encryption.cipher().encrypt(data)
        overwrite = getattr(self.backend, "overwrite", None)
        if overwrite is not None:
            overwrite(name, token)
        else:
            self.backend._save(name, ContentFile(token))

    # --- Names and folders: the backend's ------------------------------------------------

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def walk(self, folder: str = "") -> Iterator[str]:
        """Every stored file's name, below ``folder``; hidden temporary files left out."""
        try:
            folders, files = self.listdir(folder)
        except FileNotFoundError:  # nothing stored yet
            return
        for file in files:
            if not file.startswith("."):
                yield f"{folder}/{file}" if folder else file
        for sub in folders:
            yield from self.walk(f"{folder}/{sub}" if folder else sub)


@deconstructible(path="portal.storage.EncryptedFileSystemStorage")
class EncryptedFileSystemStorage(EncryptedStorage):
    """The encrypted storage on a local folder: ``location`` and the rest as FileSystemStorage."""

    def __init__(self, location=None, base_url=None, **options):
        super().__init__(
            backend=LOCAL_BACKEND, options={"location": location, "base_url": base_url, **options}
        )


def plain_bytes(data: bytes) -> bytes:
    """The content of a stored file: decrypted, or as it is when stored before encryption."""
    if not data.startswith(TOKEN_START):
        return data
    return encryption.decrypt_bytes(data)
