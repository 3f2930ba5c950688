"""Traps for the smaller bugs of issue 17: odd headers, odd bodies, odd sizes.

/smallbugs/ links to every page trap; a crawl of it meets them all. The robots.txt trap is
not in TRAPS (one robots.txt per server): tests serve it with ``{**TRAPS, **ROBOTS_TRAP}``.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from tests.hostile.server import send

PAGES = {
    "retry-after-superscript": "429 whose Retry-After is a non-ASCII digit",
    "location-utf8": "redirect whose Location holds UTF-8 bytes",
    "two-locations": "redirect with two different Location headers",
    "unknown-charset": "page in a charset no codec knows",
    "deep": "page whose link is nested 400 elements deep",
    "deeper": "page nested 5,000 elements deep, a link inside and one after",
    "huge-declared": "200 declaring a body over the size limit",
    "huge-streamed": "200 streaming a body over the size limit, no length",
    "huge-gzip": "200 whose small gzip body inflates over the size limit",
    "cut-short": "200 whose body stops before its Content-Length",
    "private": "disallowed by the first lines of a robots.txt over 500 KiB",
}
HUGE_BYTES = 11 * 1024 * 1024  # over the default 10 MB page limit
ROBOTS_PADDING_BYTES = 600 * 1024


def _start(request: BaseHTTPRequestHandler) -> None:
    links = "".join(f'<li><a href="/smallbugs/{path}">{what}</a>' for path, what in PAGES.items())
    send(request, 200, f"<title>Small bugs</title><h1>Traps</h1><ul>{links}</ul>".encode())


def _page(title: str, links: str = "") -> bytes:
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{links}</body>".encode()


def _retry_after_superscript(request: BaseHTTPRequestHandler) -> None:
    body = b"<title>Slow down</title><h1>Too many requests</h1>"
    send(request, 429, body, headers={"Retry-After": "\u00b2"})


def _location_utf8(request: BaseHTTPRequestHandler) -> None:
    # the header is written as latin-1: these two characters go out as the bytes C3 A9 (é)
    send(request, 301, headers={"Location": "/smallbugs/caf\u00c3\u00a9"})


def _cafe(request: BaseHTTPRequestHandler) -> None:
    send(request, 200, _page("Café"))


def _two_locations(request: BaseHTTPRequestHandler) -> None:
    request.send_response(302)
    request.send_header("Location", "/smallbugs/first-target")
    request.send_header("Location", "/smallbugs/second-target")
    request.send_header("Content-Length", "0")
    request.end_headers()


def _target(request: BaseHTTPRequestHandler) -> None:
    send(request, 200, _page("A redirect target"))


def _unknown_charset(request: BaseHTTPRequestHandler) -> None:
    body = _page("Odd charset", '<a href="/smallbugs/charset-target">next</a>')
    send(request, 200, body, content_type="text/html; charset=x-no-such-charset")


def _deep(request: BaseHTTPRequestHandler) -> None:
    inner = '<p>deep words</p><a href="/smallbugs/deep-target">deep link</a>'
    body = "<div>" * 400 + inner + "</div>" * 400
    send(request, 200, _page("Deep", body))


def _deeper(request: BaseHTTPRequestHandler) -> None:
    inner = '<p>deepest words</p><a href="/smallbugs/deepest-target">deepest link</a>'
    body = "<div><span>" * 2500 + inner + "</span></div>" * 2500
    body += '<a href="/smallbugs/after-deep-target">after</a>'
    send(request, 200, _page("Deeper", body))


def _huge_declared(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", str(HUGE_BYTES))
    request.end_headers()
    _write_padding(request, HUGE_BYTES)


def _huge_streamed(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Connection", "close")
    request.end_headers()
    request.close_connection = True
    _write_padding(request, HUGE_BYTES)


def _write_padding(request: BaseHTTPRequestHandler, size: int) -> None:
    chunk = b"<p>" + b"x" * 65_530 + b"</p>\n"
    try:
        request.wfile.write(b"<title>Huge</title>")
        for _ in range(size // len(chunk) + 1):
            request.wfile.write(chunk)
    except OSError:
        pass  # the crawler hung up at its limit


def _huge_gzip(request: BaseHTTPRequestHandler) -> None:
    import gzip

    body = gzip.compress(b"<title>Inflated</title>" + b" " * HUGE_BYTES, compresslevel=9)
    send(request, 200, body, headers={"Content-Encoding": "gzip"})


def _cut_short(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    request.wfile.write(b"<title>Cut</title><p>the rest never comes")
    request.wfile.flush()
    request.close_connection = True


def big_robots(request: BaseHTTPRequestHandler) -> None:
    """A robots.txt over 500 KiB: its first lines disallow /smallbugs/private."""
    rules = b"User-agent: *\nDisallow: /smallbugs/private\n"
    padding = b"# " + b"-" * 97 + b"\n"
    body = rules + padding * (ROBOTS_PADDING_BYTES // len(padding))
    send(request, 200, body, content_type="text/plain")


TRAPS = {
    "/smallbugs/": _start,
    "/smallbugs/retry-after-superscript": _retry_after_superscript,
    "/smallbugs/location-utf8": _location_utf8,
    "/smallbugs/caf": _cafe,
    "/smallbugs/two-locations": _two_locations,
    "/smallbugs/first-target": _target,
    "/smallbugs/second-target": _target,
    "/smallbugs/unknown-charset": _unknown_charset,
    "/smallbugs/charset-target": _target,
    "/smallbugs/deep": _deep,
    "/smallbugs/deep-target": _target,
    "/smallbugs/deeper": _deeper,
    "/smallbugs/deepest-target": _target,
    "/smallbugs/after-deep-target": _target,
    "/smallbugs/huge-declared": _huge_declared,
    "/smallbugs/huge-streamed": _huge_streamed,
    "/smallbugs/huge-gzip": _huge_gzip,
    "/smallbugs/cut-short": _cut_short,
    "/smallbugs/private": _target,
}
ROBOTS_TRAP = {"/robots.txt": big_robots}


def _endless(request: BaseHTTPRequestHandler) -> None:
    """A slow, endless site: page N links to the next ten, after a pause."""
    import time

    last = request.path.rstrip("/").rsplit("/", 1)[-1]
    number = int(last) if last.isdigit() else 0
    time.sleep(0.05)
    links = "".join(
        f'<a href="/smallbugs/endless/{number * 10 + step}">p</a>' for step in range(1, 11)
    )
    send(request, 200, _page(f"Page {number}", links))


TRAPS["/smallbugs/endless/"] = _endless
