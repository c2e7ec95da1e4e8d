"""Links on a staff page that its reader cannot follow (shared by the admin tests)."""

from __future__ import annotations

import re

ADMIN_LINK = re.compile(r'href="(/admin/[^"#?]*)"')
NOT_PAGES = ("/admin/logout/",)


def dead_links(client, html: str) -> list[tuple[str, int]]:
    """(url, status) of every admin link on the page that answers 403 or 404 to ``client``."""
    dead = []
    for url in sorted(set(ADMIN_LINK.findall(html))):
        if url.startswith(NOT_PAGES):
            continue
        status = client.get(url).status_code
        if status in (403, 404):
            dead.append((url, status))
    return dead
