"""Data model of a demo/test website: responses keyed by request target (path + query).

Base-URL placeholders
---------------------
The port of a served site is only known once the server is bound, yet sitemaps, robots.txt,
canonical tags and absolute links need absolute URLs. Two mechanisms cover this:

* **Static bodies** (``bytes``) and **header values** may contain the placeholders
  ``{{BASE}}`` (e.g. ``http://127.0.0.1:8123``, no trailing slash), ``{{HOST}}`` (``127.0.0.1``)
  and ``{{PORT}}`` (``8123``). The server substitutes them on every response. A gzip body
  (starting with the gzip magic bytes) is decompressed, substituted and recompressed, so a real
  ``.xml.gz`` sitemap file can carry ``{{BASE}}`` too. Bodies without placeholders are served
  byte-for-byte.
* **Callable bodies** (``Callable[[str], bytes]``) are called with the base URL and their result
  is served verbatim (no substitution). The generator uses them to build large sites lazily.
"""

from __future__ import annotations

import gzip
import mimetypes
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

Body = bytes | Callable[[str], bytes]
Headers = tuple[tuple[str, str], ...]

HTML_TYPE = "text/html; charset=utf-8"
GZIP_MAGIC = b"\x1f\x8b"
DEMO_SITE_DIR = Path(__file__).with_name("demo_site")

_CONTENT_TYPES = {
    ".html": HTML_TYPE,
    ".htm": HTML_TYPE,
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
}
# Files at the root of a site directory that are metadata, never served.
_NOT_SERVED_AT_ROOT = {"routes.toml", "README.md"}
_ROUTE_KEYS = {
    "status",
    "headers",
    "body",
    "body_file",
    "delay",
    "fail_first",
    "fail_status",
    "fail_headers",
}


@dataclass(frozen=True)
class Page:
    """One canned HTTP response.

    ``fail_first``: the first N requests for this page (per server instance, GET and HEAD alike)
    are answered with ``fail_status``/``fail_headers`` and a tiny HTML body, later ones normally.
    ``delay`` applies to every answer, failing or not.
    """

    status: int = 200
    body: Body = b""
    headers: Headers = ()
    delay: float = 0.0
    fail_first: int = 0
    fail_status: int = 429
    fail_headers: Headers = ()

    @classmethod
    def html(
        cls, body: str | bytes, status: int = 200, headers: Iterable[tuple[str, str]] = ()
    ) -> Page:
        """An HTML page (``Content-Type: text/html; charset=utf-8`` unless given)."""
        data = body.encode() if isinstance(body, str) else body
        headers = with_header(headers, "Content-Type", HTML_TYPE)
        return cls(status=status, body=data, headers=headers)

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Page:
        """A redirect to ``location`` (may use ``{{BASE}}``) with a short HTML body."""
        body = f'<!doctype html><title>Moved</title><a href="{location}">Moved here</a>\n'
        return cls(
            status=status,
            body=body.encode(),
            headers=(("Location", location), ("Content-Type", HTML_TYPE)),
        )

    def header(self, name: str) -> str | None:
        """Value of header ``name`` (case-insensitive), or None."""
        lname = name.lower()
        return next((v for k, v in self.headers if k.lower() == lname), None)

    def render(self, base_url: str) -> bytes:
        """The body as served by a server whose base URL is ``base_url``."""
        if callable(self.body):
            return self.body(base_url)
        return substitute(self.body, base_url)


def sitemap_page(paths: Iterable[str]) -> Page:
    """A sitemap.xml listing these paths on the site's {{BASE}}."""
    entries = "".join(f"<url><loc>{{{{BASE}}}}{escape(path)}</loc></url>" for path in paths)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
    )
    return Page(body=body.encode(), headers=(("Content-Type", "application/xml"),))


def with_header(headers: Iterable[tuple[str, str]], name: str, value: str) -> Headers:
    """``headers`` plus ``name: value`` unless a header of that name is already present."""
    headers = tuple(headers)
    if any(k.lower() == name.lower() for k, _ in headers):
        return headers
    return (*headers, (name, value))


def merge_headers(
    headers: Iterable[tuple[str, str]], overrides: Iterable[tuple[str, str]]
) -> Headers:
    """``headers`` with every header named in ``overrides`` replaced (case-insensitive)."""
    overrides = tuple(overrides)
    names = {k.lower() for k, _ in overrides}
    return tuple((k, v) for k, v in headers if k.lower() not in names) + overrides


@lru_cache(maxsize=64)
def _replacements(base_url: str) -> tuple[tuple[str, str], ...]:
    parts = urlsplit(base_url)
    return (
        ("{{BASE}}", base_url.rstrip("/")),
        ("{{HOST}}", parts.hostname or ""),
        ("{{PORT}}", str(parts.port or "")),
    )


def substitute_text(text: str, base_url: str) -> str:
    """Replace ``{{BASE}}``, ``{{HOST}}`` and ``{{PORT}}`` in ``text``."""
    if "{{" not in text:
        return text
    for placeholder, value in _replacements(base_url):
        text = text.replace(placeholder, value)
    return text


def substitute(data: bytes, base_url: str) -> bytes:
    """Replace placeholders in a body; gzip bodies are decompressed, substituted, recompressed."""
    if data[:2] == GZIP_MAGIC:
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError):  # looks like gzip but is not: serve as is
            return data
        if b"{{" not in inner:
            return data
        return gzip.compress(substitute(inner, base_url), mtime=0)
    if b"{{" not in data:
        return data
    for placeholder, value in _replacements(base_url):
        data = data.replace(placeholder.encode(), value.encode())
    return data


NOT_FOUND_PAGE = Page.html(
    "<!doctype html>\n<html><head><title>404 Not Found</title></head>\n"
    "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p>"
    "</body></html>\n",
    status=404,
)


def not_found(_target: str) -> Page:
    """Default fallback: a plain 404 HTML page."""
    return NOT_FOUND_PAGE


class Site:
    """A website: ``pages`` keyed by request target, ``fallback`` for everything else.

    Lookup order for a request target: exact ``path?query`` key, then the path without its query
    (so ``/login?next=/cart/`` is served by ``/login``, like most real servers), then
    ``fallback(target)``.
    """

    def __init__(
        self,
        pages: dict[str, Page] | None = None,
        fallback: Callable[[str], Page] | None = None,
    ) -> None:
        self.pages: dict[str, Page] = dict(pages or {})
        self.fallback: Callable[[str], Page] = fallback or not_found

    def add(self, path: str, page: Page) -> None:
        """Serve ``page`` at ``path`` (path + optional query, starting with ``/``)."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")
        self.pages[path] = page

    def lookup(self, target: str) -> tuple[str, Page]:
        """``(key, page)`` answering ``target``; ``key`` identifies the page (fail counters)."""
        page = self.pages.get(target)
        if page is not None:
            return target, page
        path, sep, _query = target.partition("?")
        if sep:
            page = self.pages.get(path)
            if page is not None:
                return path, page
        return target, self.fallback(target)

    def __contains__(self, path: object) -> bool:
        return path in self.pages

    def __len__(self) -> int:
        return len(self.pages)

    @classmethod
    def from_directory(cls, root: Path | str) -> Site:
        """Serve every file under ``root`` at its relative path, then apply ``routes.toml``.

        ``dir/index.html`` is also served at ``/dir/`` (``/`` for the root). Files without an
        extension are served as HTML (clean URLs such as ``/about``). Not served: names starting
        with ``.`` or ``_`` (use ``_404.html`` etc. for fallback/route bodies) and, at the root,
        ``routes.toml`` and ``README.md``. See a ``routes.toml`` for its format.
        """
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"not a directory: {root}")
        site = cls()
        for file in sorted(root.rglob("*")):
            rel = file.relative_to(root)
            if not file.is_file() or any(p.startswith((".", "_")) for p in rel.parts):
                continue
            if len(rel.parts) == 1 and rel.name in _NOT_SERVED_AT_ROOT:
                continue
            page = Page(
                body=file.read_bytes(), headers=(("Content-Type", content_type_for(rel.name)),)
            )
            url = "/" + quote(rel.as_posix())
            site.add(url, page)
            if rel.name == "index.html":
                site.add(url[: -len("index.html")], page)
        routes = root / "routes.toml"
        if routes.is_file():
            _apply_routes(site, root, tomllib.loads(routes.read_text("utf-8")))
        return site


def load_demo_site() -> Site:
    """The bundled "Northwind Outfitters" demo site (``demo/demo_site``)."""
    return Site.from_directory(DEMO_SITE_DIR)


def content_type_for(name: str) -> str:
    """Content type from a file name; extensionless names are HTML."""
    suffix = Path(name).suffix.lower()
    if not suffix:
        return HTML_TYPE
    return _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _apply_routes(site: Site, root: Path, data: dict[str, Any]) -> None:
    unknown = set(data) - {"routes", "fallback"}
    if unknown:
        raise ValueError(f"routes.toml: unknown top-level keys {sorted(unknown)}")
    for path, spec in data.get("routes", {}).items():
        site.add(path, _page_from_spec(spec, root, site.pages.get(path), f"routes.{path!r}"))
    if "fallback" in data:
        page = _page_from_spec(data["fallback"], root, NOT_FOUND_PAGE, "fallback")
        site.fallback = lambda _target: page


def _header_tuple(value: Any, where: str) -> Headers:
    if not isinstance(value, dict):
        raise ValueError(f"routes.toml {where}: headers must be a table")
    return tuple((str(k), str(v)) for k, v in value.items())


def _page_from_spec(spec: Any, root: Path, base: Page | None, where: str) -> Page:
    """A Page from one routes.toml table, overriding ``base`` (the file served there, if any)."""
    if not isinstance(spec, dict):
        raise ValueError(f"routes.toml {where}: expected a table")
    unknown = set(spec) - _ROUTE_KEYS
    if unknown:
        raise ValueError(f"routes.toml {where}: unknown keys {sorted(unknown)}")
    if "body" in spec and "body_file" in spec:
        raise ValueError(f"routes.toml {where}: give body or body_file, not both")
    page = base or Page()
    changes: dict[str, Any] = {}
    headers = page.headers
    if "body_file" in spec:
        changes["body"] = (root / spec["body_file"]).read_bytes()
        headers = merge_headers(headers, [("Content-Type", content_type_for(spec["body_file"]))])
    elif "body" in spec:
        changes["body"] = str(spec["body"]).encode()
        headers = with_header(headers, "Content-Type", HTML_TYPE)
    if "headers" in spec:
        headers = merge_headers(headers, _header_tuple(spec["headers"], where))
    changes["headers"] = headers
    if "fail_headers" in spec:
        changes["fail_headers"] = _header_tuple(spec["fail_headers"], where)
    for key, kind in (("status", int), ("fail_first", int), ("fail_status", int)):
        if key in spec:
            if not isinstance(spec[key], int):
                raise ValueError(f"routes.toml {where}: {key} must be an integer")
            changes[key] = kind(spec[key])
    if "delay" in spec:
        changes["delay"] = float(spec["delay"])
    return replace(page, **changes)
