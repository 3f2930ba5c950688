"""`gatewatch demo`: serve the bundled site on 127.0.0.1, crawl it, show what was found."""

from __future__ import annotations

import click
from rich.table import Table

from cli.output import console, print_json, print_summary
from crawler.options import CrawlOptions
from storage.database import open_database
from storage.records import url_records
from storage.runs import get_run
from storage.summary import run_summary

QUIET_FLAGS = {"robots_blocked", "noindex"}


def _start_server(port: int):
    from demo.server import serve
    from demo.site import load_demo_site

    site = load_demo_site()
    try:
        return serve(site, port=port)
    except OSError as error:
        console.print(f"[yellow]port {port} is taken ({error.strerror}); using a free port[/]")
        return serve(site, port=0)


def problems(engine, run_id: int) -> list[dict]:
    """URLs that answered an error status, or were flagged, for the demo's closing table."""
    found = []
    for record in url_records(engine, run_id):
        flags = [flag for flag in record["flags"] if flag not in QUIET_FLAGS]
        status = record["final_status"] if record["redirects"] else record["status"]
        if flags or (status is not None and status >= 400):
            found.append(record)
    return found


def _problems_table(records: list[dict], base_url: str) -> Table:
    table = Table(title="Pages a visitor or a search engine could not reach", title_justify="left")
    for column in ("URL", "status", "flags", "in sitemap", "inlinks"):
        table.add_column(column, justify="right" if column == "inlinks" else "left")
    for record in records:
        statuses = " → ".join(str(hop["status"]) for hop in record["redirects"])
        status = f"{statuses} → {record['final_status']}" if statuses else str(record["status"])
        table.add_row(
            record["url"].removeprefix(base_url) or "/",
            status,
            ", ".join(record["flags"]),
            "yes" if record["in_sitemap"] else "",
            str(record["inlinks"]),
        )
    return table


def run_demo(database: str | None, port: int, serve_only: bool, as_json: bool) -> None:
    from crawler.run import run_crawl

    server = _start_server(port)
    with server:
        if serve_only:
            console.print(f"serving the demo site at {server.base_url}/ (Ctrl-C to stop)")
            server.serve_until_interrupted()
            return
        if not as_json:
            console.print(f"serving the demo site at {server.base_url}/ and crawling it")
        options = CrawlOptions(start_url=f"{server.base_url}/", retry_after_cap=5)
        run_id = run_crawl(options, database, show_progress=not as_json)
    engine = open_database(database)
    run = get_run(engine, run_id)
    summary = run_summary(engine, run_id)
    found = problems(engine, run_id)
    if as_json:
        print_json({"run": run.id, "status": run.status, **summary, "problems": found})
        return
    print_summary(run, summary)
    console.print(_problems_table(found, server.base_url))
    where = engine.url.render_as_string(hide_password=True)
    console.print(
        f"\nRecorded in {where}. Next: [bold]gatewatch export[/] for every URL as JSON lines, "
        f"[bold]gatewatch crawl https://your-site/[/] for a real site."
    )
    if run.status != "completed":
        raise click.ClickException(f"the crawl ended {run.status}: {run.error}")
