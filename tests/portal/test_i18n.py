"""Both message catalogues are complete: German is the default, English complete."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogue_has_no_fuzzy_or_obsolete_entries(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert catalogue.fuzzy_entries() == []
    assert catalogue.obsolete_entries() == []


def test_german_catalogue_translates_every_string():
    catalogue = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert catalogue.percent_translated() == 100


def test_catalogues_are_up_to_date_with_the_code(tmp_path):
    """Every translatable string in the code is in the catalogue (makemessages changes nothing)."""
    import shutil
    import subprocess
    import sys

    base = LOCALE.parent
    work = tmp_path / "project"
    shutil.copytree(
        base,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "*.mo", "__pycache__"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            "-v0",
            "--ignore=tests",
            "--ignore=bench",
        ],
        cwd=work,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONPATH": str(work),
        },
        timeout=300,
    )
    before = {e.msgid for e in polib.pofile(str(LOCALE / "de/LC_MESSAGES/django.po"))}
    after = {e.msgid for e in polib.pofile(str(work / "locale/de/LC_MESSAGES/django.po"))}
    assert after - before == set(), "run `make makemessages` and translate the new strings"
