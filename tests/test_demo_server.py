"""Tests of demo/: the Site model, routes.toml, the live HTTP server, the bundled sites and the
synthetic site generator (checked against an independent reference crawl)."""

from __future__ import annotations

import gzip
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html
from protego import Protego

from demo.generator import generate_site
from demo.server import SiteServer, serve
from demo.site import DEMO_SITE_DIR, Page, Site, load_demo_site, substitute, substitute_text

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DIR = Path(__file__).parent / "fixtures" / "site"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

Response = tuple[int, dict[str, str], bytes]


# -- helpers -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def fetch(url: str, method: str = "GET") -> Response:
    """One request with urllib, redirects not followed; headers lower-cased."""
    try:
        with _OPENER.open(urllib.request.Request(url, method=method), timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


class KeepAliveFetcher:
    """Fetches paths over one persistent HTTP/1.1 connection."""

    def __init__(self, server: SiteServer) -> None:
        self.conn = http.client.HTTPConnection(server.host, server.port, timeout=10)

    def __call__(self, path: str) -> Response:
        self.conn.request("GET", path)
        resp = self.conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def offline_fetcher(site: Site, base: str) -> Callable[[str], Response]:
    """Answers like the server would, without sockets (fast truth checks of big sites)."""

    def fetch_offline(path: str) -> Response:
        _key, page = site.lookup(path)
        headers = {k.lower(): substitute_text(v, base) for k, v in page.headers}
        return page.status, headers, page.render(base)

    return fetch_offline


def reference_crawl(
    fetch_path: Callable[[str], Response], base: str, follow_nofollow: bool = True
) -> tuple[dict[str, int], set[str]]:
    """A minimal polite crawler: robots.txt (protego), its sitemaps, <a href> links, redirects.

    Returns (status of every fetched path, disallowed paths met). No retries.
    """
    netloc = urlsplit(base).netloc
    status, _, body = fetch_path("/robots.txt")
    robots = Protego.parse(body.decode())
    found: dict[str, int] = {"/robots.txt": status}
    disallowed: set[str] = set()
    seen = {"/robots.txt"}
    sitemaps: set[str] = set()
    queue: deque[str] = deque()

    def to_path(page_url: str, href: str) -> str | None:
        try:
            parts = urlsplit(urljoin(page_url, href.strip()))
            _ = parts.port  # raises on invalid ports
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != netloc:
            return None
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def meet(path: str | None, sitemap: bool = False) -> None:
        if path is None or path in seen:
            return
        seen.add(path)
        if sitemap:
            sitemaps.add(path)
        if robots.can_fetch(base + path, "gatewatch"):
            queue.append(path)
        else:
            disallowed.add(path)

    for sitemap_url in robots.sitemaps:
        meet(to_path(base, sitemap_url), sitemap=True)
    meet("/")
    while queue:
        path = queue.popleft()
        status, headers, body = fetch_path(path)
        found[path] = status
        url = base + path
        if 300 <= status < 400:
            meet(to_path(url, headers["location"]))
        elif status != 200 or not body:
            continue
        elif path in sitemaps:
            if body[:2] == b"\x1f\x8b":
                body = gzip.decompress(body)
            if path.endswith(".txt"):
                for line in body.decode().split():
                    meet(to_path(url, line))
                continue
            try:
                root = etree.fromstring(body)
            except etree.XMLSyntaxError:
                continue
            is_index = etree.QName(root).localname == "sitemapindex"
            for loc in root.iterfind(".//sm:loc", SITEMAP_NS):
                meet(to_path(url, loc.text or ""), sitemap=is_index)
        elif headers.get("content-type", "").startswith("text/html"):
            for a in lxml_html.fromstring(body).iter("a"):
                href = a.get("href")
                if href is None:
                    continue
                if not follow_nofollow and "nofollow" in (a.get("rel") or "").split():
                    continue
                meet(to_path(url, href))
    return found, disallowed


def without_delays(site: Site) -> Site:
    return Site({p: replace(page, delay=0.0) for p, page in site.pages.items()}, site.fallback)


@pytest.fixture
def fixture_site() -> Site:
    return Site.from_directory(FIXTURE_DIR)


@pytest.fixture
def fixture_server(fixture_site: Site):
    with serve(fixture_site) as server:
        yield server


# -- Site model and routes.toml ------------------------------------------------------------


def test_lookup_exact_then_path_without_query_then_fallback() -> None:
    site = Site()
    site.add("/a", Page.html("a"))
    site.add("/a?x=1", Page.html("ax"))
    assert site.lookup("/a?x=1")[1].body == b"ax"
    assert site.lookup("/a?utm=2") == ("/a", site.pages["/a"])
    key, page = site.lookup("/nope?x=1")
    assert (key, page.status) == ("/nope?x=1", 404)
    with pytest.raises(ValueError):
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


# -- the server ----------------------------------------------------------------------------


def test_get_head_keepalive_and_hits() -> None:
    site = Site()
    site.add("/", Page.html("<p>hello {{BASE}}</p>"))
    with serve(site) as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        status, headers, body = fetch(server.base_url + "/")
        assert status == 200
        assert body == f"<p>hello {server.base_url}</p>".encode()
        assert headers["content-length"] == str(len(body))
        assert headers["content-type"] == "text/html; charset=utf-8"
        get_length = headers["content-length"]
        status, headers, body = fetch(server.base_url + "/", method="HEAD")
        assert (status, body, headers["content-length"]) == (200, b"", get_length)
        assert fetch(server.base_url + "/nope?q=1")[0] == 404
        assert fetch(server.base_url + "/", method="POST")[0] == 405

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        for _ in range(3):
            conn.request("GET", "/")
            resp = conn.getresponse()
            assert resp.status == 200 and resp.version == 11
            resp.read()
        sock = conn.sock
        conn.request("GET", "/")
        conn.getresponse().read()
        assert conn.sock is sock  # the same connection was kept alive
        conn.close()

        hits = server.hits
        assert hits == Counter({"/": 7, "/nope?q=1": 1})
        server.reset_hits()
        assert server.hits == Counter()
    with pytest.raises(OSError):  # stopped: nothing listens any more
        http.client.HTTPConnection("127.0.0.1", server.port, timeout=2).connect()


def test_stop_closes_idle_keepalive_connections() -> None:
    server = serve(Site({"/": Page.html("x")}))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/")
    conn.getresponse().read()
    started = time.monotonic()
    server.stop()
    server.stop()  # idempotent
    assert time.monotonic() - started < 2
    assert conn.sock is not None and conn.sock.recv(1) == b""  # closed by the server


def test_fail_first_then_success_per_server_instance(fixture_site: Site) -> None:
    for _ in range(2):  # a new server starts with fresh counters
        with serve(fixture_site) as server:
            status, headers, _ = fetch(server.base_url + "/busy")
            assert (status, headers["retry-after"]) == (429, "1")
            status, headers, body = fetch(server.base_url + "/busy")
            assert status == 200 and "retry-after" not in headers and b"Busy" in body
            assert server.hits["/busy"] == 2


def test_delay_does_not_block_other_requests() -> None:
    site = Site({"/slow": Page.html("slow"), "/fast": Page.html("fast")})
    site.add("/slow", replace(site.pages["/slow"], delay=0.6))
    with serve(site) as server:
        slow: list[float] = []

        def get_slow() -> None:
            started = time.monotonic()
            fetch(server.base_url + "/slow")
            slow.append(time.monotonic() - started)

        thread = threading.Thread(target=get_slow)
        thread.start()
        time.sleep(0.05)
        started = time.monotonic()
        assert fetch(server.base_url + "/fast")[0] == 200
        assert time.monotonic() - started < 0.4
        thread.join()
        assert slow[0] >= 0.6


def test_serves_many_pages_per_second_over_keepalive() -> None:
    generated = generate_site(200, seed=3)
    paths = [p for p, s in generated.expected_pages.items() if s == 200][:250]
    errors: list[str] = []
    with serve(generated.site) as server:

        def worker() -> None:
            get = KeepAliveFetcher(server)
            for path in paths:
                if get(path)[0] != 200:
                    errors.append(path)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    assert not errors
    rate = 4 * len(paths) / elapsed
    assert rate > 500, f"{rate:.0f} pages/s"  # ~1500-2500/s on a laptop, client in-process


def test_no_output_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with serve(Site()) as server:
        fetch(server.base_url + "/missing")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/")
        conn.close()  # hang up before reading the answer
        time.sleep(0.1)
    captured = capfd.readouterr()
    assert captured.err == ""


def test_standalone_server_prints_base_url_and_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args in (["--demo"], ["--generated", "100"], [str(FIXTURE_DIR)]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "demo.server", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().strip()
            assert base.startswith("http://127.0.0.1:")
            status, _, body = fetch(base + "/robots.txt")
            assert status == 200 and f"Sitemap: {base}/".encode() in body
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0, proc.communicate()[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


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
        assert status == 200 and b'type="password"' in body
        assert b'type="password"' in fetch(base + "/members/trail-club")[2]
        assert "www-authenticate" not in fetch(base + "/wholesale/price-list")[1]
        assert b"Page not found" in fetch(base + "/products/gift-cards")[2]
        assert fetch(base + "/catalog/2019/spring-sale")[1]["location"] == "/"
        assert fetch(base + "/sale")[1]["location"] == f"{base}/offers/"
        status, _, body = fetch(base + "/no/such/page")
        assert status == 404 and b"Page not found" in body

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


# -- the generator -------------------------------------------------------------------------


def test_generator_is_fast_and_deterministic() -> None:
    started = time.monotonic()
    first = generate_site(5000, seed=7)
    assert time.monotonic() - started < 2.0
    second = generate_site(5000, seed=7)
    assert first.expected == second.expected
    assert first.disallowed == second.disallowed and first.redirects == second.redirects
    base = "http://127.0.0.1:9"
    for path in list(first.expected)[::250]:
        assert first.site.lookup(path)[1].render(base) == second.site.lookup(path)[1].render(base)
    assert generate_site(5000, seed=8).expected != first.expected


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
    assert generated.disallowed and not any(
        robots.can_fetch(base + p, "gatewatch") for p in generated.disallowed
    )
    assert {"/account/", "/admin/", "/account/login?next=/checkout"} <= generated.disallowed
    assert any("?sort=" in p for p in generated.disallowed)
    for path in generated.unreachable:
        assert site.lookup(path)[1].status == 200 and path not in expected
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
    assert None in auth and 'Basic realm="Northwind Members"' in auth
    assert generated.redirects["/redirect-loop/a"] == "/redirect-loop/b"
    assert generated.redirects["/redirect-loop/b"] == "/redirect-loop/a"
    assert sum(1 for t in generated.redirects.values() if t == "/") >= 3
    chains = [p for p, t in generated.redirects.items() if t in generated.redirects]
    assert len(chains) >= 3


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
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        doc = lxml_html.fromstring(body)
        sizes.append(len(body))
        link_counts.append(len(doc.xpath("//a[@href]")))
        assert doc.xpath("//header//a") and doc.xpath("//footer//a") and doc.xpath("//main//a")
    assert 8_000 < sum(sizes) / len(sizes) < 14_000
    assert 30 <= sum(link_counts) / len(link_counts) <= 50
    hrefs = [h for p in items for h in lxml_html.fromstring(render(p)[2]).xpath("//a/@href")]
    assert any(h.startswith("./") for h in hrefs) and any(h.startswith("../") for h in hrefs)
    assert any(h.startswith(base) for h in hrefs) and any("#" in h for h in hrefs)
    assert any(h.startswith("https://example.org/") for h in hrefs)
    nofollow = [p for p in items if b'rel="nofollow"' in render(p)[2]]
    assert nofollow

    robots = render("/robots.txt")[2].decode()
    assert (
        f"Sitemap: {base}/sitemap_index.xml" in robots and f"Sitemap: {base}/sitemap.txt" in robots
    )
    index = etree.fromstring(render("/sitemap_index.xml")[2])
    children = [urlsplit(e.text).path for e in index.iterfind(".//sm:loc", SITEMAP_NS)]
    assert len(children) >= 3 and any(c.endswith(".xml.gz") for c in children)
    listed: set[str] = set()
    for child in children:
        body = render(child)[2]
        if child.endswith(".gz"):
            body = gzip.decompress(body)
        locs = [e.text for e in etree.fromstring(body).iterfind(".//sm:loc", SITEMAP_NS)]
        assert 0 < len(locs) <= 2000 and all(loc.startswith(base + "/") for loc in locs)
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
    assert pages & listed - linked and pages & linked - listed


def test_generator_handles_50k_pages() -> None:
    started = time.monotonic()
    generated = generate_site(50_000, seed=1)
    assert time.monotonic() - started < 10
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
