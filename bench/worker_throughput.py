"""Sites per hour with 1, 2 and 4 `gatewatch worker` processes on this machine.

Each round serves SITES generated sites (demo.generator, each on its own loopback address, so
that the cluster's per-host politeness lets them run side by side), queues one job per site on
the real broker, and times real worker processes (one crawl at a time each, unless
--concurrency) until every site is crawled and reported, on a fresh PostgreSQL schema. Each
crawl is polite (--delay seconds between requests to its host), as real scheduled crawls are.
Prints sites per hour, pages per second, the CPU the workers used and the peak memory of one
crawl, with the machine's load.

    python -m bench.worker_throughput --sites 8 --pages 100 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from bench.measure import _descendants as descendants
from bench.measure import _peak_rss_mb as peak_rss_mb
from bench.measure import describe_load, emit, load_average, table
from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.scheduler.queue import make_app, send_job
from gatewatch.storage.database import open_database
from gatewatch.storage.models import deliveries, runs

POSTGRES = os.environ.get(
    "GATEWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BROKER = os.environ.get("GATEWATCH_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672//")


def fresh_schema() -> tuple[str, str]:
    schema = f"gw_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return schema, f"{POSTGRES}?options=-csearch_path%3D{schema}"


def drop_schema(schema: str) -> None:
    engine = create_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def write_config(folder: Path, servers, delay: float) -> Path:
    path = folder / "gatewatch.toml"
    text_ = f'[reports]\ndirectory = "{folder / "reports"}"\n'
    for index, server in enumerate(servers):
        text_ += (
            f'[[sites]]\nname = "site{index}"\nstart_url = "{server.base_url}/"\n'
            f'schedule = "daily at 06:00"\ndelay = {delay}\nconcurrency = 1\n'
        )
    path.write_text(text_, encoding="utf-8")
    return path


class CrawlMemory:
    """Samples the peak RSS of every crawl process under the workers (from /proc)."""

    def __init__(self, worker_pids: list[int]) -> None:
        self.worker_pids = worker_pids
        self.peak_mb = 0.0
        self.most_at_once = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            crawls = [
                pid
                for worker in self.worker_pids
                for pid in descendants(worker)
                if b" crawl " in _command_line(pid)
            ]
            self.most_at_once = max(self.most_at_once, len(crawls))
            for pid in crawls:
                self.peak_mb = max(self.peak_mb, peak_rss_mb(pid) or 0.0)
            time.sleep(0.5)

    def stop(self) -> None:
        self.running = False
        self.thread.join()


def worker_cpu(pid: int) -> float:
    """CPU seconds of a worker and of the jobs and crawls it has finished (it waits for its
    job processes, which wait for their crawls: their time is in its children's times)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return b""


def one_round(workers: int, arguments) -> dict:
    schema, database_url = fresh_schema()
    queue = f"gatewatch-bench-{uuid.uuid4().hex[:8]}"
    servers = [
        serve(generate_site(arguments.pages, seed=index).site, host=f"127.0.1.{index + 1}")
        for index in range(arguments.sites)
    ]
    folder = Path(tempfile.mkdtemp(prefix="gatewatch-bench-"))
    processes = []
    try:
        config = write_config(folder, servers, arguments.delay)
        environment = {
            **os.environ,
            "GATEWATCH_DATABASE_URL": database_url,
            "GATEWATCH_BROKER_URL": BROKER,
            "GATEWATCH_QUEUE": queue,
        }
        open_database(database_url).dispose()  # the schema exists before the workers race
        for number in range(workers):
            processes.append(
                subprocess.Popen(
                    [
                        *(
                            sys.executable,
                            "-m",
                            "gatewatch.cli.main",
                            "worker",
                            "--config",
                            str(config),
                        ),
                        *("--concurrency", str(arguments.concurrency), "--name", f"b{number}"),
                    ],
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        engine = open_database(database_url)
        time.sleep(arguments.warmup)  # the workers connect to the broker
        memory = CrawlMemory([process.pid for process in processes])
        started = time.monotonic()
        cpu_before = sum(worker_cpu(process.pid) for process in processes)
        slot = datetime(2026, 11, 23, 6, tzinfo=UTC)
        for index in range(arguments.sites):
            send_job(BROKER, queue, f"site{index}", slot)
        while _settled(engine) < arguments.sites:
            time.sleep(0.2)
        wall = time.monotonic() - started
        cpu = sum(worker_cpu(process.pid) for process in processes) - cpu_before
        memory.stop()
        with engine.connect() as connection:
            stats = connection.execute(select(runs.c.stats)).scalars().all()
        pages = sum((found or {}).get("response_received_count", 0) for found in stats)
        engine.dispose()
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for server in servers:
            server.stop()
        make_app(BROKER, queue).connection_for_write().default_channel.queue_delete(queue)
        drop_schema(schema)
    return {
        "workers": workers,
        "crawls_at_once": memory.most_at_once,
        "seconds": wall,
        "sites_per_hour": arguments.sites / wall * 3600,
        "pages_per_second": pages / wall,
        "cpu_seconds": cpu,
        "cpu_per_site": cpu / arguments.sites,
        "crawl_peak_mb": memory.peak_mb,
    }


def _settled(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count(func.distinct(deliveries.c.run_id)))
        ).scalar_one()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--pages", type=int, default=100, help="pages per site (>= 50)")
    parser.add_argument("--delay", type=float, default=0.1, help="seconds between requests")
    parser.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated")
    parser.add_argument("--concurrency", type=int, default=1, help="crawls at once per worker")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    load = load_average()
    rounds = [one_round(int(count), arguments) for count in arguments.workers.split(",")]
    load_after = load_average()
    columns = [
        ("workers", "workers", "d"),
        ("crawls_at_once", "crawls at once", "d"),
        ("seconds", "seconds", ".1f"),
        ("sites_per_hour", "sites/hour", ",.0f"),
        ("pages_per_second", "pages/s", ".1f"),
        ("cpu_per_site", "CPU s/site", ".1f"),
        ("crawl_peak_mb", "crawl peak MB", ".0f"),
    ]
    text_ = (
        f"{arguments.sites} sites of {arguments.pages} pages, delay {arguments.delay} s, "
        f"{arguments.concurrency} crawl(s) per worker\n{table(rounds, columns)}\n"
        f"before: {describe_load(load)}; after: {describe_load(load_after)}"
    )
    emit({"rounds": rounds, "load_before": load, "load_after": load_after}, arguments.json, text_)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
