"""Names as staff search them: the letters without their accents, in capitals.

A caseworker types "Yilmaz" on a German keyboard for "Yılmaz", "Mueller" (as
the passport's machine-readable zone writes it, ICAO Doc 9303 part 3) for
"Müller", "Lech Walesa" for "Lech Wałęsa". Both the stored name
(``Application.search_name``) and the words searched are brought to one
form, so that each of these finds the person:

- letters with a diacritic lose it (Unicode decomposition, the combining marks
  dropped: é → E, ş → S, ễ → E, İ → I);
- letters that are no letter with a mark are written as their plain Latin
  letters (ı → I, ł → L, ø → O, đ → D, ß → SS, æ → AE, œ → OE, þ → TH);
- the German spellings AE, OE, UE of Ä, Ö, Ü become A, O, U, so that "Mueller"
  and "Müller" meet in MULLER (a search finds rather more than less: "Joel"
  is JOL, and so is its search);
- spaces are single. Other scripts (Cyrillic, Greek, Arabic) keep their
  letters, in capitals where the script has them.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q

_PLAIN_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "Ŧ": "T",
        "ŋ": "n",
        "Ŋ": "N",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)
_GERMAN_SPELLINGS = (("AE", "A"), ("OE", "O"), ("UE", "U"))


def search_form(name: str) -> str:
    """``name`` as the search compares it (see the module's docstring)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_PLAIN_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    for spelling, letter in _GERMAN_SPELLINGS:
        plain = plain.replace(spelling, letter)
    return " ".join(plain.split())


def name_search(term: str, field: str) -> Q:
    """Every word of ``term`` in ``field``, a column holding ``search_form`` of a name."""
    found = Q()
    for word in term.split():
        found &= Q(**{f"{field}__contains": search_form(word)})
    return found
