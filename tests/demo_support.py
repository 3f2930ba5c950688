"""Shared by the demo/ tests: a tiny independent reference crawler and the fixture site."""

from __future__ import annotations

import gzip
import http.client
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from protego import Protego

from gatewatch.demo.server import SiteServer
from gatewatch.demo.site import Site, substitute_text

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DIR = Path(__file__).parent / "fixtures" / "site"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

Response = tuple[int, dict[str, str], bytes]


# -- helpers -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url: str, method: str = "GET") -> Response:
    """One request with urllib, redirects not followed; headers lower-cased."""
    try:
        with _OPENER.open(urllib.request.Request(url, method=method), timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


class KeepAliveFetcher:
    """Fetches paths over one persistent HTTP/1.1 connection."""

    def __init__(self, server: SiteServer) -> None:
        self.conn = http.client.HTTPConnection(server.host, server.port, timeout=10)

    def __call__(self, path: str) -> Response:
        self.conn.request("GET", path)
        resp = self.conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def offline_fetcher(site: Site, base: str) -> Callable[[str], Response]:
    """Answers like the server would, without sockets (fast truth checks of big sites)."""

    def fetch_offline(path: str) -> Response:
        _key, page = site.lookup(path)
        headers = {k.lower(): substitute_text(v, base) for k, v in page.headers}
        return page.status, headers, page.render(base)

    return fetch_offline


def reference_crawl(
    fetch_path: Callable[[str], Response], base: str, follow_nofollow: bool = True
) -> tuple[dict[str, int], set[str]]:
    """A minimal polite crawler: robots.txt (protego), its sitemaps, <a href> links, redirects.

    Returns (status of every fetched path, disallowed paths met). No retries.
    """
    netloc = urlsplit(base).netloc
    status, _, body = fetch_path("/robots.txt")
    robots = Protego.parse(body.decode())
    found: dict[str, int] = {"/robots.txt": status}
    disallowed: set[str] = set()
    seen = {"/robots.txt"}
    sitemaps: set[str] = set()
    queue: deque[str] = deque()

    def meet(path: str | None, sitemap: bool = False) -> None:
        if path is None or path in seen:
            return
        seen.add(path)
        if sitemap:
            sitemaps.add(path)
        if robots.can_fetch(base + path, "gatewatch"):
            queue.append(path)
        else:
            disallowed.add(path)

    for sitemap_url in robots.sitemaps:
        meet(_site_path(base, sitemap_url, netloc), sitemap=True)
    meet("/")
    while queue:
        path = queue.popleft()
        response = fetch_path(path)
        found[path] = response[0]
        for href, is_sitemap in _next_hrefs(path, response, path in sitemaps, follow_nofollow):
            meet(_site_path(base + path, href, netloc), sitemap=is_sitemap)
    return found, disallowed


def _next_hrefs(
    path: str, response: Response, is_sitemap: bool, follow_nofollow: bool
) -> list[tuple[str, bool]]:
    """(href, is a sitemap) of what a response points to: its redirect's target, a sitemap's
    entries, an HTML page's links."""
    status, headers, body = response
    if 300 <= status < 400:
        return [(headers["location"], False)]
    if status != 200 or not body:
        return []
    if is_sitemap:
        return _sitemap_entries(path, body)
    if headers.get("content-type", "").startswith("text/html"):
        return [(href, False) for href in _page_hrefs(body, follow_nofollow)]
    return []


def _site_path(page_url: str, href: str, netloc: str) -> str | None:
    """The path (and query) of a link on the crawled host; None for other hosts and bad URLs."""
    try:
        parts = urlsplit(urljoin(page_url, href.strip()))
        _ = parts.port  # raises on invalid ports
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != netloc:
        return None
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _sitemap_entries(path: str, body: bytes) -> list[tuple[str, bool]]:
    """(URL, is a sitemap) of each entry of a text or XML sitemap, gzipped or not."""
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    if path.endswith(".txt"):
        return [(line, False) for line in body.decode().split()]
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return []
    is_index = etree.QName(root).localname == "sitemapindex"
    return [(loc.text or "", is_index) for loc in root.iterfind(".//sm:loc", SITEMAP_NS)]


def _page_hrefs(body: bytes, follow_nofollow: bool) -> list[str]:
    """The href of each <a> of an HTML page, nofollow links left out unless followed."""
    return [
        a.get("href")
        for a in lxml_html.fromstring(body).iter("a")
        if a.get("href") is not None
        and (follow_nofollow or "nofollow" not in (a.get("rel") or "").split())
    ]


def without_delays(site: Site) -> Site:
    return Site({p: replace(page, delay=0.0) for p, page in site.pages.items()}, site.fallback)
