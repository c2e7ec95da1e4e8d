"""Shared data of the appointment tests: a location with opening hours, requests, storage."""

from __future__ import annotations
