"""The synthetic site generator: deterministic, and its truth matches an independent crawl
(its speed: bench/parts_speed.py)."""

from __future__ import annotations

import gzip
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html
from protego import Protego

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.demo.site import substitute_text
from tests.demo_support import (
    SITEMAP_NS,
    KeepAliveFetcher,
    offline_fetcher,
    reference_crawl,
)

# -- the generator -------------------------------------------------------------------------


def test_generator_is_deterministic() -> None:
    first = generate_site(5000, seed=7)
    second = generate_site(5000, seed=7)
    assert first.expected == second.expected
    assert first.disallowed == second.disallowed
    assert first.redirects == second.redirects
    base = "http://127.0.0.1:9"
    for path in list(first.expected)[::250]:
        assert first.site.lookup(path)[1].render(base) == second.site.lookup(path)[1].render(base)
    assert generate_site(5000, seed=8).expected != first.expected


@pytest.mark.slow
def test_generator_truth_matches_an_independent_crawl() -> None:
    generated = generate_site(800, seed=2)
    base = "http://127.0.0.1:8000"
    found, disallowed = reference_crawl(offline_fetcher(generated.site, base), base)
    assert found == generated.expected
    assert disallowed == generated.disallowed
    assert not generated.unreachable & found.keys()
    # nofollow links only point at pages reachable otherwise: the truth is policy-independent
    found_nf, _ = reference_crawl(offline_fetcher(generated.site, base), base, False)
    assert found_nf == found


def test_generator_truth_is_consistent() -> None:
    generated = generate_site(2000, seed=1)
    site, expected = generated.site, generated.expected
    base = "http://127.0.0.1:8000"
    robots = Protego.parse(substitute_text(generated.robots_txt, base))
    assert all(robots.can_fetch(base + p, "gatewatch") for p in expected)
    assert generated.disallowed
    assert not any(robots.can_fetch(base + p, "gatewatch") for p in generated.disallowed)
    assert {"/account/", "/admin/", "/account/login?next=/checkout"} <= generated.disallowed
    assert any("?sort=" in p for p in generated.disallowed)
    for path in generated.unreachable:
        assert site.lookup(path)[1].status == 200
        assert path not in expected
    for path, status in expected.items():
        assert site.lookup(path)[1].status == status, path
    for path, target in generated.redirects.items():
        location = site.lookup(path)[1].header("Location")
        assert location is not None
        assert urljoin(base + path, substitute_text(location, base)) == base + target

    statuses = Counter(expected.values())
    assert statuses[200] / len(expected) > 0.9
    for status in (301, 302, 401, 403, 404, 410, 500):
        assert statuses[status] > 0, status
    assert 0.02 < (statuses[301] + statuses[302] + statuses[308]) / len(expected) < 0.06
    auth = [site.lookup(p)[1].header("WWW-Authenticate") for p, s in expected.items() if s == 401]
    assert None in auth
    assert 'Basic realm="Northwind Members"' in auth
    assert generated.redirects["/redirect-loop/a"] == "/redirect-loop/b"
    assert generated.redirects["/redirect-loop/b"] == "/redirect-loop/a"
    assert sum(1 for t in generated.redirects.values() if t == "/") >= 3
    chains = [p for p, t in generated.redirects.items() if t in generated.redirects]
    assert len(chains) >= 3


@pytest.mark.slow
def test_generator_pages_and_sitemaps() -> None:
    generated = generate_site(5000, seed=1)
    base = "http://127.0.0.1:8000"
    render = offline_fetcher(generated.site, base)
    items = [
        p
        for p, status in generated.expected_pages.items()
        if status == 200 and p.count("/") == 3 and not p.endswith("/") and "?" not in p
    ][:50]
    sizes, link_counts = [], []
    for path in items:
        status, headers, body = render(path)
        assert status == 200
        assert headers["content-type"] == "text/html; charset=utf-8"
        doc = lxml_html.fromstring(body)
        sizes.append(len(body))
        link_counts.append(len(doc.xpath("//a[@href]")))
        assert doc.xpath("//header//a")
        assert doc.xpath("//footer//a")
        assert doc.xpath("//main//a")
    assert 8_000 < sum(sizes) / len(sizes) < 14_000
    assert 30 <= sum(link_counts) / len(link_counts) <= 50
    hrefs = [h for p in items for h in lxml_html.fromstring(render(p)[2]).xpath("//a/@href")]
    assert any(h.startswith("./") for h in hrefs)
    assert any(h.startswith("../") for h in hrefs)
    assert any(h.startswith(base) for h in hrefs)
    assert any("#" in h for h in hrefs)
    assert any(h.startswith("https://example.org/") for h in hrefs)
    nofollow = [p for p in items if b'rel="nofollow"' in render(p)[2]]
    assert nofollow

    robots = render("/robots.txt")[2].decode()
    assert f"Sitemap: {base}/sitemap_index.xml" in robots
    assert f"Sitemap: {base}/sitemap.txt" in robots
    index = etree.fromstring(render("/sitemap_index.xml")[2])
    children = [urlsplit(e.text).path for e in index.iterfind(".//sm:loc", SITEMAP_NS)]
    assert len(children) >= 3
    assert any(c.endswith(".xml.gz") for c in children)
    listed: set[str] = set()
    for child in children:
        body = render(child)[2]
        if child.endswith(".gz"):
            body = gzip.decompress(body)
        locs = [e.text for e in etree.fromstring(body).iterfind(".//sm:loc", SITEMAP_NS)]
        assert 0 < len(locs) <= 2000
        assert all(loc.startswith(base + "/") for loc in locs)
        listed.update(loc[len(base) :] for loc in locs)
    listed.update(line[len(base) :] for line in render("/sitemap.txt")[2].decode().split())
    assert len(listed) > 4000
    # some pages are only in a sitemap, some only linked (first 1000 pages checked)
    linked = set()
    for path in list(generated.expected_pages)[:1000]:
        status, headers, body = render(path)
        if status == 200 and body:
            for href in lxml_html.fromstring(body).xpath("//a/@href"):
                parts = urlsplit(urljoin(base + path, href))
                linked.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    pages = set(generated.expected_pages)
    assert pages & listed - linked
    assert pages & linked - listed


@pytest.mark.slow
def test_generator_handles_50k_pages() -> None:
    generated = generate_site(50_000, seed=1)
    assert len(generated.expected_pages) > 50_000
    some = next(p for p, s in generated.expected_pages.items() if s == 200 and p.endswith(".html"))
    assert generated.site.lookup(some)[1].render("http://127.0.0.1:1").startswith(b"<!doctype")


def test_generated_site_live_crawl_never_requests_forbidden_urls() -> None:
    generated = generate_site(200, seed=5)
    with serve(generated.site) as server:
        found, disallowed = reference_crawl(KeepAliveFetcher(server), server.base_url)
        hits = server.hits
    assert found == generated.expected
    assert disallowed == generated.disallowed
    assert not (generated.disallowed | generated.unreachable) & hits.keys()
    assert not any(p.startswith(("http", "//")) for p in hits)  # externals never reach us
