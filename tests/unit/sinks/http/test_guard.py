"""The outbound guard: which addresses a public destination may reach, in every spelling."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from hypothesis import given
from hypothesis import strategies as st

from shopbridge.errors import DestinationBlockedError
from shopbridge.sinks.http import guard

BLOCKED = [
    # IPv4
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "unspecified"),
    ("10.0.0.1", "RFC 1918"),
    ("10.255.255.255", "RFC 1918"),
    ("172.16.0.1", "RFC 1918"),
    ("172.31.255.255", "RFC 1918"),
    ("192.168.1.1", "RFC 1918"),
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("169.254.169.254", "link-local"),
    ("169.254.0.1", "link-local"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.127.255.255", "carrier-grade NAT"),
    ("192.0.0.8", "IETF"),
    ("192.0.2.10", "documentation"),
    ("198.51.100.7", "documentation"),
    ("203.0.113.99", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    # IPv6
    ("::", "unspecified"),
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("fc00::1", "unique-local"),
    ("fd12:3456:789a::1", "unique-local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("ff0e::1", "multicast"),
    ("2001:db8::1", "documentation"),
    ("100::1", "discard"),
    ("::127.0.0.1", "IPv4-compatible"),
    ("64:ff9b:1::a00:1", "local-use NAT64"),
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "not globally routable"),  # Teredo
    # IPv4 inside IPv6 transition forms
    ("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1, which is a loopback"),
    ("::ffff:169.254.169.254", "IPv4-mapped form of 169.254.169.254"),
    ("::ffff:10.1.2.3", "IPv4-mapped form of 10.1.2.3, which is a private"),
    ("64:ff9b::127.0.0.1", "NAT64 form of 127.0.0.1"),
    ("64:ff9b::a9fe:a9fe", "NAT64 form of 169.254.169.254"),
    ("64:ff9b::100.64.0.1", "NAT64 form of 100.64.0.1"),
    ("2002:7f00:1::", "6to4 form of 127.0.0.1"),
    ("2002:c0a8:101::1", "6to4 form of 192.168.1.1"),
    ("2002:a9fe:a9fe:1::1", "6to4 form of 169.254.169.254"),
]

ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.167.255.255",
    "169.253.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
]


@pytest.mark.parametrize(("address", "reason"), BLOCKED)
def test_internal_addresses_are_blocked_with_their_reason(address: str, reason: str) -> None:
    found = guard.blocked_reason(ip_address(address))
    assert found is not None
    assert reason in found


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert guard.blocked_reason(ip_address(address)) is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0177.0000.0.01", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("2852039166", "169.254.169.254"),
        ("169.254.169.254.", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("10.1", "10.0.0.1"),
        ("[::1]", "::1"),
        ("::ffff:7f00:1", "::ffff:127.0.0.1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
    ],
)
def test_ip_literals_in_every_spelling_the_platform_accepts(host: str, expected: str) -> None:
    assert guard.parse_ip_literal(host) == ip_address(expected)


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "erp.internal",
        "localhost",
        "",
        "256.0.0.1",
        "1.2.3.4.5",
        "1..2",
        "0x",
        "08.0.0.1",
        "4294967296",
        "1.16777216",
        "1.2.65536",
        "-1",
        "1.2.3.-4",
        "::g",
        "1e3",
    ],
)
def test_names_and_junk_are_not_literals(host: str) -> None:
    assert guard.parse_ip_literal(host) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "::1"])
def test_check_host_blocks_literal_loopback_naming_host_and_address(host: str) -> None:
    with pytest.raises(DestinationBlockedError, match="loopback") as caught:
        guard.check_host(host)
    message = str(caught.value)
    assert host in message
    assert "internal: true" in message


@pytest.mark.parametrize("host", ["erp.example.com", "8.8.8.8", "2606:4700:4700::1111"])
def test_check_host_leaves_names_and_public_literals_alone(host: str) -> None:
    guard.check_host(host)


def test_check_address_fails_closed_on_something_that_is_not_an_address() -> None:
    with pytest.raises(DestinationBlockedError, match="not an IP address"):
        guard.check_address("erp.example.com", "not-an-ip")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://erp.example.com/x", "scheme 'ftp'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("gopher://127.0.0.1:6379/_x", "scheme 'gopher'"),
        ("https://user:secret@erp.example.com/", "credentials in the URL"),
        ("https://user@erp.example.com/", "credentials in the URL"),
        ("http:///only-a-path", "no host"),
    ],
)
def test_url_rules(url: str, message: str) -> None:
    with pytest.raises(DestinationBlockedError, match=message) as caught:
        guard.check_url(url)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    "url", ["https://erp.example.com/hooks?x=1", "http://10.0.0.5:8080/", "https://bücher.de/"]
)
def test_url_rules_accept_http_and_https(url: str) -> None:
    assert guard.check_url(url).scheme in {"http", "https"}


# Properties -------------------------------------------------------------------------------

ipv4s = st.integers(min_value=0, max_value=2**32 - 1).map(IPv4Address)
ipv6s = st.integers(min_value=0, max_value=2**128 - 1).map(IPv6Address)


def _mapped(v4: IPv4Address) -> IPv6Address:
    return IPv6Address(0xFFFF_0000_0000 | int(v4))


def _nat64(v4: IPv4Address) -> IPv6Address:
    return IPv6Address(int(IPv6Address("64:ff9b::")) | int(v4))


def _sixtofour(v4: IPv4Address, tail: int) -> IPv6Address:
    return IPv6Address((0x2002 << 112) | (int(v4) << 80) | tail)


@given(ipv4s, st.integers(min_value=0, max_value=2**80 - 1))
def test_wrapping_an_ipv4_address_never_changes_the_verdict(v4: IPv4Address, tail: int) -> None:
    verdict = guard.blocked_reason(v4) is None
    assert (guard.blocked_reason(_mapped(v4)) is None) is verdict
    assert (guard.blocked_reason(_nat64(v4)) is None) is verdict
    assert (guard.blocked_reason(_sixtofour(v4, tail)) is None) is verdict


@given(st.one_of(ipv4s, ipv6s))
def test_nothing_allowed_is_outside_the_global_internet(address: IPv4Address | IPv6Address) -> None:
    if guard.blocked_reason(address) is not None:
        return
    if isinstance(address, IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if address in IPv6Network("64:ff9b::/96"):
            embedded = IPv4Address(int(address) & 0xFFFF_FFFF)
        if embedded is not None:
            address = embedded
    assert address.is_global
    assert not address.is_multicast
    assert not address.is_reserved


INTERNAL_V4 = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "0.0.0.0/8",
    "224.0.0.0/4",
]


def _addresses_in(cidr: str) -> st.SearchStrategy[IPv4Address]:
    network = IPv4Network(cidr)
    first, last = int(network.network_address), int(network.broadcast_address)
    return st.integers(first, last).map(IPv4Address)


@given(st.sampled_from(INTERNAL_V4).flatmap(_addresses_in))
def test_every_address_in_internal_ranges_is_blocked(address: IPv4Address) -> None:
    assert guard.blocked_reason(address) is not None
    assert guard.blocked_reason(_mapped(address)) is not None


@given(ipv4s)
def test_numeric_spellings_parse_to_the_same_address(address: IPv4Address) -> None:
    number = int(address)
    octets = address.packed
    spellings = [
        str(address),
        str(number),
        hex(number),
        "0" + oct(number)[2:],
        ".".join("0" + oct(b)[2:] for b in octets),
        ".".join(hex(b) for b in octets),
        f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
        f"{octets[0]}.{octets[1]}.{int.from_bytes(octets[2:], 'big')}",
    ]
    for spelling in spellings:
        assert guard.parse_ip_literal(spelling) == address, spelling


# The resolver, with a stand-in for DNS (what a hostile DNS server could answer) ----------


class FixedResolver(AbstractResolver):
    """Answers every lookup with the given addresses, as a DNS server under attack might."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses
        self.closed = False

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.addresses
        ]

    async def close(self) -> None:
        self.closed = True


async def test_resolver_returns_exactly_the_checked_public_addresses() -> None:
    inner = FixedResolver("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    resolved = await guard.GuardedResolver(inner).resolve("example.com", 443)
    assert [r["host"] for r in resolved] == list(inner.addresses)


@pytest.mark.parametrize(
    "answers",
    [
        ("127.0.0.1",),
        ("169.254.169.254",),
        ("93.184.215.14", "10.0.0.7"),  # one internal answer refuses the whole name
        ("::ffff:192.168.0.1",),
        ("64:ff9b::7f00:1",),
    ],
)
async def test_resolver_refuses_a_name_with_any_internal_address(answers: tuple[str, ...]) -> None:
    resolver = guard.GuardedResolver(FixedResolver(*answers))
    with pytest.raises(DestinationBlockedError, match=r"refused to connect to rebind\.example"):
        await resolver.resolve("rebind.example", 443)


async def test_resolver_close_closes_the_inner_resolver() -> None:
    inner = FixedResolver("8.8.8.8")
    await guard.GuardedResolver(inner).close()
    assert inner.closed
