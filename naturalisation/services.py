"""Writes of the naturalisation app."""

from __future__ import annotations

from portal.models import Draft


def quick_check_prefill(data: dict) -> dict:
    """Initial values of application steps from the quick check's answers (pure)."""
    prefill = {
        "nat_language": {
            "german_proof": data.get("german_proof"),
            "german_level": data.get("german_level"),
            "guest_worker": data.get("guest_worker"),
        },
        "nat_knowledge": {"knowledge_proof": data.get("knowledge_proof")},
        "nat_children": {"naturalise_children": bool(data.get("minor_children"))},
        "legal": {"convicted": data.get("convicted")},
    }
    since = data.get("residence_since")
    if since:
        # The first period of the residence history begins on the day the quick check gave.
        prefill["nat_residence_history"] = [{"period_from": since.strftime("%d.%m.%Y")}]
    children = data.get("minor_children") or 0
    if children:
        # One row per child the quick check counted, to be filled in.
        prefill["nat_children_list"] = [{} for _child in range(min(children, 20))]
    if data.get("knowledge_proof") == "test" and data.get("test_score") is not None:
        prefill["nat_knowledge"]["test_score"] = data["test_score"]
    if data.get("receives_benefits") is False:
        prefill["livelihood"] = {"benefits": "none"}
    return {
        step: values
        if isinstance(values, list)
        else {key: value for key, value in values.items() if value not in (None, "")}
        for step, values in prefill.items()
    }


def draft_prefill_from_quick_check(*, draft: Draft, data: dict) -> None:
    state = {
        "step": None,
        "step_data": {},
        "step_files": {},
        "extra_data": {"prefill": quick_check_prefill(data)},
    }
    Draft.objects.filter(pk=draft.pk).update(state=state)
