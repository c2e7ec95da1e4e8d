"""Special categories encrypted at rest (SECURITY-BAR.md line 25, second half)."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.db.models import Value
from django.test import Client
from django.urls import reverse

from applications.constants import SPECIAL_CATEGORY_SECTIONS
from applications.models import Application
from portal import encryption
from portal.fields import reseal_rows, unseal_rows
from portal.models import Draft
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, walk
from tests.sample_files import tiny_pdf

RELIGION = "Zitronenfalterglaube"
ILLNESS = "Kanarienkrankheit"
INVESTIGATION = "Staatsanwaltschaft Kanarienhausen 4711 Js"
SURNAME = "Kanarienvogel"


@pytest.fixture
def keys(settings):
    """Fresh keys for the test, so that rotation can be shown without touching others."""
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [first]
    return first, second


# --- The pure part: which keys are sealed -------------------------------------------------

SEAL_CASES = {
    "special sections sealed, others plain": (
        {"personal": {"surname": "A"}, "health": {"illnesses": "no"}, "voluntary": {}},
        {"personal"},
    ),
    "nothing special: unchanged": ({"personal": {"surname": "A"}}, {"personal"}),
    "empty: unchanged": ({}, set()),
    "only special sections": ({"legal": {"convicted": "yes"}}, set()),
}


@pytest.mark.parametrize(("value", "plain_keys"), SEAL_CASES.values(), ids=list(SEAL_CASES.keys()))
def test_seal_encrypts_exactly_the_named_sections(keys, value, plain_keys):
    sealed = encryption.seal(value, SPECIAL_CATEGORY_SECTIONS)
    assert set(sealed) - {encryption.SEALED_KEY} == plain_keys
    assert (encryption.SEALED_KEY in sealed) == bool(set(value) & SPECIAL_CATEGORY_SECTIONS)
    assert encryption.unseal(sealed) == value


@pytest.mark.parametrize("value", [None, "text", 3, ["health"], {"_sealed": "already"}])
def test_seal_leaves_non_objects_and_sealed_objects_alone(keys, value):
    assert encryption.seal(value, SPECIAL_CATEGORY_SECTIONS) == value


def test_seal_all_keys_hides_every_key(keys):
    sealed = encryption.seal({"step": "health", "step_data": {"x": 1}}, encryption.ALL_KEYS)
    assert set(sealed) == {encryption.SEALED_KEY}
    assert "step_data" not in sealed[encryption.SEALED_KEY]


def test_each_sealing_uses_a_fresh_nonce(keys):
    value = {"health": {"illnesses": "no"}}
    first = encryption.seal(value, SPECIAL_CATEGORY_SECTIONS)
    second = encryption.seal(value, SPECIAL_CATEGORY_SECTIONS)
    assert first[encryption.SEALED_KEY] != second[encryption.SEALED_KEY]


def test_data_sealed_with_an_unknown_key_is_refused_loudly(keys, settings):
    sealed = encryption.seal({"health": {"illnesses": "no"}}, SPECIAL_CATEGORY_SECTIONS)
    settings.FIELD_ENCRYPTION_KEYS = [keys[1]]
    with pytest.raises(encryption.UnreadableData):
        encryption.unseal(sealed)


def test_a_key_that_is_not_a_fernet_key_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        encryption.encrypt({"a": 1})


# --- In the database ----------------------------------------------------------------------


def raw_column(table: str, column: str, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}::text FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def file_request_with_special_categories(client):
    answers = step_answers(
        "renewal",
        personal=dict(step_answers()["personal"], surname=SURNAME),
        voluntary={"religion": RELIGION},
        health={"illnesses": "yes", "illnesses_which": ILLNESS, "insurer": "AOK"},
        legal=dict(step_answers()["legal"], investigated="yes"),
        legal_details={"investigation_authority": INVESTIGATION},
    )
    walk(client, "renewal", answers)
    return Application.objects.get()


@pytest.mark.django_db
def test_the_raw_column_holds_no_special_category_in_plain_text(client, keys):
    application = file_request_with_special_categories(client)

    raw = raw_column("applications_application", "answers", application.pk)
    for secret in (RELIGION, ILLNESS, INVESTIGATION, "illnesses", "religion"):
        assert secret not in raw
    assert encryption.SEALED_KEY in raw
    assert SURNAME in raw  # ordinary sections stay plain, for search and sorting

    stored = Application.objects.get(pk=application.pk).answers
    assert stored["voluntary"]["religion"] == RELIGION
    assert stored["health"]["illnesses_which"] == ILLNESS
    assert stored["legal_details"] == {"investigation_authority": INVESTIGATION}
    # A database-side query on a plain section still works.
    assert Application.objects.filter(answers__personal__surname=SURNAME).exists()
    assert Application.objects.filter(answers__has_key="personal").exists()


@pytest.mark.django_db
def test_a_draft_in_progress_is_encrypted_as_a_whole(client, keys):
    answers = step_answers(
        "renewal", voluntary={"religion": RELIGION}, personal=step_answers()["personal"]
    )
    draft_open(client, DraftFactory(kind="renewal", at_step="marital", at_step__answers=answers))
    draft = Draft.objects.get()
    raw = raw_column("portal_draft", "state", str(draft.pk))
    assert RELIGION not in raw
    assert "step_data" not in raw
    assert draft.state["step_data"]["voluntary"]["voluntary-religion"] == [RELIGION]


@pytest.mark.django_db
def test_keys_rotate_without_losing_data(client, keys, settings, file_root):
    old, new = keys
    application = file_request_with_special_categories(client)
    in_progress = step_answers("renewal", voluntary={"religion": RELIGION})
    walk(Client(), "renewal", in_progress, until="marital")
    draft = Draft.objects.exclude(submitted_reference=application.reference).get()

    settings.FIELD_ENCRYPTION_KEYS = [new, old]  # the new key first, the old one still known
    assert Application.objects.get().answers["voluntary"]["religion"] == RELIGION
    call_command("rotate_field_keys", stdout=io.StringIO())

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key removed
    assert Application.objects.get(pk=application.pk).answers["voluntary"]["religion"] == RELIGION
    state = Draft.objects.get(pk=draft.pk).state
    assert state["step_data"]["voluntary"]["voluntary-religion"] == [RELIGION]

    settings.FIELD_ENCRYPTION_KEYS = [old]  # and the old key alone no longer reads it
    with pytest.raises(encryption.UnreadableData):
        Draft.objects.get(pk=draft.pk)


@pytest.mark.django_db
def test_the_migration_helpers_seal_plain_rows_and_unseal_them_again(client, keys):
    application = file_request_with_special_categories(client)
    plain = Application.objects.get().answers
    Application.objects.update(answers=Value(plain, output_field=models.JSONField()))
    assert RELIGION in raw_column("applications_application", "answers", application.pk)
    assert Application.objects.get().answers == plain  # plain rows stay readable

    assert reseal_rows(Application, "answers") == 1
    assert RELIGION not in raw_column("applications_application", "answers", application.pk)
    assert Application.objects.get().answers == plain

    unseal_rows(Application, "answers")
    assert RELIGION in raw_column("applications_application", "answers", application.pk)
    assert Application.objects.get().answers == plain


# --- Files --------------------------------------------------------------------------------


@pytest.fixture
def file_root(settings, tmp_path):
    root = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


@pytest.mark.django_db
def test_uploads_and_the_receipt_are_encrypted_on_the_disk(client, keys, file_root):
    answers = step_answers("renewal", voluntary={"religion": RELIGION})
    walk(client, "renewal", answers, upload=True)
    application = Application.objects.get()
    upload = application.uploads.get()

    for name in (upload.file.name, application.receipt.name):
        raw = (file_root / name).read_bytes()
        assert raw.startswith(b"gAAAAA"), name  # a Fernet token, not a PDF
        assert b"%PDF" not in raw
    receipt = client.get(reverse("applications:receipt", args=[application.reference]))
    content = b"".join(receipt.streaming_content)
    assert content.startswith(b"%PDF-")
    assert int(receipt["Content-Length"]) == len(content)
    with upload.file.open("rb") as handle:
        assert handle.read() == tiny_pdf()


def test_a_file_stored_before_encryption_is_still_read(keys, file_root):
    (file_root / "old").mkdir(parents=True)
    (file_root / "old" / "letter.pdf").write_bytes(b"%PDF-1.7 plain")
    assert default_storage.open("old/letter.pdf").read() == b"%PDF-1.7 plain"


def test_a_file_no_key_opens_is_refused_loudly(keys, settings, file_root):
    name = default_storage.save("x/secret.pdf", ContentFile(b"%PDF-1.7 secret"))
    assert default_storage.open(name).read() == b"%PDF-1.7 secret"
    assert default_storage.size(name) == len(b"%PDF-1.7 secret")
    settings.FIELD_ENCRYPTION_KEYS = [keys[1]]
    with pytest.raises(encryption.UnreadableData):
        default_storage.open(name)
    with pytest.raises(ValueError, match="reading"):
        default_storage.open(name, "wb")


@pytest.mark.django_db
def test_rotating_the_keys_reencrypts_the_files_and_encrypts_old_plain_ones(
    keys, settings, file_root
):
    old, new = keys
    name = default_storage.save("letters/a.pdf", ContentFile(b"%PDF-1.7 letter"))
    (file_root / "old").mkdir()
    (file_root / "old" / "plain.pdf").write_bytes(b"%PDF-1.7 from before")
    (file_root / "old" / ".half.part").write_bytes(b"a temporary file is left alone")
    (file_root / "old" / "foreign.pdf").write_bytes(Fernet(Fernet.generate_key()).encrypt(b"x"))

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 stored files open with none of the keys"):
        call_command("rotate_field_keys", stdout=out)
    assert "Stored files: 2 re-encrypted." in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert default_storage.open(name).read() == b"%PDF-1.7 letter"
    assert (file_root / "old" / "plain.pdf").read_bytes().startswith(b"gAAAAA")
    assert default_storage.open("old/plain.pdf").read() == b"%PDF-1.7 from before"
    assert (file_root / "old" / "plain.pdf").stat().st_mode & 0o777 == 0o600
