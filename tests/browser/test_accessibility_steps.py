"""axe-core on every step of every journey, in its error state too, in German and English.

The steps are discovered by walking each journey with answers that open
every branch, so a step added later is checked without anyone remembering.
"""

from __future__ import annotations

import pytest

from applications import kinds
from tests.applications.branches import branching_answers
from tests.browser.pages import CONTINUE, current_step, fill_step
from tests.chromium import axe_violations
from tests.sample_files import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = {
    "renewal": "/aufenthaltserlaubnis/verlaengerung/",
    "family_reunification": "/aufenthaltserlaubnis/familiennachzug/",
    "blocked_account_release": "/sperrvermerk/aufhebung/",
    "naturalisation": "/einbuergerung/beantragen/",
    "change_of_conditions": "/aufenthaltserlaubnis/auflagenaenderung/",
    "passport_substitute": "/passersatz/reiseausweis/",
    "citizenship_certificate": "/staatsangehoerigkeit/staatsangehoerigkeitsausweis/",
}
NO_ERROR_STATE = {"check"}


def check_page(page, live_server, where: str) -> None:
    assert axe_violations(page) == [], where
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.reload()
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == [], f"{where} (en)"
    page.context.add_cookies([{"name": "portal_language", "value": "de", "url": live_server.url}])
    page.reload()


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_every_step_passes_axe_in_both_languages_and_in_its_error_state(
    page, live_server, tmp_path, kind
):
    page.goto(PATHS[kind])
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_load_state()
    answers = branching_answers(kind)
    seen = []
    for _guard in range(60):
        step = current_step(page)
        if step not in kinds.all_steps():
            break
        seen.append(step)
        check_page(page, live_server, f"{kind}/{step}")
        if step not in NO_ERROR_STATE and step != "documents":
            url = page.url
            page.locator(CONTINUE).click()
            page.wait_for_load_state()
            if page.locator(".error-summary").count():
                assert page.title().startswith("Fehler: "), step
                assert axe_violations(page) == [], f"{kind}/{step} (error state)"
            if current_step(page) != step:  # every field optional: it went on
                page.goto(url)
        if step == "documents":
            pdf = tmp_path / "pass.pdf"
            pdf.write_bytes(tiny_pdf())
            upload = page.locator('input[name="documents-file_passport"]')
            if upload.count():  # not every kind asks for a passport
                upload.set_input_files(str(pdf))
            for box in page.locator('input[type=checkbox][name^="documents-later_"]').all():
                if box.get_attribute("name") != "documents-later_passport":
                    box.check()
        elif step == "declaration":
            break
        else:
            fill_step(page, step, answers.get(step, {}))
        page.locator(CONTINUE).click()
        page.wait_for_load_state()
        assert current_step(page) != step, (step, page.locator("main").inner_text()[:800])
    expected = [name for name in kinds.get(kind).steps if name in seen]
    assert seen == expected
    assert "declaration" in seen
