"""Fixed-window rate limits in the shared cache (every process sees them).

A window opens with the first hit of a client and lasts exactly its
documented length (``window_seconds``), however many hits follow: the cache
entry carries the moment the window ends, and every write sets the entry's
timeout to the time left, never more. (Django's ``cache.incr`` would write the
counter again with the cache's default timeout of 300 seconds, so that a
"15 minutes" or "one hour" limit became five minutes after the last hit.)
A hit after the window ended opens a new one. The 429 page says how long the
client must really wait, and the response carries ``Retry-After``.

Two hits of one client at the very same moment can count once (the entry is
read and written, as ``BaseCache.incr`` does); the limits guard against
guessing and floods, where that changes nothing that matters.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal import codes

from .auth import client_ip

UPLOAD_WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Window:
    """The hits counted in one window and when it ends (seconds since the epoch)."""

    count: int
    ends_at: float


@dataclass(frozen=True)
class Refusal:
    """A hit over the limit: the client may try again after ``retry_after`` seconds."""

    retry_after: int

    @property
    def wait_minutes(self) -> int:
        """The wait in whole minutes, rounded up (the page never promises too short a wait)."""
        return max(1, math.ceil(self.retry_after / 60))


def window_after_hit(window: Window | None, *, now: float, cost: int, seconds: int) -> Window:
    """The window after ``cost`` more hits at ``now`` (pure).

    No window, or one that has ended (its end is not after ``now``): a new one
    opens at ``now`` and ends ``seconds`` later. A running window keeps its end.
    """
    if window is None or now >= window.ends_at:
        return Window(count=cost, ends_at=now + seconds)
    return Window(count=window.count + cost, ends_at=window.ends_at)


def client_key(request: HttpRequest) -> str:
    """The client's address, hashed: no raw IP addresses in the cache.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies it is the address the
    outermost proxy saw, as for the login throttle; otherwise every client
    behind the proxy would share one limit.
    """
    address = client_ip(request) or ""
    return codes.digest(address, purpose="ratelimit.client")[:32]


def _stored_window(value) -> Window | None:
    if isinstance(value, tuple | list) and len(value) == 2:
        count, ends_at = value
        if isinstance(count, int) and isinstance(ends_at, int | float):
            return Window(count=count, ends_at=float(ends_at))
    return None


def limit_reached(
    *, scope: str, key: str, limit: int, window_seconds: int, cost: int = 1
) -> Refusal | None:
    """Count ``cost`` hits; a ``Refusal`` once more than ``limit`` fell into the window.

    ``None`` while the hits are within the limit.
    """
    cache_key = f"ratelimit:{scope}:{key}"
    now = time.time()
    window = window_after_hit(
        _stored_window(cache.get(cache_key)), now=now, cost=cost, seconds=window_seconds
    )
    remaining = window.ends_at - now
    # The entry lives exactly until the window ends: written with the time left, never longer.
    cache.set(cache_key, (window.count, window.ends_at), timeout=max(1, math.ceil(remaining)))
    if window.count > limit:
        return Refusal(retry_after=max(1, math.ceil(remaining)))
    return None


def too_many_attempts(request: HttpRequest, refusal: Refusal, **context) -> HttpResponse:
    """The 429 page with the true time left in the window (and ``Retry-After``)."""
    context = {"wait_minutes": refusal.wait_minutes, **context}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def upload_limit_reached(request: HttpRequest) -> Refusal | None:
    """Count the files of this request; a ``Refusal`` once the client sent more than
    ``UPLOAD_RATE_LIMIT_PER_HOUR`` files within the hour (SECURITY-BAR line 14)."""
    files = sum(len(request.FILES.getlist(name)) for name in request.FILES)
    if not files:
        return None
    return limit_reached(
        scope="upload",
        key=client_key(request),
        limit=settings.UPLOAD_RATE_LIMIT_PER_HOUR,
        window_seconds=UPLOAD_WINDOW_SECONDS,
        cost=files,
    )


def too_many_uploads(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The 429 page for files over the limit; what was entered before is kept."""
    return too_many_attempts(request, refusal, answers_kept=True, back_url=request.path)
