"""The worker commands refuse, in one line, what cannot work: workers share PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_gatewatch

CONFIG = """
[[sites]]
name = "shop"
start_url = "http://127.0.0.1:9/"
schedule = "daily at 06:00"
"""


def write_config(folder: Path) -> Path:
    path = folder / "gatewatch.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_a_scheduler_with_a_broker_on_sqlite_says_workers_need_postgresql(tmp_path):
    result = run_gatewatch(
        "scheduler",
        "--config",
        str(write_config(tmp_path)),
        "--db",
        str(tmp_path / "gatewatch.db"),
        "--broker",
        "amqp://guest:guest@127.0.0.1:5672//",
        check=False,
    )
    assert result.returncode == 1
    assert "workers need PostgreSQL" in result.stderr
    assert "without --broker" in result.stderr


def test_a_worker_on_sqlite_says_workers_need_postgresql(tmp_path):
    result = run_gatewatch(
        "worker",
        "--config",
        str(write_config(tmp_path)),
        "--db",
        str(tmp_path / "gatewatch.db"),
        "--broker",
        "amqp://guest:guest@127.0.0.1:5672//",
        check=False,
    )
    assert result.returncode == 1
    assert "workers need PostgreSQL" in result.stderr


def test_a_worker_without_a_broker_says_what_to_set(tmp_path):
    result = run_gatewatch(
        "worker",
        "--config",
        str(write_config(tmp_path)),
        "--db",
        "postgresql://nobody@127.0.0.1:1/none",
        check=False,
        env={"GATEWATCH_BROKER_URL": ""},
    )
    assert result.returncode == 1
    assert "GATEWATCH_BROKER_URL" in result.stderr
