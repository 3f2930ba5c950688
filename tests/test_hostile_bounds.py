"""A hostile site cannot make a crawl hold, store or fetch without bound: long URLs, endless
links, huge sitemaps and other origins each end the run (completed, or stopped at a limit and
saying so) with the crawl's process tree and its database small.

Each crawl is a real one of the real hostile server (tests/hostile), at sizes small enough for
a test and with lowered limits; bench/hostile_traps.py measures the issue's sizes with the
defaults."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from bench.measure import run_measured
from tests.conftest import run_gatewatch
from tests.hostile import traps_fixes17
from tests.hostile.server import serve_hostile
from tests.hostile.traps_bounds import (
    TRAPS,
    foreign_traps,
    origin_traps,
    robots_redirect_traps,
)

pytestmark = pytest.mark.crawl

MAX_PEAK_MB = 300  # the bar for the crawl's process tree
MAX_DATABASE_MB = 100


def crawl(url: str, database: Path, *flags: str) -> tuple[dict, float]:
    """Crawl `url` into the SQLite file `database`: (the run's JSON summary, peak MB)."""
    usage = run_measured(
        [sys.executable, "-m", "gatewatch.cli.main", "crawl", url, "--db", str(database), "--json",
         "--time-limit", "120", *flags]
    )  # fmt: skip
    return json.loads(usage.stdout), usage.peak_rss_mb


def rows(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def assert_bounded(database: Path, peak_mb: float) -> None:
    assert peak_mb < MAX_PEAK_MB
    assert database.stat().st_size < MAX_DATABASE_MB * 1024 * 1024


def test_relative_links_under_a_long_url_are_recorded_cut_short_and_not_fetched(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(f"{server.base_url}/bounds/long-base/5000/", database)
        long_pages = sum(
            hits for path, hits in server.hits.items() if path.count("/") > 4 and "x" * 100 in path
        )
    assert summary["status"] == "completed"
    assert summary["not_fetched"] == {"url_too_long": 1}
    assert long_pages == 0  # the 5,000-character folder was never asked for
    [(url,)] = rows(database, "SELECT url FROM urls WHERE skip_reason = 'url_too_long'")
    assert len(url) < 2100
    assert url.endswith(" characters)")
    assert any("URL too long" in note for note in summary["limits"])
    assert_bounded(database, peak)


def test_a_chain_of_ever_longer_urls_ends_at_the_length_limit(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/bounds/chain/", database, "--max-url-length", "120"
        )
    assert summary["status"] == "completed"
    assert summary["not_fetched"].get("url_too_long") == 1
    fetched_lengths = [
        length
        for (length,) in rows(
            database,
            "SELECT length(u.url) FROM urls u JOIN responses r ON r.url_id = u.id "
            "WHERE u.url LIKE '%/bounds/chain/%'",
        )
    ]
    assert max(fetched_lengths) == 120  # every URL up to the limit, none past it
    assert_bounded(database, peak)


def test_a_text_sitemap_line_of_megabytes_is_one_url_cut_short(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/bounds/listed/home",
            database,
            "--sitemap",
            f"{server.base_url}/bounds/sitemap-lines/4.txt",
        )
    assert summary["status"] == "completed"
    [(length, reason)] = rows(
        database, "SELECT length(url), skip_reason FROM urls WHERE url LIKE '%yyyy%'"
    )
    assert reason == "url_too_long"
    assert length < 2100
    assert rows(database, "SELECT count(*) FROM urls WHERE url LIKE '%/listed/short'") == [(1,)]
    assert_bounded(database, peak)


def test_pages_of_thousands_of_new_links_stop_at_the_run_limit_of_urls(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/bounds/many-links/500/0",
            database,
            "--max-pages", "40", "--max-urls", "3000", "--max-links-per-page", "300",
        )  # fmt: skip
    assert summary["status"] == "completed"
    [(count,)] = rows(database, "SELECT count(*) FROM urls")
    assert count == 3000
    notes = " ".join(summary["limits"])
    assert "possible crawl trap" in notes
    assert "more URLs were not recorded" in notes
    assert "had more than 300 links" in notes
    assert summary["flags"].get("too_many_links", 0) >= 1
    [(links_per_page,)] = rows(
        database, "SELECT max(n) FROM (SELECT count(*) AS n FROM links GROUP BY source_id)"
    )
    assert links_per_page <= 300
    assert_bounded(database, peak)
    report = tmp_path / "report.html"
    run_gatewatch("report", "--db", str(database), "-o", str(report))
    html = report.read_text(encoding="utf-8")
    assert "possible crawl trap: the run met its limit of 3,000 URLs" in html


def test_a_sitemap_over_the_protocols_limit_is_read_up_to_the_limit_and_said_so(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/bounds/listed/home",
            database,
            "--sitemap", f"{server.base_url}/bounds/sitemap/3000.xml",
            "--max-sitemap-urls-per-file", "1000", "--max-pages", "5",
        )  # fmt: skip
    [sitemap] = [s for s in summary["sitemaps"] if "3000.xml" in s["url"]]
    assert sitemap["urls"] == 1000
    assert "over the protocol's limit: 3,000 entries, read the first 1,000" in sitemap["error"]
    assert rows(database, "SELECT count(*) FROM sitemap_urls") == [(1000,)]
    assert any("sitemap over the protocol's limit" in note for note in summary["limits"])
    assert_bounded(database, peak)


def test_a_sitemap_index_stops_at_the_runs_limit_of_sitemap_urls(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/bounds/listed/home",
            database,
            "--sitemap", f"{server.base_url}/bounds/index/20x500.xml",
            "--max-sitemap-urls", "1200", "--max-pages", "5",
        )  # fmt: skip
        sitemaps_fetched = sum(
            hits for path, hits in server.hits.items() if path.startswith("/bounds/sitemap/")
        )
    assert rows(database, "SELECT count(*) FROM sitemap_urls") == [(1200,)]
    assert sitemaps_fetched < 20  # once the limit is met, the rest are not read
    notes = " ".join(summary["limits"])
    assert "limit of 1,200 sitemap URLs" in notes
    assert_bounded(database, peak)


def test_other_origins_named_by_robots_an_index_or_a_redirect_are_not_fetched(tmp_path):
    database = tmp_path / "gatewatch.db"
    with (
        serve_hostile(foreign_traps()) as foreign,
        serve_hostile(origin_traps(foreign.base_url)) as site,
    ):
        summary, _ = crawl(f"{site.base_url}/own/", database)
    assert sum(foreign.hits.values()) == 0
    problems = {s["url"].rsplit("/", 1)[1]: s["error"] or "" for s in summary["sitemaps"]}
    assert "private, loopback or link-local" in problems["named-by-robots.xml"]
    assert "another host" in problems["listed-in-index.xml"]
    assert "not followed" in problems["redirected.xml"]
    assert "1 URLs not on the crawled site were not recorded" in problems["mixed.xml"]
    stored = [url for (url,) in rows(database, "SELECT url FROM urls")]
    assert not any(url.startswith(foreign.base_url) for url in stored)
    assert any(url.endswith("/own/page") for url in stored)
    assert summary["status"] == "completed"


def test_a_robots_txt_redirected_to_another_port_is_not_followed(tmp_path):
    database = tmp_path / "gatewatch.db"
    with (
        serve_hostile(foreign_traps()) as foreign,
        serve_hostile(robots_redirect_traps(foreign.base_url)) as site,
    ):
        summary, _ = crawl(f"{site.base_url}/own/", database)
    assert sum(foreign.hits.values()) == 0
    [(error,)] = rows(database, "SELECT robots_error FROM runs")
    assert "another site, not followed" in error
    assert summary["status"] == "completed"
    assert summary["fetched"] >= 1


def test_an_index_of_indexes_stops_at_the_runs_limit_of_sitemap_files(tmp_path):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(traps_fixes17.TRAPS) as server:
        summary, peak = crawl(
            f"{server.base_url}/fixes17/",
            database,
            "--sitemap", f"{server.base_url}/fixes17/idx/r.xml",
            "--max-sitemap-files", "5", "--max-pages", "1",
        )  # fmt: skip
        indexes_fetched = sum(
            hits for path, hits in server.hits.items() if path.startswith("/fixes17/idx/")
        )
    assert summary["status"] == "completed"
    assert 2 <= indexes_fetched <= 5  # into the indexes it names, no further than the limit
    notes = " ".join(summary["limits"])
    assert "limit of 5 sitemap files" in notes, notes
    [(refused,)] = rows(
        database, "SELECT count(*) FROM sitemaps WHERE error LIKE '%5 sitemap files%'"
    )
    assert 0 < refused <= 1_000  # recorded as not read, up to the cap on such rows
    assert_bounded(database, peak)
