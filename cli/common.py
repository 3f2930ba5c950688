"""Options and lookups that several commands share."""

from __future__ import annotations

import click

from storage.database import DATABASE_ENVIRONMENT_VARIABLE, DatabaseError, open_database
from storage.runs import get_run, latest_run

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


def run_or_latest(engine, run_id: int | None):
    run = get_run(engine, run_id) if run_id is not None else latest_run(engine)
    if run is None:
        what = f"run {run_id} does not exist" if run_id is not None else "no crawl yet"
        raise click.ClickException(
            f"{what}: run `gatewatch crawl URL` first, or see `gatewatch runs`"
        )
    return run
