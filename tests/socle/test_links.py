"""socle.links: where a `next` may send someone; absolute URLs from settings."""

from django.test import RequestFactory, override_settings

from socle.links import absolute_url, safe_next


def _request(method="post", secure=False, **data):
    factory = RequestFactory()
    make = factory.post if method == "post" else factory.get
    return make("/x/", data, HTTP_HOST="alpha.localhost:8000", secure=secure)


def test_next_stays_on_the_same_host():
    assert safe_next(_request(next="/fil/?page=2")) == "/fil/?page=2"
    assert safe_next(_request(next="http://alpha.localhost:8000/fil/")) == (
        "http://alpha.localhost:8000/fil/"
    )
    assert safe_next(_request("get", next="/objets/")) == "/objets/"


def test_next_to_another_site_or_commune_falls_back_to_the_default():
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "http://beta.localhost:8000/",
        "javascript:alert(1)",
        "/\\evil.example",
        "٣",
        "login",
    ):
        assert safe_next(_request(next=target)) == "/", target
        assert safe_next(_request("get", next=target), "/fil/") == "/fil/", target


def test_on_https_next_must_be_https():
    assert safe_next(_request(secure=True, next="http://alpha.localhost:8000/fil/")) == "/"


@override_settings(RESEAU_URL_SCHEME="https", RESEAU_PORT=443)
def test_absolute_url_omits_the_default_port():
    assert absolute_url("alpha.example.fr", "/a/") == "https://alpha.example.fr/a/"


@override_settings(RESEAU_URL_SCHEME="http", RESEAU_PORT=8000)
def test_absolute_url_carries_the_configured_port():
    assert absolute_url("alpha.localhost", "/a/") == "http://alpha.localhost:8000/a/"
