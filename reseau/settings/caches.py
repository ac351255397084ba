"""Caches: every key is prefixed by the schema. In memory for one process
(`make run`, the tests); in Redis when REDIS_URL is set (production runs
several processes, docs/DEPLOYMENT.md)."""

from .environment import redis_url

_KEYS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}


def _redis(prefix: str = "") -> dict:
    return {
        # Django's RedisCache, a miss instead of a 500 while Redis restarts.
        "BACKEND": "socle.cache.ForgivingRedisCache",
        "LOCATION": redis_url,
        **({"KEY_PREFIX": prefix} if prefix else {}),
        **_KEYS,
    }


def _memory(location: str, **options) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": location,
        **({"OPTIONS": options} if options else {}),
        **_KEYS,
    }


CACHES = (
    {
        "default": _redis(),
        "renditions": _redis("renditions"),
        # The counters of socle/ratelimits.py (RATELIMIT_USE_CACHE).
        "ratelimit": _redis("ratelimit"),
    }
    if redis_url
    else {
        # Post cards are cached (discussions/cards.py): a feed page alone
        # stores 22, beyond Django's default of 300 entries per process.
        "default": _memory("reseau", MAX_ENTRIES=20000),
        "renditions": _memory("renditions"),
        "ratelimit": _memory("ratelimit"),
    }
)
