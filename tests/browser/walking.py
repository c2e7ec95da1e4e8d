"""Walking a journey in the browser: filling a step and answering until a step.

Shared by browser tests; not a test module itself. Unlike the residence-permit
walk, the documents step uploads the file of any requirement (``upload``), not
only the passport.
"""

from __future__ import annotations

from tests.browser.pages import CONTINUE, current_step, fill_step

__all__ = ["CONTINUE", "answer_until", "current_step", "fill_step", "submit"]


def answer_until(page, answers: dict, stop: str, *, upload: tuple[str, str] | None = None) -> None:
    """Answer each step until ``stop``; at the documents step upload ``(code, path)`` and
    declare every other document as handed in later."""
    while current_step(page) != stop:
        step = current_step(page)
        if step == "documents":
            code = upload[0] if upload else None
            if upload:
                page.locator(f'input[name="documents-file_{code}"]').set_input_files(upload[1])
            for box in page.locator('input[type=checkbox][name^="documents-later_"]').all():
                if box.get_attribute("name") != f"documents-later_{code}":
                    box.check()
        else:
            fill_step(page, step, answers.get(step, {}))
        page.locator(CONTINUE).click()
        page.wait_for_load_state()
        assert current_step(page) != step or page.locator(".error-summary").count() == 0, (
            step,
            page.locator(".error-summary").inner_text(),
        )


def submit(page, answers: dict) -> None:
    """From the check page: the declaration, then the confirmation page."""
    assert current_step(page) == "check"
    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")
