"""Build a run's Report: read its records, classify, compare with the previous run, save.

The saved findings make later diffs, exports and trends cheap: `findings_for(engine, run_id)`
reads them back, building them first when a run was never built. They are also the record of
the rules they were built with (the scheduler passes the site's rules from gatewatch.toml):
`report_for` shows them as saved rather than classifying again with default rules.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import Engine

from gatewatch.reports.classify import (
    Backlinks,
    Context,
    Inlinks,
    classify,
    is_start_page,
    problem_kind,
)
from gatewatch.reports.compare import compare, order_key
from gatewatch.reports.completeness import incomplete_reason
from gatewatch.reports.limit_notes import limit_notes
from gatewatch.reports.model import BUCKETS, CHANGES, TREND_RUNS, Finding, Reason, Report, RunPoint
from gatewatch.reports.rendering_notes import rendering_notes
from gatewatch.reports.rules import Rules
from gatewatch.storage import findings as stored
from gatewatch.storage.database import is_read_only
from gatewatch.storage.records import DEFAULT_MAX_REDIRECTS, url_records
from gatewatch.storage.rendering import rendering_counts
from gatewatch.storage.runs import Run, get_run
from gatewatch.storage.url_identity import url_key


class ReportError(LookupError):
    """A run that cannot be reported on; the message says which and why."""


def build_report(
    engine: Engine,
    run_id: int,
    previous_run_id: int | None = None,
    rules: Rules | None = None,
    save: bool = True,
) -> Report:
    """Classify the run's URLs, compare with the previous run of the site (default: the latest
    completed one before it), save the findings, and return the report.

    Saved only when `save` is True, the run has ended (a list saved mid-crawl would later serve
    as some run's previous findings) and the comparison is with the default previous run (the
    saved findings are the run's diff against it; another comparison is shown, not kept).
    """
    run = get_run(engine, run_id)
    if run is None:
        raise ReportError(f"run {run_id} does not exist")
    rules = rules or Rules()
    default_previous = stored.previous_run_id(engine, run_id)
    if previous_run_id is None:
        previous_run_id = default_previous
    elif get_run(engine, previous_run_id) is None:
        raise ReportError(f"run {previous_run_id} (the run to compare with) does not exist")
    save = save and run.status != "running" and previous_run_id == default_previous
    save = save and not is_read_only(engine)  # a file this user cannot write: shown, not kept
    stored.refresh_statistics(engine)
    notes: list[str] = []
    previous_findings: list[Finding] = []
    if previous_run_id is not None:
        previous_findings = _saved_or_alone(engine, previous_run_id, rules)
    # Only the URLs that may be findings are read, and everything else is looked up for those
    # URLs alone: a run of a million URLs has about a tenth of them.
    records = list(
        url_records(
            engine,
            run_id,
            max_redirects=_max_redirects(run),
            problems_only=True,
            previous_run_id=previous_run_id,
        )
    )
    identities = states_of(records)
    backlinks = _backlinks(engine, run_id, identities, notes)
    current = classify_records(
        records,
        inlink_sources=stored.inlink_sources(engine, run_id, _ids(identities)),
        backlinks=backlinks,
        previous_statuses={record["url"]: record.get("previous_status") for record in records},
        previous_buckets={
            finding.url: finding.bucket
            for finding in previous_findings
            if finding.change != "fixed"
        },
        rules=rules,
        start_url=run.start_url,
    )
    if previous_run_id is None:
        result = sorted(current, key=order_key)
    else:
        current_urls = {finding.url for finding in current}
        gone = [finding.url for finding in previous_findings if finding.url not in current_urls]
        identities.update(stored.url_states(engine, run_id, gone))
        checked = checked_among(identities, gone) if incomplete_reason(run) is None else set()
        result = compare(previous_findings, current, checked)
    if save:
        _save(engine, run_id, result, previous_run_id, identities)
    report = _report(engine, run, previous_run_id, result, notes)
    if not save:
        report.trend = [point for point in report.trend if point.run_id != run_id][1 - TREND_RUNS :]
        report.trend.append(RunPoint(run.id, run.started_at, bucket_counts(result)))
    return report


def report_for(
    engine: Engine,
    run_id: int,
    previous_run_id: int | None = None,
    rules: Rules | None = None,
    rebuild: bool = False,
) -> Report:
    """The run's report as a person asks for it (`gatewatch report`).

    From the saved findings when they were built after the run ended against the default
    previous run, and the caller gives no rules nor another previous run: the scheduler built
    them with the site's rules, and classifying again with default rules (and saving over them)
    would move findings between buckets and show a spurious "changed bucket" next week.
    Built again otherwise, or when `rebuild` asks for it.
    """
    run = get_run(engine, run_id)
    if run is None:
        raise ReportError(f"run {run_id} does not exist")
    default_previous = stored.previous_run_id(engine, run_id)
    summary = stored.findings_summary(engine, run_id)
    reuse = (
        not rebuild
        and rules is None
        and previous_run_id in (None, default_previous)
        and summary is not None
        and summary["previous_run_id"] == default_previous
        and not _built_too_early(summary["built_at"], run)
    )
    if not reuse:
        return build_report(engine, run_id, previous_run_id, rules)
    found = [finding_from_row(row) for row in stored.load_findings(engine, run_id) or ()]
    notes: list[str] = []
    _backlinks(engine, run_id, {}, notes)  # only its note: the findings carry the backlinks
    return _report(engine, run, default_previous, found, notes)


def _report(
    engine: Engine, run: Run, previous_run_id: int | None, found: list[Finding], notes: list[str]
) -> Report:
    """The report of a run with these findings: its counts, notes and saved trend."""
    urls_met, pages_crawled = stored.crawl_counts(engine, run.id)
    return Report(
        site=run.site,
        start_url=run.start_url,
        run_id=run.id,
        run_status=run.status,
        started_at=run.started_at,
        finished_at=run.finished_at,
        pages_crawled=pages_crawled,
        urls_met=urls_met,
        previous_run_id=previous_run_id,
        findings=found,
        trend=[
            RunPoint(point_run, started_at, counts)
            for point_run, started_at, counts in stored.trend_points(engine, run.id, TREND_RUNS)
        ],
        notes=[
            *site_notes(run.start_url, found),
            *limit_notes(run.stats, run.settings),
            *rendering_notes(rendering_counts(engine, run.id)),
            *notes,
        ],
        incomplete=incomplete_reason(run),
        worker=run.worker,
    )


def site_notes(start_url: str, found: Iterable[Finding]) -> list[str]:
    """Notes about the whole site: it did not answer at all (its start page is unreachable)."""
    for finding in found:
        if (
            finding.kind == "unreachable"
            and finding.change not in ("fixed", "not_checked")
            and is_start_page(finding.url, start_url)
        ):
            why = finding.reasons[0].text if finding.reasons else "no answer"
            return [
                f"the site did not answer: its start page {finding.url} could not be fetched "
                f"({why}); this report covers only what the crawl could reach"
            ]
    return []


def classify_records(
    records: Iterable[dict],
    inlink_sources: dict[str, list[stored.LinkSource]],
    backlinks: dict[str, Backlinks],
    previous_statuses: dict[str, int | None],
    previous_buckets: dict[str, str],
    rules: Rules,
    start_url: str | None = None,
) -> list[Finding]:
    """The findings of a run's records (pure: everything it needs is passed in)."""
    result = []
    for record in records:
        if problem_kind(record, rules) is None:
            continue
        url = record["url"]
        context = Context(
            inlinks=inlink_counts(inlink_sources.get(url, ()), rules),
            backlinks=backlinks.get(url, NO_BACKLINKS),
            previous_status=previous_statuses.get(url),
            previous_bucket=previous_buckets.get(url),
            home_url=start_url,
        )
        finding = classify(record, context, rules)
        if finding is not None:
            result.append(finding)
    return result


NO_BACKLINKS = Backlinks()


def inlink_counts(sources: Iterable[stored.LinkSource], rules: Rules) -> Inlinks:
    """Count each linking page once: private if it is itself private or not a 2xx, else public
    content if it links from its main content anywhere, else navigation."""
    kinds: dict[str, str] = {}
    for source in sources:
        private = (
            source.status is None
            or not 200 <= source.status < 300
            or "noindex" in (source.flags or "").split()
            or rules.is_private_path(source.url) is not None
        )
        kind = "private" if private else ("content" if source.section == "main" else "navigation")
        if kinds.get(source.url) != "content":
            kinds[source.url] = kind
    counts = Counter(kinds.values())
    return Inlinks(
        total=len(kinds),
        public_content=counts["content"],
        navigation=counts["navigation"],
        private=counts["private"],
    )


def checked_among(states: dict[str, stored.UrlState], wanted: Iterable[str]) -> set[str]:
    """The URLs of `wanted` this run can vouch for: fetched, or kept out by robots.txt."""
    return {url for url in wanted if (state := states.get(url)) is not None and state.checked}


def findings_for(engine: Engine, run_id: int, rules: Rules | None = None) -> list[Finding]:
    """The run's saved findings, compared with its previous run; built now if never built or
    built before the run ended. A run still crawling is classified but not saved."""
    run = get_run(engine, run_id)
    if run is None:
        raise ReportError(f"run {run_id} does not exist")
    summary = stored.findings_summary(engine, run_id)
    if summary is None or _built_too_early(summary["built_at"], run):
        return build_report(engine, run_id, rules=rules, save=run.status != "running").findings
    return [finding_from_row(row) for row in stored.load_findings(engine, run_id) or ()]


def _built_too_early(built_at: datetime, run: Run) -> bool:
    if run.status == "running" or run.finished_at is None:
        return True
    return _aware(built_at) < _aware(run.finished_at)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def diff_runs(
    engine: Engine, older_run_id: int | None, newer_run_id: int
) -> tuple[int | None, list[Finding]]:
    """(the older run, the newer run's findings compared with it); the older run defaults to
    the site's completed run before the newer one."""
    if get_run(engine, newer_run_id) is None:
        raise ReportError(f"run {newer_run_id} does not exist")
    if older_run_id is None:
        older_run_id = stored.previous_run_id(engine, newer_run_id)
        if older_run_id is None:
            return None, []
    if get_run(engine, older_run_id) is None:
        raise ReportError(f"run {older_run_id} does not exist")
    newer = findings_for(engine, newer_run_id)
    summary = stored.findings_summary(engine, newer_run_id)
    if summary and summary["previous_run_id"] == older_run_id:
        return older_run_id, newer
    older = [f for f in findings_for(engine, older_run_id) if f.change != "fixed"]
    current = [
        replace(finding, change=None, previous_bucket=None, previous_status=None)
        for finding in newer
        if finding.change not in ("fixed", "not_checked")
    ]
    older_urls = [finding.url for finding in older]
    checked = checked_among(stored.url_states(engine, newer_run_id, older_urls), older_urls)
    if incomplete_reason(get_run(engine, newer_run_id)) is not None:
        checked = set()  # an incomplete run vouches for no fix
    return older_run_id, compare(older, current, checked)


def _saved_or_alone(engine: Engine, run_id: int, rules: Rules) -> list[Finding]:
    """The previous run's findings: as saved, or classified now (alone, not compared) when they
    were never saved or saved before that run ended."""
    run = get_run(engine, run_id)
    summary = stored.findings_summary(engine, run_id)
    if run is None or summary is None or _built_too_early(summary["built_at"], run):
        return _build_alone(engine, run_id, rules)
    return [finding_from_row(row) for row in stored.load_findings(engine, run_id) or ()]


def _build_alone(engine: Engine, run_id: int, rules: Rules) -> list[Finding]:
    run = get_run(engine, run_id)
    if run is None:
        raise ReportError(f"run {run_id} does not exist")
    records = list(
        url_records(engine, run_id, max_redirects=_max_redirects(run), problems_only=True)
    )
    identities = states_of(records)
    found = classify_records(
        records,
        inlink_sources=stored.inlink_sources(engine, run_id, _ids(identities)),
        backlinks=_backlinks(engine, run_id, identities, []),
        previous_statuses={},
        previous_buckets={},
        rules=rules,
        start_url=run.start_url,
    )
    if run.status != "running":
        _save(engine, run_id, found, None, identities)
    return found


def states_of(records: Iterable[dict]) -> dict[str, stored.UrlState]:
    """URL -> its state in the run, as its record says."""
    return {
        record["url"]: stored.UrlState(
            record["url_id"],
            url_key(record["url"]),
            record["fetched"],
            record["status"],
            record["skip_reason"],
        )
        for record in records
    }


def _ids(states: dict[str, stored.UrlState]) -> dict[str, int]:
    return {url: state.url_id for url, state in states.items()}


def _max_redirects(run: Run) -> int:
    return (run.settings or {}).get("max_redirects", DEFAULT_MAX_REDIRECTS)


def _backlinks(
    engine: Engine, run_id: int, identities: dict[str, stored.UrlState], notes: list[str]
) -> dict[str, Backlinks]:
    """URL -> its imported backlinks; empty (with a note) when none were imported."""
    try:
        module = importlib.import_module("gatewatch.storage.backlinks")
    except ImportError:
        notes.append("backlinks not used: this version cannot import backlink exports yet")
        return {}
    site_id = stored.site_of_run(engine, run_id)
    by_key = module.backlinks_by_url_key(engine, site_id)
    if not by_key:
        notes.append("no backlinks imported for this site: `gatewatch backlinks import FILE`")
        return {}
    result = {}
    for url, state in identities.items():
        summary = by_key.get(state.url_key)
        if summary is not None:
            result[url] = Backlinks(
                backlinks=summary.backlinks or 0,
                referring_domains=summary.referring_domains or 0,
                best_domain_rating=summary.best_domain_rating,
                followed=summary.followed or 0,
            )
    return result


def _save(
    engine: Engine,
    run_id: int,
    found: list[Finding],
    previous_run_id: int | None,
    identities: dict[str, stored.UrlState],
) -> None:
    if is_read_only(engine):  # built again each time instead
        return
    rows = []
    for finding in found:
        state = identities.get(finding.url)
        rows.append(finding_to_row(finding, state.url_id if state else None))
    changes = dict.fromkeys(CHANGES, 0)
    for finding in found:
        if finding.change:
            changes[finding.change] += 1
    stored.save_findings(engine, run_id, rows, previous_run_id, bucket_counts(found), changes)


def bucket_counts(found: Iterable[Finding]) -> dict[str, int]:
    """Findings per bucket seen in this run (not the fixed ones, nor the ones not checked)."""
    counts = dict.fromkeys(BUCKETS, 0)
    for finding in found:
        if finding.change not in ("fixed", "not_checked"):
            counts[finding.bucket] += 1
    return counts


def finding_to_row(finding: Finding, url_id: int | None) -> dict:
    return {
        "url_id": url_id,
        "url": finding.url,
        "kind": finding.kind,
        "bucket": finding.bucket,
        "change": finding.change,
        "status": finding.status,
        "final_url": finding.final_url,
        "final_status": finding.final_status,
        "previous_bucket": finding.previous_bucket,
        "previous_status": finding.previous_status,
        "title": finding.title,
        "flags": " ".join(finding.flags) or None,
        "reasons": [[reason.code, reason.text] for reason in finding.reasons],
        "actions": list(finding.actions),
        "impact": finding.impact,
        "in_sitemap": finding.in_sitemap,
        "backlinks": finding.backlinks,
        "referring_domains": finding.referring_domains,
        "inlinks": finding.inlinks,
        "public_inlinks": finding.public_inlinks,
        "depth": finding.depth,
        "evidence": finding.evidence or None,
    }


def finding_from_row(row: dict) -> Finding:
    return Finding(
        url=row["url"],
        kind=row["kind"],
        bucket=row["bucket"],
        status=row["status"],
        final_url=row["final_url"],
        final_status=row["final_status"],
        title=row["title"],
        flags=tuple((row["flags"] or "").split()),
        reasons=tuple(Reason(code, text) for code, text in row["reasons"] or ()),
        actions=tuple(row["actions"] or ()),
        impact=row["impact"] or 0.0,
        in_sitemap=bool(row["in_sitemap"]),
        backlinks=row["backlinks"],
        referring_domains=row["referring_domains"],
        inlinks=row["inlinks"],
        public_inlinks=row["public_inlinks"],
        depth=row["depth"],
        url_id=row["url_id"],
        change=row["change"],
        previous_bucket=row["previous_bucket"],
        previous_status=row["previous_status"],
        evidence=dict(row["evidence"] or {}),
    )
