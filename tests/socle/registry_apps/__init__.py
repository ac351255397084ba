"""Small apps that only exist for tests/socle/test_registry.py: each is added to
INSTALLED_APPS by `settings.py` in a fresh process."""
