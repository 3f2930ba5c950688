"""`gatewatch backlinks import|list`: keep backlink exports (Ahrefs, Search Console...) per site."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from gatewatch.cli.common import database_option, engine_for
from gatewatch.cli.output import console, print_json
from gatewatch.crawler.urls import InvalidURL, normalize_url
from gatewatch.reports.backlinks import FORMAT_NAMES, FORMATS, BacklinkFile, read_backlinks
from gatewatch.storage.backlinks import latest_import, list_imports, save_import, top_targets
from gatewatch.storage.runs import Site, ensure_site, find_site, site_name
from gatewatch.storage.url_identity import www_twin

SKIP_REASONS = {
    "other_host": "target on another site",
    "other_subdomain": "target on another subdomain",
    "not_a_url": "target is not a URL",
    "empty_target": "no target",
    "wrong_field_count": "wrong number of fields",
    "internal_source": "link from the site itself",
    "unreadable": "not readable as CSV",
}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "TAB", "|": "bar"}


@click.group()
def backlinks() -> None:
    """Import backlink exports; the latest import of a site weighs its findings.

    \b
    Example:
      gatewatch backlinks import ahrefs-backlinks.csv --site www.example.com
      gatewatch backlinks list --site www.example.com
    """


@backlinks.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", required=True, metavar="URL|NAME", help="The site the links point to.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["auto", *FORMAT_NAMES]),
    default="auto",
    show_default=True,
    help="The export's tool and report; auto tells them apart by the header.",
)
@database_option
@click.option("--json", "as_json", is_flag=True, help="Print what was read as JSON.")
def import_command(file: Path, site: str, format_name: str, database, as_json: bool) -> None:
    """Read a backlink export (CSV/TSV, any encoding, or Search Console's ZIP) for a site.

    Reads Ahrefs (Backlinks, Best by links), Search Console (Top linked pages), Semrush,
    Majestic and Moz exports, and any CSV with a target URL column. Only links to the
    site's own pages are kept (www and http/https variants count); the rest are counted
    by reason. Rows that cannot be read are named by line and the good rows are kept.

    \b
    Example:
      gatewatch backlinks import ahrefs-backlinks.csv --site https://www.example.com/
    """
    engine = engine_for(database)
    target_site = _site_for_import(engine, site)
    try:
        parsed = read_backlinks(file, target_site.start_url, format_name)
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error}") from None
    import_id = save_import(engine, target_site.id, file.name, parsed) if parsed.rows else None
    if as_json:
        print_json(_import_record(file, target_site, parsed, import_id))
    else:
        _print_import(file, target_site, parsed, import_id)
    if import_id is None:
        reason = parsed.problems[0] if parsed.problems else "no row links to the site"
        if not as_json:
            reason = "see above"
        raise click.ClickException(f"nothing could be read from {file} ({reason}); nothing saved")


@backlinks.command("list")
@click.option("--site", required=True, metavar="URL|NAME", help="The site (host or URL).")
@click.option("--top", type=int, default=10, show_default=True, help="Most linked URLs shown.")
@database_option
@click.option("--json", "as_json", is_flag=True)
def list_command(site: str, top: int, database, as_json: bool) -> None:
    """Show a site's backlink imports, newest first, and its most linked URLs.

    \b
    Example:
      gatewatch backlinks list --site www.example.com --top 20
    """
    engine = engine_for(database)
    found = find_site(engine, site)
    if found is None:
        raise click.ClickException(f"no site {site!r}: see `gatewatch runs` for known sites")
    imports = list_imports(engine, found.id)
    latest = latest_import(engine, found.id)
    targets = top_targets(engine, latest.id, top) if latest else []
    if as_json:
        print_json(
            {
                "site": found.name,
                "latest_import": latest.id if latest else None,
                "imports": [
                    {
                        "import": item.id,
                        "imported_at": item.imported_at.isoformat(),
                        "file": item.file_name,
                        "format": item.format,
                        "rows": item.row_count,
                        "skipped": item.skipped,
                        "problems": item.problems,
                    }
                    for item in imports
                ],
                "top_targets": [
                    {"url": url, **_summary_record(summary)} for url, summary in targets
                ],
            }
        )
        return
    if not imports:
        console.print(f"no backlink import for {escape(found.name)} yet")
        return
    table = Table(title=f"Backlink imports of {escape(found.name)}", title_justify="left")
    for column in ("import", "imported", "file", "format", "rows", "skipped"):
        if column in ("import", "rows", "skipped"):
            table.add_column(column, justify="right")
        else:
            table.add_column(column, overflow="fold")
    for item in imports:
        table.add_row(
            str(item.id),
            item.imported_at.strftime("%Y-%m-%d %H:%M"),
            escape(item.file_name),
            item.format,
            f"{item.row_count:,}",
            f"{item.skipped_count:,}",
        )
    console.print(table)
    if latest is None:
        return
    table = Table(title=f"Most linked URLs (import {latest.id})", title_justify="left")
    for column in ("url", "referring domains", "backlinks", "followed", "best rating"):
        if column == "url":
            table.add_column(column, overflow="fold")
        else:
            table.add_column(column, justify="right")
    for url, summary in targets:
        rating = summary.best_domain_rating
        table.add_row(
            escape(url),
            f"{summary.referring_domains:,}",
            f"{summary.backlinks:,}",
            f"{summary.followed:,}",
            "-" if rating is None else f"{rating:g}",
        )
    console.print(table)


def _site_for_import(engine, site: str) -> Site:
    """A known site (by name or URL, www or not), or a new one when given by URL."""
    if "://" not in site:
        found = find_site(engine, site) or find_site(engine, www_twin(site))
        if found is None:
            raise click.ClickException(
                f"no site {site!r} yet: give its address to add it, e.g. --site https://{site}/"
            )
        return found
    try:
        start_url = normalize_url(site)
    except InvalidURL as error:
        raise click.BadParameter(str(error), param_hint="--site") from None
    found = find_site(engine, start_url) or find_site(engine, www_twin(site_name(start_url)))
    if found is None:
        ensure_site(engine, start_url)
        found = find_site(engine, start_url)
    return found


def _summary_record(summary) -> dict:
    return {
        "backlinks": summary.backlinks,
        "referring_domains": summary.referring_domains,
        "followed": summary.followed,
        "best_domain_rating": summary.best_domain_rating,
    }


def _import_record(file: Path, site: Site, parsed: BacklinkFile, import_id: int | None) -> dict:
    return {
        "file": str(file),
        "site": site.name,
        "import": import_id,
        "format": parsed.format,
        "member": parsed.member,
        "encoding": parsed.encoding,
        "delimiter": parsed.delimiter,
        "columns": parsed.columns,
        "rows_read": parsed.rows_read,
        "rows_kept": len(parsed.rows),
        "skipped": parsed.skipped,
        "problems": parsed.problems,
    }


def _print_import(file: Path, site: Site, parsed: BacklinkFile, import_id: int | None) -> None:
    label = FORMATS[parsed.format].label if parsed.format in FORMATS else "not recognised"
    table = Table(
        title=f"Backlinks read from {escape(str(file))}", title_justify="left", show_header=False
    )
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("format", f"{label} ({parsed.format})")
    if parsed.member:
        table.add_row("file in the archive", escape(parsed.member))
    delimiter = DELIMITER_NAMES.get(parsed.delimiter or "", "-")
    table.add_row("encoding, delimiter", f"{parsed.encoding or '-'}, {delimiter}")
    table.add_row("rows read", f"{parsed.rows_read:,}")
    table.add_row("rows kept", f"{len(parsed.rows):,}")
    for reason, count in sorted(parsed.skipped.items()):
        table.add_row(f"skipped: {SKIP_REASONS.get(reason, reason)}", f"{count:,}")
    console.print(table)
    for problem in parsed.problems:
        console.print(f"[yellow]{escape(problem)}[/yellow]")
    if import_id is not None:
        console.print(
            f"saved as import {import_id} of {escape(site.name)}: "
            "the next classification of this site uses it"
        )


COMMANDS: list = [backlinks]
