"""Walking the request wizards in tests: answers for every step, and the walk through them.

Shared by the client tests and the browser tests; not a test module itself.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from applications.forms.family_members import person_key
from applications.views import JOURNEYS
from tests.sample_files import tiny_pdf


def day(offset_days: int) -> str:
    return (timezone.localdate() + timedelta(days=offset_days)).strftime("%d.%m.%Y")


def step_answers(kind: str = "renewal", **overrides) -> dict[str, dict[str, str]]:
    answers = {
        "personal": {
            "surname": "Yılmaz",
            "given_names": "Ayşe",
            "sex": "female",
            "date_of_birth": "14.03.1990",
            "place_of_birth": "Izmir",
            "country_of_birth": "TR",
        },
        "nationality": {"nationality": "TR"},
        "voluntary": {},
        "marital": {"marital_status": "single"},
        "passport": {
            "passport_kind": "own",
            "passport_type": "Reisepass",
            "passport_number": "U12345678",
            "issued_by": "Generalkonsulat Nürnberg, Türkei",
            "issued_on": "01.02.2022",
            "valid_until": day(3 * 365),
        },
        "address": {"street": "Äußere Laufer Gasse 1", "postcode": "90403", "town": "Nürnberg"},
        "earlier_stays": {"earlier_stays": "no"},
        "abroad": {"has_residence_abroad": "no"},
        "children": {"has_children": "no"},
        "parents": {"father_name": "Mehmet Yılmaz", "mother_name": "Fatma Yılmaz"},
        "followers": {},
        "entry": {"last_entry": "01.09.2023", "entry_type": "national_visa"},
        "title_held": {"holds_title": "no"},
        "visa": {
            "visa_issued_by": "Deutsche Botschaft Ankara",
            "visa_issued_on": "01.07.2023",
            "visa_number": "D1234567",
            "visa_valid_from": "15.08.2023",
            "visa_valid_until": "14.11.2023",
        },
        "current_title": {
            "title_kind": "residence_permit",
            "title_number": "Y0ABC1234",
            "title_valid_until": day(30),
        },
        "issue_current_title": {
            "title_kind": "residence_permit",
            "title_number": "Y0ABC1234",
            "title_valid_until": day(30),
        },
        "change": {"condition": "employment", "change_reason": "Neuer Arbeitgeber ab 1. März."},
        "purpose_group": {"purpose_group": "employment"},
        "purpose_detail": {
            "purpose": "employment.skilled_worker",
            "institution": "Muster GmbH, Nürnberg",
        },
        "duration": {"valid_from": day(31), "valid_until": day(31 + 364)},
        "livelihood": {"means": "Gehalt", "benefits": "none"},
        "health": {"illnesses": "no", "insurer": "AOK Bayern"},
        "legal": {
            "convicted": "no",
            "investigated": "no",
            "expelled": "no",
            "entry_refused": "no",
            "title_refused": "no",
        },
        "integration": {"german_level": "b1", "school_years": "12"},
        "reunification_kind": {"first_application": "issue"},
        "relation": {"relation": "spouse_of_foreigner"},
        "sponsor": {
            "sponsor_surname": "Yılmaz",
            "sponsor_given_names": "Emre",
            "sponsor_date_of_birth": "02.02.1988",
            "sponsor_nationality": "TR",
            "sponsor_title_kind": "residence_permit",
            "sponsor_title_valid_until": day(400),
        },
        "marriage": {"married_already": "yes"},
        "cohabitation": {"living_together_since": "01.10.2023"},
        "family_current_title": {
            "title_kind": "residence_permit",
            "title_number": "Y0ABC1234",
            "title_valid_until": day(30),
        },
        "bank": {
            "bank_name": "Sparkasse Nürnberg",
            "bank_street": "Lorenzer Platz 12",
            "bank_postcode": "90402",
            "bank_town": "Nürnberg",
            "iban": "DE89 3704 0044 0532 0130 00",
            "account_holder": "Ayşe Yılmaz",
        },
        "release_reason": {"reason": "change_of_purpose", "reason_details": "Arbeitsvertrag"},
        "family_applicants": {"applicants": "nobody"},
        "nat_residence_history": {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "0-period_from": "01.09.2018",
            "0-place": "Nürnberg",
            "0-title_held": "Aufenthaltserlaubnis zur Beschäftigung",
        },
        "nat_language": {"german_proof": "certificate", "german_level": "b1", "guest_worker": "no"},
        "nat_knowledge": {"knowledge_proof": "test", "test_score": "25", "test_date": "12.05.2024"},
        "nat_former_citizenship": {"keep_citizenship": "yes"},
        "nat_children": {"naturalise_children": "no"},
        "nat_commitment": {"commitment": "on"},
        # The travel document for foreigners (applications/forms/passport_substitute.py).
        "ps_passport": {
            "national_passport": "expired",
            "passport_number": "N0123456",
            "issued_by": "Botschaft der Arabischen Republik Syrien, Berlin",
            "valid_until": "01.02.2021",
        },
        "ps_status": {"status": "subsidiary_protection", "bamf_decision_date": "15.03.2022"},
        "ps_efforts": {
            "reason": "danger",
            "efforts": "Die Botschaft in Berlin verlangt eine Vorsprache; mein Bruder wurde "
            "nach einer Vorsprache bedroht. Schreiben der Botschaft vom 10.01.2025 liegt bei.",
            "last_attempt": "10.01.2025",
        },
        "ps_travel": {"travel_planned": "no"},
        # The certificate of citizenship (naturalisation/certificate_forms.py).
        "cc_identity": {"document": "german_id_card", "document_number": "L01X00T47"},
        "cc_acquisition": {"acquisition": "descent"},
        "cc_parents": {
            "mother_surname": "Yılmaz",
            "mother_birth_name": "Schmidt",
            "mother_given_names": "Anna",
            "mother_date_of_birth": "03.04.1962",
            "mother_place_of_birth": "Fürth",
            "mother_citizenship": "descent",
            "father_surname": "Yılmaz",
            "father_given_names": "Mehmet",
            "father_date_of_birth": "01.01.1960",
            "father_place_of_birth": "Izmir",
            "father_citizenship": "not_german",
            "parents_married": "yes",
            "marriage_date": "12.06.1988",
            "marriage_place": "Nürnberg",
        },
        "cc_grandparents": {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "0-grandparent": "mother_father",
            "0-surname": "Schmidt",
            "0-given_names": "Karl",
            "0-date_of_birth": "05.05.1935",
            "0-place_of_birth": "Nürnberg",
            "0-marriage_date": "01.08.1958",
            "0-marriage_place": "Nürnberg",
        },
        "cc_residence": {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "0-period_from": "14.03.1990",
            "0-place": "Nürnberg",
            "0-country": "Deutschland",
        },
        "cc_purpose": {"purpose": "adoption"},
        "check": {},
        "declaration": {"filed_by": "applicant", "place": "Nürnberg", "confirm": "on"},
    }
    for step, values in overrides.items():
        answers[step] = values
    if "declaration" not in overrides and _minor(answers["personal"]["date_of_birth"]):
        # Under 18 the legal representative submits (§ 80 (1) AufenthG).
        answers["declaration"] = {
            "filed_by": "representative",
            "representative_name": "Fatma Yılmaz",
            "place": "Nürnberg",
            "confirm": "on",
        }
    return answers


def _minor(born: str) -> bool:
    from portal.periods import date_of_age

    birth = datetime.strptime(born, "%d.%m.%Y").date()
    return timezone.localdate() < date_of_age(birth, 18)


SLUG = {
    "issue": "erteilung",
    "renewal": "verlaengerung",
    "change_of_conditions": "auflagenaenderung",
    "family_reunification": "familiennachzug",
    "blocked_account_release": "aufhebung",
    "naturalisation": "beantragen",
    "passport_substitute": "reiseausweis",
    "citizenship_certificate": "staatsangehoerigkeitsausweis",
}


def step_url(kind: str, step: str) -> str:
    return reverse(f"applications:{SLUG[kind]}-step", kwargs={"step": step})


def start(client, kind: str):
    response = client.post(reverse(f"applications:{SLUG[kind]}-start"))
    assert response.status_code == 302
    return response


def post_step(client, kind, step, data, **extra):
    payload = {f"{JOURNEYS[kind].journey}-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(step_url(kind, step), payload, **extra)


def walk(
    client,
    kind: str,
    answers: dict,
    *,
    until: str | None = None,
    upload: bool = False,
    resume: bool = False,
):
    """Answer every step in the order the wizard asks; returns the last response.

    ``resume``: go on with the draft of the session from its first unanswered step.
    """
    if resume:
        last = step_url(kind, "declaration")
        page = client.get(last)
        location = page["Location"] if page.status_code == 302 else last
    else:
        location = start(client, kind)["Location"]
    response = None
    while True:
        step = location.rstrip("/").split("/")[-1]
        if step == until:
            return location
        if step == "documents":
            response = post_documents(client, kind, upload=upload)
        else:
            response = post_step(client, kind, step, answers[step])
        assert response.status_code == 302, (step, response.content.decode()[:3000])
        location = response["Location"]
        if location.startswith("/antrag/"):
            return response


def post_documents(client, kind, *, upload=False):
    """The documents step: ``upload`` True sends a PDF for the passport, a tuple of
    requirement codes one for each (named after the code); the rest "later"."""
    page = client.get(step_url(kind, "documents"))
    form = page.context["form"]
    data = {f"{JOURNEYS[kind].journey}-current_step": "documents"}
    uploaded = upload if isinstance(upload, tuple) else ("passport",) if upload else ()
    for requirement in form.requirements:
        if requirement.code in uploaded:
            data[f"documents-file_{requirement.code}"] = io.BytesIO(tiny_pdf())
            data[f"documents-file_{requirement.code}"].name = (
                "pass.pdf" if requirement.code == "passport" else f"{requirement.code}.pdf"
            )
        else:
            data[f"documents-later_{requirement.code}"] = "on"
    return client.post(step_url(kind, "documents"), data)


# --- Whole-family filing: the people of section 4 who apply together ----------------------

IDENTITY = ("surname", "given_names", "sex", "date_of_birth", "place_of_birth", "nationality")
# What the family list asks of each person (the rest is known from section 4).
MISSING = (
    "passport_number",
    "passport_valid_until",
    "title_number",
    "title_valid_until",
    "convicted",
    "other_legal_matters",
)


def member(relation, given, born, **extra):
    """A family member: identity (as in section 4) and the details only the family list asks."""
    values = {
        "relation": relation,
        "surname": "Yılmaz",
        "given_names": given,
        "sex": "female" if relation == "spouse" else "male",
        "date_of_birth": born,
        "place_of_birth": "Izmir",
        "nationality": "TR",
        "passport_number": f"U{sum(map(ord, given)) * 7919 % 10**8:08d}",
        "passport_valid_until": day(1000),
        "title_number": "Y0XYZ9876",
        "title_valid_until": day(30),
        "convicted": "no",
        "other_legal_matters": "no",
    }
    values.update(extra)
    return values


def member_key(values: dict) -> str:
    """The key under which the family list names this person (applications.forms.family_members)."""
    iso = datetime.strptime(values["date_of_birth"], "%d.%m.%Y").date().isoformat()
    return person_key(values["relation"], {**values, "date_of_birth": iso})


def family_rows(*members, renewal: bool = True) -> dict:
    """The family list as posted: per person (by key) only the details it asks."""
    asked = [name for name in MISSING if renewal or not name.startswith("title_")]
    rows = {"TOTAL_FORMS": str(len(members)), "INITIAL_FORMS": "0"}
    for values in members:
        key = member_key(values)
        rows.update({f"{key}-{name}": values[name] for name in asked if name in values})
    return rows


def family_answers(kind: str, *members, spouse_extra=None, **overrides) -> dict:
    """Answers with the members entered in section 4 (spouse, children) and selected as
    applying together; ``members`` as ``member()`` makes them."""
    answers = step_answers(kind, **overrides)
    spouses = [values for values in members if values["relation"] == "spouse"]
    children = [values for values in members if values["relation"] == "child"]
    if spouses:
        answers["marital"] = {"marital_status": "married"}
        answers["spouse"] = {
            **{name: spouses[0][name] for name in IDENTITY},
            "residence_status": "residence_permit",
            "residence_valid_until": day(30),
            **(spouse_extra or {}),
        }
    if children:
        answers["children"] = {"has_children": "yes"}
        answers["children_list"] = {"TOTAL_FORMS": str(len(children)), "INITIAL_FORMS": "0"}
        for index, values in enumerate(children):
            answers["children_list"].update({f"{index}-{name}": values[name] for name in IDENTITY})
    answers["family_applicants"] = {
        "applicants": [member_key(values) for values in members] or "nobody"
    }
    answers["family_applicants_list"] = family_rows(*members)
    return answers


CHECK = {
    "identity_clarified": "yes",
    "residence_since": "01.09.2018",
    "has_right_of_residence": "yes",
    "german_level": "b1",
    "german_proof": "certificate",
    "guest_worker": "no",
    "knowledge_proof": "test",
    "test_score": "25",
    "receives_benefits": "no",
    "livelihood_secured": "yes",
    "convicted": "no",
    "special_integration": "no",
    "commitment": "yes",
    "minor_children": "2",
}


# --- The message to the naturalisation team (naturalisation/contact.py) -------------------

CONTACT_ANSWERS = {
    "given_names": "Ana Maria",
    "surname": "Kontaktmusterfrau",
    "date_of_birth": "14.03.1990",
    "street": "Königstraße 77",
    "postcode": "90762",
    "town": "Fürth",
    "phone": "0911 123456",
    "message": "Ich habe eine Frage zu meinen Sprachnachweisen, bitte rufen Sie mich an.",
}


def contact_message_send(client, **overrides):
    """Post the contact form as the page renders it, filled with ``CONTACT_ANSWERS``."""
    from tests.rendered_forms import rendered_form

    url = reverse("naturalisation:contact")
    form = rendered_form(client.get(url, secure=True), form_id="contact-form")
    for name, value in {**CONTACT_ANSWERS, **overrides}.items():
        form[name] = value
    return client.post(form.action or url, form.data(), secure=True)
