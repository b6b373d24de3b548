"""Outbound SSRF guard: deliveries go to the public internet unless a destination says otherwise.

Destination URLs come from configuration that an operator may copy from a
vendor's docs, and hostnames are resolved by DNS that an attacker may control.
So the guard checks *addresses*, not names, and checks them at connect time:
:class:`GuardedResolver` sits inside aiohttp's connector, rejects a host if any
of its addresses is internal, and hands back exactly the addresses it checked,
which are the ones the connector dials. A name that resolves to a public
address for a check and to ``127.0.0.1`` a moment later (DNS rebinding) gains
nothing, because there is no second lookup.

aiohttp never calls the resolver for IP-literal hosts, so :func:`check_host`
must be called before each request. It also reads the legacy numeric IPv4
spellings (``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``) that the
platform resolver accepts even though :mod:`ipaddress` does not.

Addresses wrapping an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, NAT64
``64:ff9b::/96`` and 6to4 ``2002::/16``) are judged by the IPv4 address inside.
"""

from __future__ import annotations

import re
import socket
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from shopbridge.errors import DestinationBlockedError

__all__ = [
    "ALLOWED_SCHEMES",
    "GuardedResolver",
    "IPAddress",
    "blocked_reason",
    "check_address",
    "check_host",
    "check_url",
    "parse_ip_literal",
]

IPAddress = IPv4Address | IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
HOW_TO_ALLOW = "set internal: true on the destination if it is an on-premise system you trust"

# Checked in order; the first match names the reason. Anything that passes these
# tables must still be ``is_global`` (the backstop below), so a gap here fails closed.
_IPV4_BLOCKED: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(cidr), reason)
    for cidr, reason in (
        ("0.0.0.0/8", "the unspecified ('this network') range"),
        ("10.0.0.0/8", "a private address (RFC 1918)"),
        ("100.64.0.0/10", "shared address space (carrier-grade NAT, 100.64.0.0/10)"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (where cloud metadata services live)"),
        ("172.16.0.0/12", "a private address (RFC 1918)"),
        ("192.0.0.0/24", "an IETF protocol assignment"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay anycast address"),
        ("192.168.0.0/16", "a private address (RFC 1918)"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
    )
)
_IPV6_BLOCKED: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(cidr), reason)
    for cidr, reason in (
        ("::/128", "the unspecified address"),
        ("::1/128", "a loopback address"),
        ("::/96", "an IPv4-compatible address (deprecated)"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("100::/64", "a discard-only address"),
        ("2001:db8::/32", "a documentation address"),
        ("fc00::/7", "a unique-local address (fc00::/7)"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address (deprecated)"),
        ("ff00::/8", "a multicast address"),
    )
)
_NAT64 = IPv6Network("64:ff9b::/96")

_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string stands for when it is an IP literal, else None.

    Accepts bracketed and zoned IPv6, and every IPv4 spelling ``inet_aton``
    accepts: one to four dot-separated parts, each decimal, octal (leading 0)
    or hex (0x), the last part filling the remaining bytes.
    """
    text = host.strip("[]")
    if ":" in text:
        try:
            address = ip_address(text)
        except ValueError:
            return None
        return address
    return _parse_ipv4_loose(text.removesuffix("."))


def _parse_ipv4_loose(text: str) -> IPv4Address | None:
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_IPV4_PART.fullmatch(p) for p in parts):
        return None
    values = [_ipv4_part_value(part) for part in parts]
    *leading, last = values
    if any(v > 0xFF for v in leading) or last >= 1 << (8 * (5 - len(values))):
        return None
    number = last
    for index, value in enumerate(leading):
        number |= value << (8 * (3 - index))
    return IPv4Address(number)


def _ipv4_part_value(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part, 16)
    return int(part, 8 if part.startswith("0") else 10)


def _embedded_ipv4(address: IPv6Address) -> tuple[str, IPv4Address] | None:
    """The IPv4 address a transition form carries, with the form's name."""
    if address.ipv4_mapped is not None:
        return "an IPv4-mapped form", address.ipv4_mapped
    if address in _NAT64:
        return "a NAT64 form", IPv4Address(int(address) & 0xFFFF_FFFF)
    if address.sixtofour is not None:
        return "a 6to4 form", address.sixtofour
    return None


def blocked_reason(address: IPAddress) -> str | None:
    """Why a destination may not be reached at this address, or None when it is public."""
    if isinstance(address, IPv6Address):
        wrapped = _embedded_ipv4(address)
        if wrapped is not None:
            form, inner = wrapped
            reason = blocked_reason(inner)
            return None if reason is None else f"{form} of {inner}, which is {reason}"
        table: tuple[tuple[IPv4Network | IPv6Network, str], ...] = _IPV6_BLOCKED
    else:
        table = _IPV4_BLOCKED
    for network, reason in table:
        if address in network:
            return reason
    if not address.is_global or address.is_reserved or address.is_multicast:
        return "not globally routable"
    return None


def check_address(host: str, address: IPAddress | str) -> None:
    """Raise :class:`DestinationBlockedError` unless ``address`` is public."""
    if isinstance(address, str):
        try:
            parsed = ip_address(address)
        except ValueError as exc:  # fail closed: we only dial what we could check
            raise DestinationBlockedError(
                f"refused to connect to {host}: resolver returned {address!r}, not an IP address"
            ) from exc
    else:
        parsed = address
    reason = blocked_reason(parsed)
    if reason is not None:
        raise DestinationBlockedError(
            f"refused to connect to {host} at {parsed}: {reason}; {HOW_TO_ALLOW}"
        )


def check_host(host: str) -> None:
    """Check an IP-literal host before the request (aiohttp skips the resolver for those)."""
    address = parse_ip_literal(host)
    if address is not None:
        check_address(host, address)


def check_url(url: str | URL) -> URL:
    """Parse a destination URL and enforce the rules that hold whatever it resolves to."""
    try:
        parsed = url if isinstance(url, URL) else URL(url)
    except (TypeError, ValueError) as exc:
        raise DestinationBlockedError(f"refused destination URL {url!s}: {exc}") from exc
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise DestinationBlockedError(
            f"refused destination URL: scheme '{parsed.scheme}' is not http or https"
        )
    if parsed.user is not None or parsed.password is not None:
        raise DestinationBlockedError(
            f"refused destination URL for {parsed.host}: credentials in the URL are not allowed; "
            "use the destination's auth setting"
        )
    if not parsed.raw_host:
        raise DestinationBlockedError(f"refused destination URL {url!s}: it has no host")
    return parsed


class GuardedResolver(AbstractResolver):
    """Resolve with ``inner``, then refuse the host if any address it got is internal.

    One internal address refuses the whole host, rather than quietly dialling
    the public ones: a name mixing both is either misconfigured or an attack.
    """

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            check_address(host, result["host"])
        return results

    async def close(self) -> None:
        await self._inner.close()
