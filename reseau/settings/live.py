"""The channel layer of the live updates (Channels): in memory by default,
Redis when REDIS_URL is set."""

from .environment import redis_url

if redis_url:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8: no socket timeout (it breaks the blocking receive)
                # and room for bursts of connections; a Redis that does not
                # answer must not hang a request that publishes.
                "hosts": [
                    {
                        "address": redis_url,
                        "socket_timeout": None,
                        "max_connections": 1000,
                        "socket_connect_timeout": 2,
                    }
                ],
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
