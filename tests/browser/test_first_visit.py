"""The first visit of the start page weighs at most 150 KB as deployed, fonts included.

Chromium opens the start page with an empty cache; every request it makes is
recorded. The bytes counted for each are what the deployment sends: the page
as served (HTML is not compressed, see README "First visit"), and for static
files what WhiteNoise serves to a browser that accepts Brotli, read from a
real ``collectstatic`` with the production storage (hashed, compressed
files): the ``.br`` file where ``collectstatic`` made one, the file itself
otherwise (fonts are compressed already).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.environment import BASE_DIR, PRODUCTION_ENV, base_environment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150_000  # bytes


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """STATIC_ROOT after `collectstatic` with the production settings."""
    root = tmp_path_factory.mktemp("static")
    env = base_environment(root)
    env.update(PRODUCTION_ENV)
    env["STATIC_ROOT"] = str(root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    return root


def served_bytes(root: Path, path: str) -> tuple[int, str]:
    """What the deployment sends for a static path (Brotli where collectstatic made it).

    The deployed page names the hashed file (its CSS names hashed fonts), so
    that file is counted.
    """
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    relative = path.removeprefix("/static/")
    original = root / manifest[relative]
    assert original.is_file(), f"{relative} is not collected"
    compressed = Path(f"{original}.br")
    if compressed.is_file():
        return compressed.stat().st_size, "br"
    return original.stat().st_size, "identity"


def first_visit(page, live_server) -> list[dict]:
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    found = []
    for request in requests:
        response = request.response()
        found.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "status": response.status,
                "body": response.body(),
            }
        )
    return found


def test_the_first_visit_is_at_most_150_kb_with_its_fonts(page, live_server, collected):
    visit = first_visit(page, live_server)
    host = urlsplit(live_server.url).netloc
    assert all(urlsplit(item["url"]).netloc == host for item in visit)  # nothing from elsewhere
    assert all(item["status"] == 200 for item in visit), [
        (item["url"], item["status"]) for item in visit
    ]
    total, lines = 0, []
    for item in visit:
        path = urlsplit(item["url"]).path
        if path.startswith("/static/"):
            size, encoding = served_bytes(collected, path)
        else:
            size, encoding = len(item["body"]), "identity"
        total += size
        lines.append(f"{size:8,} {encoding:8} {item['type']:10} {path}")
    report = "\n".join(lines) + f"\n{total:8,} in all"
    fonts = [item for item in visit if item["type"] == "font"]
    # Only the subset faces the page uses: Latin, no italics, nothing of the full faces.
    assert fonts, report
    assert all("/static/fonts/FiraSans-" in item["url"] for item in fonts), report
    assert all(item["url"].endswith("-latin.woff2") for item in fonts), report
    assert len(fonts) <= 3, report
    assert total <= BUDGET, report
    print(report)


def test_a_name_with_diacritics_loads_the_latin_extended_faces(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    page.wait_for_load_state("networkidle")
    page.evaluate(
        """() => {
            const name = document.createElement("p");
            name.className = "kern-body";
            name.textContent = "Wiśniewska, Nguyễn Thị, Yılmaz, Ayşe";
            document.querySelector("main").append(name);
            return document.fonts.ready.then(() => true);
        }"""
    )
    page.wait_for_load_state("networkidle")
    assert any(url.endswith("/static/fonts/FiraSans-Regular-latin-ext.woff2") for url in requested)
    loaded = page.evaluate(
        """() => [...document.fonts]
                 .filter(face => face.status === "loaded" && face.weight === "400")
                 .map(face => face.unicodeRange)"""
    )
    # Both subsets of the regular face are in use: the letters render in Fira Sans.
    assert len(loaded) == 2, loaded
    assert any("U+15A" in ranges or "U+100-" in ranges for ranges in loaded), loaded


def test_the_pages_declare_swap_and_only_the_subset_faces():
    css = (BASE_DIR / "build" / "fonts" / "fonts.css").read_text()
    assert css.count("@font-face") == 6
    assert css.count("font-display: swap") == 6
    assert "italic" not in css
    for name in ("Regular", "Medium", "SemiBold"):
        for subset in ("latin", "latin-ext"):
            font = BASE_DIR / "build" / "fonts" / f"FiraSans-{name}-{subset}.woff2"
            assert font.read_bytes()[:4] == b"wOF2"
            assert font.stat().st_size < 30_000
    assert os.path.getsize(BASE_DIR / "build" / "fonts" / "FiraSans-Regular-latin.woff2") < 15_000
