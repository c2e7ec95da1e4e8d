"""Every list of the portal's own admin pages is titled by what it lists, not Django's
"Select … to change" ("… zur Änderung auswählen")."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from portal.admin_site import ListTitledByName
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

OWN_APPS = ("applications", "appointments", "locations", "naturalisation", "portal")
OWN = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OWN_APPS),
    key=lambda model: model._meta.label,
)
# Lists that name themselves more precisely.
OWN_TITLES = {
    "applications.Application": {"de": "Arbeitsliste: Anträge", "en": "Worklist: requests"},
    "appointments.InvitationLetter": {
        "de": "Druckwarteschlange: Briefe",
        "en": "Print queue: letters",
    },
}


def test_every_own_admin_names_its_list():
    assert OWN
    for model in OWN:
        assert isinstance(admin.site._registry[model], ListTitledByName), model._meta.label


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("model", OWN, ids=lambda model: model._meta.label)
def test_the_list_is_titled_by_what_it_lists(model, language, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
    client = staff_client(user)
    client.cookies["portal_language"] = language
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = client.get(url).content.decode()
    with translation.override(language):
        expected = OWN_TITLES.get(model._meta.label, {}).get(language) or str(
            capfirst(model._meta.verbose_name_plural)
        )
    heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert heading == expected.replace("&", "&amp;")
    assert re.search(r"<title>(.*?)</title>", page).group(1).startswith(expected)
    assert "auswählen" not in heading
    assert "Select" not in heading


@pytest.mark.parametrize(
    ("app_label", "language", "expected"),
    [
        ("applications", "de", "Anträge"),
        ("applications", "en", "Requests"),
        ("appointments", "de", "Termine und Briefe"),
        ("naturalisation", "en", "Naturalisation"),
    ],
)
def test_an_apps_page_is_titled_by_the_app(app_label, language, expected, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
    client = staff_client(user)
    client.cookies["portal_language"] = language
    page = client.get(reverse("admin:app_list", args=[app_label])).content.decode()
    assert f"<h1>{expected}</h1>" in page
    assert "Administration" not in re.search(r"<h1>(.*?)</h1>", page).group(1)
