"""The smaller command-line bugs of issue 17, through the real command line: one clear line,
no traceback, nothing lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import run_gatewatch
from tests.hostile.server import serve_hostile
from tests.hostile.traps_smallbugs import TRAPS

pytestmark = pytest.mark.crawl


def _one_clear_line(result) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, result.stdout
    return lines[-1]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "-1"),
        ("--timeout", "0"),
        ("--time-limit", "-5"),
        ("--delay", "-0.5"),
        ("--retry-after-cap", "-1"),
        ("--delay", "nan"),
    ],
)
def test_a_negative_duration_is_refused_before_any_crawl(tmp_path, option, value):
    database = tmp_path / "gatewatch.db"
    with serve_hostile(TRAPS) as server:
        result = run_gatewatch(
            "crawl", f"{server.base_url}/smallbugs/", "--db", str(database), option, value,
            check=False,
        )  # fmt: skip
        hits = sum(server.hits.values())
    assert option in _one_clear_line(result)
    assert hits == 0
    assert (
        not database.exists()
        or "completed" not in run_gatewatch("runs", "--db", str(database)).stdout
    )


def _config(tmp_path, extra: str) -> str:
    path = tmp_path / "gatewatch.toml"
    path.write_text(
        f"""
[[sites]]
name = "shop"
start_url = "http://127.0.0.1:9/"
schedule = "weekly on monday at 06:00 UTC"
{extra}
""",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize(
    ("setting", "key"),
    [("delay = -1", "delay"), ("time_limit_minutes = -10", "time_limit_minutes")],
)
def test_a_negative_duration_in_the_config_is_a_problem_on_its_line(tmp_path, setting, key):
    result = run_gatewatch("config", "check", _config(tmp_path, setting), check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert key in result.stdout + result.stderr
    assert ".toml:6:" in result.stdout + result.stderr


def test_a_config_nested_too_deeply_is_one_clear_line(tmp_path):
    path = tmp_path / "gatewatch.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = run_gatewatch("config", "check", str(path), check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "nested" in result.stdout + result.stderr


def test_check_reads_a_page_in_an_unknown_charset():
    with serve_hostile(TRAPS) as server:
        result = run_gatewatch(
            "check", f"{server.base_url}/smallbugs/unknown-charset", "--json", check=False
        )
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    checked = json.loads(result.stdout)
    assert (checked["status"], checked["error"]) == (200, None)
    assert checked["signals"]["thin_main"] == 3  # its words were read: title, h1, link


@contextlib.contextmanager
def _read_only(folder):
    """The folder and its files made unwritable, even for root (immutable), as a database
    another user owns or on a read-only disk."""
    paths = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is needed to make a file read-only for root")
        made = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"this filesystem has no immutable files: {made.stderr!r}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
    else:
        modes = {path: path.stat().st_mode for path in paths}
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)


def test_the_reading_commands_open_a_read_only_sqlite_file(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    database = str(folder / "gatewatch.db")
    with serve_hostile(TRAPS) as server:
        for _ in range(2):
            run_gatewatch(
                "crawl", f"{server.base_url}/smallbugs/", "--db", database, "-q", "--no-detect"
            )
    for name in os.listdir(folder):
        assert not name.endswith(("-wal", "-shm")), "the crawl left its journal behind"
    output = tmp_path / "out"
    output.mkdir()
    commands = [
        ("runs",),
        ("summary",),
        ("findings",),
        ("diff",),
        ("export", "--format", "csv"),
        ("report", "-o", str(output / "report.html")),
    ]
    with _read_only(folder):
        for command in commands:
            result = run_gatewatch(*command, "--db", database, check=False)
            assert result.returncode == 0, f"{command}: {result.stderr}"
        crawl = run_gatewatch("crawl", "http://127.0.0.1:9/", "--db", database, check=False)
    assert "read" in _one_clear_line(crawl).lower()
    assert json.loads(run_gatewatch("runs", "--db", database, "--json").stdout)
