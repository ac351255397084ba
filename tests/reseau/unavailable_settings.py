"""Settings of the daphne process of test_database_away.py: production's, with
plain HTTP and static files found without collectstatic."""

from reseau.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
