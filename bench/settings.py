"""Settings for the load benchmark: the test settings plus a minimal comparison view."""

import os

os.environ.setdefault("ADMIN_REQUIRE_2FA", "0")

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}

# The bare view's template (bench/urls.py).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
