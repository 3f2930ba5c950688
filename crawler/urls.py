"""URL normalisation and the rules that say which URLs belong to the crawled site.

A URL is normalised once, when it is met, so that one address is one row however many
pages link to it: the fragment is dropped, scheme and host are lowercased, the default port
is removed, an empty path becomes "/", and characters that browsers would percent-encode are
encoded. Query strings are kept as they are: their order can matter to the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

# url_key lives with storage, which queries by it; imported here for the crawler's modules
from gatewatch.storage.url_identity import DEFAULT_PORTS, bare_host, url_key, www_twin

_SAFE_PATH = "/%:@!$&'()*+,;=~-._"
_SAFE_QUERY = _SAFE_PATH + "?/"


class InvalidURL(ValueError):
    """A link target that cannot be parsed as an http(s) URL."""


def normalize_url(url: str, base: str | None = None) -> str:
    """Return the canonical form of `url` (resolved against `base`), or raise InvalidURL."""
    raw = url.strip()
    try:
        absolute = urljoin(base, raw) if base else raw
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError as error:
        raise InvalidURL(f"{url!r}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURL(f"{url!r}: not an http(s) URL")
    host = (parts.hostname or "").rstrip(".")
    if not host or any(character in host for character in " \t<>\"'{}|\\^`"):
        raise InvalidURL(f"{url!r}: no valid host")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, ""))


class LinkResolver:
    """`normalize_url` for the links of many pages, remembering what it resolved.

    Sites repeat their links (navigation, footer, related items) on every page. An absolute
    href resolves the same from any page, a root-relative one the same from any page of the
    origin, and a relative path the same from any page of its folder: cached by those keys,
    with the URL's `url_key`. The cache is bounded by the characters it holds, not by entries:
    a hostile page's links under a long URL made 10,000 entries cost gigabytes.
    """

    def __init__(self, max_entries: int = 10_000, max_chars: int = 4_000_000) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.chars = 0
        self.cache: dict[tuple[str, str], tuple[str, int] | InvalidURL] = {}

    def resolve(self, href: str, base: str) -> tuple[str, int]:
        """The normalised URL of `href` on a page at `base`, and its `url_key`; raises
        InvalidURL as `normalize_url` does."""
        href = href.strip()
        host = base.find("//") + 2 if "//" in base else 0
        end = len(base)  # of the base's scheme, host and path: its query or fragment cut off
        for mark in "?#":
            found = base.find(mark, host)
            if 0 <= found < end:
                end = found
        path = base.find("/", host, end)  # -1: no path ("https://example.com?x")
        if href.startswith(("http://", "https://")):
            key = ("", href)
        elif href.startswith("/") and not href.startswith("//"):
            key = (base[: path if path >= 0 else end], href)
        elif (
            path >= 0
            and href
            and not href.startswith(("?", "#", "//"))
            and ":" not in href.split("/")[0]
        ):
            # a relative path resolves against the base's folder, whatever its file or query
            key = (base[: base.rfind("/", path, end) + 1], href)
        else:
            url = normalize_url(href, base)
            return url, url_key(url)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) >= self.max_entries or self.chars >= self.max_chars:
                self.cache.clear()
                self.chars = 0
            try:
                url = normalize_url(href, base)
                found = (url, url_key(url))
                self.chars += len(url)
            except InvalidURL as error:
                found = error
            self.chars += len(key[0]) + len(key[1])
            self.cache[key] = found
        if isinstance(found, InvalidURL):
            raise found
        return found


def shortened(url: str, max_length: int) -> str:
    """A URL longer than `max_length` as it is recorded: its start, and how long it was."""
    if len(url) <= max_length:
        return url
    return f"{url[:max_length]}... ({len(url):,} characters)"


def too_long_key(url: str) -> int:
    """The key of a URL over the length limit: of its whole text, apart from any fetched URL's
    (a long URL and the one it was cut to must not be one row)."""
    return url_key(f"too-long:{url}")


def invalid_href_key(href: str) -> int:
    """The key of an href that is not a usable URL: its raw text, apart from any URL's."""
    return url_key(f"invalid:{href}")


@dataclass(frozen=True)
class SiteScope:
    """Decides whether a URL is on the crawled site (fetched) or elsewhere (recorded only).

    `www_equivalent`: example.com and www.example.com are one site.
    `any_scheme`: http:// and https:// URLs of the site are both followed.
    """

    start_url: str
    www_equivalent: bool = True
    any_scheme: bool = True

    @property
    def _start(self) -> tuple[str, str, int | None]:
        parts = urlsplit(self.start_url)
        return parts.scheme, parts.hostname or "", parts.port

    def is_internal(self, url: str) -> bool:
        scheme, host, port = self._start
        parts = urlsplit(url)
        other_host = parts.hostname or ""
        if self.www_equivalent:
            same_host = bare_host(other_host) == bare_host(host)
        else:
            same_host = other_host == host
        if not same_host:
            return False
        if parts.scheme != scheme:
            return self.any_scheme and port is None and parts.port is None
        return parts.port == port

    def origins(self) -> list[str]:
        """The scheme://host[:port] prefixes that count as this site (for robots.txt)."""
        scheme, host, port = self._start
        hosts = {host}
        if self.www_equivalent:
            hosts.add(www_twin(host))
        schemes = {"http", "https"} if self.any_scheme and port is None else {scheme}
        suffix = f":{port}" if port else ""
        return sorted(f"{s}://{h}{suffix}" for s in schemes for h in hosts)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
