"""The client's address behind a reverse proxy, believed only from proxies we trust.

Behind a proxy every connection comes from the proxy: without this, all clients share its address,
and ten wrong passwords from anyone would lock password sign-in for everyone (the lockout is per
address). With `PORTAL_PROXY_HEADERS=true` (`portal serve --proxy-headers`) and the connection from
an address in `PORTAL_TRUSTED_PROXIES`, the client is the right-most `X-Forwarded-For` entry that is
not itself a trusted proxy (entries to its left were written by the client and prove nothing), and
`X-Forwarded-Proto` gives the scheme. From any other peer the headers are ignored: a spoofed
`X-Forwarded-For` changes nothing.

The address is written into the ASGI scope, so everything downstream (lockout, audit events,
`request.client`, the access log) sees the same one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str | Iterable[str]) -> list[Network]:
    """'127.0.0.1, 10.0.0.0/8, ::1' → networks; ValueError naming a bad entry."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    networks: list[Network] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"PORTAL_TRUSTED_PROXIES: {item!r} is not an address or network") from exc
    return networks


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


class TrustedProxyHeaders:
    def __init__(self, app: ASGIApp, trusted: str | Iterable[str]) -> None:
        self.app = app
        self.trusted = parse_networks(trusted)

    def is_trusted(self, host: str | None) -> bool:
        addr = _address(host) if host else None
        return addr is not None and any(addr in net for net in self.trusted)

    def client_from(self, peer: str | None, forwarded_for: list[str]) -> str | None:
        """The client address to use for a connection from `peer` with these X-Forwarded-For values."""
        if not self.is_trusted(peer):
            return peer
        hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
        for hop in reversed(hops):
            addr = _address(hop)
            if addr is None:
                return peer  # garbage in the chain: believe nothing past it
            if not any(addr in net for net in self.trusted):
                return str(addr)
        return str(_address(hops[0])) if hops else peer  # every hop a trusted proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            peer = client[0] if client else None
            if self.is_trusted(peer):
                xff = [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
                host = self.client_from(peer, xff)
                if host is not None and host != peer:
                    scope["client"] = (host, 0)
                proto = next((v for k, v in scope["headers"] if k == b"x-forwarded-proto"), None)
                if proto is not None:
                    scheme = proto.decode("latin-1").split(",")[-1].strip().lower()
                    if scheme in ("http", "https") and scope["type"] == "http":
                        scope["scheme"] = scheme
                    elif scheme in ("ws", "wss") and scope["type"] == "websocket":
                        scope["scheme"] = scheme
        await self.app(scope, receive, send)
