"""A crawl stopped in the middle keeps what it collected and says it was interrupted."""

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.storage.database import open_database
from gatewatch.storage.models import responses
from gatewatch.storage.runs import latest_run
from tests.conftest import run_gatewatch
from tests.waiting import wait_until

pytestmark = pytest.mark.crawl


def _start_crawl(base_url: str, database: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gatewatch.cli.main",
            "crawl",
            f"{base_url}/",
            "--db",
            database,
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_responses(engine, minimum: int, crawl: subprocess.Popen) -> None:
    def written() -> bool:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(responses)) >= minimum

    wait_until(written, interval=0.2, message="the crawl wrote nothing", process=crawl)


def test_ctrl_c_ends_the_run_interrupted_with_its_records(tmp_path):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    with serve(generate_site(3000).site) as server:
        crawl = _start_crawl(server.base_url, database)
        _wait_for_responses(engine, 100, crawl)
        crawl.send_signal(signal.SIGINT)
        crawl.wait(timeout=60)
    run = latest_run(engine)
    assert run.status == "interrupted"
    assert crawl.returncode != 0
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(responses)) >= 100


def test_a_killed_crawl_is_marked_interrupted_by_the_next_command(tmp_path):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    with serve(generate_site(3000).site) as server:
        crawl = _start_crawl(server.base_url, database)
        _wait_for_responses(engine, 100, crawl)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=30)
        assert latest_run(engine).status == "running"
        killed = latest_run(engine).id
        run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "-q", "--max-pages", "5")
    from gatewatch.storage.runs import get_run

    assert get_run(engine, killed).status == "interrupted"
