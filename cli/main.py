"""gatewatch: find the pages search engines and visitors cannot reach, and tell broken from private.

Every command does one thing; tables are for people, --json and --format for scripts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from cli import backlinks, check, findings, report, service, worker
from cli.common import (
    database_failed,
    database_option,
    engine_for,
    run_or_latest,
    writable_engine_for,
)
from cli.limit_options import limit_options
from cli.output import console, print_json, print_summary, runs_table
from crawler.options import CrawlOptions, OptionsError
from reports.limit_notes import limit_notes
from storage.database import DatabaseError, upgrade
from storage.runs import get_run, list_runs
from storage.summary import run_summary


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gatewatch")
def main() -> None:
    """Crawl a site like a search engine; record every 401, 403 and broken page.

    \b
    Example:
      gatewatch demo
      gatewatch crawl https://www.example.com/ && gatewatch report -o report.html
    """


@main.command()
@click.argument("url")
@database_option
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="Extra sitemap to read.")
@click.option("--max-pages", type=int, help="Fetch at most this many pages.")
@click.option("--max-depth", type=int, help="Follow links at most this many clicks deep.")
@click.option("--include", multiple=True, metavar="REGEX", help="Only fetch URLs matching this.")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Never fetch URLs matching this.")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs that robots.txt disallows.")
@click.option("--user-agent", help="User-Agent header (default names gatewatch).")
@click.option("--concurrency", type=int, default=8, show_default=True, help="Requests per host.")
@click.option("--delay", type=float, default=0.0, help="Seconds between requests to a host.")
@click.option("--autothrottle", is_flag=True, help="Adapt speed to the server's latency.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per URL.")
@click.option("--time-limit", type=float, help="Stop the crawl after this many seconds.")
@click.option(
    "--retry-after-cap",
    type=float,
    default=30.0,
    show_default=True,
    help="Longest Retry-After wait honoured for 429/503; longer ones are recorded, not waited.",
)
@click.option("--strict-host", is_flag=True, help="Treat www.host and host as different sites.")
@click.option("--https-only", is_flag=True, help="Do not follow http:// links of an https site.")
@click.option(
    "--detector-settings",
    metavar="JSON",
    help='Detector thresholds and extra phrases, e.g. \'{"not_found": ["vergriffen"]}\'.',
)
@click.option(
    "--no-detect",
    is_flag=True,
    help="Skip the detectors (soft 404s, login walls) and their probe requests.",
)
@click.option(
    "--render",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Render pages in headless chromium: auto, those that are a client-rendered app's "
    "empty shell; always, every HTML page; never (shells are then flagged needs_rendering).",
)
@click.option(
    "--render-max-pages",
    type=int,
    default=500,
    show_default=True,
    help="Pages and probes rendered per crawl at most.",
)
@click.option(
    "--render-timeout",
    type=float,
    default=15.0,
    show_default=True,
    help="Seconds a page may take to render.",
)
@click.option(
    "--render-allow-host",
    "render_allow_hosts",
    multiple=True,
    metavar="HOST[:PORT]",
    help="Another host the browser may fetch from (a CDN serving the app's bundle; repeatable).",
)
@click.option(
    "--parse-workers",
    type=click.IntRange(0, 1),
    help="1: parse pages in a second process beside the crawl (the default on a machine "
    "with 2+ cores); 0: in the crawl process.",
)
@click.option(
    "--write-workers",
    type=click.IntRange(0, 1),
    help="1: write the crawl's rows to the database from a second process (the default on "
    "a machine with 3+ cores); 0: from the crawl process.",
)
@limit_options
@click.option("--quiet", "-q", is_flag=True, help="No progress display and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Show Scrapy's log.")
@click.option("--scheduled-for", hidden=True, help="ISO time of the scheduler's slot (see `run`).")
def crawl(url, database, quiet, as_json, verbose, scheduled_for, **settings) -> None:
    """Crawl a site into the database: sitemaps, links, every response.

    \b
    Example:
      gatewatch crawl https://www.example.com/ --max-pages 5000
    """
    from crawler.run import CrawlFailed, run_crawl  # Scrapy is slow to import

    settings["obey_robots"] = not settings.pop("ignore_robots")
    settings["www_equivalent"] = not settings.pop("strict_host")
    settings["any_scheme"] = not settings.pop("https_only")
    settings["detect"] = not settings.pop("no_detect")
    try:
        settings["detector_settings"] = json.loads(settings.pop("detector_settings") or "{}")
    except json.JSONDecodeError as error:
        raise click.BadParameter(f"not JSON: {error}", param_hint="--detector-settings") from None
    if not isinstance(settings["detector_settings"], dict):
        raise click.BadParameter("give a JSON object", param_hint="--detector-settings")
    settings["concurrency_per_host"] = settings.pop("concurrency")
    settings["sitemaps"] = list(settings["sitemaps"])
    settings["include"] = list(settings["include"])
    settings["exclude"] = list(settings["exclude"])
    settings["render_allow_hosts"] = list(settings["render_allow_hosts"])
    if settings["user_agent"] is None:
        settings.pop("user_agent")
    try:
        options = CrawlOptions(start_url=url, **settings)
    except OptionsError as error:
        raise click.BadParameter(str(error)) from None
    if options.render == "always":  # auto: said when the first shell is met
        from crawler.rendering import ChromiumMissing, check_chromium, chromium_path

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
            service.parse_scheduled_for(scheduled_for),
        )
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; what was collected is kept") from None
    except CrawlFailed as error:
        raise click.ClickException(str(error)) from None
    except DBAPIError as error:
        raise click.ClickException(database_failed(error)) from None
    engine = engine_for(database)
    try:
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


@main.command()
@click.argument("run_id", metavar="[RUN]", type=int, required=False)
@database_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@click.option("--all", "include_external", is_flag=True, help="Include external URLs too.")
def export(run_id, database, output_format, output, include_external) -> None:
    """Write one record per URL met in a run (default: the latest run).

    \b
    Example:
      gatewatch export --format jsonl | jq 'select(.status == 403) | .url'
      gatewatch export 12 --format csv -o run12.csv
    """
    from cli.export import write_csv, write_jsonl

    engine = engine_for(database)
    run = run_or_latest(engine, run_id)
    writer = write_jsonl if output_format == "jsonl" else write_csv
    if output == "-":
        writer(engine, run, sys.stdout, include_external)
        return
    with open(output, "w", encoding="utf-8", newline="") as stream:
        count = writer(engine, run, stream, include_external)
    console.print(f"wrote {count:,} records of run {run.id} to {output}")


@main.command()
@database_option
@click.option("--site", help="Only runs of this site (host name).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def runs(database, site, limit, as_json) -> None:
    """List the crawls in the database, newest first.

    \b
    Example:
      gatewatch runs --site www.example.com --limit 5
    """
    engine = engine_for(database)
    found = list_runs(engine, site, limit)
    if as_json:
        print_json(
            [
                {
                    "run": run.id,
                    "site": run.site,
                    "start_url": run.start_url,
                    "status": run.status,
                    "started_at": run.started_at.isoformat(),
                    "seconds": run.seconds,
                    "pages": (run.stats or {}).get("response_received_count"),
                    "error": run.error,
                    "worker": run.worker,
                }
                for run in found
            ]
        )
    else:
        console.print(runs_table(found))


@main.command()
@click.argument("run_id", metavar="[RUN]", type=int, required=False)
@database_option
@click.option("--json", "as_json", is_flag=True)
def summary(run_id, database, as_json) -> None:
    """Show what a run found (default: the latest run).

    \b
    Example:
      gatewatch summary 12 --json
    """
    engine = engine_for(database)
    run = run_or_latest(engine, run_id)
    counts = run_summary(engine, run.id)
    if as_json:
        print_json({"run": run.id, "status": run.status, "seconds": run.seconds, **counts})
    else:
        print_summary(run, counts)


@main.group()
def db() -> None:
    """Manage the database.

    \b
    Example:
      gatewatch db upgrade --db postgresql://gatewatch@db/gatewatch
    """


@db.command("upgrade")
@database_option
def db_upgrade(database) -> None:
    """Create the database, or apply the migrations it lacks.

    \b
    Example:
      gatewatch db upgrade --db postgresql://gatewatch@db/gatewatch
    """
    from storage.database import current_revision, make_engine

    engine = make_engine(database)
    before = current_revision(engine)
    try:
        upgrade(engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    after = current_revision(engine)
    state = "already up to date" if before == after else f"upgraded from {before or 'empty'}"
    console.print(f"{engine.url.render_as_string(hide_password=True)}: {state} (revision {after})")


@main.command()
@database_option
@click.option("--port", type=int, default=8765, show_default=True, help="Port of the demo site.")
@click.option("--serve-only", is_flag=True, help="Serve the demo site until Ctrl-C; no crawl.")
@click.option(
    "-o",
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default="gatewatch-demo-report.html",
    show_default=True,
    help="Where to write the HTML report of the crawl.",
)
@click.option("--json", "as_json", is_flag=True)
def demo(database, port, serve_only, report_path, as_json) -> None:
    """Serve a small bundled site on 127.0.0.1, crawl it, and write its report.

    Runs offline; the demo site has sitemaps, a private area and broken public pages. Prints
    the findings by bucket and writes the HTML report (gatewatch-demo-report.html).

    \b
    Example:
      gatewatch demo --db demo.db -o demo-report.html
    """
    from cli.demo import run_demo

    run_demo(database, port, serve_only, as_json, report_path)


for module in (check, backlinks, findings, report, service, worker):
    for command in module.COMMANDS:
        main.add_command(command)

if __name__ == "__main__":
    main()
