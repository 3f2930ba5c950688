"""Shared fixtures: real databases (SQLite files and a fresh PostgreSQL schema per test run)
and real crawls of the fixture site, each in its own process as the scheduler runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_SERVER = os.environ.get(
    "GATEWATCH_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_schema():
    """A fresh schema on the real PostgreSQL server, dropped after the run."""
    schema = f"gw_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_SERVER)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as error:  # the tests need it; say clearly why they cannot run
        pytest.fail(f"PostgreSQL at {POSTGRES_SERVER} is needed for these tests: {error}")
    yield f"{POSTGRES_SERVER}?options=-csearch_path%3D{schema}"
    for name in [schema, *_FRESH_SCHEMAS]:  # leave the shared server as we found it
        try:
            with engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '10s'"))
                connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        except Exception as error:  # a process still holding it: say so, do not fail
            print(f"could not drop test schema {name}: {error}", file=sys.stderr)
    engine.dispose()


_FRESH_SCHEMAS: list[str] = []


def fresh_postgres_url(base_url: str) -> str:
    """Another schema on the same server, for a test that needs an empty database; dropped
    with the session's schema (`base_url` comes from the postgres_schema fixture)."""
    schema = f"gw_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_SERVER)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    _FRESH_SCHEMAS.append(schema)
    return f"{POSTGRES_SERVER}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gatewatch.db'}"
    return fresh_postgres_url(request.getfixturevalue("postgres_schema"))


def run_gatewatch(*arguments: str, timeout: float = 300, check: bool = True, **kwargs):
    """Run the real command line in a new process (one Scrapy reactor per process)."""
    result = subprocess.run(
        [sys.executable, "-m", "gatewatch.cli.main", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=kwargs.pop("cwd", None),
        env={**os.environ, "COLUMNS": "200", **kwargs.pop("env", {})},
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"gatewatch {' '.join(arguments)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


@pytest.fixture
def fixture_site():
    """The crawl-test fixture site (tests/fixtures/site), as files plus routes.toml."""
    from gatewatch.demo.site import Site

    return Site.from_directory(FIXTURES / "site")


@pytest.fixture
def fixture_server(fixture_site):
    from gatewatch.demo.server import serve

    with serve(fixture_site) as server:
        yield server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `postgres` every test that uses the PostgreSQL server through a fixture: the session
    schema, or a database fixture given the "postgresql" parameter."""
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgres = params is not None and "postgresql" in params.params.values()
        if on_postgres or "postgres_schema" in item.fixturenames:
            item.add_marker(pytest.mark.postgres)
