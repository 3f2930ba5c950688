"""Runs crawled by `gatewatch worker` processes: finding the ones whose worker died."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Engine, select, update

from gatewatch.storage.models import runs, sites

ORPHAN_ERROR = "the worker crawling it stopped without closing the run (killed or machine lost)"


def interrupt_orphaned_runs(engine: Engine, host: str) -> list[int]:
    """Mark as interrupted the runs of `host` that a worker left running.

    Call it only while holding the cluster's lock of `host`: every live worker crawl of the
    host holds that lock, so a worker run still 'running' then belongs to a dead worker."""
    with engine.begin() as connection:
        candidates = connection.execute(
            select(runs.c.id, sites.c.start_url)
            .join(sites, sites.c.id == runs.c.site_id)
            .where(runs.c.status == "running", runs.c.worker.is_not(None))
        ).all()
        orphaned = [
            run_id for run_id, start_url in candidates if url_host(start_url) == host.lower()
        ]
        if orphaned:
            connection.execute(
                update(runs)
                .where(runs.c.id.in_(orphaned), runs.c.status == "running")
                .values(status="interrupted", error=ORPHAN_ERROR)
            )
    return orphaned


def url_host(url: str) -> str:
    """The host name a crawl of this URL talks to (no port: one server, one politeness)."""
    return (urlsplit(url).hostname or "").lower()
