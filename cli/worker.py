"""Commands of a cluster: `gatewatch worker` runs jobs from the queue, `gatewatch workers` shows
what each worker is doing."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from gatewatch.cli.common import database_option
from gatewatch.cli.output import console, print_json
from gatewatch.cli.service import _load, config_option

broker_option = click.option(
    "--broker",
    envvar="GATEWATCH_BROKER_URL",
    help="The job queue's broker, e.g. amqp://USER:PASSWORD@HOST:5672// "
    "(or $GATEWATCH_BROKER_URL).",
)
queue_option = click.option(
    "--queue",
    envvar="GATEWATCH_QUEUE",
    default="gatewatch",
    show_default=True,
    help="The queue's name (or $GATEWATCH_QUEUE); one per database.",
)


@click.command("worker")
@config_option
@database_option
@broker_option
@queue_option
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    help="Jobs (crawls) at once. Default: two per usable core, as far as memory goes.",
)
@click.option("--name", help="This worker's name in `workers` and `runs` (default: PID@host).")
def worker_command(config_path, database, broker, queue, concurrency, name) -> None:
    """Take the scheduler's jobs from the queue and run them (import backlinks, crawl, report,
    mail) until stopped. Any number of workers, on any machines, share one PostgreSQL database
    and one broker; two of them never crawl the same host at once. SIGTERM lets the running
    jobs finish; a second SIGTERM stops them (they go back to the queue).

    \b
    Example:
      gatewatch worker --config gatewatch.toml --broker amqp://guest:guest@127.0.0.1:5672//
    """
    from gatewatch.scheduler.queue import QueueError, broker_url
    from gatewatch.scheduler.workers import (
        WorkerError,
        WorkerSettings,
        default_concurrency,
        default_name,
        start_worker,
    )
    from gatewatch.storage.database import DatabaseError

    loaded = _load(config_path)
    database_url = database or loaded.database_url
    if not database_url:
        raise click.ClickException(
            "workers need the shared PostgreSQL database: pass --db or set $GATEWATCH_DATABASE_URL"
        )
    settings = WorkerSettings(Path(config_path).absolute(), database_url, name or default_name())
    try:
        start_worker(broker_url(broker), queue, settings, concurrency or default_concurrency())
    except (QueueError, WorkerError, DatabaseError) as error:
        raise click.ClickException(str(error)) from None


@click.command("workers")
@broker_option
@queue_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def workers_command(broker, queue, as_json) -> None:
    """Show each live worker and the jobs it is running now.

    \b
    Example:
      gatewatch workers --broker amqp://guest:guest@127.0.0.1:5672//
    """
    from gatewatch.scheduler.queue import QueueError, broker_url
    from gatewatch.scheduler.workers import worker_status

    try:
        found = worker_status(broker_url(broker), queue)
    except QueueError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        print_json(
            [
                {"worker": worker.name, "concurrency": worker.concurrency, "jobs": worker.jobs}
                for worker in found
            ]
        )
        return
    if not found:
        console.print("no worker answered")
        return
    table = Table(title="Workers", title_justify="left")
    for column in ("worker", "slots", "site", "scheduled for", "running for"):
        table.add_column(column)
    for worker in found:
        slots = f"{len(worker.jobs)}/{worker.concurrency or '?'}"
        if not worker.jobs:
            table.add_row(escape(worker.name), slots, "(idle)", "", "")
        for job in worker.jobs:
            table.add_row(
                escape(worker.name),
                slots,
                escape(str(job["site"])),
                escape(str(job["scheduled_for"])),
                _since(job["started"]),
            )
    console.print(table)


def _since(started: float | None) -> str:
    if not started:
        return "-"
    seconds = max(0, time.time() - started)
    return f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


COMMANDS: list = [worker_command, workers_command]
