"""Settings of the worker process tests/jobs/test_worker_process.py starts:
the running suite's test database, mail to the test's SMTP server."""

import os
from datetime import UTC, datetime

from tests.live.server_settings import *  # noqa: F403
from tests.live.server_settings import RESEAU_SCHEDULE

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["RESEAU_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 5

# The worker's periodic jobs (the 06:30 digest, the garden reminders at :05…)
# are deferred when their time falls in the 10 minutes before the worker starts
# (procrastinate's MAX_DELAY): their emails would join the test's at those
# times of day. Here every one is due on the first of a month six months away.
_AWAY = (datetime.now(UTC).month + 5) % 12 + 1
RESEAU_SCHEDULE = {name: f"0 0 1 {_AWAY} *" for name in RESEAU_SCHEDULE}

# What the worker did, in the test's failure message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"procrastinate": {"handlers": ["console"], "level": "INFO"}},
}
