"""The admin's list of apps is built only where a page shows it (the home page, a sidebar)."""

from __future__ import annotations

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth import get_user_model

from portal.admin_site import PortalAdminSite
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    user = get_user_model().objects.create_superuser("chefin", "chefin@example.org", "pw-unused")
    return staff_client(user)


@pytest.fixture
def builds(monkeypatch):
    """Every build of the app list (Django's _build_app_dict), counted."""
    calls = []
    build = AdminSite._build_app_dict

    def counting(self, request, label=None):
        calls.append(label)
        return build(self, request, label)

    monkeypatch.setattr(AdminSite, "_build_app_dict", counting)
    return calls


def test_a_list_page_builds_no_app_list(client, builds):
    response = client.get("/admin/applications/application/")
    assert response.status_code == 200
    assert builds == []


def test_the_home_page_still_lists_every_app(client, builds):
    response = client.get("/admin/")
    assert response.status_code == 200
    assert builds  # built for its own list
    for app_label in ("applications", "appointments", "locations"):
        assert f'href="/admin/{app_label}/"' in response.content.decode()


def test_a_sidebar_would_get_the_apps(client, builds, monkeypatch):
    # Were the navigation sidebar switched on, its list is built when rendered.
    monkeypatch.setattr(PortalAdminSite, "enable_nav_sidebar", True)
    response = client.get("/admin/applications/application/")
    assert response.status_code == 200
    assert builds == [None]
    assert 'id="nav-sidebar"' in response.content.decode()
    assert 'href="/admin/appointments/"' in response.content.decode()
