"""The test suite: fast hashing, mail kept in memory."""

import os

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One directory per pytest-xdist worker ("gw0", "gw1"; the servers a test starts
# inherit the variable), so that one worker's teardown never empties another's.
MEDIA_ROOT = DATA_DIR / f"test-media{os.environ.get('PYTEST_XDIST_WORKER', '')}"
AXES_ENABLED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# A retried job is due again one second later (tests/jobs/test_mail_server_down.py).
RESEAU_JOB_RETRY = {"max_attempts": 3, "wait": 1, "exponential_wait": 0}
