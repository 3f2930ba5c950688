"""E-mails of reports: what was sent (or not) for each run, so that a report is mailed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select, update

from gatewatch.storage.models import deliveries
from gatewatch.storage.runs import now

# unconfirmed: the SMTP server took the message and never answered; it may have arrived
DELIVERY_STATUSES = ("sending", "sent", "failed", "skipped", "unconfirmed")


@dataclass
class Delivery:
    id: int
    run_id: int
    created_at: datetime
    status: str
    recipients: str | None
    subject: str | None
    attempts: int
    error: str | None
    report_path: str | None


def start_delivery(
    engine: Engine, run_id: int, recipients: list[str], subject: str, report_path: str | None
) -> int:
    """Record a delivery about to be attempted ("sending"): if the process dies while sending,
    the record says so and the report is not sent again without being asked."""
    with engine.begin() as connection:
        return connection.execute(
            insert(deliveries).values(
                run_id=run_id,
                created_at=now(),
                status="sending",
                recipients=", ".join(recipients),
                subject=subject,
                attempts=0,
                report_path=report_path,
            )
        ).inserted_primary_key[0]


def finish_delivery(
    engine: Engine, delivery_id: int, status: str, attempts: int, error: str | None = None
) -> None:
    if status not in DELIVERY_STATUSES:
        raise ValueError(f"unknown delivery status {status!r}")
    with engine.begin() as connection:
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(status=status, attempts=attempts, error=error)
        )


def record_skipped(engine: Engine, run_id: int, reason: str, report_path: str | None = None) -> int:
    """A report deliberately not mailed (e.g. nothing changed and the site asks to be quiet)."""
    with engine.begin() as connection:
        return connection.execute(
            insert(deliveries).values(
                run_id=run_id,
                created_at=now(),
                status="skipped",
                attempts=0,
                error=reason,
                report_path=report_path,
            )
        ).inserted_primary_key[0]


def run_deliveries(engine: Engine, run_id: int) -> list[Delivery]:
    """The deliveries of a run, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(*deliveries.c).where(deliveries.c.run_id == run_id).order_by(deliveries.c.id)
        ).all()
    return [Delivery(*row) for row in rows]


def settled_delivery(engine: Engine, run_id: int) -> Delivery | None:
    """The delivery that settles a run's report: sent, skipped on purpose, interrupted while
    sending or unconfirmed by the server (either may have arrived: sent again only when asked,
    with --resend). Failed ones do not settle it: retry them."""
    for delivery in reversed(run_deliveries(engine, run_id)):
        if delivery.status in ("sent", "skipped", "sending", "unconfirmed"):
            return delivery
    return None
