"""The server-side request forgery guard: which URLs briefbot may fetch, and at which address.

Users paste URLs in chat, and briefbot fetches them from inside the operator's network, so a
URL must not reach the server itself, the private network or a cloud metadata service.
`vet` checks the scheme and credentials, resolves the host once and checks every address
it may connect to; the fetcher then connects to a vetted address and never resolves the name
again, so a DNS answer that changes between the check and the connection (DNS rebinding)
cannot redirect it. Operators let private networks through with BRIEFBOT_FETCH_ALLOW.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

import httpx

from bot.errors import InputError
from bot.ingest.settings import FetchSettings, IPNetwork

IPAddress = IPv4Address | IPv6Address
# host name, port -> the addresses it resolves to, as strings; tests pass their own.
Resolver = Callable[[str, int], Awaitable[list[str]]]

_log = logging.getLogger(__name__)
_SCHEMES = {"http": 80, "https": 443}
_ALLOW_HINT = "give a public link, or ask the operator to allow-list it in BRIEFBOT_FETCH_ALLOW"
# Cloud instance metadata services: AWS, GCP, Azure, OpenStack (169.254.169.254; AWS also on
# fd00:ec2::254), Alibaba (100.100.100.200), Oracle (192.0.0.192), Azure's wire server (168.63.129.16).
METADATA_ADDRESSES = frozenset(
    ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192", "168.63.129.16")
)
METADATA_HOSTS = frozenset(
    "metadata metadata.google.internal metadata.goog instance-data instance-data.ec2.internal".split()
)
_CGNAT = ip_network("100.64.0.0/10")
_UNIQUE_LOCAL = ip_network("fc00::/7")
_NAT64 = (ip_network("64:ff9b::/96"), ip_network("64:ff9b:1::/48"))


@dataclass(frozen=True)
class Target:
    """A vetted URL: `url` as written (host name kept) and the addresses to connect to instead."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]

    @property
    def host_is_name(self) -> bool:
        return _literal(self.url.host) is None

    def pinned(self, address: IPAddress) -> httpx.URL:
        """`url` with its host replaced by `address`: httpx connects there and resolves nothing."""
        return self.url.copy_with(host=str(address))

    def host_header(self) -> str:
        host = self.url.raw_host.decode("ascii")
        if ":" in host:
            host = f"[{host}]"
        default = _SCHEMES[self.url.scheme]
        return host if self.url.port in (None, default) else f"{host}:{self.url.port}"


async def vet(
    url: str | httpx.URL,
    settings: FetchSettings,
    resolve: Resolver | None = None,
) -> Target:
    """The URL's vetted target, or InputError(url, reason) before any connection is made."""
    parsed = check_url(url)
    source = str(url)
    port = parsed.port or _SCHEMES[parsed.scheme]
    literal = _literal(parsed.host)
    if literal is not None:
        problem = refusal(literal, settings.allow)
        if problem:
            _log.info("fetch refused: %s is %s", source, problem)
            raise InputError(
                source,
                f"points to {parsed.host}, {problem}; briefbot does not fetch from there: {_ALLOW_HINT}",
            )
        return Target(parsed, (_unmapped(literal),))
    host = parsed.raw_host.decode("ascii").rstrip(".").lower()
    if host in METADATA_HOSTS:
        raise InputError(source, f"names {host}, a cloud metadata service; briefbot never fetches from it")
    found = await _resolve(host, port, settings, resolve or system_resolve, source)
    allowed: list[IPAddress] = []
    problems: list[tuple[IPAddress, str]] = []
    for address in found:
        problem = refusal(address, settings.allow)
        if problem:
            problems.append((address, problem))
        elif (plain := _unmapped(address)) not in allowed:
            allowed.append(plain)
    if not allowed:
        first, problem = problems[0]  # `found` is never empty, so neither is `problems` here
        _log.info("fetch refused: %s resolves to %s (%s)", source, first, problem)
        raise InputError(
            source,
            f"has a host, {host}, that resolves to {problem}; briefbot does not fetch from there: "
            + _ALLOW_HINT,
        )
    return Target(parsed, tuple(allowed))


def check_url(url: str | httpx.URL) -> httpx.URL:
    """The parsed URL when it is http(s) with a host and no credentials; InputError otherwise."""
    source = str(url)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        raise InputError(source, "is not a valid web address: check the link for typos") from None
    if parsed.scheme not in _SCHEMES:
        kind = f"is a {parsed.scheme}: link" if parsed.scheme else "has no scheme"
        raise InputError(source, f"{kind}; briefbot only fetches http:// and https:// links")
    if parsed.userinfo:
        raise InputError(
            source,
            "contains a user name or password; briefbot does not send those: remove them from the link",
        )
    if not parsed.host:
        raise InputError(source, "has no host name: give the full link, e.g. https://example.com/story")
    return parsed


def refusal(address: IPAddress, allow: tuple[IPNetwork, ...] = ()) -> str | None:
    """Why briefbot must not connect to `address` ("a loopback address" ...), or None if it may.

    The allow-list lets non-public addresses through; a metadata address only when a network
    of that single address is listed, so a broad allow-list ("10.0.0.0/8") cannot expose it.
    """
    plain = _unmapped(address)
    if plain in METADATA_ADDRESSES:
        exact = any(net.num_addresses == 1 and plain in net for net in allow if net.version == plain.version)
        return None if exact else "a cloud metadata address"
    if any(plain in net for net in allow if net.version == plain.version):
        return None
    return _kind(plain)


def _kind(address: IPAddress) -> str | None:
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, IPv4Address) and address in _CGNAT:
        return "a carrier-grade NAT address"
    if isinstance(address, IPv6Address):
        if address in _UNIQUE_LOCAL:
            return "a unique-local address"
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = refusal(embedded)
            if inner:
                return f"{inner} (inside an IPv6 address)"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "a non-public address"
    return None


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address a NAT64, 6to4 or Teredo address reaches."""
    if any(address in net for net in _NAT64):
        return IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def _unmapped(address: IPAddress) -> IPAddress:
    """::ffff:10.0.0.1 is 10.0.0.1: check and connect to the IPv4 form."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _literal(host: str) -> IPAddress | None:
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


async def _resolve(
    host: str, port: int, settings: FetchSettings, resolve: Resolver, source: str
) -> list[IPAddress]:
    try:
        async with asyncio.timeout(settings.connect_timeout):
            names = await resolve(host, port)
    except TimeoutError:
        raise InputError(
            source,
            f"has a host, {host}, that took over {settings.connect_timeout:g} s to look up: try again later",
        ) from None
    except OSError:
        raise InputError(
            source, f"has a host, {host}, that could not be found: check the link for typos"
        ) from None
    found: list[IPAddress] = []
    for name in names:
        address = _literal(name.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
        if address is not None:
            found.append(address)
    if not found:
        raise InputError(source, f"has a host, {host}, with no address: check the link for typos")
    return found


async def system_resolve(host: str, port: int) -> list[str]:
    """The system resolver's TCP addresses for `host`, in its order of preference."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]
