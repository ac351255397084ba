"""The test suite: fast hashing, mail kept in memory."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = DATA_DIR / "test-media"
AXES_ENABLED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# A retried job is due again one second later (tests/jobs/test_mail_server_down.py).
RESEAU_JOB_RETRY = {"max_attempts": 3, "wait": 1, "exponential_wait": 0}
