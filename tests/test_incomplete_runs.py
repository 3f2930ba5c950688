"""A run that did not end and conclude never claims a fix, and says it is incomplete.

Soft 404s, login walls, redirects home and loops are concluded when a crawl ends: a crawl
killed half way has none of them, and must not count their absence as fixed. Real crawls of a
generated site on a real local server, the real crawl process SIGKILLed mid-crawl, the diff, the
report and the mail (a real SMTP server) of the killed run against a complete previous run.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.storage.database import open_database
from gatewatch.storage.models import responses, runs
from gatewatch.storage.runs import get_run, latest_run
from tests.conftest import run_gatewatch
from tests.smtp_support import smtp_server, smtp_settings
from tests.waiting import wait_until

pytestmark = pytest.mark.crawl

PAGES = 2000


@pytest.fixture(scope="module")
def site_server():
    with serve(generate_site(PAGES).site) as server:
        yield server


def _responses(engine, run_id: int) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(responses).where(responses.c.run_id == run_id)
        return connection.scalar(query)


def _running_run(engine, after: int | None, timeout: float = 120) -> tuple[int, int]:
    """(id, process id) of the run that began after run `after`, once it exists."""

    def started():
        with engine.connect() as connection:
            return connection.execute(
                select(runs.c.id, runs.c.pid).where(runs.c.id > (after or 0)).order_by(runs.c.id)
            ).first()

    return tuple(wait_until(started, timeout, message="no crawl started"))


def _kill_half_way(engine, run_id: int, pid: int, complete: int) -> None:
    """SIGKILL the crawl once about half of what a complete crawl records is recorded."""
    wait_until(
        lambda: _responses(engine, run_id) >= complete // 2,
        300,
        interval=0.05,
        message="the crawl recorded too little",
    )
    os.kill(pid, signal.SIGKILL)


def _complete_run(base_url: str, database: str) -> int:
    run_gatewatch("crawl", f"{base_url}/", "--db", database, "-q")
    run = latest_run(open_database(database))
    assert run.status == "completed"
    return run.id


def test_a_crawl_killed_half_way_claims_no_fix(tmp_path, site_server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    complete = _complete_run(site_server.base_url, database)
    complete_responses = _responses(engine, complete)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "gatewatch.cli.main", "crawl",
         f"{site_server.base_url}/", "--db", database,
         "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    killed, _ = _running_run(engine, complete)
    _kill_half_way(engine, killed, crawl.pid, complete_responses)
    crawl.wait()
    assert get_run(engine, killed).status == "running"  # nobody has looked yet

    diff = json.loads(
        run_gatewatch("diff", str(complete), str(killed), "--db", database, "--json").stdout
    )
    assert diff["counts"]["fixed"] == 0
    assert diff["counts"]["not_checked"] > 0  # what it did not conclude
    assert "still running" in diff["incomplete"]

    report = run_gatewatch(
        "report", str(killed), "--db", database, "-o", str(tmp_path / "r.html"),
        "--text", str(tmp_path / "r.txt"), "--email-html", str(tmp_path / "m.html"),
    )  # fmt: skip
    assert "INCOMPLETE run" in report.stdout  # the subject, printed
    assert not re.search(r"[1-9][0-9,]* fixed", report.stdout), report.stdout
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "INCOMPLETE RUN: the crawl is still running" in text
    assert " ".join(text.split("Fixed since last run")[1].split()[:1]) == "0"
    assert "Incomplete run" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Incomplete run" in (tmp_path / "m.html").read_text(encoding="utf-8")

    run_gatewatch("crawl", f"{site_server.base_url}/", "--db", database, "-q", "--max-pages", "3")
    assert get_run(engine, killed).status == "interrupted"  # the next crawl saw it was killed
    diff = json.loads(
        run_gatewatch("diff", str(complete), str(killed), "--db", database, "--json").stdout
    )
    assert diff["counts"]["fixed"] == 0
    assert "interrupted" in diff["incomplete"]


def _config(folder, base_url: str, smtp_port: int):
    path = folder / "gatewatch.toml"
    path.write_text(
        smtp_settings(smtp_port)
        + f"""[[sites]]
name = "site"
start_url = "{base_url}/"
schedule = "weekly on monday at 06:00"
""",
        encoding="utf-8",
    )
    return path


def test_a_scheduled_run_whose_crawl_was_killed_is_mailed_as_incomplete(tmp_path, site_server):
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    engine = open_database(database)
    environment = {**os.environ, "GATEWATCH_DATABASE_URL": database, "COLUMNS": "200"}
    with smtp_server() as (inbox, port):
        config = _config(tmp_path, site_server.base_url, port)
        run_gatewatch("run", "site", "--config", str(config), "--scheduled-for",
                      "2026-11-23T06:00:00+00:00", env=environment)  # fmt: skip
        complete = latest_run(engine)
        assert complete.status == "completed"
        job = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.cli.main", "run", "site", "--config", str(config),
             "--scheduled-for", "2026-11-30T06:00:00+00:00"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        killed, crawl_pid = _running_run(engine, complete.id)
        _kill_half_way(engine, killed, crawl_pid, _responses(engine, complete.id))
        _, errors = job.communicate(timeout=300)
        messages = inbox.wait_for(2)
    assert job.returncode != 0
    run = get_run(engine, killed)
    assert run.status == "interrupted"
    assert "killed (SIGKILL)" in run.error
    assert "ended interrupted" in errors
    assert len(messages) == 2
    subject = messages[1]["Subject"]
    assert ": INCOMPLETE run" in subject, subject
    assert "fixed" not in subject
    body = messages[1].get_body(("plain",)).get_content()
    assert "INCOMPLETE RUN: the crawl was interrupted: the crawl process was killed" in body
