"""The encrypted storage on any Django storage backend (issue 20, item 4).

The second backend tested here for real is Django's own ``InMemoryStorage``:
a backend without local paths, like object storage, which the portal can
only reach through the storage API. S3 itself is not reachable from this
machine; for it the tests show only that the settings build django-storages'
S3Storage inside the encrypted storage (no request is sent).
"""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.management import call_command
from django.urls import reverse

from applications.models import Application
from appointments import tasks
from appointments.models import InvitationLetter
from portal import deployment
from portal.storage import AtomicFileSystemStorage, EncryptedStorage
from tests.appointments.building import (
    FRIDAY_BEFORE_CORPUS_CHRISTI,
    make_application,
    make_location,
)
from tests.journeys import step_answers, walk
from tests.sample_files import tiny_pdf

MEMORY = "django.core.files.storage.InMemoryStorage"


@pytest.fixture
def keys(settings):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [first]
    return first, second


@pytest.fixture
def in_memory(settings, keys) -> InMemoryStorage:
    """The portal's default storage: encrypted, on a fresh in-memory backend."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "portal.storage.EncryptedStorage", "OPTIONS": {"backend": MEMORY}},
    }
    backend = default_storage.backend
    assert isinstance(backend, InMemoryStorage)
    return backend


def raw(backend, name: str) -> bytes:
    with backend.open(name, "rb") as handle:
        return handle.read()


def test_the_backend_holds_only_ciphertext_and_reads_give_the_content(in_memory):
    name = default_storage.save("letters/2026/05/a.pdf", ContentFile(b"%PDF-1.7 letter"))
    assert raw(in_memory, name).startswith(b"gAAAAA")
    assert b"%PDF" not in raw(in_memory, name)
    assert default_storage.open(name).read() == b"%PDF-1.7 letter"
    assert default_storage.size(name) == len(b"%PDF-1.7 letter")
    assert default_storage.exists(name)
    assert default_storage.listdir("letters/2026/05") == ([], ["a.pdf"])
    assert default_storage.get_modified_time(name) is not None
    # Saving again under the same name never overwrites: the backend picks another name.
    second = default_storage.save(name, ContentFile(b"%PDF-1.7 other"))
    assert second != name
    assert default_storage.open(name).read() == b"%PDF-1.7 letter"
    default_storage.delete(name)
    assert not default_storage.exists(name)
    with pytest.raises(ValueError, match="reading"):
        default_storage.open(second, "wb")


def test_no_local_path_and_no_public_url(in_memory):
    name = default_storage.save("receipts/x.pdf", ContentFile(b"%PDF-1.7"))
    with pytest.raises(NotImplementedError):
        default_storage.path(name)
    with pytest.raises(NotImplementedError):
        default_storage.url(name)


@pytest.mark.django_db
def test_key_rotation_on_the_other_backend(in_memory, keys, settings):
    old, new = keys
    name = default_storage.save("letters/a.pdf", ContentFile(b"%PDF-1.7 letter"))
    in_memory.save("old/plain.pdf", ContentFile(b"%PDF-1.7 from before"))
    assert sorted(default_storage.walk()) == ["letters/a.pdf", "old/plain.pdf"]

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "Stored files: 2 re-encrypted." in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert default_storage.open(name).read() == b"%PDF-1.7 letter"
    assert raw(in_memory, "old/plain.pdf").startswith(b"gAAAAA")
    assert default_storage.open("old/plain.pdf").read() == b"%PDF-1.7 from before"
    # Same names: rotation replaced the files in place.
    assert sorted(default_storage.walk()) == ["letters/a.pdf", "old/plain.pdf"]


def test_walk_of_an_empty_local_folder_that_does_not_exist_yet(tmp_path, keys):
    storage = EncryptedStorage(
        backend="portal.storage.AtomicFileSystemStorage",
        options={"location": tmp_path / "nothing-yet"},
    )
    assert list(storage.walk()) == []


@pytest.mark.django_db
def test_a_request_with_upload_receipt_and_invitation_on_the_other_backend(
    client, in_memory, settings
):
    """The whole path of a request's files uses only the storage API: no local path needed."""
    walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    upload = application.uploads.get()
    for name in (upload.file.name, application.receipt.name):
        assert raw(in_memory, name).startswith(b"gAAAAA"), name
    with upload.file.open("rb") as handle:
        assert handle.read() == tiny_pdf()
    receipt = client.get(reverse("applications:receipt", args=[application.reference]))
    assert b"".join(receipt.streaming_content).startswith(b"%PDF-")

    import time_machine

    location = make_location()
    invited = make_application(location)
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        assert tasks.send_invitation(invited.pk) == "invited"
    letter = InvitationLetter.objects.get(application=invited)
    assert raw(in_memory, letter.file.name).startswith(b"gAAAAA")
    assert default_storage.open(letter.file.name).read().startswith(b"%PDF-")


# --- Choosing the backend from the environment (portal/deployment.py) ----------------------

STORAGE_CASES = {
    "nothing set: the local folder": (
        {},
        {"backend": deployment.LOCAL_BACKEND, "options": {"location": "/srv/f", "base_url": None}},
    ),
    "object storage with its options": (
        {
            "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "FILE_STORAGE_OPTIONS": '{"bucket_name": "portal-files", "file_overwrite": false}',
        },
        {
            "backend": "storages.backends.s3.S3Storage",
            "options": {"bucket_name": "portal-files", "file_overwrite": False},
        },
    ),
    "a backend without options": (
        {"FILE_STORAGE_BACKEND": MEMORY},
        {"backend": MEMORY, "options": {}},
    ),
}


@pytest.mark.parametrize(
    ("environ", "options"), STORAGE_CASES.values(), ids=list(STORAGE_CASES.keys())
)
def test_file_storage_from_the_environment(environ, options):
    entry = deployment.file_storage(environ, root="/srv/f")
    assert entry == {"BACKEND": "portal.storage.EncryptedStorage", "OPTIONS": options}


STORAGE_ERRORS = {
    "options without a backend": ({"FILE_STORAGE_OPTIONS": "{}"}, "needs FILE_STORAGE_BACKEND"),
    "not a dotted path": ({"FILE_STORAGE_BACKEND": "s3"}, "dotted path"),
    "options not JSON": (
        {"FILE_STORAGE_BACKEND": MEMORY, "FILE_STORAGE_OPTIONS": "bucket=x"},
        "JSON object",
    ),
    "options a list": (
        {"FILE_STORAGE_BACKEND": MEMORY, "FILE_STORAGE_OPTIONS": "[1]"},
        "JSON object",
    ),
}


@pytest.mark.parametrize(
    ("environ", "message"), STORAGE_ERRORS.values(), ids=list(STORAGE_ERRORS.keys())
)
def test_file_storage_settings_that_cannot_work_are_refused(environ, message):
    with pytest.raises(deployment.DeploymentError, match=message):
        deployment.file_storage(environ, root="/srv/f")


def test_the_s3_settings_build_django_storages_s3_inside_the_encryption(settings, keys):
    """Configuration only: the S3Storage object is built, no request is sent (none can be)."""
    from storages.backends.s3 import S3Storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": deployment.file_storage(
            {
                "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
                "FILE_STORAGE_OPTIONS": (
                    '{"bucket_name": "portal-files", "endpoint_url": "https://s3.example.org",'
                    ' "region_name": "eu-central-1", "file_overwrite": false}'
                ),
            },
            root="/unused",
        ),
    }
    storage = storages["default"]
    assert isinstance(storage, EncryptedStorage)
    assert isinstance(storage.backend, S3Storage)
    assert storage.backend.bucket_name == "portal-files"
    assert storage.backend.endpoint_url == "https://s3.example.org"
    assert storage.backend.file_overwrite is False


def test_the_local_default_is_the_atomic_folder():
    storage = storages.create_storage(
        deployment.file_storage({}, root="/srv/files"),
    )
    assert isinstance(storage.backend, AtomicFileSystemStorage)
    assert str(storage.backend.location) == "/srv/files"


BROKER_CASES = {
    "nothing set: the database": ({}, {"orm": "default"}),
    "empty: the database": ({"Q_BROKER_URL": " "}, {"orm": "default"}),
    "redis": ({"Q_BROKER_URL": "redis://redis:6379/0"}, {"redis": "redis://redis:6379/0"}),
    "redis over TLS": (
        {"Q_BROKER_URL": "rediss://q.example.org:6380/1"},
        {"redis": "rediss://q.example.org:6380/1"},
    ),
    "a Unix socket": (
        {"Q_BROKER_URL": "unix:///run/redis/redis.sock"},
        {"redis": "unix:///run/redis/redis.sock"},
    ),
}


@pytest.mark.parametrize(("environ", "broker"), BROKER_CASES.values(), ids=list(BROKER_CASES))
def test_queue_broker_from_the_environment(environ, broker):
    assert deployment.queue_broker(environ) == broker


def test_a_broker_url_that_is_not_redis_is_refused():
    with pytest.raises(deployment.DeploymentError, match="Redis URL"):
        deployment.queue_broker({"Q_BROKER_URL": "amqp://rabbit:5672"})
