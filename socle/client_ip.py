"""The client's address, as rate limits and login throttling see it.

`REMOTE_ADDR` is the peer that opened the connection. Behind a reverse proxy
that peer is the proxy, and the client's address is in `X-Forwarded-For`,
which anybody can also send themselves. The header is only believed when the
peer is one of `RESEAU_TRUSTED_PROXIES` (addresses or networks, empty by
default), and then read from the right: each trusted proxy appends the address
it saw, so the first hop from the right that is not a trusted proxy is the
client. The leftmost value is whatever the client chose and is never used.
"""

import ipaddress

from django.conf import settings


def _trusted_networks() -> list:
    networks = []
    for entry in getattr(settings, "RESEAU_TRUSTED_PROXIES", ()) or ():
        networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
    return networks


def _is_trusted(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request) -> str:
    """The address of the client that sent `request` (never one it chose itself)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted_networks()
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    address = peer
    for hop in reversed([hop for hop in hops if hop]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # not an address: keep the last hop a trusted proxy vouched for
        if not _is_trusted(address, networks):
            break
    return address
