"""The test suite's settings: the production settings (DEBUG off) with a throwaway key,
served over plain HTTP, and a fast password hasher. Nothing else differs."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("HTTPS", "0")

from samarbeid.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
