"""`gatewatch report`: render a run's report as HTML, e-mail HTML, text and CSV."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TextIO

import click

from gatewatch.cli.common import (
    config_option,
    database_option,
    engine_for,
    rules_for_run,
    run_or_latest,
)
from gatewatch.cli.output import console
from gatewatch.reports.render import DEFAULT_ROW_LIMIT

output_path = click.Path(dir_okay=False, writable=True, path_type=Path)


def _write(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write through a temporary file, so that a failure never leaves half a file behind."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8", newline="") as stream:
            write(stream)
        os.replace(partial, path)
    except OSError as error:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from None


@click.command("report")
@click.argument("run_id", metavar="[RUN]", type=int, required=False)
@database_option
@click.option(
    "-o",
    "--output",
    type=output_path,
    default="report.html",
    show_default=True,
    help="The full HTML report: one file, opens in any browser, filters and sorts offline.",
)
@click.option("--email-html", type=output_path, help="Also write the e-mail's HTML body here.")
@click.option("--text", "text_path", type=output_path, help="Also write the e-mail's plain text.")
@click.option("--csv", "csv_path", type=output_path, help="Also write every finding as CSV.")
@click.option(
    "--previous",
    type=int,
    metavar="RUN",
    help="Compare with this run (shown only: the saved findings stay compared with the run "
    "before).",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Classify the run again with the rules of --config and save that, instead of showing "
    "the findings saved when it was built (by the scheduler, with the site's rules).",
)
@config_option
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=None,
    help=f"Findings shown per section of the HTML report (default {DEFAULT_ROW_LIMIT:,}; "
    "the CSV has all).",
)
def report(
    run_id,
    database,
    output,
    email_html,
    text_path,
    csv_path,
    previous,
    rebuild,
    config_path,
    max_rows,
) -> None:
    """Render a run's report (default: the latest run) as HTML, and optionally as the e-mail
    (HTML and plain text) and a CSV of the findings.

    \b
    Example:
      gatewatch report -o report.html --csv findings.csv
      gatewatch report 12 --previous 9 -o run12.html --email-html mail.html --text mail.txt
    """
    from gatewatch.reports.build import ReportError, report_for
    from gatewatch.reports.findings_csv import write_findings_csv
    from gatewatch.reports.render import render_email, render_html

    engine = engine_for(database)
    run = run_or_latest(engine, run_id)
    try:
        rules = rules_for_run(config_path, run) if rebuild else None
        built = report_for(engine, run.id, previous, rules, rebuild=rebuild)
    except ReportError as error:
        raise click.ClickException(str(error)) from None
    written = []
    if csv_path is not None:
        counted = []
        _write(csv_path, lambda stream: counted.append(write_findings_csv(built, stream)))
        written.append((csv_path, f"{counted[0]:,} findings as CSV"))
    html = render_html(
        built, max_rows or DEFAULT_ROW_LIMIT, csv_path.name if csv_path is not None else None
    )
    _write(output, lambda stream: stream.write(html))
    written.insert(0, (output, "the full report"))
    if email_html is not None or text_path is not None:
        mail = render_email(built, output.name)
        if email_html is not None:
            _write(email_html, lambda stream: stream.write(mail.html))
            written.append((email_html, f"the e-mail ({len(mail.html.encode()) // 1024} KB)"))
        if text_path is not None:
            _write(text_path, lambda stream: stream.write(mail.text))
            written.append((text_path, "the e-mail's plain text"))
        console.print(f"subject: {mail.subject}", markup=False)
    counts = built.counts()
    console.print(
        f"run {built.run_id} of {built.site}: {counts['fix_now']:,} fix now, "
        f"{counts['review']:,} to review, {counts['intentionally_private']:,} private, "
        f"{built.changes()['fixed']:,} fixed",
        markup=False,
    )
    if built.incomplete:
        console.print(f"INCOMPLETE run: {built.incomplete}; it claims no fix", markup=False)
    for path, what in written:
        console.print(f"wrote {what} to {path}", markup=False)


COMMANDS: list = [report]
