"""What a scheduled job does for one site, also run by hand with `gatewatch run SITE`:
import backlinks, crawl (in a subprocess), build the report, save it, mail it.

A run is identified by its site and scheduled time: a job that fires twice for the same time
crawls once, and a report already mailed is not mailed again; a failed mail is retried by
running the same job again, without crawling again.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from gatewatch.reports.mailer import DeliveryError, DeliveryUnconfirmed
from gatewatch.scheduler.config import Config, ConfigError, SiteConfig, load_config
from gatewatch.scheduler.config_reader import sqlite_path_relative_to
from gatewatch.scheduler.crawl_process import run_crawl_process
from gatewatch.scheduler.delivery import deliver, save_report_files
from gatewatch.scheduler.schedules import latest_slot
from gatewatch.storage.database import DATABASE_ENVIRONMENT_VARIABLE, open_database
from gatewatch.storage.deliveries import settled_delivery
from gatewatch.storage.runs import (
    Run,
    close_run_of_ended_process,
    ensure_site,
    latest_run,
    mark_abandoned_runs,
    scheduled_run,
)


class JobError(RuntimeError):
    """The job could not do all it should; the message says what happened and what to do."""


@dataclass
class Outcome:
    run_id: int
    run_status: str
    crawled: bool
    delivery: str  # sent, skipped, already_sent, failed


def slot_time(moment: datetime) -> datetime:
    """Scheduled times are kept in UTC to the second, so that they compare equal everywhere."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def due_slot(config_path: str, site_name: str, not_done: str) -> datetime | None:
    """The site's latest scheduled time (now, when it has none yet), as `slot_time` keeps it;
    None, after saying `SITE: <not_done>: <problem>` on stderr, when the config will not do."""
    try:
        config = load_config(config_path)
        site = config.site(site_name)
    except ConfigError as error:
        print(f"{site_name}: {not_done}: {error}", file=sys.stderr, flush=True)
        return None
    now = datetime.now(UTC)
    return slot_time(latest_slot(site.trigger, now, timedelta(hours=config.catch_up_hours)) or now)


def run_site(
    config: Config,
    site_name: str,
    scheduled_for: datetime | None = None,
    resend: bool = False,
    database: str | None = None,
    say: Callable[[str], None] = print,
) -> Outcome:
    """Do the site's job for `scheduled_for` (default: now). With `resend`, mail the report of
    that run (default: the site's latest run) again without crawling."""
    site = config.site(site_name)
    database_url = database or config.database_url
    engine = open_database(database_url)
    slot = slot_time(scheduled_for or datetime.now(UTC))

    def command(*arguments: str) -> str:
        return run_command(config, site.name, *arguments, database=database)

    if resend:
        run = _run_to_resend(engine, site, scheduled_for and slot, command)
        return _report_and_send(engine, config, site, run, slot, False, say, command)
    mark_abandoned_runs(engine)
    found = scheduled_run(engine, site.start_url, slot)
    crawled = False
    if found is None:
        import_backlinks(engine, site, say)
        say(f"{site.name}: crawling {site.start_url} for {slot.isoformat()}")
        ended = run_crawl_process(site.crawl, slot, database_url)
        found = scheduled_run(engine, site.start_url, slot)
        if found is None:
            raise JobError(
                f"{site.name}: the crawl did not start (exit code {ended.exit_code}); "
                "see its output"
            )
        if found[0].status == "running" and close_run_of_ended_process(
            engine, found[0].id, ended.pid, ended.describe()
        ):  # its crawl is gone: the run is interrupted now, not when the next crawl looks
            found = scheduled_run(engine, site.start_url, slot)
        crawled = True
    run, pid = found
    if run.status == "running":
        raise JobError(f"{site.name}: run {run.id} for this time is being crawled by process {pid}")
    if not crawled:
        say(f"{site.name}: already crawled for {slot.isoformat()} (run {run.id}, {run.status})")
        settled = settled_delivery(engine, run.id)
        if settled is not None:
            resend_command = command("--scheduled-for", slot.isoformat(), "--resend")
            say(_settled_text(site.name, settled.status, settled.created_at, resend_command))
            return Outcome(run.id, run.status, False, "already_sent")
    return _report_and_send(engine, config, site, run, slot, crawled, say, command)


def run_command(config: Config, site_name: str, *arguments: str, database: str | None) -> str:
    """A `gatewatch run` command line for the user to run, which does the same from any folder:
    it names the config file and a database given on the command line (not one that comes
    from $GATEWATCH_DATABASE_URL, which the command finds again, nor one with a password)."""
    words = ["gatewatch", "run", site_name, "--config", str(config.path.absolute()), *arguments]
    given = _database_argument(database)
    if given is not None:
        words += ["--db", given]
    return shlex.join(words)


def _database_argument(database: str | None) -> str | None:
    if not database or database == os.environ.get(DATABASE_ENVIRONMENT_VARIABLE):
        return None
    try:
        if "://" in database and make_url(database).password is not None:
            return None
        return sqlite_path_relative_to(database, Path.cwd())
    except (ArgumentError, ValueError):
        return None  # unreadable: opening it has already failed


def _settled_text(site_name: str, status: str, when: datetime, resend_command: str) -> str:
    if status == "sending":
        return (
            f"{site_name}: a mail of this report was interrupted while sending at {when:%c}; "
            f"it may have arrived. Send it again with `{resend_command}`"
        )
    if status == "unconfirmed":
        return (
            f"{site_name}: a mail of this report was taken by the SMTP server at {when:%c} but "
            f"never confirmed; it may have arrived. Send it again with `{resend_command}`"
        )
    verb = "already mailed" if status == "sent" else "already handled (not mailed on purpose)"
    return f"{site_name}: report {verb} at {when:%Y-%m-%d %H:%M}; nothing to do"


def _run_to_resend(
    engine: Engine, site: SiteConfig, slot: datetime | None, command: Callable[..., str]
) -> Run:
    if slot is not None:
        found = scheduled_run(engine, site.start_url, slot)
        run = found[0] if found else None
    else:
        run = latest_run(engine, site.start_url)
    if run is None:
        raise JobError(f"{site.name}: no run to resend; run `{command()}` first")
    if run.status == "running":
        raise JobError(f"{site.name}: run {run.id} is still crawling")
    return run


def _report_and_send(
    engine: Engine,
    config: Config,
    site: SiteConfig,
    run: Run,
    slot: datetime,
    crawled: bool,
    say: Callable[[str], None],
    command: Callable[..., str],
) -> Outcome:
    from gatewatch.reports.build import build_report
    from gatewatch.reports.rules import Rules

    report = build_report(engine, run.id, rules=Rules.from_mapping(site.rules))
    files = save_report_files(config.reports_directory, site.name, report, slot)
    say(f"{site.name}: report of run {run.id} saved at {files.html}")
    try:
        status = deliver(engine, config, site, report, files, say)
    except DeliveryUnconfirmed as error:
        raise JobError(
            f"{site.name}: {error}. Look in the inbox; the report is saved at {files.html}; to "
            f"send it again: `{command('--scheduled-for', slot.isoformat(), '--resend')}`"
        ) from None
    except DeliveryError as error:
        raise JobError(
            f"{site.name}: {error}. The report is saved at {files.html}; send it again with "
            f"`{command('--scheduled-for', slot.isoformat())}`"
        ) from None
    if run.status != "completed":
        raise JobError(
            f"{site.name}: the crawl ended {run.status}: {run.error or 'no reason recorded'}; "
            f"the report (run {run.id}) covers what it collected"
        )
    return Outcome(run.id, run.status, crawled, status)


def import_backlinks(engine: Engine, site: SiteConfig, say: Callable[[str], None]) -> None:
    """Import the site's backlink export before the crawl; a missing or unreadable file is
    reported and the previous import is used."""
    if site.backlinks is None:
        return
    if not site.backlinks.is_file():
        say(f"{site.name}: backlinks file {site.backlinks} not found; using the previous import")
        return
    if importlib.util.find_spec("gatewatch.storage.backlinks") is None:
        return
    from gatewatch.reports.backlinks import read_backlinks
    from gatewatch.storage.backlinks import save_import

    site_id = ensure_site(engine, site.start_url)
    try:
        parsed = read_backlinks(site.backlinks, site.start_url)
    except (OSError, ValueError) as error:
        fallback = _previous(engine, site_id)
        say(f"{site.name}: cannot read backlinks file {site.backlinks}: {error}; {fallback}")
        return
    if not parsed.rows:
        why = parsed.problems[0] if parsed.problems else "no row links to the site"
        fallback = _previous(engine, site_id)
        say(f"{site.name}: nothing read from backlinks file {site.backlinks} ({why}); {fallback}")
        return
    import_id = save_import(engine, site_id, site.backlinks.name, parsed)
    say(f"{site.name}: imported {len(parsed.rows):,} backlinks (import {import_id})")


def _previous(engine: Engine, site_id: int) -> str:
    """What the report uses instead of an import that gave nothing."""
    from gatewatch.storage.backlinks import latest_import

    previous = latest_import(engine, site_id)
    if previous is None:
        return "no previous import: the report weighs no backlinks"
    when = f"{previous.imported_at:%Y-%m-%d %H:%M}"
    return f"using the previous import ({previous.file_name}, {when}, {previous.row_count:,} rows)"


def fire(config_path: str, site_name: str) -> None:
    """The scheduler's job: `gatewatch run SITE --scheduled-for SLOT` in a child process,
    SLOT being the schedule's latest time, so that a late or repeated firing is the same run."""
    slot = due_slot(config_path, site_name, "not run")
    if slot is None:
        return
    command = [
        sys.executable,
        "-P",
        "-m",
        "gatewatch.cli.main",
        "run",
        site_name,
        "--config",
        config_path,
    ]
    command += ["--scheduled-for", slot.isoformat()]
    print(f"{site_name}: starting the run for {slot.isoformat()}", flush=True)
    process = subprocess.Popen(command)
    RUNNING.add(process)
    try:
        exit_code = process.wait()
    finally:
        RUNNING.discard(process)
    state = "finished" if exit_code == 0 else f"failed (exit code {exit_code})"
    print(f"{site_name}: run for {slot_time(slot).isoformat()} {state}", flush=True)


# Child processes of running jobs, stopped with the scheduler.
RUNNING: set[subprocess.Popen] = set()
