"""Driving the wizard in Chromium: the current step, filling a step, answering up to a step."""

from __future__ import annotations

from tests.sample_files import tiny_pdf

CONTINUE = ".wizard-actions button[type=submit]"


def current_step(page) -> str:
    return page.url.rstrip("/").split("/")[-1]


def fill(page, name: str, value) -> None:
    """Fill one field as a person would: choose, tick (each box of a group) or type."""
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


def start_renewal(page) -> None:
    page.goto("/")
    page.locator('a[href="/aufenthaltserlaubnis/verlaengerung/"]').click()
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_url("**/personal/")


def answer_until(page, answers: dict, stop: str, tmp_path) -> None:
    while current_step(page) != stop:
        step = current_step(page)
        if step == "documents":
            pdf = tmp_path / "reisepass.pdf"
            pdf.write_bytes(tiny_pdf())
            page.locator('input[name="documents-file_passport"]').set_input_files(str(pdf))
            for box in page.locator('input[type=checkbox][name^="documents-later_"]').all():
                if box.get_attribute("name") != "documents-later_passport":
                    box.check()
        else:
            fill_step(page, step, answers.get(step, {}))
        page.locator(CONTINUE).click()
        page.wait_for_load_state()
        assert current_step(page) != step or page.locator(".error-summary").count() == 0, (
            step,
            page.locator(".error-summary").inner_text(),
        )
