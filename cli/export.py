"""Writing a run's URL records as JSON lines or CSV."""

from __future__ import annotations

import csv
import json

from gatewatch.reports.findings_csv import spreadsheet_safe
from gatewatch.storage.records import url_records

CSV_COLUMNS = (
    "url", "status", "final_url", "final_status", "flags", "in_sitemap", "inlinks", "depth",
    "found_via", "fetched", "skip_reason", "content_type", "size", "latency_ms", "title",
    "meta_robots", "x_robots_tag", "canonical", "auth_scheme", "auth_realm", "retry_after",
    "attempts", "error", "redirects", "sitemaps", "verdicts", "bucket", "change",
)  # fmt: skip


def _records(engine, run, include_external):
    """The URL records plus each URL's finding: its bucket, and how it changed since the
    previous run (`fixed` with no bucket when the previous run's problem is gone, and
    `not_checked` with none when this run did not fetch it: neither is an open finding)."""
    from gatewatch.reports.build import findings_for

    found = {finding.url: finding for finding in findings_for(engine, run.id)}
    max_redirects = (run.settings or {}).get("max_redirects", 10)
    for record in url_records(engine, run.id, include_external, max_redirects):
        finding = found.get(record["url"])
        closed = finding is None or finding.change in ("fixed", "not_checked")
        record["bucket"] = None if closed else finding.bucket
        record["change"] = None if finding is None else finding.change
        yield record


def write_jsonl(engine, run, output, include_external: bool = False) -> int:
    count = 0
    for record in _records(engine, run, include_external):
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value) -> object:
    """A record's value as one CSV cell; crawled text that a spreadsheet would run as a formula
    (a title `=HYPERLINK(...)`) is quoted."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "flag" in value[0]:
            value = "; ".join(f"{item['flag']}: {', '.join(item['reasons'])}" for item in value)
        elif value and isinstance(value[0], dict):
            value = " ".join(f"{hop['status']}:{hop['url']}" for hop in value)
        else:
            value = " ".join(str(item) for item in value)
    return spreadsheet_safe("" if value is None else value)


def write_csv(engine, run, output, include_external: bool = False) -> int:
    writer = csv.writer(output)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in _records(engine, run, include_external):
        writer.writerow([_cell(record[column]) for column in CSV_COLUMNS])
        count += 1
    return count
