"""Settings of the worker process tests/jobs/test_worker_process.py starts:
the running suite's test database, mail to the test's SMTP server."""

import os

from tests.live.server_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["RESEAU_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 5

# What the worker did, in the test's failure message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"procrastinate": {"handlers": ["console"], "level": "INFO"}},
}
