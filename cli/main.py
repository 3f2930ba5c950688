"""gatewatch: find the pages search engines and visitors cannot reach, and tell broken from private.

Every command does one thing; tables are for people, --json and --format for scripts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gatewatch.cli import backlinks, check, crawl, findings, report, service, worker
from gatewatch.cli.common import database_option, engine_for, run_or_latest
from gatewatch.cli.output import console, print_json, print_summary, runs_table
from gatewatch.storage.database import DatabaseError, upgrade
from gatewatch.storage.runs import list_runs
from gatewatch.storage.summary import run_summary


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
    from gatewatch.cli.export import write_csv, write_jsonl

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
    from gatewatch.storage.database import current_revision, make_engine

    engine = make_engine(database)
    before = current_revision(engine)
    try:
        upgrade(engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    after = current_revision(engine)
    state = "already up to date" if before == after else f"upgraded from {before or 'empty'}"
    console.print(f"{engine.url.render_as_string(hide_password=True)}: {state} (revision {after})")


@db.command("check")
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def db_check(database, as_json) -> None:
    """Check that the database answers and is up to date, changing nothing (exit 1 if not).

    It never creates or migrates the database, so a container's health check or a monitoring
    script can run it beside the scheduler.

    \b
    Example:
      gatewatch db check --db postgresql://gatewatch@db/gatewatch
    """
    from gatewatch.storage.database import check_database

    try:
        where, revision = check_database(database)
    except DatabaseError as error:
        if as_json:
            print_json({"ok": False, "error": str(error)})
            raise SystemExit(1) from None
        raise click.ClickException(str(error)) from None
    if as_json:
        print_json({"ok": True, "database": where, "revision": revision})
    else:
        console.print(f"{where}: up to date (revision {revision})")


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
    from gatewatch.cli.demo import run_demo

    run_demo(database, port, serve_only, as_json, report_path)


for module in (crawl, check, backlinks, findings, report, service, worker):
    for command in module.COMMANDS:
        main.add_command(command)

if __name__ == "__main__":
    main()
