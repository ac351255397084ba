"""`make run`: a secret key generated once into .data/. DEBUG is off unless
the environment says `DEBUG=1` (Django's debug pages list every URL pattern)."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=False)


def _dev_secret_key() -> str:
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = SECRET_KEY or _dev_secret_key()

# Serve static files straight from the apps (no collectstatic needed to see a
# change, and the test servers find every file on a fresh clone).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
