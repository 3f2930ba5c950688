"""How much of what a crawl fetched is lost when its process is killed (SIGKILL) mid-crawl.

    python -m bench.kill_loss --pages 5000 --at 0.5 --rounds 3
    python -m bench.kill_loss --code /tmp/old-checkout     # the same with another checkout

Serves a generated site (demo.server, in this process), starts `gatewatch crawl` on it (from
`--code`, this checkout by default), SIGKILLs the crawl once the server has answered `--at` of
the site's pages, and compares the requests the server answered with the responses recorded.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.storage.database import open_database
from gatewatch.storage.models import responses

ROOT = Path(__file__).resolve().parent.parent


def one_round(pages: int, at: float, code: Path, folder: Path) -> dict:
    generated = generate_site(pages)
    database = f"sqlite:///{folder / 'crawl.db'}"
    with serve(generated.site) as server:
        crawl = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.cli.main", "crawl",
             f"{server.base_url}/", "--db", database,
             "-q"],
            cwd=code,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        started = time.monotonic()
        target = int(pages * at)
        while sum(server.hits.values()) < target:
            if crawl.poll() is not None:
                raise SystemExit("the crawl ended before the kill")
            time.sleep(0.02)
        served = sum(server.hits.values())
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait()
        seconds = time.monotonic() - started
        time.sleep(2)  # a writer process, if any, finishes what it was handed
    engine = open_database(database)
    with engine.connect() as connection:
        recorded = connection.scalar(select(func.count()).select_from(responses))
    engine.dispose()
    return {"served": served, "recorded": recorded, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--at", type=float, default=0.5, help="share of pages served at the kill")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to crawl with")
    arguments = parser.parse_args(argv)
    for number in range(arguments.rounds):
        with tempfile.TemporaryDirectory(prefix="gatewatch-kill-") as folder:
            result = one_round(arguments.pages, arguments.at, arguments.code, Path(folder))
        lost = 1 - result["recorded"] / max(1, result["served"])
        print(
            f"round {number + 1}: served {result['served']:,}, recorded {result['recorded']:,} "
            f"({lost:.0%} lost), killed after {result['seconds']:.1f} s, "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
