"""The test suite's settings: the production settings (DEBUG off) with a throwaway key,
served over plain HTTP, and a fast password hasher. Nothing else differs."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("HTTPS", "0")

from samarbeid.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run at once, inside the test that queues them.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Uploaded and published files go to a throwaway folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samarbeid-media-"))
