"""Walking the wizards in Chromium with empty steps: start pages, the step of a URL, filling.

Shared by the browser tests; not a test module itself.
"""

from __future__ import annotations

CONTINUE = ".wizard-actions button[type=submit]"

# Where each journey starts (its service start page).
START_PAGES = {
    "issue": "/aufenthaltserlaubnis/erteilung/",
    "renewal": "/aufenthaltserlaubnis/verlaengerung/",
    "change_of_conditions": "/aufenthaltserlaubnis/auflagenaenderung/",
    "family_reunification": "/aufenthaltserlaubnis/familiennachzug/",
    "blocked_account_release": "/sperrvermerk/aufhebung/",
    "naturalisation": "/einbuergerung/beantragen/",
    "passport_substitute": "/passersatz/reiseausweis/",
    "citizenship_certificate": "/staatsangehoerigkeit/staatsangehoerigkeitsausweis/",
}
QUICK_CHECK = "/einbuergerung/"

# Answers of the quick check that lead to a result with the application button.
QUICK_CHECK_ANSWERS = {
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


def current_step(page) -> str:
    return page.url.rstrip("/").split("/")[-1]


def fill(page, name: str, value: str) -> None:
    field = page.locator(f'[name="{name}"]').first
    kind = field.evaluate("e => e.tagName === 'SELECT' ? 'select' : (e.type || 'text')")
    if kind == "select":
        field.select_option(value)
    elif kind == "radio":
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    elif kind == "checkbox" and page.locator(f'input[name="{name}"]').count() > 1:
        for item in value if isinstance(value, list) else [value]:
            page.locator(f'input[name="{name}"][value="{item}"]').check()
    elif kind == "checkbox":
        field.check()
    else:
        field.fill(value)


def fill_step(page, step: str, values: dict[str, str]) -> None:
    for key, value in values.items():
        if key in ("TOTAL_FORMS", "INITIAL_FORMS"):
            continue  # a formset's management fields: the page sets them
        fill(page, f"{step}-{key}", value)


def submit(page, selector: str = CONTINUE) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()
