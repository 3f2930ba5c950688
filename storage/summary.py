"""Counts that describe one run at a glance."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, func, select

from gatewatch.storage.models import CRAWL_TABLES, responses, sitemaps, urls


def run_summary(engine: Engine, run_id: int) -> dict:
    with engine.connect() as connection:
        by_status = dict(
            connection.execute(
                select(responses.c.status, func.count())
                .where(responses.c.run_id == run_id)
                .group_by(responses.c.status)
            ).all()
        )
        flags: Counter[str] = Counter()
        for flag_text, count in connection.execute(
            select(responses.c.flags, func.count())
            .where(responses.c.run_id == run_id, responses.c.flags.is_not(None))
            .group_by(responses.c.flags)
        ):
            for flag in flag_text.split():
                flags[flag] += count
        skipped = dict(
            connection.execute(
                select(urls.c.skip_reason, func.count())
                .where(urls.c.run_id == run_id, urls.c.skip_reason.is_not(None))
                .group_by(urls.c.skip_reason)
            ).all()
        )
        met = connection.execute(
            select(func.count()).where(urls.c.run_id == run_id, urls.c.internal.is_(True))
        ).scalar_one()
        sitemap_rows = connection.execute(
            select(sitemaps.c.url, sitemaps.c.status, sitemaps.c.kind, sitemaps.c.url_count,
                   sitemaps.c.error)
            .where(sitemaps.c.run_id == run_id)
            .order_by(sitemaps.c.id)
        ).all()  # fmt: skip
    flags["robots_blocked"] = skipped.get("robots", 0)
    return {
        "urls_met": met,
        "fetched": sum(by_status.values()),
        "by_status": {
            ("error" if status is None else str(status)): count
            for status, count in sorted(by_status.items(), key=lambda item: item[0] or 0)
        },
        "flags": {flag: count for flag, count in sorted(flags.items()) if count},
        "not_fetched": skipped,
        "sitemaps": [
            {"url": url, "status": status, "kind": kind, "urls": count, "error": error}
            for url, status, kind, count, error in sitemap_rows
        ],
    }


def rows_written(engine: Engine, run_id: int) -> dict[str, int]:
    """Rows of the run in each table the crawl writes, and their total."""
    counts = {}
    with engine.connect() as connection:
        for table in CRAWL_TABLES:
            query = select(func.count()).select_from(table).where(table.c.run_id == run_id)
            counts[table.name] = connection.execute(query).scalar_one()
    counts["total"] = sum(counts.values())
    return counts
