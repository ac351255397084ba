"""PostgreSQL stopped under a running site: every page answers a short French
503 (never a 500), the API its JSON error, sockets are refused without taking
the server down; once PostgreSQL is back, pages answer again within seconds
without restarting the server (health-checked connections)."""

import asyncio
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from reseau.views_errors import server_error
from tenants.models import Commune, Domain
from tests.live.servers import start_daphne
from tests.private_postgres import PrivatePostgres

SETTINGS = "tests.reseau.unavailable_settings"


def http(port, host, path="/", headers=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def platform_tables_sql() -> list[str]:
    """CREATE TABLE of the two tables every request reads first (the commune of
    the Host), as Django would write them."""
    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Commune)
        editor.create_model(Domain)
    return [sql for sql in editor.collected_sql if not sql.startswith("ALTER TABLE")]


@pytest.fixture
def site_on_private_postgres(django_db_blocker):
    with django_db_blocker.unblock():
        ddl = platform_tables_sql()
    cluster = PrivatePostgres()
    env = {
        "DATABASE_URL": cluster.url("site"),
        "SECRET_KEY": "test-only-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
    }
    # The cluster and the server start side by side (a few seconds each).
    starting = ThreadPoolExecutor(1).submit(cluster.start)
    process, port = start_daphne(redis_url="", db_name="site", settings=SETTINGS, extra_env=env)
    try:
        starting.result(timeout=60)
        cluster.create_database("site")
        with cluster.connect("site") as conn:
            for sql in ddl:
                conn.execute(sql)
        yield cluster, process, port
    finally:
        process.kill()
        process.wait()
        cluster.close()


async def refused_socket(port, host):
    """The handshake of /ws/ is refused (403: no crash, no hang)."""
    try:
        async with connect(
            f"ws://{host}:{port}/ws/",
            host="127.0.0.1",
            port=port,
            origin=f"http://{host}:{port}",
            open_timeout=10,
        ):
            return False
    except InvalidStatus as refusal:
        return refusal.response.status_code == 403


@pytest.mark.slow
def test_pages_say_unavailable_in_french_while_postgresql_is_away_and_recover(
    site_on_private_postgres,
):
    cluster, process, port = site_on_private_postgres
    # Up: an unknown host is looked up in the database and not found.
    assert http(port, "nowhere.localhost")[0] == 404

    cluster.stop()
    for host, path in [("localhost", "/"), ("alpha.localhost", "/fil/"), ("x.localhost", "/")]:
        status, headers, body = http(port, host, path)
        assert status == 503, (host, path, status)
        assert "Service momentanément indisponible" in body
        assert headers["Retry-After"] == "5"
        assert "Traceback" not in body
    status, headers, body = http(port, "alpha.localhost", "/api/v1/posts")
    assert status == 503
    assert json.loads(body)["detail"].startswith("Le service est momentanément indisponible")
    assert headers["Content-Type"] == "application/json"
    assert asyncio.run(refused_socket(port, "alpha.localhost"))
    assert process.poll() is None

    cluster.start()
    back = time.monotonic()
    while http(port, "nowhere.localhost")[0] != 404:
        assert time.monotonic() - back < 5, "pages did not recover within 5 s"
        time.sleep(0.1)
    assert process.poll() is None


@pytest.mark.django_db
def test_a_view_that_loses_the_database_answers_503_not_500(client_for, commune, resident):
    """Found halfway through a view (the feed here), for the site and the API."""
    client = client_for(commune, resident)
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("discussions.selectors.feed_page", side_effect=lost):
        page = client.get("/fil/")
        api = client.get("/api/v1/posts")
    assert page.status_code == 503
    assert "Service momentanément indisponible" in page.content.decode()
    assert page["Retry-After"] == "5"
    assert api.status_code == 503
    assert api.json()["code"] == "service_unavailable"
    assert api.json()["detail"] == api.json()["message"]
    # Once the database answers again, so does the feed.
    assert client.get("/fil/").status_code == 200


@override_settings(LANGUAGE_CODE="fr")
def test_the_500_handler_answers_503_for_a_lost_database_found_late(rf):
    request = rf.get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()
