"""`gatewatch worker`: take jobs from the queue and run them, politely for the whole cluster.

Each job runs as `gatewatch run SITE --scheduled-for T` in a child process (as the
single-process scheduler runs it), while this worker holds two locks in PostgreSQL: the job's
own (a job enqueued twice, e.g. by a restarted scheduler, is done once at a time) and its
host's (two workers never crawl one host at once). Holding the host lock also proves that a
worker run of that host still marked 'running' was abandoned by a dead worker: it is marked
interrupted, and the job (redelivered by the broker) reports it and mails once.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from celery.signals import worker_ready
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from gatewatch.crawler.page_reader import usable_cores
from gatewatch.scheduler.cluster_lock import cluster_locks, host_lock_name, job_lock_name
from gatewatch.scheduler.config import ConfigError, load_config
from gatewatch.scheduler.queue import TASK_NAME, make_app
from gatewatch.storage.database import DATABASE_ENVIRONMENT_VARIABLE, DatabaseError, open_database
from gatewatch.storage.runs import WORKER_ENVIRONMENT_VARIABLE
from gatewatch.storage.worker_runs import interrupt_orphaned_runs, url_host

# A crawl peaks at 106-173 MB (docs/scaling.md); the rest is for the job process around it.
MEMORY_PER_CRAWL_BYTES = 300 * 1024 * 1024
CRAWLS_PER_CORE = 2  # polite crawls wait on the network more than they compute


class WorkerError(RuntimeError):
    """The worker cannot start; the message says what to change."""


@dataclass(frozen=True)
class WorkerSettings:
    config_path: Path
    database_url: str
    name: str


_settings: WorkerSettings | None = None


def default_name() -> str:
    return f"gatewatch{os.getpid()}@{socket.gethostname()}"


def default_concurrency() -> int:
    """Crawls at once: two per usable core, as far as the available memory goes."""
    by_cores = CRAWLS_PER_CORE * usable_cores()
    available = _available_memory()
    if available is None:
        return by_cores
    return max(1, min(by_cores, available // MEMORY_PER_CRAWL_BYTES))


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
                    break
            else:
                return None
    except OSError:
        return None
    limit = _container_memory_limit()
    return min(available, limit) if limit else available


def _container_memory_limit() -> int | None:
    try:
        value = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return None
    return int(value) if value.isdigit() else None


def run_job(site_name: str, scheduled_for: str) -> str:
    """The task body: the job of `site_name` for `scheduled_for`; returns what happened."""
    settings = _settings
    if settings is None:
        raise RuntimeError("run_job runs in a worker started by start_worker")
    try:
        site = load_config(settings.config_path).site(site_name)
    except ConfigError as error:  # not retried: the next run of the schedule will be
        _say(f"{site_name}: not run: {error}")
        return "not run"
    engine = open_database(settings.database_url)
    try:
        return _run_job_locked(engine, settings, site_name, scheduled_for, url_host(site.start_url))
    finally:
        engine.dispose()


def _run_job_locked(
    engine: Engine, settings: WorkerSettings, site_name: str, scheduled_for: str, host: str
) -> str:
    with cluster_locks(engine) as locks:
        if not locks.try_take(job_lock_name(site_name, scheduled_for)):
            _say(f"{site_name}: the run for {scheduled_for} is already being done; dropped")
            return "duplicate"
        locks.take(
            host_lock_name(host),
            on_wait=lambda: _say(f"{site_name}: waiting for another crawl of {host} to end"),
        )
        for run_id in interrupt_orphaned_runs(engine, host):
            _say(f"{site_name}: run {run_id} was left running by a dead worker: interrupted")
        exit_code = _run_job_process(settings, site_name, scheduled_for)
    state = "done" if exit_code == 0 else f"ended with exit code {exit_code}"
    _say(f"{site_name}: the run for {scheduled_for} {state}")
    return state


def _run_job_process(settings: WorkerSettings, site_name: str, scheduled_for: str) -> int:
    command = [sys.executable, "-P", "-m", "gatewatch.cli.main", "run", site_name]
    command += ["--config", str(settings.config_path), "--scheduled-for", scheduled_for]
    environment = {
        **os.environ,
        DATABASE_ENVIRONMENT_VARIABLE: settings.database_url,
        WORKER_ENVIRONMENT_VARIABLE: settings.name,
    }
    process = subprocess.Popen(command, env=environment, preexec_fn=_stop_with_parent)
    try:
        return process.wait()
    finally:
        if process.poll() is None:  # this worker is stopping: the job stops its crawl cleanly
            process.terminate()
            process.wait()


def _stop_with_parent() -> None:
    """In the job process: SIGTERM it when the worker thread that started it dies, so that a
    killed worker leaves no crawl behind that still fetches from the host it no longer locks."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _say(line: str) -> None:
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {line}", flush=True)


def start_worker(
    broker: str,
    queue: str,
    settings: WorkerSettings,
    concurrency: int,
) -> None:
    """Run the worker until stopped (SIGTERM: finish the running jobs; twice: stop them)."""
    global _settings
    engine = open_database(settings.database_url)
    if engine.url.get_backend_name() != "postgresql":
        raise WorkerError(
            "workers need PostgreSQL, which every worker and the scheduler share; with SQLite "
            "run `gatewatch scheduler` alone (it runs the crawls itself)"
        )
    engine.dispose()  # each job opens its own
    _settings = settings
    app = make_app(broker, queue)
    app.task(
        name=TASK_NAME,
        acks_late=True,
        reject_on_worker_lost=True,
        # The database unreachable for a while: try again later rather than drop the job.
        autoretry_for=(OperationalError, DatabaseError),
        retry_backoff=30,
        retry_backoff_max=600,
        max_retries=20,
    )(run_job)

    def ready(**_arguments) -> None:
        _say(f"worker {settings.name} ready: {concurrency} jobs at once from queue {queue}")

    worker_ready.connect(ready, weak=False)
    app.worker_main(
        [
            "worker",
            f"--hostname={settings.name}",
            f"--queues={queue}",
            "--pool=threads",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ]
    )


@dataclass
class WorkerStatus:
    name: str
    concurrency: int | None
    jobs: list[dict]  # site, scheduled_for, started (UNIX time)


def worker_status(broker: str, queue: str, timeout: float = 2.0) -> list[WorkerStatus]:
    """What each live worker is doing, asked through the broker (workers that answer within
    `timeout`)."""
    inspector = make_app(broker, queue).control.inspect(timeout=timeout)
    stats = inspector.stats() or {}
    active = inspector.active() or {}
    queues = inspector.active_queues() or {}
    ours = {  # the broker may serve other queues (other databases): only this one's workers
        name for name, consumed in queues.items() if any(q.get("name") == queue for q in consumed)
    }
    found = []
    for name in sorted(ours):
        pool = (stats.get(name) or {}).get("pool") or {}
        jobs = [
            {
                "site": (task.get("args") or [None])[0],
                "scheduled_for": (task.get("args") or [None, None])[1],
                "started": task.get("time_start"),
            }
            for task in active.get(name) or []
        ]
        found.append(WorkerStatus(name, pool.get("max-concurrency"), jobs))
    return found
