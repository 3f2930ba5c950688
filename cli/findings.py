"""Commands over a run's findings: `findings`, `explain`, `diff`."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import click
from rich.markup import escape
from rich.table import Table

from gatewatch.cli.common import (
    config_option,
    database_option,
    engine_for,
    rules_for_run,
    run_or_latest,
)
from gatewatch.cli.output import console, print_json
from gatewatch.reports.build import ReportError, build_report, diff_runs, findings_for
from gatewatch.reports.classify import explain as explain_line
from gatewatch.reports.compare import is_regression
from gatewatch.reports.completeness import incomplete_reason
from gatewatch.reports.findings_csv import write_findings
from gatewatch.reports.model import BUCKETS, Finding
from gatewatch.storage.findings import first_statuses, last_two_runs, site_of_run
from gatewatch.storage.runs import get_run, latest_run

BUCKET_STYLE = {"fix_now": "red", "review": "yellow", "intentionally_private": "green"}


def finding_json(finding: Finding) -> dict:
    """A finding as plain JSON data (scripts, --json)."""
    return {
        "url": finding.url,
        "bucket": finding.bucket,
        "kind": finding.kind,
        "change": finding.change,
        "regression": is_regression(finding),
        "status": finding.status,
        "final_url": finding.final_url,
        "final_status": finding.final_status,
        "previous_bucket": finding.previous_bucket,
        "previous_status": finding.previous_status,
        "in_sitemap": finding.in_sitemap,
        "backlinks": finding.backlinks,
        "referring_domains": finding.referring_domains,
        "inlinks": finding.inlinks,
        "public_inlinks": finding.public_inlinks,
        "depth": finding.depth,
        "impact": finding.impact,
        "reasons": [{"code": reason.code, "text": reason.text} for reason in finding.reasons],
        "actions": list(finding.actions),
        "flags": list(finding.flags),
        "title": finding.title,
    }


rebuild_option = click.option(
    "--rebuild",
    is_flag=True,
    help="Classify the run again (after upgrading, or changing the rules) with the rules of "
    "--config and save that, instead of the findings saved when it was built.",
)


def _findings_or_fail(engine, run, rebuild: bool = False, config_path=None) -> list[Finding]:
    run_id = run.id
    try:
        if rebuild:
            return build_report(engine, run_id, rules=rules_for_run(config_path, run)).findings
        return findings_for(engine, run_id)
    except ReportError as error:
        raise click.ClickException(str(error)) from None


def _status(finding: Finding) -> str:
    now = "-" if finding.status is None else str(finding.status)
    if finding.change == "fixed":
        return f"{finding.previous_status or '-'} -> fine"
    if finding.previous_status is not None and finding.previous_status != finding.status:
        return f"{finding.previous_status} -> {now}"
    return now


def _origin(start_url: str) -> str:
    parts = urlsplit(start_url)
    return f"{parts.scheme}://{parts.netloc}"


def _short(url: str, origin: str) -> str:
    """The URL without the site's origin, when it is on the site."""
    return url[len(origin) :] or "/" if url.startswith(origin + "/") else url


def _table(title: str, found: list[Finding], show_change: bool, origin: str = "") -> Table:
    table = Table(title=title, title_justify="left")
    columns = ["change"] if show_change else []
    for column in (*columns, "bucket", "kind", "status", "url", "do"):
        table.add_column(column, overflow="fold")
    for finding in found:
        change = finding.change or ""
        if is_regression(finding):
            change = f"regression ({change})" if change != "new" else "regression"
        if finding.change == "changed_bucket":
            change = f"was {finding.previous_bucket}"
        cells = [escape(change)] if show_change else []
        table.add_row(
            *cells,
            finding.bucket,
            finding.kind,
            _status(finding),
            escape(_short(finding.url, origin) if origin else finding.url),
            escape("; ".join(finding.actions[:2])),
            style=BUCKET_STYLE.get(finding.bucket) if finding.change != "fixed" else "dim",
        )
    return table


@click.command("findings")
@click.argument("run_id", metavar="[RUN]", type=int, required=False)
@database_option
@click.option("--bucket", type=click.Choice(BUCKETS), help="Only findings in this bucket.")
@click.option("--json", "as_json", is_flag=True, help="One JSON list, for scripts.")
@click.option(
    "--csv", "as_csv", is_flag=True, help="CSV, for spreadsheets (the columns of report --csv)."
)
@rebuild_option
@config_option
def findings_command(run_id, database, bucket, as_json, as_csv, rebuild, config_path) -> None:
    """List a run's findings by bucket (default: the latest run), most urgent first.

    Only what this run saw; fixed findings and those it could not check are in `diff`.

    \b
    Example:
      gatewatch findings --bucket fix_now
      gatewatch findings 12 --json | jq -r '.[] | select(.in_sitemap) | .url'
    """
    engine = engine_for(database)
    run = run_or_latest(engine, run_id)
    found = [
        finding
        for finding in _findings_or_fail(engine, run, rebuild, config_path)
        if finding.change not in ("fixed", "not_checked")  # those are in `gatewatch diff`
    ]
    if bucket:
        found = [finding for finding in found if finding.bucket == bucket]
    if as_json:
        print_json([finding_json(finding) for finding in found])
    elif as_csv:
        write_findings(found, sys.stdout)
    else:
        counts = ", ".join(
            f"{sum(f.bucket == name for f in found)} {name}" for name in BUCKETS if not bucket
        )
        console.print(
            f"[bold]run {run.id}[/bold] of {escape(run.start_url)}: {counts}".rstrip(": ")
        )
        console.print(_table("Findings", found, True, _origin(run.start_url)))


def _resolve_url(wanted: str, start_url: str, known: set[str]) -> str:
    """The URL as the crawl recorded it: a path is read against the site's start URL, and a
    missing or extra trailing slash is forgiven."""
    if wanted.startswith("/"):
        base = start_url.split("://", 1)
        wanted = f"{base[0]}://{base[1].split('/', 1)[0]}{wanted}"
    candidates = (wanted, wanted.rstrip("/"), wanted + "/")
    return next((candidate for candidate in candidates if candidate in known), wanted)


@click.command("explain")
@click.argument("run_or_url", metavar="[RUN] URL")
@click.argument("url", required=False)
@database_option
@click.option("--json", "as_json", is_flag=True)
@rebuild_option
@config_option
def explain_command(run_or_url, url, database, as_json, rebuild, config_path) -> None:
    """Say why a URL got its bucket: the signals, the reasons, the action that fixes it.

    URL may be a path of the site (/admin/). RUN defaults to the latest run.

    \b
    Example:
      gatewatch explain https://www.example.com/account/
      gatewatch explain 12 /products/old-tent
    """
    run_id, url = _explain_arguments(run_or_url, url)
    engine = engine_for(database)
    run = run_or_latest(engine, run_id)
    found = {
        finding.url: finding for finding in _findings_or_fail(engine, run, rebuild, config_path)
    }
    statuses = first_statuses(engine, run.id)
    url = _resolve_url(url, run.start_url, found.keys() | statuses.keys())
    finding = found.get(url)
    if finding is None:
        _print_no_finding(url, run.id, statuses, as_json)
    elif as_json:
        print_json({"run": run.id, **finding_json(finding)})
    else:
        _print_explanation(finding, run.id)


def _explain_arguments(run_or_url: str, url: str | None) -> tuple[int | None, str]:
    """(run number or None for the latest, URL) from `explain [RUN] URL`."""
    if url is None:
        if run_or_url.isdigit():
            raise click.UsageError(
                f"{run_or_url!r} is a run number: give a URL: gatewatch explain [RUN] URL"
            )
        return None, run_or_url
    try:
        return int(run_or_url), url
    except ValueError:
        raise click.BadParameter(f"RUN must be a run number, got {run_or_url!r}") from None


def _print_no_finding(url: str, run_id: int, statuses: dict[str, int], as_json: bool) -> None:
    """A URL without a finding: fetched with no problem, or not fetched at all (an error)."""
    if url not in statuses:
        raise click.ClickException(
            f"{url} was not fetched in run {run_id}; see `gatewatch export {run_id}`"
        )
    if as_json:
        print_json({"url": url, "run": run_id, "finding": None})
    else:
        answered = f"it answered {statuses[url]}"
        console.print(escape(f"{url}: no problem in run {run_id} ({answered})"))


def _print_explanation(finding: Finding, run_id: int) -> None:
    style = BUCKET_STYLE.get(finding.bucket, "")
    console.print(f"[bold]{escape(finding.url)}[/bold] in run {run_id}")
    if finding.change == "fixed":
        console.print(f"fixed: it was [{style}]{finding.bucket}[/{style}] in the previous run")
    elif finding.change == "not_checked":
        console.print(
            f"not checked: this run did not fetch it; it was [{style}]{finding.bucket}"
            f"[/{style}] ({finding.kind}) in the previous run"
        )
    else:
        console.print(
            f"bucket: [bold {style}]{finding.bucket}[/bold {style}]  kind: {finding.kind}"
        )
    console.print(
        f"status: {_status(finding)}  in sitemap: {'yes' if finding.in_sitemap else 'no'}  "
        f"backlinks: {finding.backlinks} from {finding.referring_domains} domain(s)  "
        f"inlinks: {finding.inlinks} ({finding.public_inlinks} from public content)  "
        f"depth: {'-' if finding.depth is None else finding.depth}"
    )
    if finding.change:
        console.print(f"since the previous run: {finding.change}")
    console.print("why:")
    for reason in finding.reasons:
        console.print(f"  - {escape(reason.text)} [dim]({reason.code})[/dim]")
    _print_evidence(finding)
    console.print("do:")
    for action in finding.actions or ("nothing to do",):
        console.print(f"  - {escape(action)}")
    console.print(f"[dim]{escape(explain_line(finding))}[/dim]", soft_wrap=True)


def _print_evidence(finding: Finding) -> None:
    """The detectors' reason codes with their evidence, then the redirect hops."""
    detected = {flag: value for flag, value in finding.evidence.items() if flag != "redirects"}
    if detected or finding.evidence.get("redirects"):
        console.print("evidence:")
    for flag, value in detected.items():
        evidence = value.get("evidence") or {}
        found = ", ".join(f"{code} ({evidence.get(code)})" for code in value.get("reasons", ()))
        console.print(f"  - {escape(flag)}: {escape(found)}")
    for hop in finding.evidence.get("redirects", ()):
        console.print(f"  - redirect {escape(hop)}")


@click.command("diff")
@click.argument("run_a", metavar="[RUN_A]", type=int, required=False)
@click.argument("run_b", metavar="[RUN_B]", type=int, required=False)
@click.option("--site", help="The site (host or URL) whose last two runs to compare.")
@database_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
def diff_command(run_a, run_b, site, database, as_json) -> None:
    """Compare two runs' findings: new, fixed, persisting, changed bucket; regressions first.

    Default: the last two completed runs of the site (of the latest run's site). With one RUN:
    that run against the site's completed run before it.

    \b
    Example:
      gatewatch diff
      gatewatch diff 11 12 --json | jq '.findings[] | select(.change == "new")'
    """
    engine = engine_for(database)
    if run_a is not None and run_b is None:
        run_a, run_b = None, run_a
    if run_b is None:
        latest = latest_run(engine, site)
        if latest is None:
            raise click.ClickException(f"no runs{f' of {site}' if site else ''} yet")
        pair = last_two_runs(engine, site_of_run(engine, latest.id))
        if len(pair) < 2:
            raise click.ClickException(f"{latest.site} has fewer than two completed runs")
        run_a, run_b = pair
    newer = get_run(engine, run_b)
    if newer is None:
        raise click.ClickException(f"run {run_b} does not exist; see `gatewatch runs`")
    try:
        older_id, found = diff_runs(engine, run_a, run_b)
    except ReportError as error:
        raise click.ClickException(str(error)) from None
    if older_id is None:
        raise click.ClickException(f"run {run_b} has no earlier completed run to compare with")
    incomplete = incomplete_reason(newer)
    if as_json:
        print_json(
            {
                "from_run": older_id,
                "to_run": run_b,
                "incomplete": incomplete,
                "counts": {c: sum(f.change == c for f in found) for c in CHANGE_TITLES},
                "findings": [finding_json(finding) for finding in found],
            }
        )
        return
    console.print(f"[bold]{escape(newer.site)}[/bold]: run {older_id} -> run {run_b}")
    if incomplete:
        console.print(f"[red]incomplete run[/red] {run_b}: {escape(incomplete)}; it claims no fix")
    origin = _origin(newer.start_url)
    regressions = [finding for finding in found if is_regression(finding)]
    if regressions:
        console.print(_table(f"Regressions ({len(regressions)})", regressions, True, origin))
    for change, title in CHANGE_TITLES.items():
        group = [f for f in found if f.change == change and not is_regression(f)]
        if group:
            show_change = change == "changed_bucket"
            console.print(_table(f"{title} ({len(group)})", group, show_change, origin))
    if not found:
        console.print("no findings in either run")


CHANGE_TITLES = {
    "new": "New",
    "changed_bucket": "Changed bucket",
    "persisting": "Persisting",
    "fixed": "Fixed",
    "not_checked": "Not checked this time",
}

COMMANDS = [findings_command, explain_command, diff_command]
