"""Storage works the same on SQLite and PostgreSQL: schema by migration, bulk writes, runs."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from gatewatch.storage.database import (
    HEAD_REVISION,
    MIGRATIONS,
    current_revision,
    database_url,
    make_engine,
    open_database,
    upgrade,
)
from gatewatch.storage.models import links, metadata, responses, urls
from gatewatch.storage.records import url_records
from gatewatch.storage.rows import LinkRow, PageTemplateRow, ResponseRow, TemplateLinkRow, UrlRow
from gatewatch.storage.runs import create_run, finish_run, get_run, latest_run, mark_abandoned_runs
from gatewatch.storage.writer import CrawlWriter
from tests.conftest import fresh_postgres_url, run_gatewatch


def test_a_new_database_is_created_up_to_date(database_url):
    engine = open_database(database_url)
    assert current_revision(engine) is not None
    open_database(database_url)  # a second open changes nothing and does not fail


def test_the_migrations_build_exactly_the_schema_the_code_uses(database_url):
    engine = make_engine(database_url)
    upgrade(engine)  # alembic, as an older database is brought up to date
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []


def _schema(engine) -> dict:
    """Everything a database's schema holds that the code relies on, as reflected."""
    inspector = inspect(engine)
    schema = {}
    for table in sorted(inspector.get_table_names()):
        columns = [
            (column["name"], str(column["type"]), column["nullable"], column.get("default"))
            for column in inspector.get_columns(table)
        ]
        schema[table] = {
            "columns": columns,
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (constraint["name"], tuple(constraint["column_names"]))
                for constraint in inspector.get_unique_constraints(table)
            ),
            "foreign keys": sorted(
                (
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    tuple(key["referred_columns"]),
                    (key.get("options") or {}).get("ondelete"),
                )
                for key in inspector.get_foreign_keys(table)
            ),
        }
    schema["views"] = sorted(inspector.get_view_names())
    return schema


def test_a_new_database_gets_the_schema_the_migrations_build(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        migrated_url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        migrated_url = fresh_postgres_url(database_url)
    migrated = make_engine(migrated_url)
    upgrade(migrated)
    created = open_database(database_url)  # empty: built from the models, not by alembic
    assert current_revision(created) == current_revision(migrated) == HEAD_REVISION
    assert _schema(created) == _schema(migrated)


def test_the_head_revision_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == HEAD_REVISION


def test_an_older_database_is_upgraded_when_opened(database_url):
    from alembic import command

    from gatewatch.storage.database import _alembic_config

    engine = open_database(database_url)
    command.downgrade(_alembic_config(engine), "0004")
    assert current_revision(engine) == "0004"
    assert current_revision(open_database(database_url)) == HEAD_REVISION


def test_a_new_database_that_fails_half_way_is_left_empty(database_url, monkeypatch):
    """Nothing half-built for the next open to trip over: it starts again from scratch."""
    from gatewatch.storage import database

    engine = make_engine(database_url)
    monkeypatch.setattr(database, "ALL_LINKS_VIEW", "CREATE VIEW all_links AS nonsense")
    with pytest.raises(Exception, match=r"nonsense|syntax"):
        database.create_new(engine)
    assert inspect(engine).get_table_names() == []
    monkeypatch.undo()
    assert current_revision(open_database(database_url)) == HEAD_REVISION


def test_going_back_before_link_templates_keeps_every_link(database_url):
    from alembic import command

    from gatewatch.storage.database import _alembic_config

    engine = open_database(database_url)
    run_id = create_run(engine, "http://shop.test/", {})
    writer = CrawlWriter(engine, run_id)
    for url_id in range(3):
        writer.add(_url_row(url_id, f"http://shop.test/{url_id}", found_on_id=None))
    writer.add_rows(
        [LinkRow(source_id=0, target_id=1, anchor="one", nofollow=False, section="main")]
    )
    writer.add_rows(
        [TemplateLinkRow(template_id=1, target_id=2, anchor="menu", nofollow=False, section="nav")]
    )
    writer.add_rows(
        [
            PageTemplateRow(source_id=0, template_id=1),
            PageTemplateRow(source_id=1, template_id=1),
        ]
    )
    writer.flush()
    command.downgrade(_alembic_config(engine), "0006")
    with engine.connect() as connection:
        rows = connection.execute(
            select(links.c.source_id, links.c.target_id, links.c.section)
        ).all()
    assert sorted(rows) == [(0, 1, "main"), (0, 2, "nav"), (1, 2, "nav")]
    open_database(database_url)  # and up again


def test_plain_paths_and_postgres_urls_are_understood(monkeypatch):
    monkeypatch.delenv("GATEWATCH_DATABASE_URL", raising=False)
    assert database_url("runs.db") == "sqlite:///runs.db"
    assert database_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    monkeypatch.setenv("GATEWATCH_DATABASE_URL", "sqlite:////tmp/x.db")
    assert database_url(None) == "sqlite:////tmp/x.db"


def _url_row(url_id: int, url: str, found_on_id: int | None = 0) -> UrlRow:
    return UrlRow(
        id=url_id, url=url, url_key=url_id, internal=True, found_via="link",
        found_on_id=found_on_id, depth=1, robots_disallowed=False, skip_reason=None,
    )  # fmt: skip


def _write_sample(engine, run_id, count):
    writer = CrawlWriter(engine, run_id, batch_size=1000)
    for url_id in range(count):
        url = f"http://site.test/{url_id}?q=\x00'\"<tag>"
        writer.add(_url_row(url_id, url))
        writer.add(
            ResponseRow(
                url_id=url_id,
                status=200,
                location=None,
                redirect_target_id=None,
                content_type="text/html",
                size=10,
                latency_ms=1.5,
                title=f"title {url_id}\x00",
                h1=None,
                meta_robots=None,
                x_robots_tag=None,
                canonical=None,
                www_authenticate=None,
                auth_scheme=None,
                auth_realm=None,
                retry_after=None,
                attempts=1,
                throttled=0,
                word_count=5,
                simhash=None,
                flags=None,
                error=None,
                fetched_at=None,
                signals=None,
            )
        )
        writer.add(
            LinkRow(source_id=0, target_id=url_id, anchor="anchor", nofollow=False, section="main")
        )
    writer.flush()
    return writer


def test_bulk_writes_keep_every_row_even_hostile_text(database_url):
    engine = open_database(database_url)
    run_id = create_run(engine, "http://site.test/", {"max_pages": 10})
    writer = _write_sample(engine, run_id, 2500)
    assert writer.written == 7500
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(urls.c.run_id == run_id)) == 2500
        assert connection.scalar(select(func.count()).where(links.c.run_id == run_id)) == 2500
        title = connection.scalar(
            select(responses.c.title).where(responses.c.run_id == run_id, responses.c.url_id == 7)
        )
    assert title.startswith("title 7")
    records = list(url_records(engine, run_id))
    assert len(records) == 2500
    assert records[3]["inlinks"] == 1
    assert records[3]["status"] == 200


def test_a_run_is_opened_closed_and_found_again(database_url):
    engine = open_database(database_url)
    run_id = create_run(engine, "https://www.site.test/", {"max_pages": 5})
    assert get_run(engine, run_id).status == "running"
    finish_run(engine, run_id, "completed", {"pages": 3})
    run = get_run(engine, run_id)
    assert (run.status, run.stats, run.settings["max_pages"]) == ("completed", {"pages": 3}, 5)
    assert run.site == "www.site.test"
    assert latest_run(engine, "www.site.test").id == run_id


def test_a_run_whose_process_died_is_marked_interrupted(database_url):
    engine = open_database(database_url)
    run_id = create_run(engine, "https://site.test/", {})
    with engine.begin() as connection:
        from gatewatch.storage.models import runs

        connection.execute(runs.update().where(runs.c.id == run_id).values(pid=2**22 + 12345))
    assert run_id in mark_abandoned_runs(engine)
    assert get_run(engine, run_id).status == "interrupted"


def test_db_upgrade_command(tmp_path):
    target = tmp_path / "new.db"
    result = run_gatewatch("db", "upgrade", "--db", str(target))
    assert "upgraded from empty" in result.stdout
    assert os.path.exists(target)
    result = run_gatewatch("db", "upgrade", "--db", str(target))
    assert "already up to date" in result.stdout
