"""HTML written in Python for pages with many values (selects, the check page, the worklist)."""

from __future__ import annotations

import html


def escape(text) -> str:
    """Django's ``conditional_escape``, without its lazy-string wrapper.

    Safe strings (``__html__``) pass as they are; anything else is made a string
    and escaped like Django's ``escape`` (``&``, ``<``, ``>``, ``"`` and ``'``).
    Django's version checks every argument for a lazy string first, which costs
    more than the escaping itself when a page writes hundreds of values.
    """
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
