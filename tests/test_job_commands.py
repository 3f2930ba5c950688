"""The commands a job tells its user to run work from any folder: they name the config file
(and the database given on the command line), and a relative SQLite path in the config means
the same file whichever folder the command runs from."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime

import pytest

from gatewatch.scheduler.config import load_config
from gatewatch.scheduler.jobs import JobError, run_site
from gatewatch.storage.database import open_database
from gatewatch.storage.runs import create_run, finish_run
from tests.conftest import run_gatewatch
from tests.smtp_support import free_port, smtp_server

SLOT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
CONFIG = """
recipients = ["team@example.com"]
[database]
url = "gw.db"
[smtp]
host = "127.0.0.1"
port = {port}
security = "none"
from = "gatewatch@example.com"
attempts = 1
[[sites]]
name = "shop"
start_url = "http://127.0.0.1:9/"
schedule = "weekly on monday at 06:00 UTC"
"""


def hinted_command(message: str) -> list[str]:
    """The `gatewatch ...` command quoted in a message, as the shell would split it."""
    match = re.search(r"`(gatewatch [^`]*)`", message)
    assert match, message
    return shlex.split(match.group(1))


def option(arguments: list[str], name: str) -> str:
    assert name in arguments, arguments
    return arguments[arguments.index(name) + 1]


@pytest.fixture
def config_folder(tmp_path, monkeypatch):
    """A config in a folder with a space in its name, loaded by a relative path from there."""
    monkeypatch.delenv("GATEWATCH_DATABASE_URL", raising=False)
    folder = tmp_path / "config folder"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_retry_command_after_a_failed_mail_works_from_another_folder(tmp_path, config_folder):
    dead_port = free_port()
    (config_folder / "g.toml").write_text(CONFIG.format(port=dead_port), encoding="utf-8")
    config = load_config("g.toml")
    engine = open_database(config.database_url)
    run_id = create_run(engine, "http://127.0.0.1:9/", {}, scheduled_for=SLOT)
    finish_run(engine, run_id, "completed", stats={})
    engine.dispose()

    with pytest.raises(JobError) as raised:
        run_site(config, "shop", SLOT, say=lambda line: None)
    command = hinted_command(str(raised.value))
    assert option(command, "--config") == str(config_folder / "g.toml")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with smtp_server() as (inbox, port):
        config_text = (config_folder / "g.toml").read_text(encoding="utf-8")
        (config_folder / "g.toml").write_text(
            config_text.replace(str(dead_port), str(port)), encoding="utf-8"
        )
        retried = run_gatewatch(*command[1:], cwd=elsewhere)
        assert len(inbox.wait_for(1)) == 1
    assert "already crawled" in retried.stdout  # the same run in the same database, no crawl
    assert list(elsewhere.iterdir()) == []  # no database nor report left in the other folder


def test_the_resend_hint_names_the_config_and_the_database_given(config_folder):
    (config_folder / "g.toml").write_text(CONFIG.format(port=free_port()), encoding="utf-8")
    config = load_config("g.toml")
    with pytest.raises(JobError) as raised:
        run_site(config, "shop", resend=True, database="other.db", say=lambda line: None)
    command = hinted_command(str(raised.value))
    assert command[:3] == ["gatewatch", "run", "shop"]
    assert option(command, "--config") == str(config_folder / "g.toml")
    assert option(command, "--db") == str(config_folder / "other.db")
