"""`gatewatch db check`: a health check that says whether the database answers and is up to
date, and never creates, migrates or writes anything (it runs beside the scheduler)."""

from __future__ import annotations

import json

from sqlalchemy import inspect

from gatewatch.storage.database import HEAD_REVISION, make_engine, open_database
from tests.conftest import run_gatewatch


def test_a_missing_sqlite_file_is_unhealthy_and_is_not_created(tmp_path):
    path = tmp_path / "gatewatch.db"
    result = run_gatewatch("db", "check", "--db", str(path), check=False)
    assert result.returncode == 1
    assert "no database there" in result.stderr
    assert not path.exists()


def test_an_up_to_date_database_is_healthy(database_url):
    open_database(database_url).dispose()
    result = run_gatewatch("db", "check", "--db", database_url, "--json")
    answer = json.loads(result.stdout)
    assert answer["ok"] is True
    assert answer["revision"] == HEAD_REVISION


def test_an_empty_database_is_unhealthy_and_left_empty(database_url):
    engine = make_engine(database_url)
    with engine.connect():  # the SQLite file exists, empty
        pass
    result = run_gatewatch("db", "check", "--db", database_url, "--json", check=False)
    assert result.returncode == 1
    assert "no gatewatch tables" in json.loads(result.stdout)["error"]
    assert inspect(engine).get_table_names() == []


def test_a_database_behind_the_code_is_unhealthy_and_not_migrated(database_url):
    engine = open_database(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0007_old'")
    result = run_gatewatch("db", "check", "--db", database_url, check=False)
    assert result.returncode == 1
    assert "gatewatch db upgrade" in result.stderr
    with engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == "0007_old"
