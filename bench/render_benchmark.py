"""Rendering's cost: a crawl of the client-rendered store (demo/spa.py) with N catalogue
items, every page an app shell, rendered in headless chromium (`--render auto`), against the
same crawl with `--render never` (no browser: every shell not judged).

    python -m bench.render_benchmark --items 100

Prints the pages and probes rendered per second of crawl (the browser's start included) and
the peak memory of the crawl's processes at any one time: the crawl, its page reader,
Playwright's driver and chromium's processes, sampled every 0.2 s, each process counted by
its proportional set size (PSS: memory shared between chromium's processes counted once).
Summing each process's own peak instead would count every short-lived renderer process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, select

from bench.measure import ROOT, _descendants, describe_load, emit, load_average, table
from gatewatch.demo.spa import serve_spa
from gatewatch.storage.models import runs


def _pss_mb(pid: int) -> float:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    line = next((line for line in rollup.splitlines() if line.startswith("Pss:")), None)
    return int(line.split()[1]) / 1024 if line else 0.0


def run_sampled(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the tree, peak PSS in MB of the tree at one time)."""
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    peak = 0.0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        tree = [child.pid, *_descendants(child.pid)]
        peak = max(peak, sum(_pss_mb(process) for process in tree))
        time.sleep(0.2)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed")
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, peak


def crawl(base_url: str, mode: str, folder: Path, budget: int) -> dict:
    database = f"sqlite:///{folder / f'{mode}.db'}"
    wall, cpu, peak = run_sampled(
        [
            "python",
            "-m",
            "gatewatch.cli.main",
            "crawl",
            f"{base_url}/",
            "--db",
            database,
            "--quiet",
            "--render",
            mode,
            "--render-max-pages",
            str(budget),
        ]
    )
    engine = create_engine(database)
    with engine.connect() as connection:
        stats = connection.execute(select(runs.c.stats)).scalar_one()
    engine.dispose()
    stats = stats if isinstance(stats, dict) else json.loads(stats)
    rendered = stats.get("gatewatch/rendered", 0) + stats.get("gatewatch/rendered_probes", 0)
    return {
        "mode": mode,
        "pages": stats.get("downloader/response_count", 0),
        "rendered": rendered,
        "failed": stats.get("gatewatch/render_failed", 0),
        "seconds": wall,
        "rendered_per_second": rendered / wall if rendered else None,
        "cpu": cpu,
        "peak_mb": peak,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100, help="catalogue items (pages)")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    load = load_average()
    rows = []
    with serve_spa(items=arguments.items) as site, tempfile.TemporaryDirectory() as folder:
        budget = arguments.items * 2 + 100
        for mode in ("auto", "never"):
            rows.append(crawl(site.base_url, mode, Path(folder), budget))
    text = table(
        rows,
        [
            ("mode", "--render", "s"),
            ("pages", "responses", "d"),
            ("rendered", "rendered", "d"),
            ("failed", "failed", "d"),
            ("seconds", "wall s", ".1f"),
            ("rendered_per_second", "rendered/s", ".2f"),
            ("cpu", "CPU s", ".1f"),
            ("peak_mb", "peak MB", ".0f"),
        ],
    )
    emit({"load": load, "rows": rows}, arguments.json, f"{describe_load(load)}\n{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
