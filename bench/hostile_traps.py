"""The hostile traps of the bounds at the issue's sizes, with the default settings: how each
crawl ends, how long it took, the peak memory of its process tree and its database's size.

    python -m bench.hostile_traps            # every trap
    python -m bench.hostile_traps chain      # some of them

The bar (issue 17): every trap ends (completed, or stopped at a limit and saying so) with the
crawl's process tree under 300 MB and its database under 100 MB. The machine's load is printed
with the figures: they are from a shared machine.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.measure import ChildFailed, describe_load, load_average, run_measured, table
from tests.hostile.server import serve_hostile
from tests.hostile.traps_bounds import TRAPS, foreign_traps, origin_traps, robots_redirect_traps


@contextlib.contextmanager
def _own_site() -> Iterator[tuple[str, list[str]]]:
    with serve_hostile(TRAPS) as server:
        yield server.base_url, []


@contextlib.contextmanager
def _origins(traps) -> Iterator[tuple[str, list[str]]]:
    with serve_hostile(foreign_traps()) as foreign, serve_hostile(traps(foreign.base_url)) as site:
        yield site.base_url, []
        if sum(foreign.hits.values()):
            raise AssertionError(f"the other origin was fetched: {dict(foreign.hits)}")


# name: (what the issue measured, server, start path, extra crawl flags)
TRAP_RUNS = {
    "long-base": (
        "30 pages of short relative links under a 100 KB URL (5.2 GB database, 2.45 GB memory)",
        _own_site, "/bounds/long-base/102400/", ["--max-pages", "30"],
    ),
    "chain": (
        "each page links a URL one character longer (4.1 GB, killed after 300 s)",
        _own_site, "/bounds/chain/", [],
    ),
    "sitemap-line": (
        "a 49 MB line in a text sitemap (stored as one URL)",
        _own_site, "/bounds/listed/home", ["--sitemap", "{base}/bounds/sitemap-lines/49.txt"],
    ),
    "many-links": (
        "300 pages with 2,000 new links each (592,005 URL rows)",
        _own_site, "/bounds/many-links/2000/0", ["--max-pages", "300"],
    ),
    "many-links-3000": (
        "3,000 such pages (5.9 M rows, not done in 400 s)",
        _own_site, "/bounds/many-links/2000/0", ["--max-pages", "3000"],
    ),
    "big-sitemap": (
        "one sitemap of 800,000 URLs (650 MB memory)",
        _own_site, "/bounds/listed/home",
        ["--sitemap", "{base}/bounds/sitemap/800000.xml", "--max-pages", "100"],
    ),
    "sitemap-index": (
        "an index of 20 x 50,000 for a 100-page crawl (1 M rows)",
        _own_site, "/bounds/listed/home",
        ["--sitemap", "{base}/bounds/index/20x50000.xml", "--max-pages", "100"],
    ),
    "other-origins": (
        "sitemaps on another port named by robots.txt, an index, a redirect (all fetched)",
        lambda: _origins(origin_traps), "/own/", [],
    ),
    "robots-redirect": (
        "robots.txt redirected to another port (fetched)",
        lambda: _origins(robots_redirect_traps), "/own/", [],
    ),
}  # fmt: skip


def run_trap(name: str) -> dict:
    issue, server, start, flags = TRAP_RUNS[name]
    with tempfile.TemporaryDirectory() as folder, server() as (base, _):
        database = Path(folder) / "gatewatch.db"
        command = [sys.executable, "-m", "gatewatch.cli.main", "crawl", base + start, "--db",
                   str(database), "--json", "--time-limit", "600",
                   *(flag.replace("{base}", base) for flag in flags)]  # fmt: skip
        row = {"trap": name, "issue": issue}
        try:
            usage = run_measured(command)
            summary = json.loads(usage.stdout)
            row["end"] = summary["status"] + (" at a limit" if summary["limits"] else "")
        except ChildFailed as error:
            usage, summary = None, {}
            row["end"] = f"exit: {str(error).splitlines()[-1][:60]}"
        with sqlite3.connect(database) as connection:
            row["urls"] = connection.execute("SELECT count(*) FROM urls").fetchone()[0]
        row["database_mb"] = database.stat().st_size / 1024 / 1024
        if usage is not None:
            row["seconds"], row["peak_mb"] = usage.wall, usage.peak_rss_mb
            row["fetched"] = summary["fetched"]
        row["notes"] = summary.get("limits", [])
        return row


def main(names: list[str]) -> None:
    if any(name not in TRAP_RUNS for name in names):  # `--help` or a typo
        print(f"{__doc__}\ntraps: {' '.join(TRAP_RUNS)}", file=sys.stderr)
        raise SystemExit(2)
    load = load_average()
    rows = [run_trap(name) for name in names or TRAP_RUNS]
    print(f"hostile traps at the issue's sizes, default limits ({describe_load(load)})")
    columns = [
        ("trap", "trap", ""), ("end", "end state", ""), ("seconds", "seconds", ".1f"),
        ("peak_mb", "peak MB", ".0f"), ("database_mb", "database MB", ".1f"),
        ("fetched", "fetched", ","), ("urls", "URL rows", ","),
    ]  # fmt: skip
    print(table(rows, columns))
    for row in rows:
        print(f"\n{row['trap']}: {row['issue']}")
        for note in row["notes"]:
            print(f"  - {note}")
    print(f"\nload after: {describe_load(load_average())}")


if __name__ == "__main__":
    main(sys.argv[1:])
