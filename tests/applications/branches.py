"""Answers that open every branch of every journey, so that every step is reached.

Used by the accessibility sweep (tests/browser) and the input fuzzing of every
step (tests/applications/test_fuzz_steps.py).
"""

from __future__ import annotations

from tests.journeys import day, family_rows, member, member_key, step_answers

SPOUSE = member("spouse", "Emre", "02.02.1988", sex="male", place_of_birth="Ankara")
CHILD = member("child", "Can", "01.06.2015", place_of_birth="Nürnberg")


def branching_answers(kind: str) -> dict:
    answers = step_answers(
        kind,
        marital={"marital_status": "married"},
        earlier_stays={"earlier_stays": "yes"},
        children={"has_children": "yes"},
        legal={
            "convicted": "yes",
            "investigated": "no",
            "expelled": "yes",
            "entry_refused": "no",
            "title_refused": "no",
        },
        nat_children={"naturalise_children": "yes"},
    )
    answers["spouse"] = {
        "surname": "Yılmaz",
        "given_names": "Emre",
        "sex": "male",
        "date_of_birth": "02.02.1988",
        "place_of_birth": "Ankara",
        "nationality": "TR",
        "residence_status": "residence_permit",
        "residence_valid_until": day(30),
    }
    answers["earlier_stays_list"] = {
        "0-stay_from": "01.01.2010",
        "0-stay_to": "01.06.2010",
        "0-place": "Fürth, Bayern",
    }
    child = {
        "surname": "Yılmaz",
        "given_names": "Can",
        "sex": "male",
        "date_of_birth": "01.06.2015",
        "place_of_birth": "Nürnberg",
        "nationality": "TR",
    }
    answers["children_list"] = {f"0-{k}": v for k, v in child.items()}
    answers["nat_children_list"] = {
        **{f"0-{k}": v for k, v in child.items() if k not in ("sex",)},
        "0-own_income": "no",
    }
    answers["convictions"] = {
        "0-where": "germany",
        "0-date": "01.01.2020",
        "0-court": "AG Nürnberg",
        "0-offence": "Schwarzfahren",
        "0-penalty": "10 Tagessätze",
    }
    answers["legal_details"] = {"expulsion_details": "2015, Österreich"}
    # Section 4 names the spouse (not in a reunification with the spouse, who is the
    # sponsor there) and the child; both apply together.
    together = [CHILD] if kind == "family_reunification" else [SPOUSE, CHILD]
    answers["family_applicants"] = {"applicants": [member_key(person) for person in together]}
    rows = family_rows(*together, renewal=kind == "renewal")
    answers["family_applicants_list"] = {
        k: v for k, v in rows.items() if k not in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return answers


def client_answers(kind: str) -> dict:
    """``branching_answers`` for the test client: formset steps with their management form."""
    answers = branching_answers(kind)
    for step, data in answers.items():
        if step == "family_applicants_list":
            answers[step] = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", **data}
        elif any(key.startswith("0-") for key in data):
            rows = {int(key.split("-", 1)[0]) for key in data if key[:1].isdigit()}
            answers[step] = {"TOTAL_FORMS": str(len(rows)), "INITIAL_FORMS": "0", **data}
    return answers
