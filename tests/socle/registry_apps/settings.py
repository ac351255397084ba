"""The test settings plus one app of this folder (REGISTRY_TEST_APP)."""

import os

from reseau.settings.test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, os.environ["REGISTRY_TEST_APP"]]  # noqa: F405
