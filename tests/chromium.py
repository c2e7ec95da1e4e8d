"""Debian's Chromium for the browser tests, and the axe-core accessibility check run in a page."""

from __future__ import annotations

import os

from tests.environment import BASE_DIR

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core (npm package, served from disk) on the page; WCAG 2.1 A/AA rules."""
    # Evaluated through the DevTools protocol, so the page's CSP (rightly
    # without 'unsafe-inline') does not block it.
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
