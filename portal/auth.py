"""Login throttling (django-axes) for staff and applicants (SECURITY-BAR.md line 7).

Failed logins are counted per pair of attempted user name and client address;
after ``AXES_FAILURE_LIMIT`` failures the pair is refused, even with the right
password, for ``AXES_COOLOFF_TIME`` (settings.py). Both login forms reach the
check, because both call ``django.contrib.auth.authenticate()`` with the
request: the admin's (user name) and allauth's (e-mail address).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest

# Where the attempted name is: the admin form posts "username", allauth's
# form posts "login" and authenticates with "email" (or "username").
_POSTED_NAME_FIELDS = ("username", "login")
_CREDENTIAL_NAME_FIELDS = ("username", "email", "login")
_MAX_NAME_LENGTH = 255  # axes.models.AccessAttempt.username


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, first in AUTHENTICATION_BACKENDS; it never logs anyone in.

    ``authenticate()`` without a request (a management command, the shell) has
    no client to throttle: axes would raise ``ValueError`` there, this backend
    lets the next backends decide. Every web login passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _normalise(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    name = value.strip().lower()
    return name[:_MAX_NAME_LENGTH] or None


def attempted_username(request: HttpRequest, credentials: Mapping | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the name an attempt is counted under.

    The posted name first, so that a failure (credentials of the form) and the
    later success (axes passes the account's user name) of one login form are
    counted under the same name; lower case, so that ``Ayse@…`` and ``ayse@…``
    share one counter.
    """
    posted = getattr(request, "POST", None) or {}
    for field in _POSTED_NAME_FIELDS:
        name = _normalise(posted.get(field))
        if name:
            return name
    for field in _CREDENTIAL_NAME_FIELDS:
        name = _normalise((credentials or {}).get(field))
        if name:
            return name
    return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``, also hashed into the audit trail).

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` reverse proxies stand in
    front of the portal: then the address the outermost of them saw, counted
    from the right of ``X-Forwarded-For`` (the entries to its left are the
    client's own claims and could be forged to escape the throttle).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    if remote is None:
        return None
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None
