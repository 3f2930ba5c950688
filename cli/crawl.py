"""`gatewatch crawl`: crawl a site into the database, given by its URL and flags or as a site of
the config file."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from gatewatch.cli.common import database_failed, database_option, engine_for, writable_engine_for
from gatewatch.cli.crawl_options import crawl_options, flag_values, typed_options
from gatewatch.cli.output import print_json, print_summary
from gatewatch.cli.service import _load, parse_scheduled_for
from gatewatch.crawler.options import CrawlOptions, OptionsError
from gatewatch.reports.limit_notes import limit_notes
from gatewatch.storage.runs import get_run
from gatewatch.storage.summary import run_summary


@click.command()
@click.argument("target", metavar="[URL|SITE]", required=False)
@database_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Crawl SITE of this config file (or its only site) with its settings, detectors and "
    "rules; flags given here override them. Database: --db (or $GATEWATCH_DATABASE_URL), "
    "else the file's.",
)
@crawl_options
@click.option("--quiet", "-q", is_flag=True, help="No progress display and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Show Scrapy's log.")
@click.option("--scheduled-for", hidden=True, help="ISO time of the scheduler's slot (see `run`).")
@click.pass_context
def crawl(
    context, target, database, config_path, quiet, as_json, verbose, scheduled_for, **values
) -> None:
    """Crawl a site into the database: sitemaps, links, every response.

    \b
    Example:
      gatewatch crawl https://www.example.com/ --max-pages 5000
      gatewatch crawl --config gatewatch.toml shop
    """
    rules = None
    if config_path is None:
        if target is None:
            raise click.UsageError("give the URL to crawl, or --config FILE [SITE]")
        options = _options(start_url=target, **flag_values(values))
    else:
        config, site = _configured_site(config_path, target)
        database = database or config.database_url
        options = _options(**{**site.crawl.as_dict(), **typed_options(context, values)})
        rules = site.rules
    crawl_into_database(
        options, database, quiet, as_json, verbose, parse_scheduled_for(scheduled_for), rules
    )


def _options(**values) -> CrawlOptions:
    try:
        return CrawlOptions(**values)
    except OptionsError as error:
        raise click.BadParameter(str(error)) from None


def _configured_site(config_path: Path, name: str | None):
    """The config file and its site named `name` (or its only site)."""
    from gatewatch.scheduler.config import ConfigError

    config = _load(config_path)
    if name is None:
        if len(config.sites) != 1:
            raise click.UsageError(
                f"{config_path} has {len(config.sites)} sites: name the one to crawl "
                f"({', '.join(config.sites)})"
            )
        name = next(iter(config.sites))
    try:
        return config, config.site(name)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def crawl_into_database(
    options: CrawlOptions,
    database: str | None,
    quiet: bool,
    as_json: bool,
    verbose: bool,
    scheduled_for: datetime | None = None,
    rules: dict | None = None,
) -> None:
    """Crawl, then print the run's summary (unless quiet); exits 1 when the run did not
    complete. With `rules`, the run's findings are classified with them and saved, as the
    scheduler does, so that `report` and `findings` show them."""
    from gatewatch.crawler.run import CrawlFailed, run_crawl  # Scrapy is slow to import

    if options.render == "always":  # auto: said when the first shell is met
        from gatewatch.crawler.rendering import ChromiumMissing, check_chromium, chromium_path

        try:
            check_chromium(chromium_path(options.chromium_path))
        except ChromiumMissing as error:
            raise click.ClickException(str(error)) from None
    writable_engine_for(database)
    show_progress = not quiet and not as_json
    try:
        run_id = run_crawl(
            options,
            database,
            show_progress,
            "INFO" if verbose else "WARNING",
            scheduled_for,
        )
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; what was collected is kept") from None
    except CrawlFailed as error:
        raise click.ClickException(str(error)) from None
    except DBAPIError as error:
        raise click.ClickException(database_failed(error)) from None
    engine = engine_for(database)
    try:
        if rules is not None:
            _classify(engine, run_id, rules)
        run = get_run(engine, run_id)
        summary = run_summary(engine, run_id)
    except DBAPIError as error:
        raise click.ClickException(database_failed(error)) from None
    summary["limits"] = limit_notes(run.stats, run.settings)  # what the run's bounds left out
    if as_json:
        print_json({"run": run.id, "status": run.status, "seconds": run.seconds, **summary})
    elif not quiet:
        print_summary(run, summary)
    if run.status != "completed":
        sys.exit(1)


def _classify(engine, run_id: int, rules: dict) -> None:
    from gatewatch.reports.build import ReportError, build_report
    from gatewatch.reports.rules import Rules

    try:
        build_report(engine, run_id, rules=Rules.from_mapping(rules))
    except ReportError as error:
        message = f"the crawl ended; its findings could not be classified: {error}"
        raise click.ClickException(message) from None


COMMANDS: list = [crawl]
