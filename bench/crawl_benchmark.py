"""Crawl speed and memory: gatewatch against plain and lean Scrapy spiders (and advertools).

    python -m bench.crawl_benchmark --pages 5000                 # nginx when installed
    python -m bench.crawl_benchmark --pages 50000 --server python --crawlers gatewatch --json
    python -m bench.crawl_benchmark --advertools-python /path/to/venv/bin/python  # + advertools

Generates a site (demo.generator), serves it with nginx (bench.nginx_site; or demo.server in its
own process), then runs each crawler in its own process, one after the other, and prints
requests and pages per second, CPU seconds, peak RSS, the server's CPU seconds, the rows
gatewatch wrote, and whether gatewatch's records equal the site's truth. The server shares the
machine's cores with the crawler, and so may other programs: the load is printed with every
figure, and figures compare crawlers within one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

from bench.crawl_truth import check_truth
from bench.measure import (
    ChildFailed,
    describe_load,
    emit,
    load_average,
    process_tree_cpu,
    run_measured,
    table,
)
from bench.nginx_site import NginxSite, nginx_available
from gatewatch.demo.generator import generate_site
from gatewatch.storage.database import open_database
from gatewatch.storage.runs import get_run
from gatewatch.storage.summary import rows_written

CRAWLERS = (
    "gatewatch", "gatewatch-writer", "gatewatch-single", "plain", "lean", "advertools",
)  # fmt: skip
DESCRIPTIONS = {
    "gatewatch": "gatewatch (records everything)",
    "gatewatch-writer": "gatewatch with a writer process (--write-workers 1)",
    "gatewatch-single": "gatewatch in one process (--parse-workers 0)",
    "plain": "plain Scrapy spider (stores nothing)",
    "lean": "lean Scrapy spider (stores nothing)",
    "advertools": "advertools.crawl (peer SEO crawler)",
}
COLUMNS = (
    ("name", "crawler", "s"),
    ("requests", "requests", ",d"),
    ("pages", "pages", ",d"),
    ("seconds", "seconds", ".1f"),
    ("requests_per_second", "req/s", ".0f"),
    ("pages_per_second", "pages/s", ".0f"),
    ("cpu_seconds", "CPU s", ".1f"),
    ("cpu_ms_per_request", "CPU ms/req", ".2f"),
    ("peak_rss_mb", "peak MB", ".0f"),
    ("server_cpu_seconds", "server CPU s", ".1f"),
    ("rows", "rows", ",d"),
    ("load_1m", "load", ".2f"),
)


class _PythonServer:
    """gatewatch.demo.server in its own process (it generates the same site from the same seed)."""

    def __init__(self, pages: int, seed: int) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gatewatch.demo.server",
                "--generated",
                str(pages),
                "--seed",
                str(seed),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.base_url = self.process.stdout.readline().strip()
        if not self.base_url:
            raise SystemExit("gatewatch.demo.server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def _crawl_command(
    name: str, url: str, database: str, via_cli: bool = False, advertools_python: str = ""
) -> list[str]:
    if name == "advertools":
        return [advertools_python or sys.executable, "bench/advertools_crawl.py", url]
    if name == "gatewatch" and via_cli:
        return [
            sys.executable,
            "-m",
            "gatewatch.cli.main",
            "crawl",
            url,
            "--db",
            database,
            "--json",
        ]
    if name == "gatewatch":
        return [sys.executable, "-m", "bench.run_crawl", url, database]
    if name == "gatewatch-writer":
        return [sys.executable, "-m", "bench.run_crawl", url, database, "-", "1"]
    if name == "gatewatch-single":
        return [sys.executable, "-m", "bench.run_crawl", url, database, "0"]
    return [sys.executable, "-m", f"bench.{name}_spider", url]


def _spider_counts(stdout: str) -> tuple[int, int]:
    fields = dict(part.split("=", 1) for part in stdout.split() if "=" in part)
    return int(fields["pages"]), int(fields["requests"])


def run_crawler(
    name: str,
    base_url: str,
    server_pid: int,
    database: str,
    generated,
    via_cli: bool = False,
    advertools_python: str = "",
) -> dict:
    """Run one crawler against the server; gatewatch's run is checked against the truth."""
    import json

    load = load_average()
    server_before = process_tree_cpu(server_pid)
    usage = run_measured(_crawl_command(name, base_url + "/", database, via_cli, advertools_python))
    row = {
        "crawler": name,
        "name": DESCRIPTIONS[name],
        "seconds": usage.wall,
        "cpu_seconds": usage.cpu,
        "peak_rss_mb": usage.peak_rss_mb,
        "server_cpu_seconds": process_tree_cpu(server_pid) - server_before,
        **load,
    }
    if name.startswith("gatewatch"):
        summary = json.loads(usage.stdout)
        engine = open_database(database)
        run = get_run(engine, summary["run"])
        row["pages"] = summary["fetched"]
        row["requests"] = int((run.stats or {}).get("downloader/request_count", row["pages"]))
        row["status"] = summary["status"]
        row["rows_by_table"] = rows_written(engine, run.id)
        row["rows"] = row["rows_by_table"]["total"]
        row["truth"] = check_truth(engine, run.id, generated)
        engine.dispose()
    else:
        row["pages"], row["requests"] = _spider_counts(usage.stdout)
    row["requests_per_second"] = row["requests"] / usage.wall
    row["pages_per_second"] = row["pages"] / usage.wall
    row["cpu_ms_per_request"] = 1000 * usage.cpu / max(1, row["requests"])
    return row


def ratios(rows: list[dict]) -> dict[str, dict[str, float]]:
    """gatewatch / each other crawler: requests per second, CPU per request, peak RSS.

    With several rounds, the n-th gatewatch run is paired with the n-th run of the other
    crawler (they ran next to each other), and each figure is the median of the pairs'
    ratios, with its range: this machine's speed drifts more between minutes than the
    crawlers differ, so one pair says little.
    """
    runs: dict[str, list[dict]] = {}
    for row in rows:
        runs.setdefault(row["crawler"], []).append(row)
    ours = runs.get("gatewatch", [])
    result = {}
    for name, others in runs.items():
        if not ours or name == "gatewatch":
            continue
        pairs = list(zip(ours, others, strict=False))  # listed unevenly: first runs pair
        speed = [a["requests_per_second"] / b["requests_per_second"] for a, b in pairs]
        result[f"gatewatch/{name}"] = {
            "requests_per_second": statistics.median(speed),
            "requests_per_second_range": [min(speed), max(speed)],
            "pairs": len(pairs),
            "cpu_per_request": statistics.median(
                a["cpu_ms_per_request"] / b["cpu_ms_per_request"] for a, b in pairs
            ),
            "peak_rss": statistics.median(a["peak_rss_mb"] / b["peak_rss_mb"] for a, b in pairs),
        }
    return result


def _run_order(crawlers: list[str], rounds: int) -> list[str]:
    """The crawlers, round after round, every other round in reverse order: none always runs
    first (after a pause) or right after the same neighbour."""
    order = []
    for number in range(max(1, rounds)):
        order += crawlers if number % 2 == 0 else crawlers[::-1]
    return order


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="generated pages (>= 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--server",
        choices=("nginx", "python"),
        default="nginx" if nginx_available() else "python",
        help="nginx (default when /usr/sbin/nginx exists) or demo.server",
    )
    parser.add_argument("--nginx-workers", type=int, default=1)
    parser.add_argument(
        "--crawlers",
        help=f"comma-separated, from {', '.join(CRAWLERS)} (default: all; advertools when "
        "it can be imported)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the crawlers this many times, alternating; ratios are medians of the rounds",
    )
    parser.add_argument(
        "--advertools-python",
        default="",
        metavar="PYTHON",
        help="the Python that has advertools (pip install advertools; default: this one)",
    )
    parser.add_argument(
        "--database", help="gatewatch's database URL (default: a new SQLite file for each run)"
    )
    parser.add_argument(
        "--via-cli",
        action="store_true",
        help="run gatewatch through `gatewatch crawl` (default: bench.run_crawl, same crawl)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    # SIGTERM (timeout, kill) must still stop nginx: make it unwind like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    crawlers = [name.strip() for name in (arguments.crawlers or "").split(",") if name.strip()]
    if not arguments.crawlers:
        crawlers = [name for name in CRAWLERS if name != "advertools"]
        if arguments.advertools_python or find_spec("advertools"):
            crawlers.append("advertools")
    unknown = set(crawlers) - set(CRAWLERS)
    if unknown or not crawlers:
        raise SystemExit(f"--crawlers: unknown {sorted(unknown)}; choose from {CRAWLERS}")
    if arguments.pages < 50:
        raise SystemExit("--pages must be at least 50")
    result: dict = {"pages": arguments.pages, "seed": arguments.seed, "server": arguments.server}
    result["load_before"] = load_average()
    started = time.monotonic()
    generated = generate_site(arguments.pages, seed=arguments.seed)
    result["generate_seconds"] = time.monotonic() - started
    result["expected_urls"] = len(generated.expected)
    with tempfile.TemporaryDirectory(prefix="gatewatch-bench-") as folder:
        started = time.monotonic()
        if arguments.server == "nginx":
            server = NginxSite.start(
                generated.site, Path(folder) / "nginx", workers=arguments.nginx_workers
            )
        else:
            server = _PythonServer(arguments.pages, arguments.seed)
        result["serve_setup_seconds"] = time.monotonic() - started
        rows = []
        try:
            for number, name in enumerate(_run_order(crawlers, arguments.rounds)):
                rows.append(
                    run_crawler(
                        name,
                        server.base_url,
                        server.process.pid,
                        arguments.database or f"sqlite:///{Path(folder) / f'bench-{number}.db'}",
                        generated,
                        arguments.via_cli,
                        arguments.advertools_python,
                    )
                )
        except ChildFailed as error:
            raise SystemExit(str(error)) from None
        finally:
            server.stop()
    result["crawlers"] = rows
    result["ratios"] = ratios(rows)
    # The generated site's structure lives in this process (nginx serves rendered files).
    result["generator_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_after"] = load_average()
    emit(result, arguments.json, _text(result))
    return 0 if all(row["truth"]["ok"] for row in rows if "truth" in row) else 1


def _text(result: dict) -> str:
    lines = [
        f"site: {result['pages']:,} generated pages (seed {result['seed']}), "
        f"{result['expected_urls']:,} URLs expected; generated in "
        f"{result['generate_seconds']:.1f} s; served by {result['server']} "
        f"(set up in {result['serve_setup_seconds']:.1f} s); benchmark process peak "
        f"{result['generator_peak_rss_mb']:.0f} MB",
        f"before: {describe_load(result['load_before'])}; "
        f"after: {describe_load(result['load_after'])}",
        "",
        table(result["crawlers"], COLUMNS),
        "",
    ]
    for pair, values in result["ratios"].items():
        low, high = values["requests_per_second_range"]
        spread = f" (median of {values['pairs']} rounds, {low:.2f}-{high:.2f})"
        lines.append(
            f"{pair}: requests/s x{values['requests_per_second']:.2f}"
            f"{spread if values['pairs'] > 1 else ''}, "
            f"CPU per request x{values['cpu_per_request']:.2f}, "
            f"peak RSS x{values['peak_rss']:.2f}"
        )
    told = set()
    for row in result["crawlers"]:
        if "truth" in row and (row["crawler"], json.dumps(row["truth"])) not in told:
            told.add((row["crawler"], json.dumps(row["truth"])))
            truth = row["truth"]
            verdict = "records equal the site's truth" if truth["ok"] else "TRUTH MISMATCH"
            verdict = f"{row['crawler']}: {verdict}"
            lines.append(
                f"{verdict}: {truth['fetched']:,} fetched / {truth['expected']:,} expected, "
                f"missing {truth['missing']}, extra {truth['extra']}, wrong status "
                f"{truth['wrong_status']}, disallowed fetched {truth['disallowed_not_skipped']}"
            )
            if not truth["ok"]:
                lines.append(f"  examples: {truth['examples']}")
            by_table = ", ".join(
                f"{k} {v:,}" for k, v in row["rows_by_table"].items() if k != "total"
            )
            lines.append(f"rows written: {row['rows']:,} ({by_table})")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
