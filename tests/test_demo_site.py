"""The Site model, routes.toml, and the two bundled sites (fixture and demo) as a reference
crawl sees them."""

from __future__ import annotations

import gzip
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from protego import Protego

from gatewatch.demo.server import SiteServer, serve
from gatewatch.demo.site import DEMO_SITE_DIR, Page, Site, load_demo_site, substitute
from tests.demo_support import (
    SITEMAP_NS,
    KeepAliveFetcher,
    fetch,
    reference_crawl,
    without_delays,
)

# -- Site model and routes.toml ------------------------------------------------------------


def test_lookup_exact_then_path_without_query_then_fallback() -> None:
    site = Site()
    site.add("/a", Page.html("a"))
    site.add("/a?x=1", Page.html("ax"))
    assert site.lookup("/a?x=1")[1].body == b"ax"
    assert site.lookup("/a?utm=2") == ("/a", site.pages["/a"])
    key, page = site.lookup("/nope?x=1")
    assert (key, page.status) == ("/nope?x=1", 404)
    with pytest.raises(ValueError, match="path must start with '/': 'relative'"):
        site.add("relative", Page())


def test_substitute_placeholders_in_text_and_gzip() -> None:
    base = "http://127.0.0.1:8123"
    assert (
        substitute(b"{{BASE}}/x {{HOST}} {{PORT}}", base)
        == b"http://127.0.0.1:8123/x 127.0.0.1 8123"
    )
    raw = b"no placeholders"
    assert substitute(raw, base) is raw
    zipped = substitute(gzip.compress(b"<loc>{{BASE}}/a</loc>"), base)
    assert gzip.decompress(zipped) == b"<loc>http://127.0.0.1:8123/a</loc>"
    assert Page(body=lambda b: b"cb " + b.encode()).render(base) == b"cb http://127.0.0.1:8123"


def test_from_directory_serves_files_and_applies_routes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "index.html").write_text("<h1>home</h1>")
    (tmp_path / "docs" / "index.html").write_text("docs")
    (tmp_path / "about").write_text("about")
    (tmp_path / "feed.xml").write_text("<rss/>")
    (tmp_path / "notes.txt").write_text("n")
    (tmp_path / "_hidden.html").write_text("template")
    (tmp_path / "README.md").write_text("readme")
    (tmp_path / "routes.toml").write_text(
        '[routes."/about"]\nstatus = 403\nheaders = { X-Test = "1" }\n'
        '[routes."/new"]\nbody = "hi {{PORT}}"\ndelay = 0.5\n'
        '[routes."/old"]\nstatus = 301\nheaders = { Location = "/about" }\n'
        '[fallback]\nstatus = 200\nbody_file = "_hidden.html"\n'
    )
    site = Site.from_directory(tmp_path)
    assert set(site.pages) == {
        "/", "/index.html", "/docs/", "/docs/index.html", "/about", "/feed.xml", "/notes.txt",
        "/new", "/old",
    }  # fmt: skip
    assert site.pages["/"] is site.pages["/index.html"]
    about = site.pages["/about"]
    assert (about.status, about.body, about.header("x-test")) == (403, b"about", "1")
    assert about.header("Content-Type") == "text/html; charset=utf-8"
    assert site.pages["/feed.xml"].header("content-type") == "application/xml"
    assert site.pages["/notes.txt"].header("content-type").startswith("text/plain")
    assert site.pages["/new"].delay == 0.5
    assert site.lookup("/whatever")[1].body == b"template"


def test_routes_toml_rejects_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "routes.toml").write_text('[routes."/x"]\nstatuss = 200\n')
    with pytest.raises(ValueError, match="statuss"):
        Site.from_directory(tmp_path)


# -- the crawl-test fixture site -----------------------------------------------------------

FIXTURE_EXPECTED = {
    "/robots.txt": 200,
    "/sitemap_index.xml": 200,
    "/sitemap.txt": 200,
    "/sitemap-pages.xml": 200,
    "/sitemap-products.xml.gz": 200,
    "/sitemap-broken.xml": 200,
    "/sitemap-self.xml": 200,
    "/": 200,
    "/page-a": 200,
    "/page-b": 200,
    "/target": 200,
    "/moved-301": 301,
    "/moved-302": 302,
    "/chain-1": 301,
    "/chain-2": 302,
    "/chain-3": 301,
    "/loop-a": 301,
    "/loop-b": 301,
    "/old-home": 301,
    "/auth-basic": 401,
    "/auth-missing": 401,
    "/forbidden": 403,
    "/gone": 410,
    "/missing": 404,
    "/error": 500,
    "/busy": 429,  # first request; 200 on retry
    "/unavailable": 503,
    "/slow": 200,
    "/empty": 200,
    "/file.pdf": 200,
    "/soft-404": 200,
    "/login-wall": 200,
    "/noindex-header": 200,
    "/noindex-meta": 200,
    "/canonical": 200,
    "/nofollow-target": 200,
    "/sitemap-only": 200,
    "/sitemap-gz-only": 200,
    "/sitemap-txt-only": 200,
}


def test_fixture_reference_crawl_finds_every_case(fixture_site: Site) -> None:
    with serve(without_delays(fixture_site)) as server:
        found, disallowed = reference_crawl(KeepAliveFetcher(server), server.base_url)
        hits = server.hits
    assert found == FIXTURE_EXPECTED
    assert disallowed == {"/private/secret", "/private/from-sitemap"}
    assert hits == Counter(dict.fromkeys(FIXTURE_EXPECTED, 1))  # disallowed never requested

    with serve(without_delays(fixture_site)) as server:
        found, _ = reference_crawl(KeepAliveFetcher(server), server.base_url, follow_nofollow=False)
    assert set(FIXTURE_EXPECTED) - set(found) == {"/nofollow-target"}


def test_fixture_headers_and_bodies(fixture_server: SiteServer) -> None:
    base = fixture_server.base_url
    expect_headers = {
        "/moved-301": ("location", "/target"),
        "/moved-302": ("location", f"{base}/target"),
        "/chain-2": ("location", "chain-3"),
        "/old-home": ("location", "/"),
        "/auth-basic": ("www-authenticate", 'Basic realm="Members"'),
        "/unavailable": ("retry-after", "3600"),
        "/noindex-header": ("x-robots-tag", "noindex"),
        "/file.pdf": ("content-type", "application/pdf"),
        "/sitemap-products.xml.gz": ("content-type", "application/gzip"),
        "/sitemap.txt": ("content-type", "text/plain; charset=utf-8"),
    }
    for path, (name, value) in expect_headers.items():
        assert fetch(base + path)[1][name] == value, path
    assert "www-authenticate" not in fetch(base + "/auth-missing")[1]
    assert fetch(base + "/empty")[1]["content-length"] == "0"
    assert fetch(base + "/file.pdf")[2].startswith(b"%PDF-")
    assert f'href="{base}/target"'.encode() in fetch(base + "/canonical")[2]
    assert b'content="noindex"' in fetch(base + "/noindex-meta")[2]
    assert b'type="password"' in fetch(base + "/login-wall")[2]
    assert fetch(base + "/routes.toml")[0] == fetch(base + "/README.md")[0] == 404

    home = fetch(base + "/")[2].decode()
    assert f'href="HTTP://127.0.0.1:{fixture_server.port}/target"' in home
    for tag in ("<header>", "<nav>", "<main>", "<footer>"):
        assert tag in home


def test_fixture_robots_and_sitemaps(fixture_server: SiteServer) -> None:
    base = fixture_server.base_url
    robots = Protego.parse(fetch(base + "/robots.txt")[2].decode())
    assert list(robots.sitemaps) == [f"{base}/sitemap_index.xml", f"{base}/sitemap.txt"]
    assert not robots.can_fetch(base + "/private/secret", "gatewatch")
    assert robots.can_fetch(base + "/target", "gatewatch")

    xml = gzip.decompress(fetch(base + "/sitemap-products.xml.gz")[2])
    root = etree.fromstring(xml)
    assert [e.text for e in root.iterfind(".//sm:loc", SITEMAP_NS)] == [
        f"{base}/target",
        f"{base}/sitemap-gz-only",
    ]
    assert len(root.findall(".//sm:lastmod", SITEMAP_NS)) == 2
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(fetch(base + "/sitemap-broken.xml")[2])
    self_index = etree.fromstring(fetch(base + "/sitemap-self.xml")[2])
    assert [e.text for e in self_index.iterfind(".//sm:loc", SITEMAP_NS)] == [
        f"{base}/sitemap-self.xml"
    ]
    assert fetch(base + "/sitemap.txt")[2].decode().split() == [
        f"{base}/target",
        f"{base}/sitemap-txt-only",
    ]


def test_fixture_slow_page_is_slow(fixture_site: Site) -> None:
    assert fixture_site.pages["/slow"].delay == 2.0
    site = Site({"/slow": replace(fixture_site.pages["/slow"], delay=0.3)})
    with serve(site) as server:
        started = time.monotonic()
        assert fetch(server.base_url + "/slow")[0] == 200
        assert time.monotonic() - started >= 0.3


# -- the bundled demo site -----------------------------------------------------------------

DEMO_EXPECTED = {
    "/robots.txt": 200,
    "/sitemap_index.xml": 200,
    "/sitemap-pages.xml": 200,
    "/sitemap-products.xml.gz": 200,
    "/": 200,
    "/products/": 200,
    "/products/alpine-shell-jacket": 200,
    "/products/summit-down-parka": 200,
    "/products/trailhead-hiking-boots": 200,
    "/products/ridge-daypack-28l": 200,
    "/products/merino-base-layer": 200,
    "/products/camp-stove-mini": 200,
    "/products/headlamp-300": 403,  # in the sitemap, forbidden: broken
    "/products/gift-cards": 200,  # soft 404
    "/products/classic-canvas-tent": 410,
    "/blog/": 200,
    "/blog/layering-101": 200,
    "/blog/choosing-hiking-boots": 200,
    "/blog/winter-camping-checklist": 200,
    "/blog/leave-no-trace": 200,
    "/blog/spring-trail-report": 404,  # linked from every page
    "/about": 200,
    "/contact": 200,
    "/shipping": 200,
    "/returns": 200,
    "/size-guide": 429,  # first request; 200 on retry
    "/login": 200,
    "/members/trail-club": 200,  # login wall
    "/wholesale/price-list": 401,  # no WWW-Authenticate
    "/store-locator": 500,
    "/admin/": 403,  # private, allowed by robots.txt
    "/catalog/2019/spring-sale": 301,  # -> /
    "/summer-sale": 301,  # -> /sale -> /offers/
    "/sale": 302,
    "/offers/": 200,
}


def test_demo_site_reference_crawl() -> None:
    site = load_demo_site()
    with serve(site) as server:
        found, disallowed = reference_crawl(KeepAliveFetcher(server), server.base_url)
        hits = server.hits
        assert fetch(server.base_url + "/size-guide")[0] == 200  # the retry succeeds
    assert found == DEMO_EXPECTED
    assert disallowed == {"/account/", "/cart/"}
    assert hits["/account/"] == hits["/cart/"] == 0
    assert len(list(DEMO_SITE_DIR.rglob("*"))) >= 25


def test_demo_site_details() -> None:
    with serve(load_demo_site()) as server:
        base = server.base_url
        status, headers, body = fetch(base + "/account/")
        assert (status, headers["www-authenticate"]) == (401, 'Basic realm="Northwind Account"')
        assert fetch(base + "/cart/")[1]["location"] == "/login?next=/cart/"
        status, _, body = fetch(base + "/login?next=/cart/")
        assert status == 200
        assert b'type="password"' in body
        assert b'type="password"' in fetch(base + "/members/trail-club")[2]
        assert "www-authenticate" not in fetch(base + "/wholesale/price-list")[1]
        assert b"Page not found" in fetch(base + "/products/gift-cards")[2]
        assert fetch(base + "/catalog/2019/spring-sale")[1]["location"] == "/"
        assert fetch(base + "/sale")[1]["location"] == f"{base}/offers/"
        status, _, body = fetch(base + "/no/such/page")
        assert status == 404
        assert b"Page not found" in body

        robots = Protego.parse(fetch(base + "/robots.txt")[2].decode())
        assert list(robots.sitemaps) == [f"{base}/sitemap_index.xml"]
        for path, allowed in (("/account/", False), ("/cart/", False), ("/admin/", True)):
            assert robots.can_fetch(base + path, "gatewatch") is allowed
        products = etree.fromstring(gzip.decompress(fetch(base + "/sitemap-products.xml.gz")[2]))
        locs = [e.text for e in products.iterfind(".//sm:loc", SITEMAP_NS)]
        assert f"{base}/products/headlamp-300" in locs
        assert all(loc.startswith(base + "/") for loc in locs)

        linking = [p for p in DEMO_EXPECTED if b"/blog/spring-trail-report" in fetch(base + p)[2]]
        assert len(linking) >= 10
