"""Names as staff search them (applications/names.py): a table, and the two lists' searches."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Application
from applications.names import search_form
from tests.factories import ApplicationFactory, StaffFactory
from tests.staff import staff_client


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Yılmaz", "YILMAZ"),  # Turkish dotless i
        ("İpek Şahin", "IPEK SAHIN"),  # dotted capital I, s with cedilla
        ("Ayşe Gül", "AYSE GUL"),
        ("Ağaoğlu", "AGAOGLU"),  # g with breve
        ("Müller", "MULLER"),
        ("Mueller", "MULLER"),  # the passport's MRZ spelling of ü (ICAO 9303)
        ("MÜLLER-LÜDENSCHEIDT", "MULLER-LUDENSCHEIDT"),
        ("Groß", "GROSS"),
        ("Gross", "GROSS"),
        ("Wałęsa", "WALESA"),  # Polish l with stroke, e with ogonek
        ("Wiśniewska", "WISNIEWSKA"),
        ("Nguyễn Thị Minh Khai", "NGUYEN THI MINH KHAI"),  # Vietnamese: two marks on one letter
        ("Søren Kierkegaard", "SOREN KIERKEGAARD"),
        ("Đorđević", "DORDEVIC"),
        ("Ægir", "AGIR"),  # Æ → AE → A, as "Aegir" → A
        ("Aegir", "AGIR"),
        ("José  María", "JOSE MARIA"),  # spaces single
        ("Иванов", "ИВАНОВ"),  # other scripts keep their letters
        ("", ""),
    ],
)
def test_the_search_form_of_a_name(name, form):
    assert search_form(name) == form


@pytest.mark.django_db
def test_saving_a_request_writes_its_search_name_also_with_update_fields():
    application = ApplicationFactory(surname="Yılmaz", given_names="Ayşe")
    assert Application.objects.get(pk=application.pk).search_name == "YILMAZ AYSE"
    application.surname = "Öztürk"
    application.save(update_fields=["surname"])
    assert Application.objects.get(pk=application.pk).search_name == "OZTURK AYSE"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    ["Yilmaz", "yılmaz", "YILMAZ", "ayse yilmaz", "Yilmaz Ayşe", "ilma", "U12345678"],
)
def test_the_worklist_finds_a_name_typed_without_its_accents(typed):
    lead = StaffFactory(role="Teamleitung")
    wanted = ApplicationFactory(surname="Yılmaz", given_names="Ayşe", passport_number="U12345678")
    ApplicationFactory(surname="Yıldız", given_names="Emre", passport_number="U87654321")
    html = staff_client(lead).get(
        reverse("admin:applications_application_changelist"), {"q": typed}
    )
    assert html.status_code == 200
    assert wanted.reference in html.content.decode()
    assert html.content.decode().count('class="field-reference_link"') == 1


@pytest.mark.django_db
def test_every_word_must_be_in_the_name():
    lead = StaffFactory(role="Teamleitung")
    ApplicationFactory(surname="Yılmaz", given_names="Ayşe")
    html = staff_client(lead).get(
        reverse("admin:applications_application_changelist"), {"q": "Ayse Okafor"}
    )
    assert html.content.decode().count('class="field-reference_link"') == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "found"), [("Muller", 1), ("mueller", 1), ("90489", 1), ("", 2)])
def test_the_print_queue_finds_a_recipient_typed_without_accents(
    letter_storage, django_user_model, typed, found
):
    from tests.appointments.booking import at, invited, print_staff, waiting_letter, with_address
    from tests.appointments.building import FIRST_DAY, make_location

    location = make_location()
    for hour, (postcode, surname) in enumerate((("90403", "Müller"), ("90489", "Zeller")), 8):
        application, appointment, _code = invited(
            location, at(FIRST_DAY, hour), **with_address(postcode, surname)
        )
        waiting_letter(application, appointment, pdf=b"%PDF-1.7 test")
    client = staff_client(print_staff(django_user_model))
    html = client.get(reverse("admin:appointments_invitationletter_changelist"), {"q": typed})
    assert html.status_code == 200
    assert html.content.decode().count('class="field-recipient"') == found
