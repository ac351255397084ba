"""Settings of the daphne processes the live tests start: the test database of
the running suite and the Redis channel layer (REDIS_URL)."""

import os

from reseau.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["RESEAU_TEST_DB_NAME"]  # noqa: F405
