"""A run claims a fix only for a URL whose answer it concluded from.

Two real crawls of a real local server (tests/hostile/traps_fixes17.py): in the first run each
page is a finding; in the second its answer says nothing (429, a redirect whose target a page
limit left unfetched, a body cut short). `gatewatch diff` must call them "not checked", never
"fixed".
"""

from __future__ import annotations

import json

import pytest

from gatewatch.storage.database import open_database
from gatewatch.storage.findings import response_concluded
from gatewatch.storage.runs import latest_run
from tests.conftest import run_gatewatch
from tests.hostile import traps_fixes17
from tests.hostile.server import serve_hostile


def _crawl(base_url: str, database: str, *options: str) -> int:
    run_gatewatch("crawl", f"{base_url}/fixes17/", "--db", database, "-q", *options)
    run = latest_run(open_database(database))
    assert run.status == "completed"
    return run.id


def _changes(database: str, older: int, newer: int) -> dict[str, str]:
    arguments = ("diff", str(older), str(newer), "--db", database, "--json")
    diff = json.loads(run_gatewatch(*arguments).stdout)
    return {row["url"].rsplit("/", 1)[1]: row["change"] for row in diff["findings"]}


@pytest.fixture
def server():
    traps_fixes17.STATE["run"] = 1
    with serve_hostile(traps_fixes17.TRAPS) as served:
        yield served
    traps_fixes17.STATE["run"] = 1


@pytest.mark.crawl
def test_a_throttled_or_cut_short_answer_is_no_fix(tmp_path, server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    first = _crawl(server.base_url, database)
    assert {"throttled", "cut"} <= set(_changes(database, first, first))
    traps_fixes17.STATE["run"] = 2
    second = _crawl(server.base_url, database)
    changes = _changes(database, first, second)
    assert changes["throttled"] == "not_checked"  # 403, then 429: nothing concluded
    assert changes["cut"] == "not_checked"  # 404, then 200 whose body was cut short


@pytest.mark.crawl
def test_a_redirect_whose_target_a_limit_left_unfetched_is_no_fix(tmp_path, server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    first = _crawl(server.base_url, database)
    assert "moved" in _changes(database, first, first)
    second = _crawl(server.base_url, database, "--max-pages", "2")  # the start page, /moved
    with open_database(database).connect() as connection:
        fetched = {row[0].rsplit("/", 1)[1] for row in connection.exec_driver_sql(
            "select url from urls join responses on responses.url_id = urls.id"
            f" and responses.run_id = urls.run_id where urls.run_id = {second}"
        )}  # fmt: skip
    assert "moved" in fetched
    assert "gone" not in fetched
    assert _changes(database, first, second)["moved"] == "not_checked"


@pytest.mark.parametrize(
    ("status", "error", "retry_after", "concluded"),
    [
        (404, None, None, True),
        (200, None, None, True),
        (503, None, None, True),
        (503, None, "120", False),  # come back later
        (429, None, None, False),
        (200, "body cut short by the server (22 of 100000 bytes): not read", None, False),
        (None, "timeout: took longer than 30 seconds", None, False),
    ],
)
def test_an_answer_concludes_only_with_a_status_read_and_not_deferred(
    status, error, retry_after, concluded
):
    assert response_concluded(status, error, retry_after) is concluded
