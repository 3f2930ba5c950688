"""The crawl process the scheduler starts (scheduler/crawl_process.py). It reads its options
whole, as JSON on its standard input (not as flags, which could leave some out), and crawls
as `gatewatch crawl --quiet` does: the database from $GATEWATCH_DATABASE_URL, exit code 1 when
the run did not complete."""

from __future__ import annotations

import os
import sys

import click

from gatewatch.cli.crawl import crawl_into_database
from gatewatch.scheduler.crawl_process import read_crawl_request
from gatewatch.storage.database import DATABASE_ENVIRONMENT_VARIABLE


def main() -> None:
    options, scheduled_for = read_crawl_request(sys.stdin.read())
    database = os.environ.get(DATABASE_ENVIRONMENT_VARIABLE)
    try:
        crawl_into_database(options, database, True, False, False, scheduled_for)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
