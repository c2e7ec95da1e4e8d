"""Walking the wizards in Chromium with empty steps: start pages, the step of a URL, filling.

Shared by the browser tests; not a test module itself.
"""

from __future__ import annotations

from tests.browser.pages import CONTINUE, current_step, fill, fill_step

__all__ = [
    "CONTINUE",
    "QUICK_CHECK",
    "QUICK_CHECK_ANSWERS",
    "START_PAGES",
    "current_step",
    "fill",
    "fill_step",
    "submit",
]

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


def submit(page, selector: str = CONTINUE) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()
