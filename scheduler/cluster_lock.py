"""Locks shared by every worker of a database (PostgreSQL advisory locks).

A worker holds, for the whole of a job, one lock per (site, scheduled time), so that a job
enqueued twice is done once at a time, and one lock per host, so that two workers never crawl
the same host at once. The locks live on a dedicated connection: when a worker dies, the server
ends its session and frees them (TCP keepalives bound how long that takes when a machine is
lost), which is also how the next worker knows a run left 'running' was abandoned.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from gatewatch.scheduler.lock import _lock_key

POLL_SECONDS = 1.0


class ClusterLocks:
    """Advisory locks held on one connection until `release_all` (or the connection's end)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # A lost machine sends nothing: the server probes the idle connection and ends the
        # session (freeing the locks) after about 60 + 6 x 10 seconds of silence.
        for setting, value in (("idle", 60), ("interval", 10), ("count", 6)):
            connection.execute(text(f"SET tcp_keepalives_{setting} = {value}"))
        self.schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        connection.commit()

    def _key(self, name: str) -> int:
        return _lock_key(f"gatewatch:{self.schema}:{name}")

    def try_take(self, name: str) -> bool:
        taken = self.connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key(name)}
        ).scalar()
        self.connection.commit()  # session locks outlive the transaction
        return bool(taken)

    def take(self, name: str, on_wait=None) -> None:
        """Wait until the lock is free, then take it."""
        waiting = False
        while not self.try_take(name):
            if not waiting and on_wait is not None:
                on_wait()
            waiting = True
            time.sleep(POLL_SECONDS)

    def release_all(self) -> None:
        self.connection.execute(text("SELECT pg_advisory_unlock_all()"))
        self.connection.commit()


@contextmanager
def cluster_locks(engine: Engine) -> Iterator[ClusterLocks]:
    if engine.url.get_backend_name() != "postgresql":
        raise RuntimeError("workers need PostgreSQL: the database is shared by every worker")
    connection = engine.connect()
    try:
        locks = ClusterLocks(connection)
        yield locks
        locks.release_all()
    finally:
        connection.invalidate()  # never hand a connection that may hold locks back to the pool
        connection.close()


def job_lock_name(site_name: str, slot: str) -> str:
    return f"job:{site_name}:{slot}"


def host_lock_name(host: str) -> str:
    return f"host:{host.lower()}"
