"""Sitemaps of every kind are read; broken ones say what is wrong and keep what was readable."""

import gzip

from gatewatch.crawler.sitemaps import parse_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.com/a</loc><lastmod>2026-01-02</lastmod></url>
  <url><loc> https://example.com/b </loc></url>
</urlset>"""


def test_urlset_gives_urls_with_lastmod():
    parsed = parse_sitemap(URLSET)
    assert parsed.kind == "urlset"
    assert [(e.url, e.lastmod) for e in parsed.urls] == [
        ("https://example.com/a", "2026-01-02"),
        ("https://example.com/b", None),
    ]
    assert parsed.error is None


def test_index_gives_child_sitemaps():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://example.com/s1.xml</loc></sitemap>
    <sitemap><loc>https://example.com/s2.xml.gz</loc></sitemap></sitemapindex>"""
    parsed = parse_sitemap(body)
    assert parsed.kind == "sitemapindex"
    assert [e.url for e in parsed.sitemaps] == [
        "https://example.com/s1.xml",
        "https://example.com/s2.xml.gz",
    ]


def test_gzipped_sitemap_is_read():
    assert parse_sitemap(gzip.compress(URLSET)).urls[0].url == "https://example.com/a"


def test_plain_text_sitemap_is_read():
    parsed = parse_sitemap(b"https://example.com/a\n\nhttps://example.com/b\r\n")
    assert parsed.kind == "text"
    assert [e.url for e in parsed.urls] == ["https://example.com/a", "https://example.com/b"]


def test_truncated_xml_keeps_the_entries_before_the_break_and_says_so():
    parsed = parse_sitemap(URLSET[:-40])
    assert [e.url for e in parsed.urls][:1] == ["https://example.com/a"]
    assert "malformed XML" in parsed.error


def test_an_html_page_is_not_a_sitemap():
    parsed = parse_sitemap(b"<!doctype html><html><body>Not found</body></html>")
    assert parsed.urls == []
    assert "not a sitemap" in parsed.error


def test_broken_gzip_and_empty_files_are_errors_not_crashes():
    assert "gzip" in parse_sitemap(b"\x1f\x8b\x08\x00garbage").error
    assert parse_sitemap(b"  \n").error == "empty sitemap"


def test_entities_are_not_expanded():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <urlset><url><loc>https://example.com/&b;</loc></url></urlset>"""
    parsed = parse_sitemap(bomb)
    assert all("aaaaaaaaaa" not in entry.url for entry in parsed.urls)


def test_a_gzip_sitemap_inflates_to_the_runs_limit_at_most():
    urls = "".join(f"http://example.com/page-{index}\n" for index in range(1_000))
    body = gzip.compress(urls.encode())
    assert len(parse_sitemap(body).urls) == 1_000
    parsed = parse_sitemap(body, max_bytes=10_000)
    assert parsed.urls == []
    assert "larger than 10,000 bytes uncompressed" in parsed.error
