"""The client address comes from trusted proxies only (socle.client_ip)."""

from django.test import RequestFactory, override_settings

from socle.client_ip import client_ip


def _request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client():
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@override_settings(RESEAU_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_forged_header_from_an_untrusted_peer_is_ignored():
    assert client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@override_settings(RESEAU_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client():
    # The client sent "1.2.3.4" itself; nginx appended the address it saw.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    # Two trusted proxies in a row are both skipped.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 198.51.100.9, 10.1.2.3")) == "198.51.100.9"


@override_settings(RESEAU_TRUSTED_PROXIES=["127.0.0.1"])
def test_garbage_in_the_header_stops_at_the_last_trusted_hop():
    assert client_ip(_request("127.0.0.1", "198.51.100.9, not-an-ip")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1", "")) == "127.0.0.1"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


@override_settings(RESEAU_TRUSTED_PROXIES=["::1"])
def test_ipv6_proxies_and_clients():
    assert client_ip(_request("::1", "2001:db8::5")) == "2001:db8::5"
