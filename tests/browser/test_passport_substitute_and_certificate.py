"""Issue 19: the travel document for foreigners and the certificate of German citizenship,
filed by a guest from the start page to the receipt, in Debian's Chromium."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from applications.models import Application
from tests.browser.walking import CONTINUE, answer_until, current_step, fill_step, submit
from tests.chromium import axe_violations
from tests.journeys import day, step_answers
from tests.sample_files import tiny_png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def receipt_text(page) -> str:
    with page.expect_download() as download:
        page.locator("a[download]").click()
    with open(download.value.path(), "rb") as handle:
        receipt = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(pdf_page.extract_text() for pdf_page in receipt.pages)


def test_a_guest_applies_in_english_for_a_provisional_travel_document(page, live_server, tmp_path):
    page.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    page.goto("/")
    page.locator("#service-passport-substitute").locator(
        'a[href="/passersatz/reiseausweis/"]'
    ).click()
    main = page.locator("main").inner_text()
    assert "travel document for foreigners" in main
    assert "70.00" in main  # § 48 (1) Satz 1 Nr. 1c AufenthV since 1 May 2025
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_url("**/passersatz/reiseausweis/personal/")

    answers = step_answers(
        "passport_substitute",
        nationality={"nationality": "SY"},
        ps_travel={
            "travel_planned": "yes",
            "destination": "Türkei",
            "travel_purpose": "Beerdigung meines Vaters",
            "departure": day(10),
            "return_date": day(20),
            "provisional": "on",
        },
    )
    photo = tmp_path / "passbild.png"
    photo.write_bytes(tiny_png())
    answer_until(page, answers, "ps_efforts", upload=("biometric_photo", str(photo)))
    # The reason and the efforts of § 5 AufenthV are asked with their explanation.
    assert "§ 5 AufenthV" in page.locator("main").inner_text()
    page.locator(CONTINUE).click()  # nothing entered: refused next to the field
    page.wait_for_load_state()
    assert current_step(page) == "ps_efforts"
    assert page.locator(".error-summary").count() == 1
    answer_until(page, answers, "check", upload=("biometric_photo", str(photo)))

    summary = page.locator("main").inner_text()
    assert "passbild.png" in summary
    assert "26.00" in summary  # provisional, subsidiary protection: Nr. 1f
    assert axe_violations(page) == []
    submit(page, answers)
    application = Application.objects.get()
    assert application.kind == "passport_substitute"
    assert application.fee_quote_total == Decimal("26.00")
    assert application.uploads.filter(requirement="biometric_photo").exists()
    text = receipt_text(page)
    for expected in (application.reference, "Yılmaz", "Türkei", "26.00"):
        assert expected in text, expected


def test_a_guest_applies_in_german_for_a_certificate_of_citizenship_by_descent(page, tmp_path):
    page.goto("/")
    page.locator("#service-citizenship-certificate").locator(
        'a[href="/staatsangehoerigkeit/staatsangehoerigkeitsausweis/"]'
    ).click()
    assert page.locator("html").get_attribute("lang") == "de"
    assert "51,00" in page.locator("main").inner_text()
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_url("**/staatsangehoerigkeitsausweis/personal/")

    answers = step_answers("citizenship_certificate", nationality={"nationality": "DE"})
    answers["cc_grandparents"] = {
        "0-grandparent": "mother_father",
        "0-surname": "Schmidt",
        "0-given_names": "Karl",
        "0-date_of_birth": "05.05.1935",
        "0-place_of_birth": "Nürnberg",
    }
    birth_certificate = tmp_path / "geburtsurkunde.png"
    birth_certificate.write_bytes(tiny_png())
    answer_until(page, answers, "cc_grandparents", upload=None)
    # The mother is German by descent: her parents are asked, with a second row on request.
    fill_step(page, "cc_grandparents", answers["cc_grandparents"])
    page.locator('button[name="add_row"]').click()
    page.wait_for_load_state()
    fill_step(
        page,
        "cc_grandparents-1",
        {
            "grandparent": "mother_mother",
            "surname": "Schmidt",
            "given_names": "Erna",
            "date_of_birth": "07.07.1938",
            "place_of_birth": "Fürth",
        },
    )
    page.locator(CONTINUE).click()
    page.wait_for_load_state()
    answer_until(page, answers, "check", upload=("birth_certificate", str(birth_certificate)))

    summary = page.locator("main").inner_text()
    assert "Erna" in summary
    assert "Karl" in summary
    assert "51,00" in summary
    assert axe_violations(page) == []
    submit(page, answers)
    application = Application.objects.get()
    assert application.kind == "citizenship_certificate"
    assert [row["given_names"] for row in application.answers["cc_grandparents"]] == [
        "Karl",
        "Erna",
    ]
    text = receipt_text(page)
    for expected in (application.reference, "Schmidt", "Fürth", "51,00"):
        assert expected in text, expected
    assert "Eingangsbestätigung" in text
