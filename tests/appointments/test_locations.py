"""Locations in the database: demo data, the routing service, the admin form, constraints."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from applications.constants import RequestKind
from appointments.admin import LocationForm
from appointments.demo import (
    CENTRAL_NAME,
    DEMO_NATURALISATION_NAME,
    DEMO_NORTH_NAME,
    demo_locations_ensure,
)
from appointments.models import Location
from locations.selectors import location_facts, location_for

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "Standort Test",
        "street": "Musterstraße 1",
        "postcode": "00000",
        "town": "Musterstadt",
        "phone": "",
        "kinds": ["renewal", "issue"],
        "postcode_prefixes": "9041, 904",
        "active": "on",
        "is_demo": "on",
    }
    data.update(changes)
    return data


def test_demo_locations_are_idempotent():
    first = demo_locations_ensure()
    Location.objects.filter(name=DEMO_NORTH_NAME).update(active=False, postcode_prefixes=[])
    second = demo_locations_ensure()
    assert Location.objects.count() == 3
    assert [loc.pk for loc in first] == [loc.pk for loc in second]
    north = Location.objects.get(name=DEMO_NORTH_NAME)
    assert north.active
    assert north.postcode_prefixes == ["904", "9041"]


def test_demo_data_has_the_real_office_and_clearly_fictional_locations(settings):
    demo_locations_ensure()
    central = Location.objects.get(name=CENTRAL_NAME)
    assert not central.is_demo
    assert (central.street, central.postcode, central.town, central.phone) == (
        "Äußere Laufer Gasse 25",
        "90403",
        "Nürnberg",
        "+49 (0)911 231-0",
    )
    assert sorted(central.kinds) == sorted(RequestKind.values)
    assert central.postcode_prefixes == []
    for name in (DEMO_NORTH_NAME, DEMO_NATURALISATION_NAME):
        demo = Location.objects.get(name=name)
        assert demo.is_demo
        assert "fiktiv" in demo.name
        assert demo.town == "Musterstadt"


@pytest.mark.parametrize(
    ("kind", "postcode", "expected"),
    [
        (RequestKind.RENEWAL, "90411", DEMO_NORTH_NAME),  # prefix "9041"
        # Nord's prefix "904" covers the office's own postcode too.
        (RequestKind.RENEWAL, "90403", DEMO_NORTH_NAME),
        (RequestKind.ISSUE, "90403", DEMO_NORTH_NAME),
        (RequestKind.RENEWAL, "80331", CENTRAL_NAME),  # no prefix of Nord matches
        (RequestKind.FAMILY_REUNIFICATION, "90403", CENTRAL_NAME),  # only the Zentrale
        (RequestKind.BLOCKED_ACCOUNT_RELEASE, "90411", CENTRAL_NAME),
        (RequestKind.NATURALISATION, "90403", DEMO_NATURALISATION_NAME),  # prefix "90"
        (RequestKind.NATURALISATION, "80331", CENTRAL_NAME),
    ],
)
def test_location_for_routes_the_demo_data(kind, postcode, expected):
    demo_locations_ensure()
    assert location_for(kind=kind, postcode=postcode).name == expected


def test_location_for_ignores_inactive_locations_and_may_find_none():
    demo_locations_ensure()
    Location.objects.filter(name=DEMO_NORTH_NAME).update(active=False)
    assert location_for(kind="renewal", postcode="90411").name == CENTRAL_NAME
    Location.objects.update(active=False)
    assert location_for(kind="renewal", postcode="90411") is None


def test_location_for_is_one_query(django_assert_num_queries):
    demo_locations_ensure()
    with django_assert_num_queries(1):
        location_for(kind="renewal", postcode="90411")


def test_location_facts_in_one_query(django_assert_num_queries):
    locations = demo_locations_ensure()
    with django_assert_num_queries(1):
        facts = location_facts()
    assert [fact.id for fact in facts] == sorted(loc.pk for loc in locations)
    north = next(fact for fact in facts if fact.id == locations[1].pk)
    assert north.kinds == frozenset({"issue", "renewal", "change_of_conditions"})
    assert north.postcode_prefixes == ("904", "9041")
    assert north.active


def test_admin_form_accepts_and_normalises():
    form = LocationForm(
        data=form_data(kinds=["renewal", "issue"], postcode_prefixes="9041 ,904;904")
    )
    assert form.is_valid(), form.errors
    location = form.save()
    assert location.kinds == ["issue", "renewal"]
    assert location.postcode_prefixes == ["904", "9041"]
    # Shown again as typed: digits separated by commas, the kinds as ticked boxes.
    again = LocationForm(instance=location)
    assert again["postcode_prefixes"].value() == "904, 9041"
    html = str(again["kinds"])
    assert 'type="checkbox"' in html
    assert html.count("checked") == 2


def test_admin_form_accepts_no_prefixes():
    form = LocationForm(data=form_data(postcode_prefixes=""))
    assert form.is_valid(), form.errors
    assert form.save().postcode_prefixes == []


def test_admin_form_refuses_an_unknown_kind():
    with translation.override("en"):
        form = LocationForm(data=form_data(kinds=["renewal", "visa"]))
        assert not form.is_valid()
        [message] = form.errors["kinds"]
    assert "visa" in message


def test_admin_form_needs_a_kind():
    with translation.override("en"):
        form = LocationForm(data=form_data(kinds=[]))
        assert not form.is_valid()
        [message] = form.errors["kinds"]
    assert message == "Choose at least one request kind."


@pytest.mark.parametrize(
    ("prefixes", "bad"),
    [
        ("904111", "904111"),
        ("904, 9a", "9a"),
        ('"904"', '"904"'),
        ("904-1", "904-1"),
    ],
)
def test_admin_form_refuses_bad_prefixes(prefixes, bad):
    with translation.override("en"):
        form = LocationForm(data=form_data(postcode_prefixes=prefixes))
        assert not form.is_valid()
        [message] = form.errors["postcode_prefixes"]
    assert message == (
        f"A postcode prefix is one to five digits, for example 904. Not valid: {bad}."
    )


def test_admin_form_refuses_a_bad_postcode():
    with translation.override("en"):
        form = LocationForm(data=form_data(postcode="9040"))
        assert not form.is_valid()
        assert form.errors["postcode"] == ["Enter a German postcode of five digits."]


@pytest.mark.parametrize("postcode", ["9040", "9040a", "", "90 4", "abcde", "٩٠٤٠٣"])
def test_database_refuses_a_bad_postcode(postcode):
    with (
        pytest.raises(IntegrityError, match="location_postcode_five_digits"),
        transaction.atomic(),
    ):
        Location.objects.create(
            name="Falsch", street="Musterstraße 1", postcode=postcode, town="Musterstadt"
        )


def test_database_refuses_a_duplicate_name():
    demo_locations_ensure()
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.create(
            name=CENTRAL_NAME, street="Musterstraße 1", postcode="00000", town="Musterstadt"
        )


def test_admin_changelist_and_form_render(admin_user):
    from tests.staff import staff_client

    admin_client = staff_client(admin_user)  # the admin needs a second factor
    demo_locations_ensure()
    response = admin_client.get("/admin/locations/location/", {"q": "fiktiv"})
    assert response.status_code == 200
    assert DEMO_NORTH_NAME in response.content.decode()
    response = admin_client.get("/admin/locations/location/add/")
    assert response.status_code == 200
