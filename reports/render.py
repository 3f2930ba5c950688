"""Render a Report: the self-contained HTML report, and the e-mail (HTML and plain text).

The one place that renders templates. Everything in a Report came from a crawled site and is
hostile: templates autoescape, and only http(s) URLs ever become links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import css_inline
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from gatewatch.reports.classify import is_start_page
from gatewatch.reports.model import BUCKETS, CHANGES, TREND_RUNS, Finding, Report

TEMPLATES = Path(__file__).parent / "templates"

BUCKET_LABELS = {
    "fix_now": "Fix now",
    "review": "Review",
    "intentionally_private": "Intentionally private",
}
CHANGE_LABELS = {
    "new": "new",
    "fixed": "fixed",
    "persisting": "persisting",
    "changed_bucket": "changed bucket",
    "not_checked": "not checked",
}
BUCKET_COLORS = {"fix_now": "#c62828", "review": "#ef8f00", "intentionally_private": "#78909c"}

DEFAULT_ROW_LIMIT = 1_000  # rows per section: opens in ~1.5 s in chromium; the CSV has all
EMAIL_SIZE_LIMIT = 95_000  # bytes; Gmail clips messages past ~100 KB


@dataclass(slots=True)
class EmailContent:
    """A rendered e-mail: subject, HTML and plain-text bodies, and images to attach by CID."""

    subject: str
    html: str
    text: str
    images: list[tuple[str, bytes]] = field(default_factory=list)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",),
            disabled_extensions=("txt.j2",),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["link"] = link_target
    environment.filters["shorten"] = shorten
    environment.filters["evidence_value"] = _evidence_value
    environment.globals.update(
        bucket_labels=BUCKET_LABELS, change_labels=CHANGE_LABELS, bucket_colors=BUCKET_COLORS
    )
    return environment


def link_target(url: str | None) -> str | None:
    """The URL if it is safe to make clickable (absolute http or https), else None.

    A crawled URL can be `javascript:...`, `data:...` or carry control characters that a browser
    would strip; such URLs are shown as text only.
    """
    if not url or url != url.strip() or any(ord(character) < 32 for character in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def shorten(value: Any, length: int = 120) -> str:
    """The value as text, cut in the middle when longer than `length` characters."""
    text = "" if value is None else str(value)
    if len(text) <= length:
        return text
    half = (length - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _evidence_value(value: Any) -> str:
    if isinstance(value, str):
        return shorten(value, 300)
    return shorten(json.dumps(value, default=str, ensure_ascii=False), 300)


def report_order(finding: Finding) -> tuple:
    """Sort key shared by every output: bucket order, then highest impact, then URL."""
    bucket = BUCKETS.index(finding.bucket) if finding.bucket in BUCKETS else len(BUCKETS)
    return (bucket, -finding.impact, finding.url)


def status_text(finding: Finding) -> str:
    """'403', or '302 → 200' when the answer redirected elsewhere."""
    first = "—" if finding.status is None else str(finding.status)
    if finding.final_status is not None and finding.final_status != finding.status:
        return f"{first} → {finding.final_status}"
    return first


def new_fix_now(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.change == "new" and f.bucket == "fix_now"]


def fixed(report: Report) -> list[Finding]:
    return sorted((f for f in report.findings if f.change == "fixed"), key=report_order)


def not_checked(report: Report) -> list[Finding]:
    """Findings of the previous run this run did not fetch: not fixed, not open either."""
    return sorted((f for f in report.findings if f.change == "not_checked"), key=report_order)


def open_findings(report: Report, bucket: str) -> list[Finding]:
    """The bucket's findings that this run saw: not the fixed ones, nor those it did not check
    (a page taken out of the sitemap and of every link is no longer met, and must not stay
    listed under "Fix now")."""
    found = [
        f
        for f in report.findings
        if f.bucket == bucket and f.change not in ("fixed", "not_checked")
    ]
    return sorted(found, key=report_order)


def site_down(report: Report) -> Finding | None:
    """The start page's finding when it did not answer at all: the whole site was down."""
    return next(
        (
            f
            for f in report.findings
            if f.kind == "unreachable"
            and f.change not in ("fixed", "not_checked")
            and is_start_page(f.url, report.start_url)
        ),
        None,
    )


def email_subject(report: Report) -> str:
    """'shop.example: 3 new fix-now, 5 fixed'; one line, whatever the site name holds."""
    site = " ".join(str(report.site).split())[:80]
    changes = report.changes()
    parts = []
    if new_fix_now(report):
        parts.append(f"{len(new_fix_now(report))} new fix-now")
    new_review = sum(1 for f in report.findings if f.change == "new" and f.bucket == "review")
    if new_review:
        parts.append(f"{new_review} new to review")
    if changes["fixed"]:
        parts.append(f"{changes['fixed']} fixed")
    open_fix_now = report.counts()["fix_now"]
    if site_down(report) is not None:
        parts.insert(0, "the site did not answer")
    if report.incomplete:  # it claims no fix; say so first
        parts.insert(0, "INCOMPLETE run")
        if len(parts) == 1:
            parts.append(f"{open_fix_now} fix-now seen")
    if not parts:
        if report.previous_run_id is None:
            parts.append(f"first report, {open_fix_now} fix-now")
        else:
            parts.append(f"no change, {open_fix_now} fix-now open")
    return f"{site}: {', '.join(parts)}"


def trend_chart(report: Report, width: int = 640, height: int = 170) -> dict[str, Any]:
    """Geometry of the stacked bar chart of open findings per bucket over the last runs."""
    points = report.trend[-TREND_RUNS:]
    top = max((sum(point.counts.get(b, 0) for b in BUCKETS) for point in points), default=0)
    plot_height = height - 30
    slot = width / max(len(points), 1)
    bar_width = max(min(slot * 0.7, 48), 2)
    bars = []
    for index, point in enumerate(points):
        x = index * slot + (slot - bar_width) / 2
        y = plot_height
        segments = []
        for bucket in BUCKETS:
            count = point.counts.get(bucket, 0)
            segment_height = (plot_height - 14) * count / top if top else 0
            y -= segment_height
            segments.append({"bucket": bucket, "y": y, "height": segment_height, "count": count})
        total = sum(segment["count"] for segment in segments)
        bars.append(
            {
                "x": x,
                "width": bar_width,
                "segments": segments,
                "total": total,
                "top": y,
                "label": point.started_at.strftime("%m-%d"),
                "long_label": f"{point.started_at:%Y-%m-%d} run {point.run_id}",
                "title": f"run {point.run_id}, {point.started_at:%Y-%m-%d}: "
                + ", ".join(f"{BUCKET_LABELS[s['bucket']]} {s['count']}" for s in segments),
                "run_id": point.run_id,
                "counts": {s["bucket"]: s["count"] for s in segments},
                "percent": {
                    s["bucket"]: round(100 * s["count"] / top, 1) if top else 0 for s in segments
                },
            }
        )
    if len({bar["label"] for bar in bars}) < len(bars):  # several runs a day: name the runs
        for bar in bars:
            bar["label"] = f"#{bar['run_id']}"
    return {
        "width": width,
        "height": height,
        "plot_height": plot_height,
        "bars": bars,
        "max": top,
        "label_every": max(1, len(bars) // 13 + (1 if len(bars) % 13 else 0)),
    }


def _common_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "counts": report.counts(),
        "changes": report.changes(),
        "buckets": BUCKETS,
        "change_names": CHANGES,
        "status_text": status_text,
        "trend": trend_chart(report),
        "new_in_bucket": {
            bucket: sum(1 for f in report.findings if f.change == "new" and f.bucket == bucket)
            for bucket in BUCKETS
        },
    }


def render_html(
    report: Report, row_limit: int = DEFAULT_ROW_LIMIT, csv_name: str | None = None
) -> str:
    """The full report: one self-contained HTML file (inline CSS, inline script, no requests).

    At most `row_limit` findings per section are shown (highest impact first), with a note
    pointing to the CSV (`csv_name`, when one was written) for the rest.
    """
    sections = []
    for bucket in BUCKETS:
        findings = open_findings(report, bucket)
        sections.append(
            {
                "id": bucket.replace("_", "-"),
                "bucket": bucket,
                "title": BUCKET_LABELS[bucket],
                "findings": findings[:row_limit],
                "total": len(findings),
                "collapsed": bucket == "intentionally_private",
            }
        )
    fixed_findings = fixed(report)
    sections.append(
        {
            "id": "fixed",
            "bucket": None,
            "title": "Fixed since the previous run",
            "findings": fixed_findings[:row_limit],
            "total": len(fixed_findings),
            "collapsed": False,
        }
    )
    unchecked = not_checked(report)
    if unchecked:
        sections.append(
            {
                "id": "not-checked",
                "bucket": None,
                "title": "Not checked this time (findings of the previous run this run did not "
                "fetch)",
                "findings": unchecked[:row_limit],
                "total": len(unchecked),
                "collapsed": True,
            }
        )
    kinds = sorted({finding.kind for finding in report.findings})
    template = _environment().get_template("report.html.j2")
    return template.render(
        **_common_context(report),
        sections=sections,
        kinds=kinds,
        present_changes=[c for c in CHANGES if report.changes()[c]],
        row_limit=row_limit,
        csv_name=csv_name,
    )


def render_email(
    report: Report, full_report_name: str | None = None, top: int = 20
) -> EmailContent:
    """The e-mail: a summary (counts, trend, the top fix-now and new findings) under 100 KB.

    The full report goes as an attachment named `full_report_name`; the mail points to it.
    """
    html = text = ""
    for limit in (top, 10, 5, 0):
        context = _email_context(report, full_report_name, limit)
        html = css_inline.inline(
            _environment().get_template("email.html.j2").render(**context),
            load_remote_stylesheets=False,
        )
        text = _environment().get_template("email.txt.j2").render(**context)
        if len(html.encode()) <= EMAIL_SIZE_LIMIT and len(text.encode()) <= EMAIL_SIZE_LIMIT:
            break
    return EmailContent(subject=email_subject(report), html=html, text=text, images=[])


def _email_context(report: Report, full_report_name: str | None, limit: int) -> dict[str, Any]:
    top_fix_now = open_findings(report, "fix_now")
    shown = {id(finding) for finding in top_fix_now[:limit]}
    new_elsewhere = sorted(
        (f for f in report.findings if f.change == "new" and id(f) not in shown),
        key=report_order,
    )
    fixed_findings = fixed(report)
    return {
        **_common_context(report),
        "subject": email_subject(report),
        "full_report_name": full_report_name,
        "top_fix_now": top_fix_now[:limit],
        "fix_now_total": len(top_fix_now),
        "new_findings": new_elsewhere[:limit],
        "new_total": len(new_elsewhere),
        "fixed_findings": fixed_findings[: max(limit // 2, min(limit, 5))],
        "fixed_total": len(fixed_findings),
        "not_checked_total": len(not_checked(report)),
        "site_down": site_down(report),
    }
