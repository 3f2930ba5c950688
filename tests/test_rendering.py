"""Client-rendered sites: the shell every URL answers is never judged; rendered in headless
chromium, each page is judged by what the browser shows (tests marked `browser`)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from gatewatch.crawler.app_shell import shell_evidence
from gatewatch.crawler.detectors import ProbeResult, Signals, conclude
from gatewatch.crawler.rendering import SameSiteOnly
from gatewatch.demo.server import serve
from gatewatch.demo.site import Site
from gatewatch.demo.spa import serve_spa
from gatewatch.storage.database import open_database
from gatewatch.storage.models import runs
from tests.conftest import FIXTURES, run_gatewatch

REACT_SHELL = b"""<!doctype html><html><head><title>Shop</title>
<script type="module" crossorigin src="/assets/index-4f2a.js"></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div></body></html>"""
NEXT_SHELL = b'<html><body><div id="__next"><!-- app --></div><script src="/_next/main.js">'
ANGULAR_SHELL = b"<html><body><app-root></app-root><script src='main.js'></script></body></html>"
SERVER_RENDERED = b"""<html><body><div id="root"><h1>Alpine Tent</h1><p>Two doors.</p></div>
<script src="/app.js"></script></body></html>"""


# ---- recognising a shell


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (REACT_SHELL, "empty app root #root, noscript asks for JavaScript, 1 script bundle"),
        (NEXT_SHELL, "empty app root #__next, 1 script bundle"),
        (ANGULAR_SHELL, "empty app root <app-root>, 1 script bundle"),
    ],
)
def test_an_application_shell_is_recognised(body, expected):
    assert shell_evidence(body, 0) == expected


def test_a_page_with_content_or_without_scripts_is_no_shell():
    assert shell_evidence(SERVER_RENDERED, 5) is None  # its root holds the page
    assert shell_evidence(b'<div id="root"></div>', 0) is None  # no script: nothing renders
    assert shell_evidence(REACT_SHELL, 300) is None  # a page with text is judged as it is


@pytest.mark.parametrize(
    "body",
    [
        b"<script " * 8000,  # 11 s with unbounded attributes; minutes for the next
        b"<script src=a></script>" + b'<div id="root" ' * 8000,
        b"<script src=a></script><div id=root>" + b"<!--" * 16000,
        b"<script src=a></script>" + b"<app-root " * 8000,
        b"<script src=a></script>" + b"<noscript " * 8000,
    ],
    ids=["script", "root", "comment", "app-root", "noscript"],
)
def test_hostile_markup_is_read_in_linear_time(body):
    # a quadratic reading of these 64-120 kB takes from seconds to minutes: the suite stalls
    assert shell_evidence(body, 0) is None


def test_a_shell_is_not_judged_even_when_it_looks_like_the_probes():
    probe = ProbeResult(
        url="https://shop.test/products/qwertyuiopasdfghjklzxcvbn", kind="random", status=200,
        final_url="https://shop.test/products/qwertyuiopasdfghjklzxcvbn", final_status=200,
        simhash=0x5A5A, looks_like="empty_main",
    )  # fmt: skip
    shell = {"empty_main": 0, "thin_main": 0, "app_shell": "empty app root #root"}
    found = Signals(url="https://shop.test/products/tent", status=200, simhash=0x5A5A, found=shell)
    assert [verdict.flag for verdict in conclude(found, [probe])] == ["needs_rendering"]
    del shell["app_shell"]  # the same page, were it not a shell: the probe's twin
    assert [verdict.flag for verdict in conclude(found, [probe])] == ["soft_404"]


def test_the_browser_fetches_the_sites_own_host_only_and_no_images_fonts_or_media():
    abort = SameSiteOnly("http://www.shop.test/")

    def request(url, kind="script", method="GET"):
        return SimpleNamespace(url=url, resource_type=kind, method=method)

    assert not abort(request("http://www.shop.test/static/app.js"))
    assert not abort(request("http://shop.test/api/products", "fetch"))
    assert abort(request("https://shop.test/api/products", "fetch"))  # another scheme
    assert abort(request("http://shop.test:8080/api/products", "fetch"))  # another port
    assert abort(request("http://shop.test/api/track", "fetch", "POST"))
    assert abort(request("https://www.googletagmanager.com/gtm.js"))
    assert abort(request("http://cdn.shop-assets.test/app.js"))
    assert abort(request("http://www.shop.test/photo.jpg", "image"))
    assert abort(request("http://www.shop.test/font.woff2", "font"))
    assert abort(request("http://www.shop.test/favicon.ico", "other"))


# ---- crawls of the client-rendered store (demo/spa.py)


def _crawl(tmp_path, site, *arguments):
    database = f"sqlite:///{tmp_path / 'spa.db'}"
    run_gatewatch("crawl", site.url("/"), "--db", database, "--quiet", *arguments)
    export = run_gatewatch("export", "--db", database)
    records = {
        urlsplit(record["url"]).path: record
        for record in map(json.loads, export.stdout.split("\n")[:-1])
    }
    with open_database(database).connect() as connection:
        stats = connection.execute(select(runs.c.stats)).scalar_one()
    return SimpleNamespace(records=records, stats=stats, hits=dict(site.hits), database=database)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    with serve_spa() as site:
        return _crawl(tmp_path_factory.mktemp("rendered"), site)


def _verdict(record, flag):
    return next(verdict for verdict in record["verdicts"] if verdict["flag"] == flag)


@pytest.mark.crawl
@pytest.mark.browser
def test_rendered_products_are_fine_and_their_content_is_recorded(rendered):
    for path in ("/products/alpine-tent", "/products/camp-stove", "/products/trail-shoe"):
        record = rendered.records[path]
        assert "soft_404" not in record["flags"]
        assert "needs_rendering" not in record["flags"]
        assert "rendered" in record["flags"]
    assert rendered.records["/products/alpine-tent"]["title"] == (
        "Alpine Tent 2P | Trailhead Outfitters"
    )


@pytest.mark.crawl
@pytest.mark.browser
def test_a_removed_product_and_an_unknown_route_are_soft_404s_once_rendered(rendered):
    for path in ("/products/summit-parka", "/journal/winter-camping"):
        flags = rendered.records[path]["flags"]
        assert "soft_404" in flags, (path, flags)
    removed = _verdict(rendered.records["/products/summit-parka"], "soft_404")
    assert removed["evidence"]["heading_not_found"] == "title: product not found"


@pytest.mark.crawl
@pytest.mark.browser
def test_an_account_route_that_renders_a_sign_in_form_is_a_login_wall(rendered):
    record = rendered.records["/account/orders"]
    assert "soft_401" in record["flags"]
    assert "password_main" in _verdict(record, "soft_401")["reasons"]


@pytest.mark.crawl
@pytest.mark.browser
def test_links_that_exist_only_after_rendering_are_followed_and_say_so(rendered):
    assert rendered.records["/account/orders"]["found_via"] == "render"
    assert rendered.records["/journal/winter-camping"]["found_via"] == "render"
    assert rendered.records["/products/summit-parka"]["found_via"] == "sitemap"


@pytest.mark.crawl
@pytest.mark.browser
def test_each_rendered_page_says_what_rendering_changed(rendered):
    changes = _verdict(rendered.records["/products/summit-parka"], "rendered")["evidence"]
    assert (
        changes["title"] == "'Trailhead Outfitters' -> 'Product not found | Trailhead Outfitters'"
    )
    assert changes["verdict"] == "needs_rendering -> soft_404"
    assert changes["main_words"].startswith("0 -> ")
    home = _verdict(rendered.records["/"], "rendered")["evidence"]
    assert home["links"].startswith("0 -> ")
    assert home["links"] != "0 -> 0"


@pytest.mark.crawl
@pytest.mark.browser
def test_the_report_says_which_pages_were_rendered(rendered, tmp_path):
    report = tmp_path / "report.html"
    run_gatewatch("report", "--db", rendered.database, "-o", str(report))
    html = report.read_text()
    assert "client-rendered page(s) were rendered in a headless browser" in html
    assert "need rendering" not in html


@pytest.mark.crawl
@pytest.mark.browser
def test_the_browser_fetches_no_other_host_and_no_image(rendered):
    assert rendered.hits.get("/tracker.js", 0) == 0  # named on localhost, another host name
    assert not [path for path in rendered.hits if path.endswith(".png")]
    assert rendered.hits["/static/app.js"] > 0  # the app itself was run
    assert rendered.stats["gatewatch/rendered"] >= 8
    assert rendered.stats["gatewatch/rendered_probes"] >= 2


@pytest.mark.crawl
@pytest.mark.browser
def test_the_render_budget_leaves_the_rest_not_judged(tmp_path):
    with serve_spa() as site:
        crawl = _crawl(tmp_path, site, "--render-max-pages", "2")
    not_judged = [r for r in crawl.records.values() if "needs_rendering" in r["flags"]]
    assert not_judged
    assert all(
        "render budget of 2 pages" in _verdict(r, "needs_rendering")["evidence"]["not_rendered"]
        for r in not_judged
    )
    assert not [r for r in not_judged if "soft_404" in r["flags"]]


@pytest.mark.crawl
def test_without_rendering_every_shell_is_not_judged_and_no_browser_starts(tmp_path):
    with serve_spa() as site:
        crawl = _crawl(tmp_path, site, "--render", "never")
    assert set(crawl.records) >= {"/", "/products/alpine-tent", "/products/summit-parka"}
    for path, record in crawl.records.items():
        if record["status"] == 200 and record["content_type"].startswith("text/html"):
            assert "needs_rendering" in record["flags"], path
            assert "soft_404" not in record["flags"]
            assert "soft_401" not in record["flags"]
            why = _verdict(record, "needs_rendering")["evidence"]["not_rendered"]
            assert why == "rendering is off (--render never)"
    assert "gatewatch/browser_started" not in crawl.stats
    assert crawl.hits.get("/static/app.js", 0) == 0
    report = tmp_path / "report.html"
    run_gatewatch("report", "--db", crawl.database, "-o", str(report))
    html = report.read_text()
    assert "client-rendered page(s) need rendering and were not judged" in html
    assert "soft 404" not in html.replace("soft 404s", "")


@pytest.mark.crawl
def test_a_server_rendered_site_in_auto_mode_starts_no_browser(tmp_path):
    database = f"sqlite:///{tmp_path / 'site.db'}"
    with serve(Site.from_directory(FIXTURES / "site")) as server:
        run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "--quiet")
    with open_database(database).connect() as connection:
        stats = connection.execute(select(runs.c.stats)).scalar_one()
    assert stats["downloader/response_count"] > 20
    assert "gatewatch/browser_started" not in stats
    assert not [key for key in stats if key.startswith("playwright/")]
    assert "gatewatch/rendered" not in stats


# ---- gatewatch check


@pytest.mark.crawl
@pytest.mark.browser
def test_check_renders_a_shell_and_says_what_rendering_changed():
    with serve_spa() as site:
        result = run_gatewatch("check", site.url("/products/summit-parka"), "--json")
        off = run_gatewatch("check", site.url("/products/summit-parka"), "--render", "never")
    checked = json.loads(result.stdout)
    assert [verdict["flag"] for verdict in checked["verdicts"]] == ["soft_404"]
    assert [verdict["flag"] for verdict in checked["raw_verdicts"]] == ["needs_rendering"]
    assert checked["rendered"]["title"] == [
        "Trailhead Outfitters",
        "Product not found | Trailhead Outfitters",
    ]
    assert "verdict     needs_rendering: app_shell" in off.stdout
    assert "soft_404" not in off.stdout


@pytest.mark.crawl
@pytest.mark.browser
def test_check_fingerprints_a_rendered_probe_by_its_template_as_a_crawl_does():
    """A probe of a client-rendered shape is judged by the page the browser shows: its
    template (the main text with numbers masked) is the rendered page's, as in a crawl, not
    none (a shell has no main text), so a "default" value or a template whose numbers move
    is recognised in a check too."""
    with serve_spa() as site:
        checked = json.loads(
            run_gatewatch("check", site.url("/products/summit-parka"), "--json").stdout
        )
    (probe,) = checked["probes"]
    assert probe["looks_like"] == "not_found"  # rendered: the app's "Product not found"
    assert probe["template"] != 0
