"""Incomplete runs do not make findings look better.

Real crawls of a real local server (tests/hostile/traps_fixes17.py). A run whose detectors
failed is completed but concludes nothing: the crawl records that as a stat
("gatewatch/detection_error") when a detector raises, which no page can provoke, so the tests
write that stat into a real run's row.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import update

from gatewatch.reports.build import report_for
from gatewatch.storage.database import open_database
from gatewatch.storage.models import runs
from gatewatch.storage.runs import get_run, latest_run, mark_abandoned_runs
from tests.conftest import run_gatewatch
from tests.hostile import traps_fixes17
from tests.hostile.server import serve_hostile
from tests.waiting import wait_until

pytestmark = pytest.mark.crawl


@pytest.fixture
def server():
    traps_fixes17.STATE["run"] = 1
    traps_fixes17.RELEASE.clear()
    with serve_hostile(traps_fixes17.TRAPS) as served:
        yield served
        traps_fixes17.RELEASE.set()
    traps_fixes17.STATE["run"] = 1


def _crawl(base_url: str, database: str, *options: str) -> int:
    run_gatewatch("crawl", f"{base_url}/fixes17/", "--db", database, "-q", *options)
    return latest_run(open_database(database)).id


def _detectors_failed(database: str, run_id: int) -> None:
    engine = open_database(database)
    stats = {**(get_run(engine, run_id).stats or {}), "gatewatch/detection_error": "ValueError"}
    with engine.begin() as connection:
        connection.execute(update(runs).where(runs.c.id == run_id).values(stats=stats))


def _changes(database: str, run_id: int) -> dict[str, str]:
    diff = json.loads(run_gatewatch("diff", str(run_id), "--db", database, "--json").stdout)
    return {row["url"].rsplit("/", 1)[1]: row["change"] for row in diff["findings"]}


def test_two_incomplete_runs_in_a_row_lose_no_finding(tmp_path, server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    first = _crawl(server.base_url, database)
    incomplete = []
    for _ in range(2):  # the start page alone, then the detectors fail
        incomplete.append(_crawl(server.base_url, database, "--max-pages", "1"))
        _detectors_failed(database, incomplete[-1])
        assert _changes(database, incomplete[-1])["cut"] == "not_checked"
    last = _crawl(server.base_url, database)
    assert _changes(database, last)["cut"] == "persisting"  # not "new": it never went away
    trend = [point.run_id for point in report_for(open_database(database), last).trend]
    assert trend == [first, last]  # the runs that saw a quarter of the site are not a drop


def test_a_killed_crawl_marked_interrupted_has_an_end(tmp_path, server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    traps_fixes17.STATE["run"] = "hang"
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gatewatch.cli.main",
            "crawl",
            f"{server.base_url}/fixes17/",
            "--db",
            database,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(
            lambda: server.hits["/fixes17/hang"],
            interval=0.05,
            message="the crawl never hung",
            process=crawl,
        )
        os.kill(crawl.pid, signal.SIGKILL)
    finally:
        crawl.wait(30)
    run = latest_run(engine)
    assert run.status == "running"
    assert run.finished_at is None
    assert mark_abandoned_runs(engine) == [run.id]
    marked = get_run(engine, run.id)
    assert marked.status == "interrupted"
    assert marked.finished_at is not None
