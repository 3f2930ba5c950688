"""`gatewatch demo`: serve the bundled site on 127.0.0.1, crawl it, show what was found."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from gatewatch.cli.output import console, print_json, print_summary
from gatewatch.crawler.options import CrawlOptions
from gatewatch.storage.database import open_database
from gatewatch.storage.runs import get_run
from gatewatch.storage.summary import run_summary


def _start_server(port: int):
    from gatewatch.demo.server import serve
    from gatewatch.demo.site import load_demo_site

    site = load_demo_site()
    try:
        return serve(site, port=port)
    except OSError as error:
        console.print(f"[yellow]port {port} is taken ({error.strerror}); using a free port[/]")
        return serve(site, port=0)


BUCKET_TITLES = {
    "fix_now": "[bold red]fix now[/]",
    "review": "[yellow]review[/]",
    "intentionally_private": "[dim]private[/]",
}


def _findings_table(report, base_url: str) -> Table:
    table = Table(
        title="Pages a visitor or a search engine could not reach, by bucket",
        title_justify="left",
    )
    for column in ("bucket", "URL", "problem", "status", "what to do"):
        table.add_column(column, overflow="fold")
    for finding in report.findings:
        if finding.change in ("fixed", "not_checked"):
            continue
        status = str(finding.status)
        if finding.final_status is not None and finding.final_url != finding.url:
            status = f"{finding.status} → {finding.final_status}"
        table.add_row(
            BUCKET_TITLES.get(finding.bucket, finding.bucket),
            escape(finding.url.removeprefix(base_url) or "/"),
            finding.kind,
            status,
            escape(finding.actions[0] if finding.actions else ""),
        )
    return table


def _finding_json(finding) -> dict:
    return {
        "url": finding.url,
        "bucket": finding.bucket,
        "kind": finding.kind,
        "status": finding.status,
        "final_status": finding.final_status,
        "flags": list(finding.flags),
        "in_sitemap": finding.in_sitemap,
        "inlinks": finding.inlinks,
        "reasons": [reason.code for reason in finding.reasons],
        "actions": list(finding.actions),
    }


def run_demo(
    database: str | None, port: int, serve_only: bool, as_json: bool, report_path: Path
) -> None:
    from gatewatch.crawler.run import run_crawl

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
    from gatewatch.reports.build import build_report
    from gatewatch.reports.render import render_html

    engine = open_database(database)
    run = get_run(engine, run_id)
    summary = run_summary(engine, run_id)
    report = build_report(engine, run_id)
    report_path.write_text(render_html(report), encoding="utf-8")
    if as_json:
        print_json(
            {
                "run": run.id,
                "status": run.status,
                **summary,
                "report": str(report_path),
                "counts": report.counts(),
                "findings": [_finding_json(finding) for finding in report.findings],
            }
        )
        return
    print_summary(run, summary)
    console.print(_findings_table(report, server.base_url))
    where = engine.url.render_as_string(hide_password=True)
    console.print(
        f"\nThe report: [bold]{escape(str(report_path))}[/] (open it in a browser). "
        f"Recorded in {escape(where)}.\nNext: [bold]gatewatch explain URL[/] for why a page got "
        f"its bucket, [bold]gatewatch crawl https://your-site/[/] for a real site."
    )
    if run.status != "completed":
        raise click.ClickException(f"the crawl ended {run.status}: {run.error}")
