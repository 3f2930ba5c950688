"""Reading sitemaps: XML urlsets, sitemap indexes, gzipped files and plain-text lists."""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

import lxml.etree
from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
PROTOCOL_MAX_URLS = 50_000  # entries in one sitemap or index, by the protocol
PROTOCOL_MAX_URL_LENGTH = 2048  # characters of a <loc>, by the protocol


@dataclass
class SitemapEntry:
    """`too_long`: the URL was longer than the limit given, and `url` is its start."""

    url: str
    lastmod: str | None = None
    too_long: bool = False


@dataclass
class ParsedSitemap:
    """What one sitemap file said. `kind` is urlset, sitemapindex or text."""

    kind: str | None = None
    urls: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[SitemapEntry] = field(default_factory=list)
    error: str | None = None
    entries: int = 0  # entries the file holds, read or not (over the limit)
    over_limit: bool = False  # more entries than the limit given: the rest were not read

    def add_error(self, problem: str) -> None:
        self.error = f"{self.error}; {problem}" if self.error else problem


def _entry(url: str, lastmod: str | None, max_url_length: int) -> SitemapEntry:
    if len(url) <= max_url_length:
        return SitemapEntry(url, lastmod)
    return SitemapEntry(url[: max_url_length + 1], lastmod, too_long=True)


def _limit_note(parsed: ParsedSitemap, max_urls: int) -> None:
    if parsed.over_limit:
        parsed.add_error(
            f"over the protocol's limit: {parsed.entries:,} entries, read the first {max_urls:,}"
        )


def _decompress(body: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """The body, inflated when gzip, to `max_bytes` at most (the run's max_sitemap_bytes)."""
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        data = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise ValueError(f"broken gzip data: {error}") from None
    if len(data) > max_bytes:
        raise ValueError(f"larger than {max_bytes:,} bytes uncompressed (max_sitemap_bytes)")
    if not decompressor.eof and not data:
        raise ValueError("broken or truncated gzip data")
    return data


def _looks_like_xml(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _lines(data: bytes, max_bytes: int):
    """The lines of `data`, each cut to `max_bytes`: a 49 MB line is not copied whole (a cut
    line is longer than any URL kept whole, so it still counts as too long)."""
    start, size = 0, len(data)
    while start < size:
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        yield data[start : min(end, start + max_bytes)]
        start = end + 1


def _parse_text(data: bytes, max_urls: int, max_url_length: int) -> ParsedSitemap:
    parsed = ParsedSitemap(kind="text")
    skipped = False
    for raw in _lines(data, 4 * max_url_length + 64):
        line = raw.decode("utf-8", "replace").strip()
        if line.startswith(("http://", "https://")):
            parsed.entries += 1
            if len(parsed.urls) < max_urls:
                parsed.urls.append(_entry(line, None, max_url_length))
            else:
                parsed.over_limit = True
        elif line and not line.startswith("#"):
            skipped = True
    if skipped:
        parsed.add_error("lines that are not URLs were skipped")
    _limit_note(parsed, max_urls)
    return parsed


def _xml_problem(data: bytes) -> str | None:
    """Say where the XML is malformed; Scrapy's reader recovers silently from broken files.
    Read as a stream, each element dropped once read: a whole tree of a 50 MB sitemap took
    hundreds of MB."""
    events = lxml.etree.iterparse(
        io.BytesIO(data), events=("end",), recover=False, resolve_entities=False,
        no_network=True, remove_comments=True, remove_pis=True, collect_ids=False,
    )  # fmt: skip
    try:
        for _, element in events:
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    except lxml.etree.XMLSyntaxError as error:
        return f"malformed XML: {error}"
    return None


def _parse_xml(data: bytes, max_urls: int, max_url_length: int) -> ParsedSitemap:
    try:
        document = Sitemap(data)
    except Exception as error:  # lxml raises several types on hopeless input
        return ParsedSitemap(error=f"not a sitemap: {error.__class__.__name__}: {error}")
    kind = document.type
    if kind not in ("urlset", "sitemapindex"):
        return ParsedSitemap(error=f"not a sitemap: root element is <{kind}>")
    parsed = ParsedSitemap(kind=kind)
    target = parsed.urls if kind == "urlset" else parsed.sitemaps
    try:
        for entry in document:
            if entry.get("loc"):
                parsed.entries += 1
                if len(target) < max_urls:
                    target.append(_entry(entry["loc"], entry.get("lastmod") or None,
                                         max_url_length))  # fmt: skip
                else:
                    parsed.over_limit = True  # counted, not kept
    except Exception as error:
        parsed.error = f"malformed XML: {error}"
    problem = parsed.error or _xml_problem(data)
    if problem:
        parsed.error = f"{problem} (kept the {len(target)} entries read before it)"
    _limit_note(parsed, max_urls)
    return parsed


def parse_sitemap(
    body: bytes,
    max_urls: int = PROTOCOL_MAX_URLS,
    max_url_length: int = PROTOCOL_MAX_URL_LENGTH,
    max_bytes: int = MAX_SITEMAP_BYTES,
) -> ParsedSitemap:
    """Parse a sitemap body of any supported kind; problems go in `.error`, never raise.
    At most `max_urls` entries are kept (the rest counted: `.entries`, `.over_limit`); an
    entry longer than `max_url_length` is kept cut short, marked `too_long`."""
    try:
        data = _decompress(body, max_bytes)
    except ValueError as error:
        return ParsedSitemap(error=str(error))
    if not data or data.isspace():  # not strip(): that copies a 50 MB body
        return ParsedSitemap(error="empty sitemap")
    if _looks_like_xml(data):
        parsed = _parse_xml(data, max_urls, max_url_length)
        if parsed.error is None and not parsed.urls and not parsed.sitemaps:
            parsed.error = "no <loc> entries (malformed or empty XML)"
        return parsed
    return _parse_text(data, max_urls, max_url_length)
