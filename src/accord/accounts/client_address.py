"""The address a request comes from, taken from a proxy's X-Forwarded-For only when a proxy is configured.

The login lockout counts failures per account and address; behind a reverse proxy every request
arrives from the proxy, so the client's address has to come from the header the proxy adds. Without a
configured proxy (``ACCORD_PROXY_COUNT``) the header is ignored: any client could write it, and so
choose, or endlessly change, the address its failures are counted against.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

log = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with N proxies the N-th address from the right of X-Forwarded-For.

    Each proxy appends the address it received the request from, so only the right-most N entries
    were written by our own proxies; whatever stands further left came from the client and may be
    forged. A missing or malformed entry falls back to the proxy's own address (and is logged): that
    is a proxy misconfiguration, and it must not let the client pick its address.
    """
    direct = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if not proxies:
        return direct
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        log.warning("X-Forwarded-For has fewer than ACCORD_PROXY_COUNT=%s entries; using %s", proxies, direct)
        return direct
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        log.warning("X-Forwarded-For entry from the proxy is not an address; using %s", direct)
        return direct
