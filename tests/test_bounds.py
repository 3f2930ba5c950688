"""The bounds' parts alone: which addresses are fetched, what a sitemap file may add, what the
frontier records past its limits, and which sitemaps another host may name."""

from __future__ import annotations

import pytest

from gatewatch.crawler.address_guard import is_public, may_fetch
from gatewatch.crawler.frontier import URL_TOO_LONG, Frontier
from gatewatch.crawler.limits import sitemap_not_allowed
from gatewatch.crawler.options import CrawlOptions, OptionsError
from gatewatch.crawler.page_reader import LinkLimits, Reader
from gatewatch.crawler.sitemaps import parse_sitemap
from gatewatch.crawler.urls import SiteScope

SITE = SiteScope("http://127.0.0.1:8000/")
PUBLIC_SITE = SiteScope("https://example.com/")


def test_private_loopback_and_link_local_addresses_are_not_public():
    for address in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.169.254",
                    "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                    "224.0.0.1", "not an address"):  # fmt: skip
        assert not is_public(address), address
    assert is_public("93.184.216.34")
    assert is_public("2606:2800:220:1::1")


def test_a_public_site_never_fetches_a_private_address_a_page_names():
    assert may_fetch("https://example.com/a", "93.184.216.34", PUBLIC_SITE, False, False)
    assert not may_fetch("http://10.0.0.5/sitemap.xml", "10.0.0.5", PUBLIC_SITE, False, False)
    # the site's own name resolving to a private address later (rebinding): refused too
    assert not may_fetch("https://example.com/a", "127.0.0.1", PUBLIC_SITE, False, False)
    assert may_fetch("http://10.0.0.5/", "10.0.0.5", PUBLIC_SITE, False, allow_all=True)


def test_a_private_site_fetches_its_own_origin_only():
    assert may_fetch("http://127.0.0.1:8000/page", "127.0.0.1", SITE, True, False)
    assert not may_fetch("http://127.0.0.1:6379/", "127.0.0.1", SITE, True, False)  # another port
    assert not may_fetch("http://169.254.169.254/latest/", "169.254.169.254", SITE, True, False)


def test_a_sitemap_the_user_names_is_fetched_wherever_it_is():
    named = frozenset({("10.0.0.5", 8080)})
    assert may_fetch("http://10.0.0.5:8080/s.xml", "10.0.0.5", PUBLIC_SITE, False, False, named)
    assert not may_fetch("http://10.0.0.5:8081/", "10.0.0.5", PUBLIC_SITE, False, False, named)


def test_an_index_or_redirect_names_sitemaps_of_its_own_host_only():
    index = "https://cdn.example.net/index.xml"
    assert sitemap_not_allowed("https://evil.test/s.xml", "robots", None, PUBLIC_SITE) is None
    assert sitemap_not_allowed("https://cdn.example.net/a.xml", "index", index, PUBLIC_SITE) is None
    assert sitemap_not_allowed("https://example.com/a.xml", "index", index, PUBLIC_SITE) is None
    assert "another host" in sitemap_not_allowed(
        "https://cdn.example.net:8443/a.xml", "index", index, PUBLIC_SITE
    )
    assert "another host" in sitemap_not_allowed(
        "http://10.0.0.5/a.xml", "redirect", "https://example.com/s.xml", PUBLIC_SITE
    )


def test_a_sitemap_keeps_the_protocols_number_of_entries_and_counts_the_rest():
    body = b"".join(f"https://example.com/{n}\n".encode() for n in range(120))
    parsed = parse_sitemap(body, max_urls=100)
    assert len(parsed.urls) == 100
    assert parsed.entries == 120
    assert parsed.over_limit
    assert "over the protocol's limit: 120 entries, read the first 100" in parsed.error
    xml = (
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + b"".join(f"<url><loc>https://example.com/{n}</loc></url>".encode() for n in range(120))
        + b"</urlset>"
    )
    parsed = parse_sitemap(xml, max_urls=100)
    assert len(parsed.urls) == 100
    assert parsed.entries == 120
    assert parse_sitemap(xml).error is None


def test_a_sitemap_url_over_the_length_limit_is_kept_cut_short():
    parsed = parse_sitemap(b"https://example.com/" + b"y" * 10_000 + b"\n", max_url_length=100)
    [entry] = parsed.urls
    assert entry.too_long
    assert len(entry.url) == 101


def test_the_frontier_records_up_to_its_limit_of_urls_and_counts_the_rest():
    recorded = []
    frontier = Frontier(CrawlOptions("https://example.com/", max_urls=3), recorded.append)
    ids = [frontier.meet(f"https://example.com/{n}", "link", 1, None).url_id for n in range(5)]
    assert ids == [0, 1, 2, None, None]
    assert frontier.not_recorded == 2
    assert len(recorded) == 3
    assert frontier.meet("https://example.com/0", "link", 1, None).url_id == 0  # known: kept


def test_a_url_over_the_length_limit_is_recorded_cut_short_and_never_fetched():
    recorded = []
    frontier = Frontier(CrawlOptions("https://example.com/", max_url_length=100), recorded.append)
    long_url = "https://example.com/" + "z" * 100_000
    meeting = frontier.meet(long_url, "link", 1, None)
    assert not meeting.fetch
    assert frontier.waiting == 0
    [row] = recorded
    assert row.skip_reason == URL_TOO_LONG
    assert len(row.url) < 140
    assert row.url.endswith("characters)")
    assert frontier.meet(long_url, "link", 1, None).url_id == meeting.url_id  # one row


def test_a_page_gives_at_most_its_limit_of_links_and_no_long_url_whole():
    links = "".join(f"<a href='p{n}'>{n}</a>" for n in range(50))
    long_link = "<a href='/" + "q" * 5000 + "'>long</a>"
    reader = Reader("https://example.com/", None, LinkLimits(max_links=20, max_url_length=200))
    page = reader.read((long_link + links).encode(), None, "https://example.com/", 200, {})
    assert len(page.links) == 20
    assert page.links_dropped == 31
    target, _, href, *_ = page.links[0]
    assert target == ""
    assert len(href) < 240


def test_limits_below_their_minimum_and_a_start_url_over_the_length_are_refused():
    with pytest.raises(OptionsError, match="--max-urls must be at least 1"):
        CrawlOptions("https://example.com/", max_urls=0)
    with pytest.raises(OptionsError, match="raise --max-url-length"):
        CrawlOptions("https://example.com/" + "a" * 3000)


def test_a_sites_bounds_from_the_config_reach_the_scheduled_crawl():
    from datetime import UTC, datetime

    from gatewatch.scheduler.crawl_process import crawl_request, read_crawl_request

    options = CrawlOptions("https://example.com/", max_urls=5000, allow_private_addresses=True)
    crawled, _ = read_crawl_request(crawl_request(options, datetime(2026, 12, 7, tzinfo=UTC)))
    assert (crawled.max_urls, crawled.allow_private_addresses) == (5000, True)
    assert crawled.max_url_length == 2048  # defaults are the crawl's own
