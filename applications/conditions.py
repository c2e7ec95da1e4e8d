"""When a step of the residence-permit wizard is shown: small pure predicates.

Each takes the answers so far (step name -> cleaned data, or None for a step
not answered) and decides one thing.
"""

from __future__ import annotations

from .purposes import purpose_by_code

PARTNERED = {"married", "partnership", "separated"}
VISA_ENTRIES = {"national_visa", "schengen_visa"}


def _get(answers, step, field, default=None):
    data = answers.get(step) or {}
    return data.get(field, default) if isinstance(data, dict) else default


SPOUSE_RELATIONS = {"spouse_of_german", "spouse_of_foreigner"}


def spouse_applies(answers) -> bool:
    """Spouse or registered partner only when married or partnered (form 002, section 4).

    Not when the spouse is the sponsor of a family reunification: they were
    just entered as the sponsor, and nobody is asked the same thing twice.
    """
    if _get(answers, "relation", "relation") in SPOUSE_RELATIONS:
        return False
    return _get(answers, "marital", "marital_status") in PARTNERED


def marriage_applies(answers) -> bool:
    """Marriage questions (seed 004: marriage visa) for spouses joining their partner."""
    return _get(answers, "relation", "relation") in SPOUSE_RELATIONS


def cohabitation_applies(answers) -> bool:
    """Living together in Germany: the start of the three years of seed 004 (§ 31 AufenthG)."""
    return marriage_applies(answers) and _get(answers, "marriage", "married_already") == "yes"


def reunification_renewal(answers) -> bool:
    return _get(answers, "reunification_kind", "first_application") == "renewal"


def issue_title_held(answers) -> bool:
    """A first request from someone who already holds a German title (§ 81 (4) AufenthG)."""
    return _get(answers, "title_held", "holds_title") is True


def earlier_stays_listed(answers) -> bool:
    return _get(answers, "earlier_stays", "earlier_stays") is True


def children_listed(answers) -> bool:
    return _get(answers, "children", "has_children") is True


def visa_applies(answers) -> bool:
    """Visa data only for an entry with a visa (form 002, section 5)."""
    return _get(answers, "entry", "entry_type") in VISA_ENTRIES


def convictions_listed(answers) -> bool:
    return _get(answers, "legal", "convicted") is True


def legal_details_apply(answers) -> bool:
    return any(
        _get(answers, "legal", question) is True
        for question in ("investigated", "expelled", "entry_refused", "title_refused")
    )


def integration_applies(answers) -> bool:
    """Section 11 only for the purposes the form names (§ 44 AufenthG).

    Family reunification is such a purpose in every relation.
    """
    if _get(answers, "relation", "relation"):
        return True
    code = _get(answers, "purpose_detail", "purpose")
    if not code:
        return False
    try:
        return purpose_by_code(code).integration_relevant
    except KeyError:
        return False


def naturalised_children_listed(answers) -> bool:
    return _get(answers, "nat_children", "naturalise_children") is True
