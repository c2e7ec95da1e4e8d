"""Staff in Chromium: a browser context logged in to the admin as a staff member does it."""

from __future__ import annotations

from tests.portal.staff import STAFF_PASSWORD, enrol_totp, totp_token


def staff_page(browser, live_server, user, **context_options):
    """A page logged in to the admin with password and authenticator code."""
    device = enrol_totp(user)
    context = browser.new_context(base_url=live_server.url, **context_options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", STAFF_PASSWORD)
    page.fill("#id_otp_token", totp_token(device))
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page
