"""Traps for the review of issue 17: answers that change between two runs of one server.

``STATE["run"]`` says which run is being served (1, then 2): in run 1 each page is a plain
finding (403, a redirect to a 404, a 404); in run 2 its answer concludes nothing (429, a
redirect whose target a limit leaves unfetched, a body cut short). With ``STATE["run"]`` "hang"
the start page links to /fixes17/hang alone, which answers only once ``RELEASE`` is set: a
crawl stays running until a test kills it.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler

from tests.hostile.server import send

STATE = {"run": 1}
PAGES = ("moved", "throttled", "cut")
RELEASE = threading.Event()


def _start(request: BaseHTTPRequestHandler) -> None:
    pages = ("hang",) if STATE["run"] == "hang" else PAGES
    links = "".join(f'<li><a href="/fixes17/{path}">{path}</a>' for path in pages)
    body = (
        "<html><head><title>Shop</title></head><body><main><h1>Shop</h1>"
        "<p>Welcome to our shop with many products and things to read today.</p>"
        f"<ul>{links}</ul></main></body></html>"
    )
    send(request, 200, body.encode())


def _moved(request: BaseHTTPRequestHandler) -> None:
    send(request, 301, headers={"Location": "/fixes17/gone"})


def _gone(request: BaseHTTPRequestHandler) -> None:
    send(request, 404, b"<html><head><title>Not found</title></head><body>no</body></html>")


def _throttled(request: BaseHTTPRequestHandler) -> None:
    if STATE["run"] == 1:
        send(request, 403, b"<html><head><title>Forbidden</title></head><body>no</body></html>")
    else:
        send(request, 429, b"<title>Slow down</title>")


def _cut(request: BaseHTTPRequestHandler) -> None:
    if STATE["run"] == 1:
        _gone(request)
        return
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    request.wfile.write(b"<html><head><title>x</title>")
    request.wfile.flush()
    request.close_connection = True


def _hang(request: BaseHTTPRequestHandler) -> None:
    RELEASE.wait(120)
    _gone(request)


INDEX_ENTRIES = 2_000  # each index of indexes names this many more indexes


def _index_of_indexes(request: BaseHTTPRequestHandler) -> None:
    """/fixes17/idx/<name>.xml: an index naming INDEX_ENTRIES indexes, each another one of
    these: without a limit on files, endless."""
    name = request.path.rsplit("/", 1)[1].removesuffix(".xml")
    base = f"http://{request.headers.get('Host')}/fixes17/idx/{name}"
    locations = "".join(
        f"<sitemap><loc>{base}_{index}.xml</loc></sitemap>" for index in range(INDEX_ENTRIES)
    )
    body = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locations}</sitemapindex>"
    )
    send(request, 200, body.encode(), content_type="application/xml")


def _elsewhere(request: BaseHTTPRequestHandler) -> None:
    """A redirect to ``STATE["elsewhere"]``: another server, another origin."""
    send(request, 302, headers={"Location": str(STATE.get("elsewhere", "/"))})


TRAPS = {
    "/fixes17/elsewhere": _elsewhere,
    "/fixes17/idx/": _index_of_indexes,
    "/fixes17/hang": _hang,
    "/fixes17/moved": _moved,
    "/fixes17/gone": _gone,
    "/fixes17/throttled": _throttled,
    "/fixes17/cut": _cut,
    "/fixes17/": _start,
}
