"""socle/cache.py: while Redis is away the cache holds nothing (reads miss,
writes are dropped) instead of raising, and it works again once Redis is back;
a feed page with its cached cards answers 200 meanwhile, and the rate limits
let requests through."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django_tenants.utils import schema_context

from discussions.services import publish_post
from socle.cache import ForgivingRedisCache
from socle.ratelimits import enforce_rate_limit
from tests.live.servers import PrivateRedis


@pytest.fixture
def redis():
    server = PrivateRedis().start()
    yield server
    server.close()


def _config(url: str) -> dict:
    return {
        "BACKEND": "socle.cache.ForgivingRedisCache",
        "LOCATION": url,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }


def test_calls_behave_as_on_an_empty_cache_while_redis_is_away(redis):
    cache = ForgivingRedisCache(redis.url, {})
    cache.set("card", "<article>", 60)
    assert cache.get("card") == "<article>"
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2

    redis.stop()
    assert cache.get("card") is None
    assert cache.get("card", "absent") == "absent"
    first, second = cache.get_many(["card"]), cache.get_many(["card"])
    assert first == {} and first is not second  # a new dict each time: callers fill it
    assert cache.set("card", "<article>", 60) is None
    assert cache.set_many({"a": 1}) == []
    assert cache.add("counter", 1) is False
    assert cache.has_key("card") is False
    assert cache.delete("card") is False
    with pytest.raises(ValueError):
        cache.incr("counter")  # what Django raises for a missing key

    redis.start()  # the same port: the client connects again by itself
    cache.set("card", "<article v2>", 60)
    assert cache.get("card") == "<article v2>"


def test_a_feed_page_and_a_rate_limited_form_answer_while_redis_is_away(
    redis, commune, resident, client_for, rf
):
    with schema_context(commune.schema_name):
        publish_post(author=resident, kind="offre", title="Je prête une perceuse", body="")
    config = _config(redis.url)
    with override_settings(CACHES={"default": config, "renditions": config, "ratelimit": config}):
        client = client_for(commune, resident)
        assert "Je prête une perceuse" in client.get("/fil/").content.decode()  # cards cached
        redis.stop()
        try:
            response = client.get("/fil/")
            assert response.status_code == 200
            assert "Je prête une perceuse" in response.content.decode()
            request = rf.post("/", REMOTE_ADDR="10.9.0.1")
            request.user = resident
            for _ in range(50):  # far beyond every limit: nothing is counted
                enforce_rate_limit(request, "report")
        finally:
            redis.start()
        caches["default"].clear()
