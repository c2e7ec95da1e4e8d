"""Walking the wizards in Chromium with empty steps: start pages, the step of a URL, filling.

Shared by the browser tests; not a test module itself.
"""

from __future__ import annotations

from tests.browser.pages import CONTINUE, current_step, fill, fill_step
from tests.journeys import CHECK

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
QUICK_CHECK_ANSWERS = CHECK


def submit(page, selector: str = CONTINUE) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()
