"""The long-running scheduler: one APScheduler job per site, stored in gatewatch's database.

Jobs survive restarts (SQLAlchemyJobStore), a crawl missed while the scheduler was down runs
once when it comes back (within `catch_up_hours`), and the config is read again on SIGHUP.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine

from gatewatch.scheduler.config import Config, SiteConfig, load_config
from gatewatch.scheduler.jobs import RUNNING, fire, slot_time
from gatewatch.scheduler.lock import scheduler_lock
from gatewatch.scheduler.schedules import latest_slot
from gatewatch.storage.database import DATABASE_ENVIRONMENT_VARIABLE, open_database
from gatewatch.storage.deliveries import settled_delivery
from gatewatch.storage.runs import scheduled_run

JOB_TABLE = "apscheduler_jobs"


@dataclass
class PlannedJob:
    site: str
    schedule: str
    next_run: datetime
    catching_up: datetime | None  # the missed time this job runs for first, if any


def missed_slot(engine: Engine, config: Config, site: SiteConfig, now: datetime) -> datetime | None:
    """The latest scheduled time within the catch-up window whose run is not done: not crawled,
    or crawled but its report neither mailed nor skipped on purpose."""
    slot = latest_slot(site.trigger, now, timedelta(hours=config.catch_up_hours))
    if slot is None:
        return None
    found = scheduled_run(engine, site.start_url, slot_time(slot))
    if found is not None and settled_delivery(engine, found[0].id) is not None:
        return None
    return slot


def plan_jobs(engine: Engine, config: Config, now: datetime | None = None) -> list[PlannedJob]:
    """When each site runs next: now, for a missed time, else the schedule's next time."""
    now = now or datetime.now(UTC)
    planned = []
    for site in config.sites.values():
        missed = missed_slot(engine, config, site, now)
        next_run = now if missed else site.trigger.get_next_fire_time(None, now)
        planned.append(PlannedJob(site.name, site.schedule, next_run, missed))
    return planned


def sync_jobs(
    scheduler: BaseScheduler,
    engine: Engine,
    config: Config,
    say: Callable[[str], None],
    job_function: Callable[[str, str], None] = fire,
) -> None:
    """Make the stored jobs match the config: add, change, remove. `job_function` runs a
    site's job here (`fire`) or puts it on the workers' queue (`scheduler.queue.enqueue`)."""
    wanted = {job.site: job for job in plan_jobs(engine, config)}
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            scheduler.remove_job(job.id)
            say(f"{job.id}: removed (no longer in {config.path.name})")
    for name, planned in wanted.items():
        scheduler.add_job(
            job_function,
            trigger=config.sites[name].trigger,
            args=[str(config.path.resolve()), name],  # the database URL is not stored
            id=name,
            name=name,
            replace_existing=True,
            next_run_time=planned.next_run,
            misfire_grace_time=int(config.catch_up_hours * 3600),
            coalesce=True,
            max_instances=1,
        )
        if planned.catching_up:
            say(f"{name}: missed {planned.catching_up.isoformat()}; running it now")
        else:
            say(f"{name}: {planned.schedule}; next run {planned.next_run.isoformat()}")


def run_scheduler(
    config_path: Path,
    database: str | None = None,
    wait: bool = False,
    say: Callable[[str], None] = print,
    broker: str | None = None,
) -> None:
    """Run until SIGTERM or Ctrl-C. Raises LockTaken when another scheduler runs on the same
    database (unless `wait`), ConfigError when the config is invalid. With a `broker`, jobs
    are queued for `gatewatch worker` processes instead of run here."""
    config = load_config(config_path)
    if database:  # jobs' processes inherit it; it is not stored with the jobs (password)
        os.environ[DATABASE_ENVIRONMENT_VARIABLE] = database
    database = database or config.database_url
    engine = open_database(database)
    say = _timestamped(say)
    job_function = fire
    if broker:
        from gatewatch.scheduler.queue import worker_mode_job

        job_function = worker_mode_job(engine, broker)
    with scheduler_lock(engine, wait, say):
        scheduler = BlockingScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)},
            timezone=UTC,
        )
        # Pending jobs are written to the store when the scheduler starts.
        sync_jobs(scheduler, engine, config, say, job_function)
        _handle_signals(scheduler, engine, config_path, say, job_function)
        where = engine.url.render_as_string(hide_password=True)
        scheduler.add_listener(
            lambda _event: say(f"scheduler started on {where}"), EVENT_SCHEDULER_STARTED
        )
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # misfires, job errors
        scheduler.start()
    say("scheduler stopped")


def _timestamped(say: Callable[[str], None]) -> Callable[[str], None]:
    return lambda line: say(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {line}")


def _handle_signals(
    scheduler: BlockingScheduler,
    engine: Engine,
    config_path: Path,
    say: Callable[[str], None],
    job_function: Callable[[str, str], None] = fire,
) -> None:
    def reload() -> None:
        try:
            config = load_config(config_path)
        except Exception as error:  # keep the jobs we have; say why the new file is refused
            say(f"config not reloaded, the jobs are unchanged: {error}")
            return
        sync_jobs(scheduler, engine, config, say, job_function)
        say(f"config reloaded from {config_path}")

    def on_hangup(_signal, _frame) -> None:
        # Not in the handler itself: it interrupts the main thread, which may hold the store.
        threading.Thread(target=reload, name="reload-config").start()

    def on_stop(_signal, _frame) -> None:
        if RUNNING:
            say("stopping: the running jobs are interrupted; their crawls keep what they found")
        for process in list(RUNNING):
            process.terminate()
        if scheduler.state == STATE_STOPPED:  # still storing its jobs: nothing runs yet
            raise SystemExit(0)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGHUP, on_hangup)
    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
