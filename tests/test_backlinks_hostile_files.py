"""Backlink files that broke imports (issue 17): CR-only line endings, binary content, a ZIP
bomb. Each is one clear line; `gatewatch run` falls back to the site's previous import."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import run_gatewatch
from tests.hostile.server import serve_hostile
from tests.hostile.traps_basic import TRAPS as BASIC_TRAPS

SITE = "https://www.example.com/"
ROWS = [
    ("https://www.example.com/pricing", "https://news.example.org/review"),
    ("https://www.example.com/blog/launch", "https://forum.example.net/t/1"),
]


def _csv(line_end: str, site: str = SITE) -> bytes:
    lines = ["Target URL,Source URL"]
    lines += [f"{target.replace(SITE, site)},{source}" for target, source in ROWS]
    return (line_end.join(lines) + line_end).encode()


def _no_traceback(result) -> str:
    assert "Traceback" not in result.stderr
    return (result.stdout + result.stderr).strip().splitlines()[-1]


def test_a_file_with_cr_only_line_endings_is_read(tmp_path):
    export = tmp_path / "mac-excel.csv"
    export.write_bytes(_csv("\r"))
    database = str(tmp_path / "gatewatch.db")
    result = run_gatewatch(
        "backlinks", "import", str(export), "--site", SITE, "--db", database, "--json"
    )
    imported = json.loads(result.stdout)
    assert (imported["rows_read"], imported["rows_kept"], imported["problems"]) == (2, 2, [])


def test_a_binary_file_is_refused_in_one_clear_line(tmp_path):
    export = tmp_path / "backlinks.xlsx.csv"
    export.write_bytes(bytes(range(256)) * 64)
    result = run_gatewatch(
        "backlinks", "import", str(export), "--site", SITE, "--db", str(tmp_path / "g.db"),
        check=False,
    )  # fmt: skip
    assert result.returncode == 1
    last = _no_traceback(result)
    assert "nothing could be read" in last
    assert "binary" in result.stdout


def _peak_memory_mb(*arguments: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run the command line in a child that reports its own peak memory (not its parent's)."""
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['gatewatch', *{list(arguments)!r}]\n"
        "try:\n"
        "    runpy.run_module('gatewatch.cli.main', run_name='__main__')\n"
        "except SystemExit as end:\n"
        "    code = end.code\n"
        # VmHWM, not ru_maxrss: Linux carries the parent's RSS at the fork into ru_maxrss
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]\n"
        "print('peak', peak, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "400"},
    )
    peak = next(line for line in result.stderr.splitlines() if line.startswith("peak "))
    return result, int(peak.split()[1]) / 1024


@pytest.mark.slow
def test_a_zip_bomb_is_refused_with_bounded_memory(tmp_path):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("Top linked pages.csv", "w") as member,
    ):
        member.write(b"Top linked pages,Incoming links\n")
        for _ in range(1024):  # 1 GB of one repeated row
            member.write(b"https://www.example.com/,1\n" * 38_000)
    bomb = tmp_path / "search-console.zip"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 3 * 1024 * 1024
    result, peak = _peak_memory_mb(
        "backlinks", "import", str(bomb), "--site", SITE, "--db", str(tmp_path / "g.db")
    )
    assert result.returncode == 1
    assert "ZIP bomb" in result.stdout
    assert "Traceback" not in result.stderr
    assert peak < 300, f"{peak:.0f} MB"


@pytest.mark.crawl
def test_run_falls_back_to_the_previous_import_when_the_file_is_unreadable(tmp_path):
    database = str(tmp_path / "gatewatch.db")
    with serve_hostile(BASIC_TRAPS) as server:
        site = f"{server.base_url}/basic/"
        good = tmp_path / "good.csv"
        good.write_bytes(_csv("\n", site=f"{server.base_url}/"))
        run_gatewatch("backlinks", "import", str(good), "--site", site, "--db", database)
        broken = tmp_path / "links.csv"
        broken.write_bytes(b"\x00\x01\x02\r\x03" * 5000)
        config = tmp_path / "gatewatch.toml"
        config.write_text(
            f"""
[[sites]]
name = "basic"
start_url = "{site}"
schedule = "weekly on monday at 06:00"
backlinks = "links.csv"
max_pages = 5
""",
            encoding="utf-8",
        )
        result = run_gatewatch("run", "basic", "--config", str(config), "--db", database)
        crawled = server.hits["/basic/"]
    assert "Traceback" not in result.stderr
    assert "using the previous import (good.csv" in result.stdout
    assert "binary" in result.stdout
    assert crawled >= 1
    listed = run_gatewatch("backlinks", "list", "--site", site, "--db", database).stdout
    assert "good.csv" in listed
