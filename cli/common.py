"""Options and lookups that several commands share."""

from __future__ import annotations

from pathlib import Path

import click

from gatewatch.storage.database import (
    DATABASE_ENVIRONMENT_VARIABLE,
    DatabaseError,
    database_problem,
    open_database,
)
from gatewatch.storage.runs import get_run, latest_run

DEFAULT_CONFIG = Path("gatewatch.toml")

database_option = click.option(
    "--db",
    "database",
    metavar="URL|PATH",
    envvar=DATABASE_ENVIRONMENT_VARIABLE,
    help="Database: a SQLite file path or a URL such as postgresql://user@host/db "
    f"(default: ./gatewatch.db, or ${DATABASE_ENVIRONMENT_VARIABLE}).",
)


def engine_for(database: str | None):
    try:
        return open_database(database)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None


def writable_engine_for(database: str | None):
    """The engine of a command that writes (a crawl): a file this user cannot write is
    refused in one line before anything starts."""
    from gatewatch.storage.database import is_read_only

    engine = engine_for(database)
    if is_read_only(engine):
        raise click.ClickException(
            f"the database {database or 'gatewatch.db'} is read-only for this user: it can be "
            "read (runs, report, findings, diff, export) but not crawled into"
        )
    return engine


def database_failed(error: Exception) -> str:
    """One line for a database that failed under a crawl (dropped, unreachable)."""
    return (
        f"the database failed during the crawl: {database_problem(error)}. The run is not "
        "complete; what was recorded before stays (a run left 'running' is marked interrupted "
        "by the next crawl)"
    )


def run_or_latest(engine, run_id: int | None):
    run = get_run(engine, run_id) if run_id is not None else latest_run(engine)
    if run is None:
        what = f"run {run_id} does not exist" if run_id is not None else "no crawl yet"
        raise click.ClickException(
            f"{what}: run `gatewatch crawl URL` first, or see `gatewatch runs`"
        )
    return run


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GATEWATCH_CONFIG",
    help="gatewatch.toml whose [rules] (and the site's [sites.rules]) classify a rebuild "
    "(default: ./gatewatch.toml when there is one; otherwise the default rules).",
)


def rules_for_run(config_path: Path | None, run):
    """The bucket rules of the run's site in the config, or None (the default rules)."""
    from gatewatch.reports.rules import Rules
    from gatewatch.scheduler.config import ConfigError, load_config
    from gatewatch.storage.url_identity import site_host

    path = config_path or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    if path is None:
        return None
    try:
        config = load_config(path)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    for site in config.sites.values():
        if site_host(site.crawl.start_url) == site_host(run.start_url):
            return Rules.from_mapping(site.rules)
    return None
