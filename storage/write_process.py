"""Writing a crawl's rows in a second process, so that the crawl process does not wait on them.

Inserting a crawl's rows (35 link rows a page) was a tenth of the crawl process's time, the
process that limits a crawl's speed. With a writer process, a full batch is pickled to a file
in a private folder and its name sent down a pipe; the writer inserts it in one transaction,
deletes the file and says so. The crawl process goes on at once.

Nothing is lost when the writer fails. A batch's file is kept until it is committed, and the
crawl process keeps the list of what it handed over. When the writer reports an error or dies,
the crawl process takes the uncommitted batches back and writes them itself, as it does with
no writer: a database error then surfaces in the crawl, as before.

The worker imports no SQLAlchemy: only the driver (sqlite3, psycopg) and this module. It is
started, and talks, as storage.pipe_worker says.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

from gatewatch.storage import pipe_worker
from gatewatch.storage.pipe_worker import READY, receive, send

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # the crawl reads while the writer writes
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
)
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime in SQLite
START_TIMEOUT = 60.0  # seconds for the writer to connect
MAX_UNCONFIRMED = 3  # batches handed over and not yet committed before the crawl waits
WORKER_CODE = pipe_worker.worker_code("gatewatch.storage.write_process")

logger = logging.getLogger(__name__)

# A batch: (table name, rows) in the order they must be inserted, parents first.
Batch = list[tuple[str, list[tuple]]]


class TableSpec(NamedTuple):
    """How to insert one table's rows with the driver alone."""

    statement: str  # INSERT ... VALUES (?, ...) on SQLite, COPY ... FROM STDIN on PostgreSQL
    moments: tuple[int, ...]  # datetime columns: SQLite stores them as text
    texts: tuple[int, ...]  # text columns: PostgreSQL rejects NUL characters in them


class WriterFailed(RuntimeError):
    """The writer process reported an error or died; its batches must be written here."""


def _without_nul(value: object) -> object:
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def copy_rows(driver_connection, spec: TableSpec, rows: list[tuple]) -> None:
    """PostgreSQL COPY; only the text columns are looked at for NULs (links have one in six)."""
    cursor = driver_connection.cursor()
    with cursor.copy(spec.statement) as copy:
        write = copy.write_row
        for row in rows:
            for index in spec.texts:
                value = row[index]
                if value and "\x00" in value:
                    row = [_without_nul(value) for value in row]
                    break
            write(row)


def sqlite_rows(driver_connection, spec: TableSpec, rows: list[tuple]) -> None:
    """executemany on the driver; datetimes are written as SQLAlchemy writes them in SQLite."""
    if spec.moments:
        rows = [_sqlite_moments(row, spec.moments) for row in rows]
    driver_connection.executemany(spec.statement, rows)


def _sqlite_moments(row: tuple, indexes: tuple[int, ...]) -> tuple:
    values = list(row)
    for index in indexes:
        if isinstance(values[index], datetime):
            values[index] = values[index].strftime(SQLITE_DATETIME)
    return tuple(values)


def write_batch(driver_connection, dialect: str, specs: dict[str, TableSpec], batch: Batch):
    """Insert a batch on a driver connection; the caller owns the transaction."""
    write = copy_rows if dialect == "postgresql" else sqlite_rows
    for name, rows in batch:
        if rows:
            write(driver_connection, specs[name], rows)


# ---- the crawl's side


class WriterProcess:
    """A writer process for one crawl: hand batches over, wait for them, take them back."""

    def __init__(self, dialect: str, target: str | dict, specs: dict[str, TableSpec]) -> None:
        """`target`: the SQLite file, or psycopg.connect's keyword arguments."""
        self.folder = Path(tempfile.mkdtemp(prefix="gatewatch-writes-"))
        # its own process group: Ctrl-C is for the crawl, which then has its rows written
        self.process, commands, answers = pipe_worker.start_worker(WORKER_CODE)
        self.commands = Connection(commands, readable=False)
        self.answers = Connection(answers, writable=False)
        # handed over, not known to be committed: (sequence number, file, URL texts by id)
        self.unconfirmed: list[tuple[int, Path, dict[int, str]]] = []
        self.sequence = 0
        self.refused: int | None = None  # the batch the writer rolled back, with an error
        try:
            send(self.commands, (dialect, target, specs))
            if not self.answers.poll(START_TIMEOUT):
                raise WriterFailed(f"the writer process did not start in {START_TIMEOUT:.0f} s")
            answer = self._receive()
            if answer != READY:
                raise WriterFailed(f"the writer process could not start: {answer}")
        except BaseException:
            self.process.kill()  # it may hang connecting: no second wait
            self.close()
            raise

    def _receive(self):
        try:
            return receive(self.answers)
        except (EOFError, OSError):
            code = self.process.wait()
            raise WriterFailed(f"the writer process exited with code {code}") from None

    def hand_over(self, batch: Batch, url_texts: dict[int, str]) -> None:
        """Give the writer a batch; `url_texts`: the URLs the batch holds, by id, for
        `url_text` until it is committed. Waits while MAX_UNCONFIRMED batches are pending."""
        self.confirm()
        while len(self.unconfirmed) >= MAX_UNCONFIRMED:
            self._confirm_one()
        self.sequence += 1
        path = self.folder / f"batch-{self.sequence:06d}.pickle"
        try:
            with path.open("wb") as file:
                pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
            send(self.commands, (self.sequence, str(path)))
        except OSError as error:  # a full disk, or the writer died (it may have been idle)
            with contextlib.suppress(OSError):
                path.unlink()
            self.wait()  # what it was given before: committed, or WriterFailed with its exit code
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(1)
            code = self.process.returncode
            why = f"it exited with code {code}" if code is not None else str(error)
            raise WriterFailed(f"could not hand a batch to the writer process: {why}") from None
        # listed only once sent: a batch that was not is still the caller's
        self.unconfirmed.append((self.sequence, path, url_texts))

    def confirm(self) -> None:
        """Forget the batches the writer has committed since the last look, without waiting."""
        while self.unconfirmed and self.answers.poll(0):
            self._confirm_one()

    def wait(self) -> None:
        """Return once every batch handed over is committed."""
        while self.unconfirmed:
            self._confirm_one()

    def _confirm_one(self) -> None:
        answer = self._receive()
        sequence, error = answer
        if error is not None:
            self.refused = sequence
            raise WriterFailed(f"the writer process failed: {error}")
        expected = self.unconfirmed[0][0]
        if sequence != expected:
            raise WriterFailed(f"the writer process committed batch {sequence}, not {expected}")
        self.unconfirmed.pop(0)

    def url_text(self, url_id: int) -> str | None:
        for _, _, texts in self.unconfirmed:
            if url_id in texts:
                return texts[url_id]
        return None

    def take_back(self) -> tuple[list[Batch | None], bool]:
        """The batches not known to be committed, in order, after stopping the writer, and
        whether the first may have been committed all the same (the writer died between its
        commit and its answer). A batch whose file is gone was committed (the writer deletes
        it after the commit): None."""
        self.close(keep_files=True)
        batches: list[Batch | None] = []
        for _, path, _ in self.unconfirmed:
            try:
                with path.open("rb") as file:
                    batches.append(pickle.load(file))
            except FileNotFoundError:
                batches.append(None)
        first_may_be_committed = bool(self.unconfirmed) and self.unconfirmed[0][0] != self.refused
        self.unconfirmed = []
        shutil.rmtree(self.folder, ignore_errors=True)
        return batches, first_may_be_committed

    def close(self, keep_files: bool = False) -> None:
        """Stop the writer once it has written what it was given (end of input), or kill it
        after a minute; removes the folder unless `keep_files`. Idempotent. Batches handed
        over and not confirmed are lost, unless `keep_files` (`take_back`): say so."""
        with contextlib.suppress(OSError):
            self.commands.close()
        if self.process.poll() is None:
            try:
                self.process.wait(START_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if keep_files:
            return
        lost = [path for _, path, _ in self.unconfirmed if path.exists()]
        if lost:
            logger.error(
                "the writer process stopped (exit code %s) with %d batches not written: "
                "their rows are lost",
                self.process.returncode,
                len(lost),
            )
        self.unconfirmed = []
        shutil.rmtree(self.folder, ignore_errors=True)

    def finish(self) -> None:
        """Wait for every batch, then stop the writer."""
        try:
            self.wait()
        finally:
            self.close()


# ---- the writer's side


def _connect(dialect: str, target: str | dict):
    if dialect == "postgresql":
        import psycopg

        return psycopg.connect(**target, autocommit=True)  # transaction() is each batch's
    connection = sqlite3.connect(target, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


def _write_committed(connection, dialect: str, specs: dict[str, TableSpec], batch: Batch):
    if dialect == "postgresql":
        with connection.transaction():
            write_batch(connection, dialect, specs, batch)
        return
    connection.execute("BEGIN")
    try:
        write_batch(connection, dialect, specs, batch)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def serve(commands: Connection, answers: Connection) -> None:
    """The writer's loop: (dialect, target, specs) first, then one batch file at a time, until
    the crawl closes the pipe. Stops at the first error, after saying what it was."""
    dialect, target, specs = receive(commands)
    try:
        connection = _connect(dialect, target)
    except Exception as error:
        send(answers, f"{error.__class__.__name__}: {error}"[:1000])
        return
    send(answers, READY)
    folder = None
    for sequence, name in pipe_worker.requests_until_closed(commands):
        path = Path(name)
        folder = path.parent
        try:
            with path.open("rb") as file:
                batch = pickle.load(file)
            _write_committed(connection, dialect, specs, batch)
        except Exception as error:
            send(answers, (sequence, f"{error.__class__.__name__}: {error}"))
            return
        path.unlink()  # after the commit: a missing file means a committed batch
        send(answers, (sequence, None))
    connection.close()
    if folder is not None:  # the crawl process removes it too, unless it was killed
        with contextlib.suppress(OSError):
            folder.rmdir()


def main() -> None:
    """The writer process (started by WriterProcess); the crawl decides when it stops."""
    serve(*pipe_worker.worker_pipes())
