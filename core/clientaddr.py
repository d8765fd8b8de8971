"""The visitor's address, trusting exactly settings.NUM_PROXIES reverse proxies (X-Forwarded-For)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address NUM_PROXIES places from the right of X-Forwarded-For, else REMOTE_ADDR.

    Each trusted proxy appends the address it received the request from, so the entries left of
    those are whatever the client wrote and are never read. With NUM_PROXIES = 0 the header is
    ignored altogether. None when no address is known (a request built by a test or a command):
    django-axes stores the address in an IP field, where a placeholder would not fit.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies > 0:
        hops = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote or None


def anonymised_ip(address: str | None) -> str:
    """The address with its host part dropped, for logs: IPv4 to /24, IPv6 to /48; "-" when not an address."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)
