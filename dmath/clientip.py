"""The client's address, believed from X-Forwarded-For only as far as the settings say proxies are in front.

With ``NUM_PROXIES = 0`` the header is ignored (anyone can write it) and REMOTE_ADDR is the
client. With ``NUM_PROXIES = n``, each trusted proxy appended the address it saw, so the client
is the n-th entry from the right; entries further left were written by the client and are ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, or "" when it cannot be told."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # not through the expected proxies (a health check from the host, say)
    return hops[-proxies]


def anonymised_ip(address: str) -> str:
    """The address with its host part dropped, for logs: IPv4 to /24, IPv6 to /48; "-" when not an address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "-"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
