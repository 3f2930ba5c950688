"""The smaller hostile-site bugs of issue 17, each on a trap of tests/hostile/traps_smallbugs.py,
crawled once by the real command line: every trap's response is recorded, with its status and
a clear reason, and the run completes."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run_gatewatch
from tests.hostile.server import serve_hostile
from tests.hostile.traps_smallbugs import ROBOTS_TRAP, TRAPS

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The records of one crawl of /smallbugs/, by path, the run's summary, and the hits."""
    database = str(tmp_path_factory.mktemp("smallbugs") / "gatewatch.db")
    with serve_hostile({**TRAPS, **ROBOTS_TRAP}) as server:
        summary = json.loads(
            run_gatewatch(
                "crawl", f"{server.base_url}/smallbugs/", "--db", database, "--json",
                "--retry-after-cap", "5", check=False,
            ).stdout
        )  # fmt: skip
        hits = dict(server.hits)
    exported = run_gatewatch("export", "--db", database, "--format", "jsonl").stdout
    records = {}
    for line in exported.splitlines():
        record = json.loads(line)
        records[unquote(urlsplit(record["url"]).path)] = record
    return records, summary, hits


def test_the_run_completes(crawled):
    _records, summary, _hits = crawled
    assert summary["status"] == "completed"


def test_a_retry_after_of_a_non_ascii_digit_is_recorded_not_lost(crawled):
    records, _summary, _hits = crawled
    record = records["/smallbugs/retry-after-superscript"]
    assert record["status"] == 429
    assert record["retry_after"] == "\u00b2"
    assert "throttled" in record["flags"]


def test_a_location_in_utf8_is_read_as_utf8(crawled):
    records, _summary, _hits = crawled
    redirect = records["/smallbugs/location-utf8"]
    assert redirect["status"] == 301
    assert unquote(urlsplit(redirect["final_url"]).path) == "/smallbugs/café"
    assert redirect["final_status"] == 200
    assert "/smallbugs/cafÃ©" not in records


def test_two_different_locations_are_a_broken_redirect_not_one_joined_url(crawled):
    records, _summary, hits = crawled
    redirect = records["/smallbugs/two-locations"]
    assert redirect["status"] == 302
    assert "broken_redirect" in redirect["flags"]
    assert "Location" in redirect["error"]
    assert not any("," in path for path in records)
    assert hits.get("/smallbugs/first-target") is None
    assert hits.get("/smallbugs/second-target") is None


def test_a_page_in_an_unknown_charset_keeps_its_links(crawled):
    records, _summary, _hits = crawled
    page = records["/smallbugs/unknown-charset"]
    assert page["status"] == 200
    assert page["title"] == "Odd charset"
    assert not page["error"]
    assert records["/smallbugs/charset-target"]["status"] == 200


def test_content_nested_400_deep_keeps_its_link(crawled):
    records, _summary, _hits = crawled
    assert records["/smallbugs/deep"]["status"] == 200
    assert records["/smallbugs/deep-target"]["status"] == 200


def test_content_nested_5000_deep_keeps_its_links_inside_and_after(crawled):
    records, _summary, _hits = crawled
    assert records["/smallbugs/deeper"]["status"] == 200
    assert records["/smallbugs/deepest-target"]["status"] == 200
    assert records["/smallbugs/after-deep-target"]["status"] == 200


@pytest.mark.parametrize(
    "path", ["/smallbugs/huge-declared", "/smallbugs/huge-streamed", "/smallbugs/huge-gzip"]
)
def test_a_200_over_the_size_limit_keeps_its_status_and_says_why(crawled, path):
    records, _summary, _hits = crawled
    record = records[path]
    assert record["status"] == 200
    assert "size limit" in record["error"]


def test_a_200_cut_short_keeps_its_status_and_says_why(crawled):
    records, _summary, _hits = crawled
    record = records["/smallbugs/cut-short"]
    assert record["status"] == 200
    assert "cut short" in record["error"]


def test_a_robots_txt_over_500_kib_is_obeyed_for_its_first_500_kib(crawled):
    records, _summary, hits = crawled
    assert hits.get("/smallbugs/private") is None
    assert records["/smallbugs/private"]["skip_reason"] == "robots"
