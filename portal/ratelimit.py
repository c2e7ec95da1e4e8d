"""A small fixed-window rate limit in the shared cache (every process sees it)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .auth import client_ip

UPLOAD_WINDOW_SECONDS = 3600


def client_key(request: HttpRequest) -> str:
    """The client's address, hashed: no raw IP addresses in the cache.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies it is the address the
    outermost proxy saw, as for the login throttle; otherwise every client
    behind the proxy would share one limit.
    """
    address = client_ip(request) or ""
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def limit_reached(*, scope: str, key: str, limit: int, window_seconds: int, cost: int = 1) -> bool:
    """Count ``cost`` hits; True once more than ``limit`` hits fell into the current window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, cost, timeout=window_seconds):
        return cost > limit
    try:
        count = cache.incr(cache_key, cost)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, cost, timeout=window_seconds)
        return cost > limit
    return count > limit


def upload_limit_reached(request: HttpRequest) -> bool:
    """Count the files of this request; True once the client sent more than
    ``UPLOAD_RATE_LIMIT_PER_HOUR`` files within the hour (SECURITY-BAR line 14)."""
    files = sum(len(request.FILES.getlist(name)) for name in request.FILES)
    if not files:
        return False
    return limit_reached(
        scope="upload",
        key=client_key(request),
        limit=settings.UPLOAD_RATE_LIMIT_PER_HOUR,
        window_seconds=UPLOAD_WINDOW_SECONDS,
        cost=files,
    )


def too_many_uploads(request: HttpRequest) -> HttpResponse:
    """The 429 page for files over the limit; what was entered before is kept."""
    context = {
        "wait_minutes": UPLOAD_WINDOW_SECONDS // 60,
        "answers_kept": True,
        "back_url": request.path,
    }
    return render(request, "429.html", context, status=429)
