"""Reading sitemaps: XML urlsets, sitemap indexes, gzipped files and plain-text lists."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import lxml.etree
from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


@dataclass
class SitemapEntry:
    url: str
    lastmod: str | None = None


@dataclass
class ParsedSitemap:
    """What one sitemap file said. `kind` is urlset, sitemapindex or text."""

    kind: str | None = None
    urls: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[SitemapEntry] = field(default_factory=list)
    error: str | None = None


def _decompress(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        data = decompressor.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error as error:
        raise ValueError(f"broken gzip data: {error}") from None
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError("larger than 50 MB uncompressed")
    if not decompressor.eof and not data:
        raise ValueError("broken or truncated gzip data")
    return data


def _looks_like_xml(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _parse_text(data: bytes) -> ParsedSitemap:
    parsed = ParsedSitemap(kind="text")
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line.startswith(("http://", "https://")):
            parsed.urls.append(SitemapEntry(line))
        elif line and not line.startswith("#"):
            parsed.error = "lines that are not URLs were skipped"
    return parsed


def _xml_problem(data: bytes) -> str | None:
    """Say where the XML is malformed; Scrapy's reader recovers silently from broken files."""
    parser = lxml.etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    try:
        lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as error:
        return f"malformed XML: {error}"
    return None


def _parse_xml(data: bytes) -> ParsedSitemap:
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
                target.append(SitemapEntry(entry["loc"], entry.get("lastmod") or None))
    except Exception as error:
        parsed.error = f"malformed XML: {error}"
    problem = parsed.error or _xml_problem(data)
    if problem:
        parsed.error = f"{problem} (kept the {len(target)} entries read before it)"
    return parsed


def parse_sitemap(body: bytes) -> ParsedSitemap:
    """Parse a sitemap body of any supported kind; problems go in `.error`, never raise."""
    try:
        data = _decompress(body)
    except ValueError as error:
        return ParsedSitemap(error=str(error))
    if not data.strip():
        return ParsedSitemap(error="empty sitemap")
    if _looks_like_xml(data):
        parsed = _parse_xml(data)
        if parsed.error is None and not parsed.urls and not parsed.sitemaps:
            parsed.error = "no <loc> entries (malformed or empty XML)"
        return parsed
    return _parse_text(data)
