"""Answers for every step of the residence-permit wizard, for tests (client and browser)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


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
            "sponsor_is_german": "no",
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
        "family_applicants": {"family_applies": "no"},
        "nat_residence_history": {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "0-period_from": "01.09.2018",
            "0-place": "Nürnberg",
            "0-title_held": "Aufenthaltserlaubnis zur Beschäftigung",
        },
        "nat_language": {"german_proof": "certificate", "german_level": "b1", "guest_worker": "no"},
        "nat_knowledge": {"knowledge_proof": "test", "test_score": "25", "test_date": "12.05.2024"},
        "nat_former_citizenship": {
            "former_citizenships": "türkisch",
            "keep_citizenship": "yes",
        },
        "nat_children": {"naturalise_children": "no"},
        "nat_commitment": {"commitment": "on"},
        "check": {},
        "declaration": {"filed_by": "applicant", "place": "Nürnberg", "confirm": "on"},
    }
    for step, values in overrides.items():
        answers[step] = values
    return answers
