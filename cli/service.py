"""Commands that run gatewatch as a service: `config check`, `run SITE`, `scheduler`."""

from __future__ import annotations

import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from gatewatch.cli.common import database_option
from gatewatch.cli.output import console, print_json

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GATEWATCH_CONFIG",
    default="gatewatch.toml",
    show_default=True,
    help="The config file (or $GATEWATCH_CONFIG).",
)


def parse_scheduled_for(value: str | None) -> datetime | None:
    """An ISO 8601 time; without a zone it is UTC."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO time such as 2026-11-23T06:00:00+01:00",
            param_hint="--scheduled-for",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _load(config_path: Path):
    from gatewatch.scheduler.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as error:
        click.echo(f"{error}\ncheck it with: gatewatch config check {config_path}", err=True)
        sys.exit(2)


@click.group()
def config() -> None:
    """Check the config file that lists the sites, schedules and recipients.

    \b
    Example:
      gatewatch config check gatewatch.toml
    """


@config.command("check")
@click.argument(
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GATEWATCH_CONFIG",
    default="gatewatch.toml",
    required=False,
)
@click.option("--json", "as_json", is_flag=True, help="Print the problems or the sites as JSON.")
def check_command(file: Path, as_json: bool) -> None:
    """Validate a config file: print every problem with its line, or the sites and their
    next run. Exits 2 when the file is invalid.

    \b
    Example:
      gatewatch config check gatewatch.toml
    """
    from gatewatch.scheduler.config import ConfigError, load_config

    try:
        loaded = load_config(file)
    except ConfigError as error:
        if as_json:
            print_json(
                {
                    "valid": False,
                    "problems": [
                        {"line": problem.line, "message": problem.message, "hint": problem.hint}
                        for problem in error.problems
                    ],
                }
            )
        else:
            console.print(escape(str(error)), style="red")
        sys.exit(2)
    now = datetime.now(UTC)
    sites = [
        {
            "name": site.name,
            "start_url": site.start_url,
            "schedule": site.schedule,
            "next_run": site.trigger.get_next_fire_time(None, now).isoformat(),
            "recipients": site.recipients,
            "max_pages": site.crawl.max_pages,
        }
        for site in loaded.sites.values()
    ]
    warnings = [problem.describe(file.name) for problem in loaded.warnings]
    if as_json:
        print_json({"valid": True, "sites": sites, "warnings": warnings})
        return
    table = Table(title=f"{file}: valid", title_justify="left")
    for column in ("site", "start URL", "schedule", "next run", "recipients"):
        table.add_column(column)
    for site in sites:
        table.add_row(
            escape(site["name"]),
            escape(site["start_url"]),
            escape(site["schedule"]),
            site["next_run"],
            escape(", ".join(site["recipients"]) or "(no mail)"),
        )
    console.print(table)
    for warning in warnings:
        console.print(f"warning: {escape(warning)}", style="yellow")


@click.command("run")
@click.argument("site")
@config_option
@database_option
@click.option(
    "--scheduled-for",
    metavar="ISO-TIME",
    help="The scheduled time this run is for (default: now); the same time never crawls twice.",
)
@click.option(
    "--resend", is_flag=True, help="Mail the latest (or --scheduled-for) report again; no crawl."
)
def run_command(site, config_path, database, scheduled_for, resend) -> None:
    """Do now what the scheduler does for SITE: import backlinks, crawl, report, mail.

    Running it again for the same --scheduled-for does not crawl again, and does not mail
    again a report already mailed: it retries a mail that failed.

    \b
    Example:
      gatewatch run shop --config gatewatch.toml
      gatewatch run shop --scheduled-for 2026-11-23T06:00:00+01:00   # retry that week's mail
    """
    from gatewatch.scheduler.config import ConfigError
    from gatewatch.scheduler.jobs import JobError, run_site

    moment = parse_scheduled_for(scheduled_for)
    loaded = _load(config_path)

    def stop(_signal, _frame) -> None:
        raise SystemExit(1)  # unwinds through the crawl, which is then stopped cleanly

    signal.signal(signal.SIGTERM, stop)
    try:
        outcome = run_site(loaded, site, moment, resend, database, say=_say)
    except (JobError, ConfigError) as error:
        raise click.ClickException(str(error)) from None
    _say(f"{site}: done (run {outcome.run_id}, {outcome.run_status}, mail {outcome.delivery})")


def _say(line: str) -> None:
    click.echo(line)
    sys.stdout.flush()


@click.command("scheduler")
@config_option
@database_option
@click.option("--list", "list_only", is_flag=True, help="Show each site's next run and exit.")
@click.option("--wait", is_flag=True, help="If another scheduler runs, wait for it to stop.")
@click.option("--json", "as_json", is_flag=True, help="With --list: print JSON.")
@click.option(
    "--broker",
    envvar="GATEWATCH_BROKER_URL",
    help="Queue the jobs on this broker for `gatewatch worker` processes instead of running "
    "them here (PostgreSQL only; or $GATEWATCH_BROKER_URL).",
)
@click.option(
    "--queue",
    envvar="GATEWATCH_QUEUE",
    default="gatewatch",
    show_default=True,
    help="With --broker: the queue's name (or $GATEWATCH_QUEUE).",
)
def scheduler_command(config_path, database, list_only, wait, as_json, broker, queue) -> None:
    """Run each site's job on its schedule until stopped (SIGTERM or Ctrl-C).

    Jobs are kept in the database; a run missed while the scheduler was down is done once
    when it starts again. SIGHUP reloads the config. One scheduler per database.

    \b
    Example:
      gatewatch scheduler --config gatewatch.toml
      gatewatch scheduler --list
    """
    from gatewatch.scheduler.lock import LockTaken
    from gatewatch.scheduler.service import plan_jobs, run_scheduler
    from gatewatch.storage.database import DatabaseError, open_database

    loaded = _load(config_path)
    if list_only:
        try:
            engine = open_database(database or loaded.database_url)
        except DatabaseError as error:
            raise click.ClickException(str(error)) from None
        planned = plan_jobs(engine, loaded)
        rows = [
            {
                "site": job.site,
                "schedule": job.schedule,
                "next_run": job.next_run.isoformat(),
                "catching_up": job.catching_up.isoformat() if job.catching_up else None,
            }
            for job in planned
        ]
        if as_json:
            print_json(rows)
            return
        table = Table(title="Scheduled sites", title_justify="left")
        for column in ("site", "schedule", "next run"):
            table.add_column(column)
        for row in rows:
            due = f" (missed {row['catching_up']}: due now)" if row["catching_up"] else ""
            table.add_row(escape(row["site"]), escape(row["schedule"]), row["next_run"] + due)
        console.print(table)
        return
    if broker:
        import os

        os.environ["GATEWATCH_QUEUE"] = queue  # read by the queued jobs, like the broker
    try:
        run_scheduler(config_path, database, wait, say=_say, broker=broker)
    except LockTaken as error:
        raise click.ClickException(str(error)) from None
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    except RuntimeError as error:  # scheduler.queue.QueueError: workers need PostgreSQL
        raise click.ClickException(str(error)) from None


COMMANDS: list = [config, run_command, scheduler_command]
