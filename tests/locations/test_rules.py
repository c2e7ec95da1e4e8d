"""The routing rule: which location is responsible for a request (locations.rules)."""

from __future__ import annotations

import pytest

from applications.constants import RequestKind
from appointments.rules import KINDS, unknown_kinds
from locations.rules import LocationFacts, bad_prefixes, responsible_location


def loc(id, kinds=("renewal",), prefixes=(), active=True):
    return LocationFacts(
        id=id, kinds=frozenset(kinds), postcode_prefixes=tuple(prefixes), active=active
    )


GENERAL = loc(1)
NORTH = loc(2, prefixes=("904",))
NORTH_CENTRE = loc(3, prefixes=("9041",))
CLOSED = loc(4, prefixes=("90411",), active=False)
NATURALISATION = loc(5, kinds=("naturalisation",))
OTHER_TOWN = loc(6, prefixes=("80",))


@pytest.mark.parametrize(
    ("kind", "postcode", "locations", "expected"),
    [
        # A matching prefix beats a location without prefixes.
        ("renewal", "90403", [GENERAL, NORTH], 2),
        # The order of the input does not matter.
        ("renewal", "90403", [NORTH, GENERAL], 2),
        # A location without prefixes serves a postcode no prefix matches.
        ("renewal", "96047", [GENERAL, NORTH], 1),
        # The longest matching prefix wins.
        ("renewal", "90411", [GENERAL, NORTH, NORTH_CENTRE], 3),
        ("renewal", "90403", [GENERAL, NORTH, NORTH_CENTRE], 2),
        # Prefixes of one location: its longest matching one counts.
        ("renewal", "90411", [loc(7, prefixes=("9", "90411")), NORTH_CENTRE], 7),
        # An inactive location is ignored, however specific.
        ("renewal", "90411", [CLOSED, NORTH], 2),
        ("renewal", "90411", [CLOSED], None),
        ("renewal", "90411", [loc(8, active=False)], None),
        # A location that does not handle the kind is ignored.
        ("naturalisation", "90403", [GENERAL, NORTH, NATURALISATION], 5),
        ("issue", "90403", [GENERAL, NORTH, NATURALISATION], None),
        # A location limited to other postcodes is not responsible.
        ("renewal", "90403", [OTHER_TOWN], None),
        # Ties go to the lowest id: two general locations, two equal prefixes.
        ("renewal", "90403", [loc(12), loc(11), loc(13)], 11),
        ("renewal", "90403", [loc(22, prefixes=("904",)), loc(21, prefixes=("904",))], 21),
        # No locations at all.
        ("renewal", "90403", [], None),
        # Surrounding blanks of the postcode are ignored.
        ("renewal", " 90411 ", [GENERAL, NORTH_CENTRE], 3),
        # A postcode that is not five digits only reaches general locations.
        ("renewal", "", [GENERAL, NORTH], 1),
    ],
)
def test_responsible_location(kind, postcode, locations, expected):
    assert responsible_location(kind=kind, postcode=postcode, locations=locations) == expected


def test_rule_accepts_any_iterable_and_reads_it_once():
    chosen = responsible_location(
        kind="renewal", postcode="90411", locations=iter([GENERAL, NORTH, NORTH_CENTRE])
    )
    assert chosen == 3


def test_rule_is_keyword_only():
    with pytest.raises(TypeError):
        responsible_location("renewal", "90403", [GENERAL])  # type: ignore[misc]


def test_facts_are_frozen():
    with pytest.raises(AttributeError):
        GENERAL.active = False  # type: ignore[misc]


def test_kinds_are_the_request_kinds():
    assert set(KINDS) == set(RequestKind.values)


@pytest.mark.parametrize(
    ("kinds", "unknown"),
    [
        (["issue", "renewal"], []),
        (list(RequestKind.values), []),
        (["issue", "visa", 3, None], ["visa", 3, None]),
        ([], []),
    ],
)
def test_unknown_kinds(kinds, unknown):
    assert unknown_kinds(kinds) == unknown


@pytest.mark.parametrize(
    ("prefixes", "bad"),
    [
        (["9", "90", "904", "9041", "90411"], []),
        (["904111"], ["904111"]),
        ([""], [""]),
        (["9a"], ["9a"]),
        ([" 904"], [" 904"]),
        (["904\n"], ["904\n"]),
        ([904], [904]),
        (["٩٠٤"], ["٩٠٤"]),  # Arabic-Indic digits are not postcode digits
        ([], []),
    ],
)
def test_bad_prefixes(prefixes, bad):
    assert bad_prefixes(prefixes) == bad
