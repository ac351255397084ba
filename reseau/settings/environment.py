"""What every other settings module reads: the paths, the environment
(django-environ, each value with a safe default, so a newcomer sets nothing)
and the hosts the site answers on."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
RESEAU_BASE_DOMAIN = env("RESEAU_BASE_DOMAIN", default="localhost")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[RESEAU_BASE_DOMAIN, f".{RESEAU_BASE_DOMAIN}", "127.0.0.1"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Set in production (docs/DEPLOYMENT.md): caches, rate-limit counters and the
# channel layer then live in Redis, shared by every process.
redis_url = env("REDIS_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
