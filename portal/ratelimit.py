"""A small fixed-window rate limit in the shared cache (every process sees it)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """The client's address, hashed: no raw IP addresses in the cache."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def limit_reached(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; True once more than ``limit`` hits fell into the current window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return False
    return count > limit
