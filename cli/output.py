"""How results look: rich tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(stderr=False, highlight=False)


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}s"


def runs_table(runs) -> Table:
    table = Table(title="Runs", title_justify="left")
    by_workers = any(getattr(run, "worker", None) for run in runs)  # a cluster: say who crawled
    columns = ("run", "site", "status", "started", "took", "pages", "error")
    for column in columns + (("worker",) if by_workers else ()):
        table.add_column(column, justify="right" if column in ("run", "pages", "took") else "left")
    for run in runs:
        pages = (run.stats or {}).get("response_received_count")
        table.add_row(
            str(run.id),
            run.site,
            run.status,
            run.started_at.strftime("%Y-%m-%d %H:%M"),
            _seconds(run.seconds),
            "-" if pages is None else f"{pages:,}",
            (run.error or "")[:60],
            *((escape(run.worker or "-"),) if by_workers else ()),
            style={"failed": "red", "interrupted": "yellow", "running": "cyan"}.get(run.status),
        )
    return table


def print_summary(run, summary: dict) -> None:
    seconds = run.seconds
    rate = ""
    if seconds:
        rate = f", {summary['fetched'] / seconds:,.0f} pages/s"
    console.print(
        f"[bold]run {run.id}[/bold] of [cyan]{run.start_url}[/cyan]: [bold]{run.status}[/bold]"
        f" in {_seconds(seconds)}: {summary['fetched']:,} fetched, "
        f"{summary['urls_met']:,} URLs met{rate}"
    )
    if run.error:
        console.print(f"[red]{run.error}[/red]")
    table = Table(title="Responses by status", title_justify="left")
    table.add_column("status")
    table.add_column("URLs", justify="right")
    for status, count in summary["by_status"].items():
        table.add_row(status, f"{count:,}")
    console.print(table)
    if summary["flags"] or summary["not_fetched"]:
        table = Table(title="Flags and URLs not fetched", title_justify="left")
        table.add_column("what")
        table.add_column("URLs", justify="right")
        for flag, count in summary["flags"].items():
            table.add_row(flag, f"{count:,}")
        for reason, count in summary["not_fetched"].items():
            if reason != "robots":
                table.add_row(f"not fetched: {reason}", f"{count:,}")
        console.print(table)
    if summary["sitemaps"]:
        table = Table(title="Sitemaps", title_justify="left")
        for column in ("sitemap", "status", "kind", "entries", "problem"):
            table.add_column(column, justify="right" if column == "entries" else "left")
        for sitemap in summary["sitemaps"]:
            table.add_row(
                sitemap["url"],
                str(sitemap["status"] or "-"),
                sitemap["kind"] or "-",
                f"{sitemap['urls']:,}",
                sitemap["error"] or "",
                style="red" if sitemap["error"] else None,
            )
        console.print(table)
    for note in summary.get("limits", []):
        console.print(f"[yellow]{escape(note)}[/yellow]")
