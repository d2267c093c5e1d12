"""The test suite's settings: the production settings (DEBUG off) with a throwaway key,
served over plain HTTP, and a fast password hasher. One feature is off by default:
the second login step for the secretariat (REQUIRE_2FA), so the suite's editors log in with
`force_login` or a password as before; samarbeid/tests/test_login.py turns it on and tests it."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("HTTPS", "0")

from samarbeid.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REQUIRE_2FA = False
# Tasks run at once, inside the test that queues them.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Uploaded and published files go to a throwaway folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samarbeid-media-"))
# django-axes narrates every login at INFO; failures and lockouts (WARNING) still show.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405
# The 100-case PDFs of the query-count tests must not hit the production limit on a loaded
# machine (the limit itself is tested with its own setting in moter/tests/test_printable.py).
PDF_TIME_LIMIT = 300
# PostgreSQL: a commit does not wait for the disk (the test database is thrown away); the
# browser tests and the lifecycle tests commit thousands of times.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
