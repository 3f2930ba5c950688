"""Never fetch a private, loopback or link-local address a hostile site names.

A site's robots.txt, sitemaps and redirects name URLs; fetched blindly, they are a read channel
into the network gatewatch runs in (a sitemap at http://10.0.0.5/ or http://127.0.0.1:6379/).
Every request is checked here, after name resolution, on every hop: redirects and retries are
new requests and come through again. The site itself may be private (the demo, the tests, an
intranet): when the start URL's host resolves to a private address, the site's own URLs may
too, and only they; another host or another port is another origin and gets no exception.
`allow_private_addresses` lifts the rule.

The address checked is the one Scrapy's resolver (cached, IPv4) gives the connection; a name
that resolves differently between the check and the connection is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from gatewatch.crawler.limits import host_and_port
from gatewatch.crawler.urls import SiteScope

PRIVATE_ADDRESS = "private_address"  # why a URL was not fetched


NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address in the last 32 bits
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: bits 48-63 and 72-87
TEREDO = ipaddress.ip_network("2001::/32")


def is_public(address: str) -> bool:
    """A global unicast address: not private, loopback, link-local, shared, reserved. An IPv6
    address that carries an IPv4 one (mapped, compatible, NAT64, 6to4, Teredo) reaches that
    IPv4 address: it is public only when every IPv4 address it carries is."""
    try:
        found = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    carried = embedded_ipv4(found) if isinstance(found, ipaddress.IPv6Address) else None
    if carried is not None:
        return all(_global(ipv4) for ipv4 in carried)
    return _global(found)


def _global(found: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return found.is_global and not found.is_multicast


def embedded_ipv4(found: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 addresses an IPv6 address carries (None: it carries none)."""
    packed = found.packed
    if found.ipv4_mapped is not None:
        return [found.ipv4_mapped]
    if int(found) >> 32 == 0:  # IPv4-compatible ::a.b.c.d (and ::, ::1)
        return [ipaddress.IPv4Address(packed[12:])]
    if found in NAT64:
        return [ipaddress.IPv4Address(packed[12:])]
    if found in NAT64_LOCAL:
        return [ipaddress.IPv4Address(packed[6:8] + packed[9:11])]
    if found.sixtofour is not None:
        return [found.sixtofour]
    if found in TEREDO and found.teredo is not None:
        return list(found.teredo)  # (server, client)
    return None


def addresses_of(host: str) -> list[str]:
    """Every address `host` resolves to (an address is itself); empty when it does not."""
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=6)})
    except (OSError, UnicodeError):
        return []


def may_fetch(
    url: str,
    address: str | None,
    scope: SiteScope,
    site_private: bool,
    allow_all: bool,
    named_by_user: frozenset[tuple[str, int | None]] = frozenset(),
) -> bool:
    """Whether `url`, whose host resolved to `address` (None: it did not resolve, and the
    download will fail on that), may be fetched. `site_private`: the start URL's host
    resolved to a private address, so the site's own URLs may too. `named_by_user`: the
    (host, port) of the sitemaps the user gave (--sitemap), fetched wherever they are."""
    if allow_all or address is None or is_public(address):
        return True
    if host_and_port(url) in named_by_user:
        return True
    return site_private and scope.is_internal(url)


class PrivateAddress(IgnoreRequest):
    """The request's host resolves to an address gatewatch does not fetch."""


class AddressGuard:
    """Downloader middleware: refuses requests to non-public addresses (see the module)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.addresses: dict[str, str | None] = {}  # host -> the address it resolved to
        self._rules: tuple | None = None

    @classmethod
    def from_crawler(cls, crawler) -> AddressGuard:
        return cls(crawler)

    async def _address(self, host: str) -> str | None:
        if host in self.addresses:
            return self.addresses[host]
        try:
            ipaddress.ip_address(host.strip("[]"))
            address: str | None = host
        except ValueError:
            from twisted.internet import reactor  # the one Scrapy installed

            try:
                address = await maybe_deferred_to_future(reactor.resolve(host))
            except Exception:  # the download fails on it too, and says why
                return None  # not kept: the name may resolve, to anything, on the next try
        if len(self.addresses) < 10_000:
            self.addresses[host] = address
        return address

    async def _rules_of(self, spider) -> tuple:
        """(site scope, private allowed anywhere, private allowed on the site, the origins
        of the sitemaps the user named)."""
        if self._rules is None:
            options = spider.options
            scope = SiteScope(options.start_url, options.www_equivalent, options.any_scheme)
            start_host = urlsplit(options.start_url).hostname or ""
            start = await self._address(start_host)
            site_private = start is not None and not is_public(start)
            named = frozenset(host_and_port(url) for url in options.sitemaps)
            self._rules = (scope, options.allow_private_addresses, site_private, named)
        return self._rules

    async def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        scope, allow_all, site_private, named = await self._rules_of(spider)
        if allow_all:
            return
        host = urlsplit(request.url).hostname or ""
        address = await self._address(host)
        if may_fetch(request.url, address, scope, site_private, allow_all, named):
            return
        self.stats.inc_value("gatewatch/not_fetched/private_address")
        raise PrivateAddress(
            f"not fetched: {host} is {address}, a private, loopback or link-local address "
            "(allow_private_addresses to fetch it)"
        )
