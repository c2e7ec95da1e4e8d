"""Settings for the test suite: the production settings module, with DEBUG off.

Only what a test run cannot have is set here: a secret key, the test host
names, plain HTTP (no redirect to HTTPS on the test server), static
files without the manifest that `collectstatic` would build, and staff
sessions without a second factor (see below).
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-system-0123456789")
# A fixed Fernet key for the test run only (portal/encryption.py).
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
# pytest-xdist runs one process per core, each on its own test database
# (pytest-django adds the worker's name); stored files, print batches and
# static files get a folder of their own too, inherited by the qcluster
# processes those tests start.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and "VAR_DIR" not in os.environ:
    os.environ["VAR_DIR"] = str(Path(__file__).resolve().parent.parent / "var" / f"test-{_worker}")
# The admin's second factor stays on, as in production: staff test clients
# come from tests/staff.py (a session verified by a TOTP device) or log in
# with a real code (tests/portal/staff.py).

from portal.settings import *  # noqa: E402, F403

# Tests hash many passwords; Argon2 stays first so that its use is tested,
# with the cost lowered to keep the suite fast.
PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]

# WhiteNoise finds static files in the source folders, so that the suite runs
# without `collectstatic`; tests/portal/test_deploy.py runs collectstatic with
# the production storage (manifest, compression) separately.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
