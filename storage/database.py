"""The one place that builds the engine and brings a database's schema up to date."""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from gatewatch.storage.models import ALL_LINKS_VIEW, metadata
from gatewatch.storage.write_process import SQLITE_PRAGMAS

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_DATABASE = "sqlite:///gatewatch.db"
DATABASE_ENVIRONMENT_VARIABLE = "GATEWATCH_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration (tests/test_storage.py checks it against alembic's head): a database at
# this revision is opened without importing alembic, a tenth of a second off every command.
HEAD_REVISION = "0008_workers"


_READ_ONLY: weakref.WeakSet[Engine] = weakref.WeakSet()


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says what to change."""


def database_problem(error: BaseException) -> str:
    """The database's own first line of an error, without SQLAlchemy's wrapping and link."""
    inner = getattr(error, "orig", None) or error
    lines = str(inner).strip().splitlines()
    return (lines[0] if lines else inner.__class__.__name__)[:300]


def database_url(value: str | None = None) -> str:
    """The URL to use: the given value, else $GATEWATCH_DATABASE_URL, else ./gatewatch.db.

    A plain file path is taken as a SQLite database; postgresql:// URLs use psycopg 3.
    """
    value = value or os.environ.get(DATABASE_ENVIRONMENT_VARIABLE) or DEFAULT_DATABASE
    if "://" not in value:
        return f"sqlite:///{value}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _read_only_file(path: str | None) -> bool:
    """A SQLite file that exists but that this user cannot write (or whose folder, where
    SQLite keeps its -wal and -shm files, cannot be written)."""
    if not path or path == ":memory:" or path.startswith("file:") or not os.path.isfile(path):
        return False
    folder = os.path.dirname(os.path.abspath(path))
    return not (os.access(path, os.W_OK) and os.access(folder, os.W_OK))


def _read_only_sqlite(path: str) -> Engine:
    """An engine that reads a SQLite file it cannot write: the commands that only read (runs,
    report, findings, diff, export...) work; a write fails with SQLite's "readonly database".
    Without -wal and -shm files beside it (no crawl is writing it) and no right to create
    them, SQLite can only open a WAL database as immutable."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    if not os.path.exists(path + "-shm") and not os.access(
        os.path.dirname(os.path.abspath(path)), os.W_OK
    ):
        uri += "&immutable=1"

    def connect():
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=30000")
        return connection

    engine = create_engine("sqlite://", creator=connect)
    _READ_ONLY.add(engine)
    return engine


def is_read_only(engine: Engine) -> bool:
    """An engine on a SQLite file this user cannot write: callers skip their optional writes
    (saved findings, table statistics)."""
    return engine in _READ_ONLY


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    try:
        parsed = make_url(url)
    except Exception as error:
        raise DatabaseError(f"cannot read database URL {url!r}: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        if _read_only_file(parsed.database):
            return _read_only_sqlite(parsed.database)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        raise DatabaseError(
            f"{error.name} is not installed: pip install 'gatewatch[postgres]'"
        ) from None


def _alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks (creates a new database up to date)."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), "head")
    except Exception as error:
        if error.__class__.__module__.startswith(("sqlalchemy", "psycopg", "sqlite3")):
            raise DatabaseError(f"cannot open {engine.url!r}: {error}") from error
        raise


def create_new(engine: Engine) -> bool:
    """Give an empty database the schema straight from the models, stamped at the head
    revision as alembic stamps it, in one transaction; False (and nothing done) when it has
    tables already.
    Alembic builds the same schema (tests/test_storage.py compares them) in 0.2 s more, mostly
    importing itself, at the start of a first crawl."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":  # its driver starts no transaction before DDL
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        if engine.dialect.name == "postgresql":  # workers starting together: one creates
            connection.exec_driver_sql(
                "SELECT pg_advisory_xact_lock(hashtext('gatewatch-create:' || current_schema()))"
            )
        inspector = inspect(connection)
        if inspector.get_table_names() or inspector.get_view_names():
            return False
        metadata.create_all(connection)
        connection.exec_driver_sql(ALL_LINKS_VIEW)
        connection.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        connection.exec_driver_sql(
            f"INSERT INTO alembic_version (version_num) VALUES ('{HEAD_REVISION}')"
        )
    return True


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def check_database(url: str | None = None) -> tuple[str, str | None]:
    """(where, revision) of an existing database, without creating, migrating or writing
    anything (a health check); DatabaseError when it is missing, unreachable or not at the
    head revision."""
    url = database_url(url)
    engine = make_engine(url)  # (a read-only SQLite file gets an engine on a file: URI)
    given = make_url(url)
    where = given.render_as_string(hide_password=True)
    in_memory = given.database in (None, "", ":memory:")
    if given.get_backend_name() == "sqlite" and not in_memory and not Path(given.database).exists():
        raise DatabaseError(f"{where}: no database there")
    try:
        revision = current_revision(engine)
    except Exception as error:
        raise DatabaseError(f"{where}: cannot connect: {error}") from None
    finally:
        engine.dispose()
    if revision is None:
        raise DatabaseError(f"{where}: no gatewatch tables there (gatewatch db upgrade makes them)")
    if revision != HEAD_REVISION:
        raise DatabaseError(
            f"{where}: at revision {revision}, this gatewatch needs {HEAD_REVISION} "
            "(gatewatch db upgrade applies the migrations)"
        )
    return where, revision


def open_database(url: str | None = None) -> Engine:
    """An engine on an up-to-date database, ready to use."""
    engine = make_engine(url)
    try:
        up_to_date = current_revision(engine) == HEAD_REVISION or create_new(engine)
    except Exception:  # cannot connect: upgrade says why, as a DatabaseError
        up_to_date = False
    if not up_to_date:
        upgrade(engine)
    return engine
