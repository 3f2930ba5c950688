"""A sitemap index of indexes ends at the run's limit of sitemap files; a gzip sitemap inflates
to the run's max_sitemap_bytes at most."""

from __future__ import annotations

import gzip

from crawler.sitemaps import parse_sitemap
from tests.hostile import traps_fixes17
from tests.hostile.server import serve_hostile
from tests.test_hostile_bounds import assert_bounded, crawl, rows


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


def test_a_gzip_sitemap_inflates_to_the_runs_limit_at_most():
    urls = "".join(f"http://example.com/page-{index}\n" for index in range(1_000))
    body = gzip.compress(urls.encode())
    assert len(parse_sitemap(body).urls) == 1_000
    parsed = parse_sitemap(body, max_bytes=10_000)
    assert parsed.urls == []
    assert "larger than 10,000 bytes uncompressed" in parsed.error
