"""One scheduler per database: two schedulers sharing a job store would run every job twice.

PostgreSQL: an advisory lock held by a dedicated connection for the life of the process (the
server releases it when the connection ends, even if the process is killed). SQLite: an
exclusive flock on a file beside the database (the kernel releases it likewise).
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

POLL_SECONDS = 5.0


class LockTaken(RuntimeError):
    """Another scheduler holds the lock of this database."""


@contextmanager
def scheduler_lock(
    engine: Engine, wait: bool = False, say: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold the database's scheduler lock while the block runs; raise LockTaken if another
    scheduler holds it (or, with `wait`, wait until it is released)."""
    backend = engine.url.get_backend_name()
    if backend == "postgresql":
        holder = _postgres_lock
    elif backend == "sqlite":
        holder = _file_lock
    else:
        raise LockTaken(f"cannot lock a {backend} database: use PostgreSQL or SQLite")
    with holder(engine, wait, say):
        yield


@contextmanager
def _postgres_lock(engine: Engine, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    connection = engine.connect()
    try:
        # Advisory locks are per database; tests and some installs keep several gatewatch
        # schemas in one, so the key names the schema too.
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        key = _lock_key(f"gatewatch-scheduler:{schema}")
        where = f"PostgreSQL database {engine.url.database!r} (schema {schema})"
        while not connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": key}
        ).scalar():
            connection.rollback()
            _refuse_or_wait(where, wait, say)
        connection.commit()  # keep the lock (session level), end the transaction
        yield
    finally:
        connection.close()  # closing the session releases the lock


@contextmanager
def _file_lock(engine: Engine, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        raise LockTaken("the scheduler needs a database file or PostgreSQL, not an in-memory one")
    path = Path(database).with_name(Path(database).name + ".scheduler.lock")
    with open(path, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                _refuse_or_wait(f"{database} (lock file {path})", wait, say)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _refuse_or_wait(where: str, wait: bool, say: Callable[[str], None]) -> None:
    if not wait:
        raise LockTaken(
            f"another gatewatch scheduler is already running on {where}; stop it first, "
            "or start this one with --wait to take over when it stops"
        )
    if not _waiting:
        say(f"another scheduler is running on {where}; waiting for it to stop")
        _waiting.append(where)
    time.sleep(POLL_SECONDS)


_waiting: list[str] = []  # said once, not every poll


def _lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_try_advisory_lock."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
