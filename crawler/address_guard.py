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
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.limits import host_and_port
from crawler.urls import SiteScope

PRIVATE_ADDRESS = "private_address"  # why a URL was not fetched


def is_public(address: str) -> bool:
    """A global unicast address: not private, loopback, link-local, shared, reserved."""
    try:
        found = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        found = found.ipv4_mapped
    return found.is_global and not found.is_multicast


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
                address = None
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
            return None
        host = urlsplit(request.url).hostname or ""
        address = await self._address(host)
        if may_fetch(request.url, address, scope, site_private, allow_all, named):
            return None
        self.stats.inc_value("gatewatch/not_fetched/private_address")
        raise PrivateAddress(
            f"not fetched: {host} is {address}, a private, loopback or link-local address "
            "(allow_private_addresses to fetch it)"
        )
