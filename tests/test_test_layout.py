"""The tests' own layout: shared helpers live in helper modules, never in a test module.

The benchmarks in bench/ reuse the same helpers, so they are checked too.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(path: Path) -> list[str]:
    """The modules of ``tests`` that ``path`` imports and that are test modules or conftests."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            last = name.split(".")[-1]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                found.append(name)
    return found


def test_no_test_module_imports_another_test_module():
    offenders = {
        str(path.relative_to(TESTS.parent)): imported
        for folder in (TESTS, TESTS.parent / "bench")
        for path in sorted(folder.rglob("*.py"))
        if (imported := imported_test_modules(path))
    }
    assert offenders == {}


def test_the_check_sees_an_import_of_a_test_module(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from tests.applications."
        "test_wizard import walk\n"
        "from tests.journeys import walk\n"
        "import tests.appointments.conftest\n"
    )
    assert imported_test_modules(sample) == [
        "tests.applications.test_wizard",
        "tests.appointments.conftest",
    ]
