"""What the fifth fresh side's PyPI harvests share: a port in the harvest's own range, a
small site of our own served on 127.0.0.1 for the archivers and monitors to fetch, a browser
session that keeps cookies, and keeping a page in another language only where its text
differs from the English page's."""

from __future__ import annotations

import contextlib
import functools
import http.cookiejar
import http.server
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench.harvest.core import Page, range_port

# the ports this side's harvests may use (the machine is shared: each harvester has a range)
PORTS = range(18300, 18400)

SITE = {
    "index.html": (
        "Harbour Street Bakery",
        "<p>Fresh bread every morning since 1952. See our <a href='bread.html'>breads</a>"
        " and <a href='hours.html'>opening hours</a>.</p>",
    ),
    "bread.html": (
        "Our breads",
        "<ul><li>Sourdough rye, baked on stone</li><li>Seeded spelt loaf</li>"
        "<li>Cardamom buns (Saturdays)</li></ul><p><a href='index.html'>Home</a></p>",
    ),
    "hours.html": (
        "Opening hours",
        "<p>Monday to Friday 7:00 to 18:00, Saturday 7:00 to 14:00, closed on Sunday.</p>"
        "<p><a href='index.html'>Home</a></p>",
    ),
}


def port(offset: int) -> int:
    """The port `offset` of this side's range, checked free."""
    return range_port(PORTS, offset)


def write_site(folder: Path, revision: str = "") -> Path:
    """The small site's pages in `folder` (`revision`: a line that changes the pages)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, body) in SITE.items():
        extra = f"<p>{revision}</p>" if revision else ""
        page = (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"</head><body><h1>{title}</h1>{body}{extra}</body></html>"
        )
        (folder / name).write_text(page, encoding="utf-8")
    return folder


@contextlib.contextmanager
def serving(folder: Path, number: int) -> Iterator[str]:
    """`folder` served on 127.0.0.1:`number` (a thread of this process); yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", number), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{number}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *arguments) -> None:
        pass


class Session:
    """A visitor's browser: cookies kept, redirects followed, one Accept-Language."""

    def __init__(self, base: str, language: str = "en") -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.opener.addheaders = [
            ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", language),
        ]

    def get(
        self, path: str, data: dict | bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str, str, bytes]:
        """(status, the path answered after redirects, Content-Type, body)."""
        if isinstance(data, dict):
            data = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data, headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                answer = (response.status, response.geturl(), response.headers, response.read())
        except urllib.error.HTTPError as error:
            answer = (error.code, error.geturl(), error.headers, error.read())
        status, final, head, body = answer
        return status, final.removeprefix(self.base), head.get("Content-Type", ""), body


def token(body: bytes, name: str = "csrf_token") -> str:
    """The value of the hidden field `name` in a form."""
    found = re.search(rb'name="' + name.encode() + rb'"[^>]*?value="([^"]*)"', body)
    found = found or re.search(rb'value="([^"]*)"[^>]*?name="' + name.encode() + rb'"', body)
    if not found:
        raise RuntimeError(f"no {name} in the page")
    return found.group(1).decode()


def text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    plain = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]+>", b" ", body)
    return " ".join(plain.decode("utf-8", "replace").split())


class Keeper:
    """Pages kept once each, and in another language only where the text is not English's."""

    def __init__(self, group: str, source: str, volatile: re.Pattern | None = None) -> None:
        self.group, self.source, self.volatile = group, source, volatile
        self.english: dict[str, str] = {}
        self.seen: set[str] = set()
        self.pages: list[Page] = []

    def keep(self, name, body, status, label, language, how, note, kind="text/html") -> bool:
        if "html" not in kind or not body.strip():
            return False  # an empty, JSON or text/plain answer is no page
        words = text(body)
        if self.volatile is not None:
            words = self.volatile.sub("", words)
        if language == "en":
            self.english[name] = words
        elif self.english.get(name) == words:
            return False  # not translated
        if words in self.seen:
            return False  # the same page as another request's
        self.seen.add(words)
        page = Page(f"{name}.{language}.html", body, self.source, self.group, how, language,
                    label, status, note)  # fmt: skip
        self.pages.append(page)
        return True
