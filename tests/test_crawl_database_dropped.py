"""A PostgreSQL database dropped under a running crawl (issue 17): it ended in a raw
traceback. Now the crawl stops at the first error and the command says so in one line,
exits non-zero, and never reports the run complete."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_SERVER
from tests.hostile.server import serve_hostile
from tests.hostile.traps_smallbugs import TRAPS
from tests.waiting import wait_until

pytestmark = pytest.mark.crawl


@pytest.mark.postgres
def test_a_database_dropped_mid_crawl_ends_in_one_clear_line():
    name = f"gw_dropped_{uuid.uuid4().hex[:10]}"
    server_url = POSTGRES_SERVER.rsplit("/", 1)[0]
    admin = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        with serve_hostile(TRAPS) as server:
            start = f"{server.base_url}/smallbugs/endless/0"
            crawl = subprocess.Popen(
                [sys.executable, "-m", "gatewatch.cli.main", "crawl",
                 start, "--db", f"{server_url}/{name}",
                 "-q"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            wait_until(
                lambda: sum(server.hits.values()) >= 60,
                message="the crawl fetched too little",
                process=crawl,
            )
            with admin.connect() as connection:
                connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            _out, errors = crawl.communicate(timeout=240)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    assert crawl.returncode != 0
    assert "Traceback" not in errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith("Error: the database")
    assert f'"{name}" does not exist' in last
    assert "not complete" in last or "left running" in last  # never claimed complete
