"""Citations of German statutes in the English form of the portal's English pages.

The rules cite the statutes as German lawyers write them ("§ 81 Abs. 4 Satz 1
AufenthG"); the English texts of the portal write "§ 81 (4) sentence 1
AufenthG": the section sign and the German abbreviation of the act stay (they
are how the act is found), subsections in brackets, "sentence", "no.", letters
in brackets. ``english_citation`` turns the one into the other (pure);
``cite`` does so when the active language is English.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

_ITEM = r"\d+[a-z]?"

# In order: the lists first ("Abs. 3 bis 5", "Buchst. a bis c"), then single items.
_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(rf"\bAbs\. ({_ITEM}) (bis|und) ({_ITEM})\b"), r"(\1) \2 (\3)"),
    (re.compile(rf"\bAbs\. ({_ITEM})((?:, {_ITEM})+)\b"), r"(\1)\2"),
    (re.compile(rf"\bAbs\. ({_ITEM})\b"), r"(\1)"),
    (re.compile(r"\bBuchst\. ([a-z]) (bis|und) ([a-z])\b"), r"(\1) \2 (\3)"),
    (re.compile(r"\bBuchst\. ([a-z])\b"), r"(\1)"),
    (re.compile(r"\bSätze (\d+) (bis|und) (\d+)\b"), r"sentences \1 \2 \3"),
    (re.compile(r"\bSatz (\d+)\b"), r"sentence \1"),
    (re.compile(r"\bNr\. "), "no. "),
    (re.compile(r"\bi\. ?d\. ?F\. "), "as amended by "),
    (re.compile(r"\bi\. ?V\. ?m\. "), "in conjunction with "),
    (re.compile(r"\bS\. (\d+)\b"), r"p. \1"),
    (re.compile(r" bis "), " to "),
    (re.compile(r" und "), " and "),
)
# The (1), (2) of the subsections, with the comma lists ("(1), 3" -> "(1), (3)").
_LIST_AFTER = re.compile(rf"\((\d+[a-z]?)\)((?:, {_ITEM})+)")


def english_citation(text: str) -> str:
    """``text`` with its German citations in the English form (see the module docstring).

    "§ 81 Abs. 4 Satz 1 AufenthG" -> "§ 81 (4) sentence 1 AufenthG";
    "§ 10 Abs. 1 Satz 1 Nr. 3 Buchst. a bis c StAG" -> "§ 10 (1) sentence 1
    no. 3 (a) to (c) StAG". Text without a citation is returned unchanged.
    """
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _LIST_AFTER.sub(
        lambda match: f"({match.group(1)})" + re.sub(rf", ({_ITEM})", r", (\1)", match.group(2)),
        text,
    )


def cite(text) -> str:
    """``text`` as the active language cites: the English form on English pages."""
    if text is None:
        return ""
    text = str(text)
    if (get_language() or "").startswith("en"):
        return english_citation(text)
    return text
