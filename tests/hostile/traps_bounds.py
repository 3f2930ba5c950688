"""Traps that make a crawler hold and store without bound, and traps that name other origins.

Sizes are in the path, so that the tests crawl small ones with lowered limits and the
benchmark (bench/hostile_traps.py) the issue's sizes with the defaults:

- /bounds/long-base/<characters>/        links to a page under a URL that long, whose short
  relative links each resolve to a new URL that long (the issue: 100 KB, 30 pages);
- /bounds/chain/<x...>                   links to the same URL one character longer;
- /bounds/many-links/<links>/<page>      links to <links> new pages (the issue: 2,000);
- /bounds/sitemap/<entries>[-<n>].xml    a urlset of that many URLs of this site (the n-th);
- /bounds/sitemap-lines/<megabytes>.txt  a text sitemap whose one line is that long;
- /bounds/index/<files>x<entries>.xml    an index of that many such sitemaps.

The origin traps need their own robots.txt and the address of a second server: see
`origin_traps`, served by a server of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.hostile.server import send

RELATIVE_LINKS = 200  # per page under the long base


def _path(request: BaseHTTPRequestHandler) -> str:
    return urlsplit(request.path).path


def _html(links: list[str], title: str = "trap") -> bytes:
    anchors = "".join(f'<a href="{href}">{n}</a>' for n, href in enumerate(links))
    return f"<title>{title}</title><body><main>{anchors}</main></body>".encode()


def _long_base(request: BaseHTTPRequestHandler) -> None:
    parts = _path(request).split("/")  # "", "bounds", "long-base", characters, ...
    characters = int(parts[3])
    if len(parts) <= 5:  # the entry page: one link to the long folder
        send(request, 200, _html([f"/bounds/long-base/{characters}/{'x' * characters}/"]))
        return
    send(request, 200, _html([f"k{n}/" for n in range(RELATIVE_LINKS)]))


def _chain(request: BaseHTTPRequestHandler) -> None:
    path = _path(request)
    send(request, 200, _html([path + "x"]))


def _many_links(request: BaseHTTPRequestHandler) -> None:
    parts = _path(request).split("/")  # "", "bounds", "many-links", links, page
    links = int(parts[3])
    page = int(parts[4]) if len(parts) > 4 and parts[4] else 0
    first = page * links + 1
    send(
        request,
        200,
        _html([f"/bounds/many-links/{links}/{n}" for n in range(first, first + links)]),
    )


def _urlset(base: str, first: int, entries: int) -> bytes:
    """Short URLs: 800,000 of them fit in the protocol's 50 MB, as in the issue."""
    lines = [f"<url><loc>{base}/bounds/l/{n}</loc></url>" for n in range(first, first + entries)]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(lines)
        + "</urlset>"
    ).encode()


def _base(request: BaseHTTPRequestHandler) -> str:
    host, port = request.server.server_address[:2]
    return f"http://{host}:{port}"


def _sitemap(request: BaseHTTPRequestHandler) -> None:
    name = _path(request).rsplit("/", 1)[1].removesuffix(".xml")  # "800000" or "50000-3"
    entries, _, number = name.partition("-")
    first = int(entries) * int(number or 0)
    send(request, 200, _urlset(_base(request), first, int(entries)), "application/xml")


def _sitemap_lines(request: BaseHTTPRequestHandler) -> None:
    megabytes = float(_path(request).rsplit("/", 1)[1].removesuffix(".txt"))
    line = f"{_base(request)}/bounds/listed/long/" + "y" * int(megabytes * 1024 * 1024)
    body = f"{_base(request)}/bounds/listed/short\n{line}\n".encode()
    send(request, 200, body, "text/plain")


def _index(request: BaseHTTPRequestHandler) -> None:
    name = _path(request).rsplit("/", 1)[1].removesuffix(".xml")
    files, entries = (int(part) for part in name.split("x"))
    locations = "".join(
        f"<sitemap><loc>{_base(request)}/bounds/sitemap/{entries}-{n}.xml</loc></sitemap>"
        for n in range(files)
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locations}'
        "</sitemapindex>"
    ).encode()
    send(request, 200, body, "application/xml")


def _listed(request: BaseHTTPRequestHandler) -> None:
    send(request, 200, b"<title>listed</title><p>a listed page</p>")


TRAPS = {
    "/bounds/long-base/": _long_base,
    "/bounds/chain/": _chain,
    "/bounds/many-links/": _many_links,
    "/bounds/sitemap/": _sitemap,
    "/bounds/sitemap-lines/": _sitemap_lines,
    "/bounds/index/": _index,
    "/bounds/listed/": _listed,
    "/bounds/l/": _listed,
}


# ---- other origins: a site whose robots.txt, sitemaps and redirects name another server


def origin_traps(foreign: str) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    """The traps of a site that names `foreign` (another server's base URL, another port of
    127.0.0.1: another origin) everywhere a sitemap or robots.txt can be named."""

    def robots(request: BaseHTTPRequestHandler) -> None:
        body = (
            "User-agent: *\nDisallow: /private/\n"
            f"Sitemap: {foreign}/foreign/named-by-robots.xml\n"
            f"Sitemap: {_base(request)}/own/index.xml\n"
            f"Sitemap: {_base(request)}/own/redirected.xml\n"
            f"Sitemap: {_base(request)}/own/mixed.xml\n"
        )
        send(request, 200, body.encode(), "text/plain")

    def index(request: BaseHTTPRequestHandler) -> None:
        body = (
            "<?xml version='1.0'?><sitemapindex "
            "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<sitemap><loc>{foreign}/foreign/listed-in-index.xml</loc></sitemap>"
            "</sitemapindex>"
        )
        send(request, 200, body.encode(), "application/xml")

    def redirected(request: BaseHTTPRequestHandler) -> None:
        send(request, 301, headers={"Location": f"{foreign}/foreign/redirect-target.xml"})

    def mixed(request: BaseHTTPRequestHandler) -> None:  # lists its own and a foreign URL
        body = (
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<url><loc>{_base(request)}/own/page</loc></url>"
            f"<url><loc>{foreign}/foreign/listed-page</loc></url></urlset>"
        )
        send(request, 200, body.encode(), "application/xml")

    def home(request: BaseHTTPRequestHandler) -> None:
        send(request, 200, b"<title>home</title><a href='/own/page'>page</a>")

    def page(request: BaseHTTPRequestHandler) -> None:
        send(request, 200, b"<title>page</title><p>own page</p>")

    return {
        "/robots.txt": robots,
        "/own/index.xml": index,
        "/own/redirected.xml": redirected,
        "/own/mixed.xml": mixed,
        "/own/page": page,
        "/own/": home,
    }


def robots_redirect_traps(foreign: str) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    """A site whose robots.txt redirects to another origin."""

    def robots(request: BaseHTTPRequestHandler) -> None:
        send(request, 301, headers={"Location": f"{foreign}/foreign/robots.txt"})

    def home(request: BaseHTTPRequestHandler) -> None:
        send(request, 200, b"<title>home</title><p>home</p>")

    return {"/robots.txt": robots, "/own/": home}


def foreign_traps() -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    """The other origin: answers everything with a sitemap listing its own URL, and a
    robots.txt that disallows nothing; the test counts its hits (there must be none)."""

    def anything(request: BaseHTTPRequestHandler) -> None:
        if _path(request).endswith("robots.txt"):
            send(request, 200, b"User-agent: *\nDisallow:\n", "text/plain")
            return
        body = (
            "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
            f"<url><loc>{_base(request)}/foreign/secret-page</loc></url></urlset>"
        )
        send(request, 200, body.encode(), "application/xml")

    return {"/": anything}
