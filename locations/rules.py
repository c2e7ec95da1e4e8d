"""Which location (Standort) is responsible for a request: the routing rule.

Pure (plain values in and out; no database, no request). Source: seed 000
("Für Sie zuständig"): the invitation letter gives "the address of the
location responsible" for the applicant. Which location handles what is the
office's own configuration (locations.models.Location), not law; this module
only decides between the configured locations, always the same way:

1. Only active locations that handle the request kind take part.
2. A location with postcode prefixes serves only postcodes that start with
   one of them; a location without prefixes serves every postcode.
3. The most specific location wins: the one with the longest matching prefix,
   and any matching prefix beats "no prefixes".
4. A tie (same length, or several locations without prefixes) goes to the
   lowest id, so that the answer never depends on the order of the input.

Request kinds are plain strings here (the values of
applications.constants.RequestKind): this app sits below the apps that know them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A German postcode: five digits. A prefix: one to five digits.
POSTCODE_PATTERN = r"^[0-9]{5}$"
PREFIX_PATTERN = r"^[0-9]{1,5}$"
_PREFIX = re.compile(PREFIX_PATTERN)


@dataclass(frozen=True)
class LocationFacts:
    """What the routing rule needs to know of one location."""

    id: int
    kinds: frozenset[str]
    # Empty: the location serves every postcode.
    postcode_prefixes: tuple[str, ...]
    active: bool


def _specificity(location: LocationFacts, postcode: str) -> int | None:
    """Length of the longest prefix of ``location`` that ``postcode`` starts with.

    0 for a location without prefixes (it serves every postcode); None when the
    location has prefixes and none of them matches.
    """
    if not location.postcode_prefixes:
        return 0
    lengths = [len(p) for p in location.postcode_prefixes if p and postcode.startswith(p)]
    return max(lengths) if lengths else None


def responsible_location(
    *, kind: str, postcode: str, locations: Iterable[LocationFacts]
) -> int | None:
    """The id of the location responsible for a request of ``kind`` from ``postcode``.

    Among the active locations that handle ``kind``, the one whose longest
    postcode prefix matches ``postcode`` wins; locations without prefixes serve
    any postcode but lose to a matching prefix; ties go to the lowest id.
    None when no location is responsible (no active location handles the kind,
    or all that do are limited to other postcodes). Surrounding blanks of the
    postcode are ignored; a postcode that is not five digits only reaches
    locations without prefixes (or whose prefix it happens to start with).
    """
    postcode = postcode.strip()
    best: tuple[int, int] | None = None  # (specificity, -id): the larger wins
    for location in locations:
        if not location.active or kind not in location.kinds:
            continue
        specificity = _specificity(location, postcode)
        if specificity is None:
            continue
        key = (specificity, -location.id)
        if best is None or key > best:
            best = key
    return None if best is None else -best[1]


def bad_prefixes(prefixes: Iterable[object]) -> list[object]:
    """The entries of ``prefixes`` that are not a string of one to five digits."""
    return [p for p in prefixes if not (isinstance(p, str) and _PREFIX.fullmatch(p))]
