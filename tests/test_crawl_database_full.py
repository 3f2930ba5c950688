"""A database that cannot be written stops the crawl at once: one clear line, the run failed,
a non-zero exit; never a "completed" run with part of its data.

A full disk as SQLite sees it: `PRAGMA max_page_count` on every connection of the crawl
(tests/full_disk_crawl.py) gives the real SQLITE_FULL on the real write path. On PostgreSQL, a
constraint every new link row breaks makes every batch's COPY fail.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select, text

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.storage.database import open_database
from gatewatch.storage.models import responses
from gatewatch.storage.runs import latest_run, list_runs
from tests.conftest import fresh_postgres_url, run_gatewatch

pytestmark = pytest.mark.crawl

PAGES_ALLOWED = 300  # database pages: the schema takes 38, the crawl fills the rest early
WRITER_BYTES = 2_000_000  # the size a writer process's files stop at (a 3,000-page crawl: 5 MB)


def _crawl_on_full_disk(base_url: str, database: str, *extra: str, limit: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "tests.full_disk_crawl", limit or str(PAGES_ALLOWED), "crawl",
         f"{base_url}/", "--db", database, "-q", *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip


def _assert_stopped_with_one_line(result, says: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert says in last, last
    assert "the crawl stopped" in last, last
    assert "marked failed" in last, last
    assert len(result.stderr.strip().splitlines()) <= 2, result.stderr  # a writer's warning


@pytest.mark.parametrize("write_workers", ["0", "1"])
def test_a_full_sqlite_database_fails_the_run_at_once(tmp_path, write_workers):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    site = generate_site(3000)
    with serve(site.site) as server:
        limit = f"{PAGES_ALLOWED}:{WRITER_BYTES}" if write_workers == "1" else ""
        result = _crawl_on_full_disk(
            server.base_url, database, "--write-workers", write_workers, limit=limit
        )
        served = sum(server.hits.values())
    says = "database or disk is full" if write_workers == "0" else "disk"  # or "disk I/O error"
    _assert_stopped_with_one_line(result, says)
    run = latest_run(engine)
    assert run.status == "failed"
    assert says in run.error
    assert served < 3000  # stopped, not crawled to the end with nowhere to put it
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(responses)) > 0  # kept


def test_the_next_crawl_on_a_full_database_fails_too(tmp_path):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    with serve(generate_site(3000).site) as server:
        _crawl_on_full_disk(server.base_url, database)
        again = _crawl_on_full_disk(server.base_url, database)
    _assert_stopped_with_one_line(again, "database or disk is full")
    assert [run.status for run in list_runs(engine)] == ["failed", "failed"]


def test_a_postgresql_database_refusing_writes_fails_the_run(postgres_schema):
    database = fresh_postgres_url(postgres_schema)
    engine = open_database(database)
    with engine.begin() as connection:  # every new link row is refused, as by a full disk
        connection.execute(
            text("ALTER TABLE links ADD CONSTRAINT refuse_links CHECK (false) NOT VALID")
        )
    with serve(generate_site(3000).site) as server:
        result = run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "-q",
                               check=False)  # fmt: skip
    _assert_stopped_with_one_line(result, "refuse_links")
    run = latest_run(engine)
    assert run.status == "failed"
    assert "refuse_links" in run.error


def test_a_run_that_cannot_even_be_marked_failed_is_never_read_as_complete(
    postgres_schema, tmp_path
):
    database = fresh_postgres_url(postgres_schema)
    engine = open_database(database)
    with engine.begin() as connection:
        connection.execute(
            text("ALTER TABLE links ADD CONSTRAINT refuse_links CHECK (false) NOT VALID")
        )
        connection.execute(  # nor can the run be closed as failed
            text("ALTER TABLE runs ADD CONSTRAINT refuse_failed CHECK (status <> 'failed')")
        )
    with serve(generate_site(500).site) as server:
        result = run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "-q",
                               check=False)  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "could not be marked failed either" in result.stderr
    run = latest_run(engine)
    assert run.status == "running"  # its process is gone: not complete, and said so
    report = run_gatewatch("report", str(run.id), "--db", database, "-o",
                           str(tmp_path / "r.html"))  # fmt: skip
    assert "INCOMPLETE run" in report.stdout
