"""Django's Redis cache, for a cache that may be briefly away.

Everything Réseau keeps in the cache can be rebuilt or done without: post cards
(rendered again), rendition URLs (looked up again), rate-limit counters. While
Redis restarts, Django's own RedisCache raises on every call, and the page that
wanted a card answered 500 (seen by `make bench-load`, docs/PERFORMANCE.md,
"Load and faults"). Here a Redis that does not answer is a cache that holds
nothing: reads miss, writes are dropped, counters are not counted, and each
failed call is logged. Requests keep their usual answers; the rate limits fail
open for those seconds (RATELIMIT_FAIL_OPEN, reseau/settings/security.py).
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _forgiving(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("cache %s failed, Redis unavailable: %s", method.__name__, error)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing_incremented(key, delta=1, version=None):
    # What Django raises for a missing key: django-ratelimit reads it as
    # "no count" (then RATELIMIT_FAIL_OPEN decides).
    raise ValueError(f"Key {key!r} not found (Redis unavailable)")


class ForgivingRedisCache(RedisCache):
    """RedisCache whose calls, when Redis is unreachable, behave as on an empty cache."""

    get = _forgiving(_default)(RedisCache.get)
    get_many = _forgiving(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _forgiving(False)(RedisCache.has_key)
    add = _forgiving(False)(RedisCache.add)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving(lambda *args, **kwargs: [])(RedisCache.set_many)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    incr = _forgiving(_nothing_incremented)(RedisCache.incr)
    clear = _forgiving(False)(RedisCache.clear)
