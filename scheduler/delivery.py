"""Save a report's files in the reports directory and mail it, recording the delivery."""

from __future__ import annotations

import importlib.util
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from gatewatch.reports.mailer import (
    Attachment,
    DeliveryError,
    DeliveryUnconfirmed,
    build_message,
    send_message,
)
from gatewatch.reports.model import Report
from gatewatch.scheduler.config import Config, SiteConfig
from gatewatch.storage.deliveries import finish_delivery, record_skipped, start_delivery


@dataclass
class ReportFiles:
    html: Path
    csv: Path | None


def save_report_files(
    directory: Path, site_name: str, report: Report, scheduled_for: datetime
) -> ReportFiles:
    """reports/SITE/2026-11-23T0600Z-run12.html (+ .csv); written whole or not at all."""
    from gatewatch.reports.render import render_html

    folder = directory / site_name
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{scheduled_for.strftime('%Y-%m-%dT%H%MZ')}-run{report.run_id}"
    csv_path = None
    if importlib.util.find_spec("gatewatch.reports.findings_csv") is not None:
        from gatewatch.reports.findings_csv import write_findings_csv

        buffer = io.StringIO(newline="")
        write_findings_csv(report, buffer)
        csv_path = folder / f"{stem}.csv"
        _write_whole(csv_path, buffer.getvalue())
    html_path = folder / f"{stem}.html"
    _write_whole(html_path, render_html(report, csv_name=csv_path.name if csv_path else None))
    return ReportFiles(html_path, csv_path)


def _write_whole(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, path)


def has_changes(report: Report) -> bool:
    """Something new, fixed or moved between buckets (a first report always counts)."""
    if report.previous_run_id is None:
        return True
    changes = report.changes()
    return any(changes[change] for change in ("new", "fixed", "changed_bucket"))


def deliver(
    engine: Engine,
    config: Config,
    site: SiteConfig,
    report: Report,
    files: ReportFiles,
    say: Callable[[str], None],
) -> str:
    """Mail the report (or record why not); returns the delivery status. Raises DeliveryError
    when sending failed after its retries: the failure is recorded and the files stay."""
    from gatewatch.reports.render import render_email

    if config.smtp is None or not site.recipients:
        record_skipped(engine, report.run_id, "no [smtp] table in the config", str(files.html))
        say(f"{site.name}: no [smtp] configured; the report is at {files.html}")
        return "skipped"
    if site.send_only_when_changed and not has_changes(report):
        record_skipped(engine, report.run_id, "nothing changed", str(files.html))
        say(
            f"{site.name}: nothing changed since the previous run; no mail (report at {files.html})"
        )
        return "skipped"
    content = render_email(report, files.html.name)
    attachments = [
        Attachment(files.html.name, files.html.read_bytes(), "text/html", str(files.html))
    ]
    if files.csv is not None:
        attachments.append(
            Attachment(files.csv.name, files.csv.read_bytes(), "text/csv", str(files.csv))
        )
    message = build_message(
        content.subject,
        content.text,
        content.html,
        config.smtp.sender,
        site.recipients,
        content.images,
        attachments,
        config.attachment_limit,
    )
    delivery_id = start_delivery(
        engine, report.run_id, site.recipients, content.subject, str(files.html)
    )
    try:
        attempts = send_message(message, config.smtp)
    except DeliveryUnconfirmed as error:  # not "failed": a retry must not send it again
        finish_delivery(engine, delivery_id, "unconfirmed", error.attempts, str(error))
        raise
    except DeliveryError as error:
        finish_delivery(engine, delivery_id, "failed", error.attempts, str(error))
        raise
    finish_delivery(engine, delivery_id, "sent", attempts)
    say(f"{site.name}: mailed {content.subject!r} to {', '.join(site.recipients)}")
    return "sent"
