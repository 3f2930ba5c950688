"""The scheduler as users run it: a real process on a real database, crawling the fixture site
and mailing a real SMTP server. A missed run is caught up once, a restart does not mail twice,
and a second scheduler on the same database refuses to start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gatewatch.storage.database import open_database
from gatewatch.storage.deliveries import run_deliveries
from gatewatch.storage.models import runs
from tests.conftest import run_gatewatch
from tests.smtp_support import smtp_server, smtp_settings
from tests.waiting import WAIT, wait_until

pytestmark = pytest.mark.crawl


class SchedulerProcess:
    """`gatewatch scheduler` in a child process, its output read line by line."""

    def __init__(self, config: Path, database_url: str) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.cli.main", "scheduler", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "GATEWATCH_DATABASE_URL": database_url},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str) -> str:
        def line_with_text() -> str | None:
            found = next((line for line in list(self.lines) if text in line), None)
            if found is None and self.process.poll() is not None and not self.reader.is_alive():
                raise AssertionError(f"no line with {text!r}; output:\n" + "\n".join(self.lines))
            return found

        return wait_until(line_with_text, message=f"no line with {text!r}")

    def stop(self, signal_number: int = signal.SIGTERM) -> int:
        self.process.send_signal(signal_number)
        return self.process.wait(timeout=WAIT)


def write_config(folder: Path, base_url: str, smtp_port: int, schedule: str) -> Path:
    path = folder / "gatewatch.toml"
    path.write_text(
        smtp_settings(smtp_port)
        + f"""[scheduler]
catch_up_hours = 2
[[sites]]
name = "fixture"
start_url = "{base_url}/"
schedule = "{schedule}"
max_pages = 25
exclude = ["slow", "busy"]
""",
        encoding="utf-8",
    )
    return path


def daily_cron_at(moment: datetime) -> str:
    return f"{moment.minute} {moment.hour} * * *"


def wait_for_sent(engine, timeout: float = WAIT) -> int:
    def sent_run() -> int | None:
        with engine.connect() as connection:
            run_id = connection.execute(select(func.max(runs.c.id))).scalar()
        if run_id and any(d.status == "sent" for d in run_deliveries(engine, run_id)):
            return run_id
        return None

    return wait_until(sent_run, timeout, 0.2, "the report was not recorded as sent")


def test_a_missed_run_is_caught_up_once_and_a_restart_does_not_mail_twice(
    tmp_path, database_url, fixture_server
):
    missed = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    with smtp_server() as (inbox, port):
        config = write_config(tmp_path, fixture_server.base_url, port, daily_cron_at(missed))
        first = SchedulerProcess(config, database_url)
        try:
            first.wait_for_line(f"missed {missed.isoformat()}; running it now")
            (message,) = inbox.wait_for(1)
            engine = open_database(database_url)
            run_id = wait_for_sent(engine)
        finally:
            first.stop(signal.SIGKILL)  # killed, not stopped: nothing is cleaned up

        second = SchedulerProcess(config, database_url)
        try:
            tomorrow = (missed + timedelta(days=1)).isoformat()
            second.wait_for_line(f"fixture: {daily_cron_at(missed)}; next run {tomorrow}")
            second.wait_for_line("scheduler started")
        finally:
            assert second.stop() == 0, "\n".join(second.lines)
    assert "running it now" not in "\n".join(second.lines)
    assert len(inbox.messages) == 1
    assert message["Subject"].startswith(fixture_server.base_url.split("//")[1])
    attached = [part.get_filename() for part in message.iter_attachments()]
    stem = f"{missed.strftime('%Y-%m-%dT%H%MZ')}-run{run_id}"
    assert attached == [f"{stem}.html", f"{stem}.csv"]  # the full report and the findings
    with engine.connect() as connection:
        scheduled = connection.execute(select(runs.c.scheduled_for, runs.c.status)).all()
    assert len(scheduled) == 1
    assert scheduled[0].status == "completed"
    assert scheduled[0].scheduled_for.replace(tzinfo=UTC) == missed
    # The job fired again for the same time (a duplicate firing) does not crawl nor mail again.
    again = run_gatewatch(
        "run", "fixture", "--config", str(config), "--scheduled-for", missed.isoformat(),
        env={"GATEWATCH_DATABASE_URL": database_url},
    )  # fmt: skip
    assert "already mailed" in again.stdout
    engine.dispose()


def test_a_second_scheduler_on_the_same_database_refuses_to_start(tmp_path, database_url):
    later = datetime.now(UTC) + timedelta(hours=6)
    config = write_config(tmp_path, "http://127.0.0.1:9", 25, daily_cron_at(later))
    config.write_text(config.read_text().replace("[smtp]", "[smtp]\nattempts = 1"))
    first = SchedulerProcess(config, database_url)
    try:
        first.wait_for_line("scheduler started")
        second = run_gatewatch(
            "scheduler", "--config", str(config), check=False,
            env={"GATEWATCH_DATABASE_URL": database_url},
        )  # fmt: skip
        listed = run_gatewatch(
            "scheduler", "--config", str(config), "--list", "--json",
            env={"GATEWATCH_DATABASE_URL": database_url},
        )  # fmt: skip
    finally:
        assert first.stop() == 0
    assert second.returncode == 1
    assert "another gatewatch scheduler is already running" in second.stderr
    assert f'"next_run": "{later.replace(second=0, microsecond=0).isoformat()}"' in listed.stdout


def test_sighup_reloads_the_config(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'gatewatch.db'}"
    later = datetime.now(UTC) + timedelta(hours=6)
    config = write_config(tmp_path, "http://127.0.0.1:9", 25, daily_cron_at(later))
    scheduler = SchedulerProcess(config, database_url)
    try:
        scheduler.wait_for_line("scheduler started")
        text = config.read_text()
        config.write_text(text.replace('name = "fixture"', 'name = "renamed"'))
        scheduler.process.send_signal(signal.SIGHUP)
        scheduler.wait_for_line("fixture: removed")
        scheduler.wait_for_line("renamed: ")
        config.write_text(text.replace("max_pages = 25", "max_pages = -1"))
        scheduler.process.send_signal(signal.SIGHUP)
        scheduler.wait_for_line("config not reloaded, the jobs are unchanged")
    finally:
        assert scheduler.stop() == 0


@pytest.fixture(autouse=True)
def no_leftover_lock_files(tmp_path):
    yield
    for path in tmp_path.glob("*.scheduler.lock"):
        path.unlink()


def test_a_run_stopped_during_its_crawl_keeps_what_it_found_and_is_not_crawled_again(tmp_path):
    from gatewatch.demo.server import serve
    from gatewatch.demo.site import Site

    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(
        '<html><head><title>Home</title></head><body><a href="/slow">slow</a>'
        '<a href="/private">private</a></body></html>'
    )
    (folder / "routes.toml").write_text(
        '[routes."/slow"]\ndelay = 5.0\nbody = "slow"\n[routes."/private"]\nstatus = 403\n'
    )
    database_url = f"sqlite:///{tmp_path / 'gatewatch.db'}"
    environment = {**os.environ, "GATEWATCH_DATABASE_URL": database_url}
    with serve(Site.from_directory(folder)) as server:
        config = tmp_path / "gatewatch.toml"  # no [smtp]: reports are saved, not mailed
        config.write_text(SITE_ONLY.format(base=server.base_url))
        slot = "2026-11-23T06:00:00+00:00"
        command = [
            sys.executable,
            "-m",
            "gatewatch.cli.main",
            "run",
            "fixture",
            "--config",
            str(config),
        ]
        command += ["--scheduled-for", slot]
        process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
        engine = open_database(database_url)
        # stop it while the slow page is being fetched
        wait_until(lambda: server.hits.get("/slow", 0), message="/slow was never fetched")
        process.terminate()
        assert process.wait(timeout=WAIT) != 0
        with engine.connect() as connection:
            (status,) = connection.execute(select(runs.c.status)).one()
        assert status == "interrupted"
        again = run_gatewatch(*command[3:], check=False, env=environment)
    assert "already crawled" in again.stdout
    assert "interrupted" in again.stdout
    assert again.returncode != 0
    assert "the crawl ended interrupted" in again.stderr
    assert "no [smtp] configured" in again.stdout  # the partial report is saved all the same
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(runs)).scalar_one() == 1
    engine.dispose()


SITE_ONLY = """
[[sites]]
name = "fixture"
start_url = "{base}/"
schedule = "daily at 06:00"
"""
