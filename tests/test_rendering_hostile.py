"""The rendering feature against hostile pages and across runs (review of issue 16): a page
not judged is not "fixed", a hanging app does not hang the crawl, the browser keeps to the
site, and what it did is counted (tests marked `browser` start headless chromium)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from collections import Counter
from types import SimpleNamespace
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from sqlalchemy import select

from gatewatch.crawler.browser_page import RenderFailed
from gatewatch.crawler.rendering import Renderer, chromium_path
from gatewatch.demo.spa import serve_spa
from gatewatch.storage.database import open_database
from gatewatch.storage.models import runs
from tests.conftest import run_gatewatch
from tests.hostile.render_traps import RenderTrapSite
from tests.waiting import wait_until


@pytest.mark.crawl
@pytest.mark.browser
def test_a_page_not_rendered_this_run_is_not_checked_rather_than_fixed(tmp_path):
    database = f"sqlite:///{tmp_path / 'two.db'}"
    with serve_spa() as site:
        run_gatewatch("crawl", site.url("/"), "--db", database, "--quiet")
        run_gatewatch("crawl", site.url("/"), "--db", database, "--quiet", "--render", "never")
        parka = site.url("/products/summit-parka")
    findings = tmp_path / "findings.csv"
    run_gatewatch(
        "report", "--db", database, "-o", str(tmp_path / "r.html"), "--csv", str(findings)
    )
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(findings.read_text()))}
    assert rows[parka]["kind"] == "soft_404"
    assert rows[parka]["change"] == "not_checked"
    assert not [row for row in rows.values() if row["change"] == "fixed"]


# ---- one page in the browser, under the crawl's rules (crawler.browser_page)


def _render(site, path: str, max_bytes: int = 10 * 1024 * 1024, timeout: float = 8.0):
    """Render one page of the trap site in real chromium: (the page or the failure, counts)."""
    from playwright.async_api import async_playwright

    from gatewatch.crawler.browser_page import (
        BrowserPolicy,
        RenderFailed,
        render_page,
        site_origins,
    )
    from gatewatch.crawler.rendering import chromium_arguments, chromium_path
    from gatewatch.crawler.robots import RobotsFile

    robots = RobotsFile.parse(site.url("/robots.txt"), 200, b"User-agent: *\nDisallow: /api/\n")
    policy = BrowserPolicy(site.base_url, True, (), lambda url: robots.allows(url, "gatewatch"))
    counts: Counter[str] = Counter()

    async def go():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_path(),
                args=chromium_arguments(site_origins(site.base_url)),
            )
            try:
                return await render_page(
                    browser, site.url(path), user_agent="gatewatch-test", policy=policy,
                    timeout=timeout, settle_seconds=1.0, max_bytes=max_bytes,
                    count=lambda name: counts.update([name]),
                )  # fmt: skip
            except RenderFailed as error:
                return error
            finally:
                await browser.close()

    return asyncio.run(go()), counts


@pytest.mark.browser
def test_the_browser_reaches_no_other_origin_sends_no_post_and_obeys_robots():
    with RenderTrapSite() as site:
        page, counts = _render(site, "/p/one")
        hits = dict(site.hits)
    assert "Rendered /p/one" in page.html  # the app ran
    assert site.other_hits() == []  # no other port, no redirect to it, no WebSocket
    assert ("site", "POST", "/api/track") not in hits
    assert ("site", "GET", "/api/data") not in hits  # robots.txt disallows /api/
    assert ("site", "GET", "/redir.js") in hits  # the redirect was met, and not followed
    assert counts["blocked/method"] >= 1
    assert counts["blocked/robots"] >= 1
    assert counts["blocked/origin"] >= 1
    assert counts["requests"] >= 5


@pytest.mark.browser
def test_a_page_that_loops_forever_fails_within_its_deadline():
    with RenderTrapSite() as site:
        for path in ("/hang", "/hang-open"):
            failure, _ = _render(site, path, timeout=3.0)
            assert isinstance(failure, RenderFailed), path
            assert str(failure) in (
                "the page did not load within 3 s",
                "the page did not finish rendering within 4 s",
            )


@pytest.mark.browser
def test_a_status_the_browser_got_that_is_not_2xx_fails_the_render():
    with RenderTrapSite() as site:
        urlopen(site.url("/flaky")).read()  # the crawl's raw read: 200
        failure, _ = _render(site, "/flaky")
    assert str(failure) == "the browser got HTTP 503"


@pytest.mark.browser
def test_a_rendered_page_larger_than_the_limit_is_dropped():
    with RenderTrapSite() as site:
        failure, _ = _render(site, "/big", max_bytes=100_000)
        page, _ = _render(site, "/p/one", max_bytes=100_000)
    assert "larger than 100,000 bytes" in str(failure)
    assert "Rendered /p/one" in page.html


@pytest.mark.browser
def test_each_page_starts_with_empty_storage():
    from playwright.async_api import async_playwright

    from gatewatch.crawler.browser_page import BrowserPolicy, render_page

    async def two_pages(site):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_path())
            try:
                pages = []
                for path in ("/p/one", "/p/two"):
                    pages.append(
                        await render_page(
                            browser,
                            site.url(path),
                            user_agent="t",
                            policy=BrowserPolicy(site.base_url),
                            timeout=8.0,
                            settle_seconds=1.0,
                            max_bytes=10**7,
                        )
                    )
                return pages
            finally:
                await browser.close()

    with RenderTrapSite() as site:
        first, second = asyncio.run(two_pages(site))
    assert "storage before: nothing" in first.html
    assert "storage before: nothing" in second.html  # not "/p/one"


# ---- the crawl


@pytest.mark.crawl
def test_without_chromium_the_crawl_says_what_to_install_and_keeps_the_pages(tmp_path):
    database = f"sqlite:///{tmp_path / 'none.db'}"
    missing = {"GATEWATCH_CHROMIUM": str(tmp_path / "no-chromium")}
    with serve_spa() as site:
        always = run_gatewatch(
            "crawl", site.url("/"), "--db", database, "--quiet", "--render", "always",
            check=False, env=missing,
        )  # fmt: skip
        assert always.returncode != 0
        assert "no chromium at" in always.stderr
        assert "apt-get install chromium" in always.stderr
        auto = run_gatewatch("crawl", site.url("/"), "--db", database, env=missing, check=False)
    assert auto.returncode == 0, auto.stderr
    assert "apt-get install chromium" in auto.stdout + auto.stderr
    export = run_gatewatch("export", "--db", database, "--format", "csv")
    assert "needs_rendering" in export.stdout


def _crawl_traps(tmp_path, *arguments, start: str = "/", allow_other: bool = False):
    database = f"sqlite:///{tmp_path / 'traps.db'}"
    with RenderTrapSite() as site:
        if allow_other:
            arguments = (*arguments, "--render-allow-host", f"127.0.0.1:{site.other_port}")
        run_gatewatch(
            "crawl", site.url(start), "--db", database, "--quiet", *arguments, timeout=120
        )
        hits = dict(site.hits)
        other = site.other_hits()
    export = run_gatewatch("export", "--db", database)
    records = {
        urlsplit(record["url"]).path: record
        for record in map(json.loads, export.stdout.split("\n")[:-1])
    }
    with open_database(database).connect() as connection:
        stats = connection.execute(select(runs.c.stats)).scalar_one()
    return SimpleNamespace(records=records, stats=stats, hits=hits, other=other)


def _not_rendered(record) -> str:
    verdict = next(v for v in record["verdicts"] if v["flag"] == "needs_rendering")
    return verdict["evidence"]["not_rendered"]


@pytest.mark.crawl
@pytest.mark.browser
def test_a_hostile_app_neither_hangs_the_crawl_nor_leaves_the_site(tmp_path):
    # a deadline generous enough for the pages that do render on a loaded machine: the hanging
    # pages fail at it, whichever of the two waits they are in when it passes
    crawl = _crawl_traps(tmp_path, "--render-timeout", "15")
    for path in ("/hang", "/hang-open"):
        why = _not_rendered(crawl.records[path])
        assert why.startswith(
            (
                "render failed: the page did not load within ",
                "render failed: the page did not finish rendering within ",
            )
        ), why
    assert _not_rendered(crawl.records["/flaky"]) == "render failed: the browser got HTTP 503"
    assert "soft_404" not in crawl.records["/flaky"]["flags"]
    assert "/elsewhere/deep/child" in crawl.records  # resolved where the app navigated to
    assert crawl.other == []
    assert ("site", "POST", "/api/track") not in crawl.hits
    assert ("site", "GET", "/api/data") not in crawl.hits
    assert crawl.stats["gatewatch/browser/blocked/robots"] >= 1
    assert crawl.stats["gatewatch/browser/requests"] >= 10


@pytest.mark.crawl
@pytest.mark.browser
def test_pages_still_rendering_when_the_crawl_ends_are_recorded_not_rendered(tmp_path):
    crawl = _crawl_traps(tmp_path, "--render-timeout", "60", "--time-limit", "5", start="/hang")
    assert "/hang" in crawl.records
    assert _not_rendered(crawl.records["/hang"]) == "not rendered: crawl ended"


def test_part_of_the_render_budget_is_kept_for_the_probes():
    renderer = Renderer("auto", max_pages=20, timeout=5.0)
    pages = [renderer.decide("empty app root #root") for _ in range(30)]
    assert sum(1 for reason, _ in pages if reason) == 18  # 2 kept for probes
    assert "the render budget of 20 pages was spent" in pages[-1][1]
    assert renderer.decide("empty app root #root", probe=True) == ("app_shell", None)
    assert renderer.decide("empty app root #root", probe=True) == ("app_shell", None)
    assert renderer.decide("empty app root #root", probe=True)[0] is None


@pytest.mark.crawl
@pytest.mark.browser
def test_a_host_the_site_allows_is_fetched_by_the_browser(tmp_path):
    crawl = _crawl_traps(tmp_path, "--max-pages", "1", start="/p/one", allow_other=True)
    assert ("other", "GET", "/other-port") in crawl.other
    assert ("other", "GET", "/redirected.js") in crawl.other  # the proxy is bypassed for it


def test_render_allow_hosts_in_the_config_reach_the_scheduled_crawl(tmp_path):
    from datetime import UTC, datetime

    from gatewatch.scheduler.config import load_config
    from gatewatch.scheduler.crawl_process import crawl_request, read_crawl_request

    path = tmp_path / "gatewatch.toml"
    path.write_text(
        '[[sites]]\nname = "app"\nstart_url = "https://app.example.com/"\n'
        'schedule = "daily at 03:30 UTC"\n'
        'render_allow_hosts = ["cdn.example.com", "api.example.com:8443"]\n'
    )
    options = load_config(path).sites["app"].crawl
    assert options.render_allow_hosts == ["cdn.example.com", "api.example.com:8443"]
    crawled, _ = read_crawl_request(crawl_request(options, datetime(2026, 12, 7, tzinfo=UTC)))
    assert crawled.render_allow_hosts == ["cdn.example.com", "api.example.com:8443"]


@pytest.mark.crawl
@pytest.mark.browser
def test_check_of_a_page_that_loops_forever_ends_and_says_why():
    with RenderTrapSite() as site:
        result = run_gatewatch("check", site.url("/hang"), "--timeout", "3", "--json", timeout=60)
    checked = json.loads(result.stdout)
    assert [verdict["flag"] for verdict in checked["verdicts"]] == ["needs_rendering"]
    why = checked["verdicts"][0]["evidence"]["not_rendered"]
    assert why.startswith("render failed: the page did not"), why


@pytest.mark.crawl
@pytest.mark.browser
def test_sigterm_ends_a_crawl_whose_page_never_finishes_rendering(tmp_path):
    import signal
    import subprocess
    import sys

    database = f"sqlite:///{tmp_path / 'term.db'}"
    with RenderTrapSite() as site:
        process = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.cli.main", "crawl",
             site.url("/hang-open"), "--db", database,
             "--quiet", "--render-timeout", "120"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_until(  # the page is rendering
            lambda: site.hits[("site", "GET", "/slow")],
            interval=0.2,
            message="the page never began rendering",
            process=process,
        )
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)  # not the 120 s the render may take
    if os.geteuid() == 0:  # said once, when the browser starts
        assert stderr.count("rendering without chromium's sandbox") == 1
    export = run_gatewatch("export", "--db", database)
    page = json.loads(export.stdout.split("\n")[0])
    assert urlsplit(page["url"]).path == "/hang-open"
    assert "needs_rendering" in page["flags"]
