"""Findings as CSV, with the HTML tables' columns, safe to open in a spreadsheet: the one
format of `gatewatch report --csv` and `gatewatch findings --csv`."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from gatewatch.reports.model import Finding, Report

COLUMNS = (
    "url",
    "bucket",
    "kind",
    "change",
    "status",
    "final_status",
    "final_url",
    "title",
    "reasons",
    "reason_codes",
    "actions",
    "in_sitemap",
    "backlinks",
    "referring_domains",
    "inlinks",
    "public_inlinks",
    "depth",
    "impact",
    "flags",
    "previous_bucket",
    "previous_status",
)

# A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets (tab
# and carriage return too, as OWASP lists): `=HYPERLINK(...)` in a crawled title must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with a quote; the rest as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def finding_row(finding: Finding) -> dict[str, object]:
    return {
        "url": finding.url,
        "bucket": finding.bucket,
        "kind": finding.kind,
        "change": finding.change or "",
        "status": finding.status,
        "final_status": finding.final_status,
        "final_url": finding.final_url or "",
        "title": finding.title or "",
        "reasons": "; ".join(reason.text for reason in finding.reasons),
        "reason_codes": " ".join(reason.code for reason in finding.reasons),
        "actions": "; ".join(finding.actions),
        "in_sitemap": "yes" if finding.in_sitemap else "no",
        "backlinks": finding.backlinks,
        "referring_domains": finding.referring_domains,
        "inlinks": finding.inlinks,
        "public_inlinks": finding.public_inlinks,
        "depth": finding.depth,
        "impact": round(finding.impact, 3),
        "flags": " ".join(finding.flags),
        "previous_bucket": finding.previous_bucket or "",
        "previous_status": finding.previous_status,
    }


def write_findings_csv(report: Report, file: TextIO) -> int:
    """Write every finding (fixed ones too, `change` says so) in report order; return the count.

    Open `file` with `newline=""`, as the csv module asks.
    """
    from gatewatch.reports.render import report_order  # jinja2 and css_inline: only when writing

    return write_findings(sorted(report.findings, key=report_order), file)


def write_findings(findings: Iterable[Finding], file: TextIO) -> int:
    """Write these findings in their order, header first; return the count."""
    writer = csv.DictWriter(file, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for finding in findings:
        row = finding_row(finding)
        writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
        count += 1
    return count
