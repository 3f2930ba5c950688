"""Fuzzing the parsers that read what a hostile site or a backlink export hands us (issue 17):
sitemaps, robots.txt, HTML and its detector signals, backlink CSVs. Whatever the bytes, no
exception escapes and the output stays bounded by the input. Quick: a modest number of
examples each, no deadline (the machine is shared)."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gatewatch.crawler.detectors.signals import signals
from gatewatch.crawler.page_reader import Reader
from gatewatch.crawler.parse import MAX_ANCHOR_CHARS, parse_html
from gatewatch.crawler.robots import ROBOTS_MAX_BYTES, RobotsFile
from gatewatch.crawler.sitemaps import MAX_SITEMAP_BYTES, parse_sitemap
from gatewatch.reports.backlinks import read_backlinks

FUZZ = settings(  # GATEWATCH_FUZZ_EXAMPLES=5000 for a longer search
    max_examples=int(os.environ.get("GATEWATCH_FUZZ_EXAMPLES", "120")),
    deadline=None,
    database=None,  # nothing written beside the tests
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
START = "https://www.example.com/"


def _pieces(fragments: list[str], max_size: int = 60) -> st.SearchStrategy[str]:
    """Text made of markup fragments and arbitrary text between them."""
    piece = st.one_of(st.sampled_from(fragments), st.text(max_size=12))
    return st.lists(piece, max_size=max_size).map("".join)


def _encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    encodings = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])
    return st.tuples(text, encodings).map(lambda pair: pair[0].encode(pair[1], "replace"))


def _maybe_gzipped(data: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(data, data.map(gzip.compress), data.map(lambda body: gzip.compress(body)[:-7]))


SITEMAP_FRAGMENTS = [
    '<?xml version="1.0" encoding="UTF-8"?>', "<urlset>", "</urlset>",
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "<url>", "</url>",
    "<loc>", "</loc>", "<lastmod>2026-01-01</lastmod>", "<sitemapindex>", "</sitemapindex>",
    "<sitemap>", "</sitemap>", "https://www.example.com/", "/page", "&amp;", "&lt;", "&bogus;",
    "<![CDATA[", "]]>", '<!DOCTYPE x [<!ENTITY a "aaaa">]>', "&a;", "\n", "\x00", "\r",
    "https://other.example/x?y=1#z", " " * 3, "<!-- c -->",
]  # fmt: skip
SITEMAPS = _maybe_gzipped(st.one_of(st.binary(max_size=400), _encoded(_pieces(SITEMAP_FRAGMENTS))))


@pytest.mark.slow
@FUZZ
@given(SITEMAPS)
def test_any_sitemap_body_parses_without_raising_and_stays_bounded(body):
    parsed = parse_sitemap(body)
    entries = [*parsed.urls, *parsed.sitemaps]
    read = len(gzip.decompress(body)) if body[:2] == b"\x1f\x8b" and _whole_gzip(body) else None
    size = read if read is not None else max(len(body), MAX_SITEMAP_BYTES)
    assert sum(len(entry.url) for entry in entries) <= size
    assert all(isinstance(entry.url, str) and entry.url for entry in entries)
    assert parsed.error is None or isinstance(parsed.error, str)


def _whole_gzip(body: bytes) -> bool:
    try:
        gzip.decompress(body)
    except (OSError, EOFError):
        return False
    return True


ROBOTS_FRAGMENTS = [
    "User-agent: *\n", "User-agent: gatewatch\n", "Disallow: /\n", "Disallow: /private\n",
    "Allow: /private/ok\n", "Disallow: /*.pdf$\n", "Crawl-delay: 5\n", "Crawl-delay: -1\n",
    "Crawl-delay: 1e308\n", "Sitemap: https://www.example.com/sitemap.xml\n", "Sitemap: \n",
    "Disallow: /%E2%82%AC\n", "Disallow: /€\n", "# comment\n", "\r\n", "\r", ":\n",
    "Request-rate: 1/5\n", "Host: example.com\n", "\ufeff", "Disallow: " + "*" * 50 + "\n",
]  # fmt: skip
ROBOTS = st.one_of(st.binary(max_size=600), _encoded(_pieces(ROBOTS_FRAGMENTS)))
PATHS = st.one_of(
    st.sampled_from(["/", "/private", "/private/ok", "/a.pdf", "/€", "/%E2%82%AC"]),
    st.text(max_size=30).map(lambda text: "/" + text),
)


@FUZZ
@given(ROBOTS, st.sampled_from([200, 404, 500, None]), PATHS)
def test_any_robots_txt_parses_and_answers_without_raising(body, status, path):
    robots = RobotsFile.parse("https://www.example.com/robots.txt", status, body)
    assert isinstance(robots.allows(f"https://www.example.com{path}", "gatewatch"), bool)
    assert len(robots.sitemaps()) <= body.count(b":") + 1
    delay = robots.crawl_delay("gatewatch")
    assert delay is None or isinstance(delay, float | int)
    assert len(robots.body.encode()) <= 3 * max(len(body), ROBOTS_MAX_BYTES)


def test_a_robots_txt_over_500_kib_keeps_its_first_rules_and_drops_the_rest():
    head = b"User-agent: *\nDisallow: /early\n"
    padding = b"#" * 99 + b"\n"
    body = head + padding * (ROBOTS_MAX_BYTES // 100) + b"Disallow: /late\n"
    robots = RobotsFile.parse("https://www.example.com/robots.txt", 200, body)
    assert not robots.allows("https://www.example.com/early", "gatewatch")
    assert robots.allows("https://www.example.com/late", "gatewatch")
    assert "ignored" in robots.error


HTML_FRAGMENTS = [
    "<html>", "</html>", "<head>", "<title>", "</title>", "<body>", "<h1>", "</h1>",
    "<div>" * 300, "</div>", "<nav>", "</nav>", "<main>", "<footer>", '<a href="/x">',
    '<a href="javascript:alert(1)">', '<a href="http://[::1">', '<a href="//other.example/">',
    "</a>", '<form action="/login"><input type="password" name="p">', "</form>",
    '<meta name="robots" content="noindex">', '<meta charset="x-unknown">',
    '<meta http-equiv="refresh" content="0;url=/login">', '<link rel="canonical" href="/c">',
    '<base href="http://[">', "<script>window.__NUXT__={}</script>",
    '<script type="application/ld+json">{"isAccessibleForFree": false}</script>',
    "<svg><a href='/svg'>s</a></svg>", "<template><a href='/t'>t</a></template>",
    "Page not found", "404", "Anmelden", "ログイン", "\x00", "\x7fgw-main\x7f", "&nbsp;",
    "<!-- -->", "<![CDATA[x]]>", "<?xml version='1.0'?>", '<p style="display:none">',
]  # fmt: skip
HTML = st.one_of(st.binary(max_size=500), _encoded(_pieces(HTML_FRAGMENTS, 80)))
CHARSETS = st.sampled_from([None, "utf-8", "latin-1", "x-unknown", "utf-16", "", "b'x'", "x" * 300])
HEADERS = st.dictionaries(
    st.sampled_from(["x-robots-tag", "www-authenticate", "content-type", "location", "server"]),
    st.text(max_size=40),
    max_size=3,
)


@FUZZ
@given(HTML, CHARSETS, st.sampled_from([200, 401, 403, 404, 500, None]), HEADERS)
def test_any_html_parses_and_gives_signals_without_raising(body, charset, status, headers):
    page = parse_html(body, charset)
    assert page.title is None or len(page.title) <= 1000
    assert all(len(link.anchor) <= MAX_ANCHOR_CHARS for link in page.links)
    assert len(page.links) <= len(body) // 3  # "<a>" at least, in any encoding
    assert isinstance(page.forms, list)
    assert isinstance(page.markup_tokens, list)
    found = signals("https://www.example.com/shop/item", status, headers, page, START)
    json.dumps(found.to_json())
    assert found.words <= len(body)


@FUZZ
@given(HTML, CHARSETS, HEADERS)
def test_the_page_reader_reads_any_page_and_resolves_its_links(body, charset, headers):
    read = Reader(START, {}).read(body, charset, "https://www.example.com/a/b", 200, headers)
    assert len(read.links) <= len(body) // 3
    for target, _key, _href, _anchor, _nofollow, _section, _block in read.links:
        assert target is None or target.startswith(("http://", "https://"))


CSV_FRAGMENTS = [
    "Target URL", "Source URL", "Referring page URL", "Domain rating", "Anchor", "Nofollow",
    "Top linked pages", "Incoming links", ",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r",
    "https://www.example.com/", "https://www.example.com/page?q=1", "https://other.example/",
    "=HYPERLINK(1)", "101", "-5", "true", "1,234", "\x00", "sep=;\n", "\ufeff", " ",
]  # fmt: skip
CSV_TEXT = _encoded(_pieces(CSV_FRAGMENTS, 80))


def _zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Top linked pages.csv", data)
    return buffer.getvalue()


BACKLINKS = st.one_of(
    st.binary(max_size=500), CSV_TEXT, CSV_TEXT.map(_zipped), st.binary(max_size=200).map(
        lambda data: b"PK\x03\x04" + data
    )
)  # fmt: skip


@FUZZ
@given(BACKLINKS, st.sampled_from(["auto", "ahrefs", "gsc_top_linked_pages", "csv"]))
def test_any_backlink_file_reads_without_raising_and_stays_bounded(data, format_name):
    result = read_backlinks(data, START, format_name)
    lines = data.count(b"\n") + data.count(b"\r") + 1
    if not data.startswith(b"PK"):
        assert len(result.rows) <= lines
        assert result.rows_read <= lines
    assert all(row.target_url.startswith(("http://", "https://")) for row in result.rows)
    assert all(isinstance(problem, str) for problem in result.problems)
