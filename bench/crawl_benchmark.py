"""Crawl speed and memory: gatewatch against a plain Scrapy spider on the same generated site.

    python bench/crawl_benchmark.py --pages 5000

Serves a generated site (demo.generator) with demo.server in its own process, then runs each
crawler in its own process and prints pages per second, CPU seconds and peak RSS. The server
shares this machine's cores with the crawler: figures are for comparison within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, stdout) of one child process."""
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-plain", action="store_true", help="Skip the plain Scrapy spider.")
    arguments = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "demo.server", "--generated", str(arguments.pages),
         "--seed", str(arguments.seed)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    base = server.stdout.readline().strip()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            database = f"sqlite:///{folder}/bench.db"
            wall, cpu, rss, output = measure(
                [sys.executable, "-m", "cli.main", "crawl", f"{base}/", "--db", database, "--json"]
            )
            summary = json.loads(output)
            rows.append(("gatewatch (records everything)", summary["fetched"], wall, cpu, rss))
            if not arguments.no_plain:
                plain = [sys.executable, "bench/plain_spider.py", f"{base}/"]
                wall, cpu, rss, output = measure(plain)
                pages = int(output.strip().rsplit("pages=", 1)[1])
                rows.append(("plain Scrapy spider (stores nothing)", pages, wall, cpu, rss))
    finally:
        server.terminate()
        server.wait()
    print(f"site: {arguments.pages:,} generated pages, served by demo.server on {base}")
    print(f"{'crawler':40} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'CPU s':>7} {'peak MB':>8}")
    for name, pages, wall, cpu, rss in rows:
        print(f"{name:40} {pages:7,} {wall:8.1f} {pages / wall:8.0f} {cpu:7.1f} {rss:8.0f}")
    if len(rows) == 2:
        ratio = (rows[0][1] / rows[0][2]) / (rows[1][1] / rows[1][2])
        print(f"gatewatch / plain Scrapy, pages per second: {ratio:.2f}x")


if __name__ == "__main__":
    main()
