"""A crawl's rows written by a writer process: all of them, once each, whatever happens to it.

Real processes and real databases (a SQLite file, PostgreSQL). A whole crawl with and without
the writer process is compared in tests/test_page_reader.py (--write-workers 1 and 0).
"""

import os
import shutil
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from gatewatch.storage.database import open_database
from gatewatch.storage.models import all_links, links, responses, template_links, urls
from gatewatch.storage.rows import LinkRow, PageTemplateRow, ResponseRow, TemplateLinkRow, UrlRow
from gatewatch.storage.runs import create_run
from gatewatch.storage.write_process import WriterFailed, WriterProcess
from gatewatch.storage.writer import CrawlWriter
from tests.conftest import fresh_postgres_url


def _add_page(writer: CrawlWriter, url_id: int) -> None:
    """One fetched page's rows, as a crawl adds them: its URL, its response, two links; with
    hostile text (a NUL, quotes, markup) where a page's text goes."""
    writer.add(
        UrlRow(
            id=url_id, url=f"http://site.test/{url_id}'<b>", url_key=url_id, internal=True,
            found_via="link", found_on_id=0, depth=1, robots_disallowed=False, skip_reason=None,
        )
    )  # fmt: skip
    writer.add(
        ResponseRow(
        url_id=url_id, status=200, location=None, redirect_target_id=None,
        content_type="text/html", size=10, latency_ms=1.5, title=f"title {url_id}\x00",
        h1=None, meta_robots=None, x_robots_tag=None, canonical=None, www_authenticate=None,
        auth_scheme=None, auth_realm=None, retry_after=None, attempts=1, throttled=0,
        word_count=5, simhash=None, flags=None, error=None, fetched_at=None, signals=None,
    )
    )  # fmt: skip
    writer.add_rows(
        [
            LinkRow(source_id=url_id, target_id=0, anchor="home", nofollow=False, section="nav"),
            LinkRow(source_id=url_id, target_id=url_id, anchor=None, nofollow=True, section="main"),
        ]
    )


def _counts(engine, run_id: int) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(
            connection.scalar(select(func.count()).select_from(table).where(column == run_id))
            for table, column in (
                (urls, urls.c.run_id),
                (responses, responses.c.run_id),
                (links, links.c.run_id),
            )
        )


def _writer(database_url: str, batch_size: int = 400) -> tuple:
    engine = open_database(database_url)
    run_id = create_run(engine, "http://site.test/", {})
    writer = CrawlWriter(engine, run_id, batch_size=batch_size, background=True)
    assert writer.process is not None, "the writer process did not start"
    return engine, run_id, writer


def test_every_row_is_written_and_urls_are_found_before_they_are(database_url):
    engine, run_id, writer = _writer(database_url)
    process = writer.process
    try:
        for url_id in range(1000):
            _add_page(writer, url_id)
            if url_id % 250 == 249:  # the crawl asks for URLs it met, written or not
                wanted = [0, url_id // 2, url_id]
                assert writer.url_texts(wanted) == {i: f"http://site.test/{i}'<b>" for i in wanted}
        writer.flush()
        assert _counts(engine, run_id) == (1000, 1000, 2000)
        assert writer.written == 4000
        assert writer.pending == 0
    finally:
        writer.close()
    assert process.process.poll() == 0  # it stopped by itself, at the end of its input
    assert not process.folder.exists()


def test_rows_survive_a_writer_killed_in_the_middle(database_url, caplog):
    engine, run_id, writer = _writer(database_url)
    try:
        for url_id in range(1000):
            _add_page(writer, url_id)
        os.kill(writer.process.process.pid, signal.SIGKILL)
        for url_id in range(1000, 2000):
            _add_page(writer, url_id)
        assert writer.url_texts([1999]) == {1999: "http://site.test/1999'<b>"}
        writer.flush()
    finally:
        writer.close()
    assert writer.process is None  # the crawl writes its rows itself from then on
    assert "the writer process exited with code -9" in caplog.text
    assert _counts(engine, run_id) == (2000, 2000, 4000)  # each row once


def test_rows_survive_a_writer_killed_while_it_waits_for_work(database_url, caplog):
    """Its death shows when the next batch is handed over: that batch is written once, by the
    crawl (it was once written both from its file and from the crawl's buffers)."""
    engine, run_id, writer = _writer(database_url)
    try:
        for url_id in range(1000):
            _add_page(writer, url_id)
        writer.flush()  # every batch committed: the writer waits
        os.kill(writer.process.process.pid, signal.SIGKILL)
        writer.process.process.wait()
        for url_id in range(1000, 2000):
            _add_page(writer, url_id)
        writer.flush()
    finally:
        writer.close()
    assert writer.process is None
    assert "could not hand a batch to the writer process: it exited with code -9" in caplog.text
    assert _counts(engine, run_id) == (2000, 2000, 4000)  # each row once
    assert writer.written == 8000


def test_a_batch_that_cannot_be_saved_for_the_writer_is_written_by_the_crawl(database_url, caplog):
    """A full disk where the batches wait: the crawl writes its rows itself."""
    engine, run_id, writer = _writer(database_url)
    folder = writer.process.folder
    try:
        for url_id in range(500):
            _add_page(writer, url_id)
        writer.flush()
        writer.process.folder = Path(os.devnull) / "batches"  # opening a file there fails
        for url_id in range(500, 1000):
            _add_page(writer, url_id)
        writer.flush()
    finally:
        writer.close()
        shutil.rmtree(folder, ignore_errors=True)
    assert "could not hand a batch to the writer process: " in caplog.text
    assert writer.process is None
    assert _counts(engine, run_id) == (1000, 1000, 2000)


def test_a_postgresql_password_and_options_with_spaces_reach_the_writer(postgres_schema):
    """The writer connects as SQLAlchemy does: a password with a space or a "+", and libpq
    options with spaces (the schema to write into), arrive as written."""
    url = make_url(fresh_postgres_url(postgres_schema))
    schema = url.query["options"].removeprefix("-csearch_path=")
    url = url.set(password="p a+b@c", query={"options": f"-c search_path={schema}"})
    engine, run_id, writer = _writer(url.render_as_string(hide_password=False))
    try:
        for url_id in range(200):
            _add_page(writer, url_id)
        writer.flush()
    finally:
        writer.close()
    assert _counts(engine, run_id) == (200, 200, 400)


def test_a_batch_committed_just_before_the_writer_died_is_not_written_twice(database_url):
    """The writer deletes a batch's file after its commit, then answers: killed in between,
    the batch's file is there but its rows are in the database."""
    engine, run_id, writer = _writer(database_url)
    try:
        for url_id in range(100):  # batch 1 is handed over and committed
            _add_page(writer, url_id)
        writer.flush()
        os.kill(writer.process.process.pid, signal.SIGSTOP)  # it reads nothing more
        for url_id in range(100, 200):
            _add_page(writer, url_id)
        batch = writer._batch()
        writer._hand_over()  # batch 2: its file is written, its name waits in the pipe
        with engine.begin() as connection:  # as if the writer had committed it
            from gatewatch.storage.write_process import write_batch

            write_batch(connection.connection.driver_connection, writer.dialect, writer.specs,
                        batch)  # fmt: skip
        os.kill(writer.process.process.pid, signal.SIGKILL)
        for url_id in range(200, 300):
            _add_page(writer, url_id)
        writer.flush()
    finally:
        writer.close()
    assert _counts(engine, run_id) == (300, 300, 600)


def test_a_template_committed_just_before_the_writer_died_is_not_written_twice(database_url):
    """A batch of nothing but a template's links (a huge menu): no URL or response to look
    for, the template itself tells that it was committed."""
    engine, _, writer = _writer(database_url)
    try:
        os.kill(writer.process.process.pid, signal.SIGSTOP)
        menu = [
            TemplateLinkRow(
                template_id=1, target_id=target, anchor=f"item {target}", nofollow=False,
                section="nav",
            )
            for target in range(60)
        ]  # fmt: skip
        writer.add_rows(menu)
        batch = writer._batch()
        writer._hand_over()
        with engine.begin() as connection:  # as if the writer had committed it
            from gatewatch.storage.write_process import write_batch

            write_batch(connection.connection.driver_connection, writer.dialect, writer.specs,
                        batch)  # fmt: skip
        os.kill(writer.process.process.pid, signal.SIGKILL)
        writer.add_rows([PageTemplateRow(source_id=7, template_id=1)])
        writer.flush()
    finally:
        writer.close()
    with engine.connect() as connection:
        rows = connection.scalar(select(func.count()).select_from(template_links))
        linked = connection.scalar(select(func.count()).select_from(all_links))
    assert (rows, linked) == (60, 60)


def test_a_database_error_reaches_the_crawl_and_keeps_the_rows(database_url, caplog):
    engine, run_id, writer = _writer(database_url)
    try:
        for url_id in range(600):
            _add_page(writer, url_id)
        writer.flush()
        _add_page(writer, 5)  # the same URL id twice: the database refuses the batch
        with pytest.raises(Exception, match=r"UNIQUE constraint failed|duplicate key"):
            writer.flush()
    finally:
        writer.close()
    assert "the writer process failed: " in caplog.text
    assert writer.process is None
    assert writer.pending == 4  # the refused rows are kept, as without a writer process
    assert _counts(engine, run_id) == (600, 600, 1200)


def test_a_writer_that_cannot_open_the_database_says_why(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'gatewatch.db'}")
    writer = CrawlWriter(engine, create_run(engine, "http://site.test/", {}))
    with pytest.raises(WriterFailed, match=r"could not start: .*unable to open database file"):
        WriterProcess("sqlite", str(tmp_path / "missing" / "x.db"), writer.specs)


def test_a_database_no_other_process_can_open_is_written_in_the_crawl(tmp_path):
    engine = open_database("sqlite://")  # in memory
    run_id = create_run(engine, "http://site.test/", {})
    writer = CrawlWriter(engine, run_id, batch_size=50, background=True)
    assert writer.process is None
    for url_id in range(100):
        _add_page(writer, url_id)
    writer.flush()
    assert writer.written == 400


def test_the_crawl_does_not_wait_for_the_writer(database_url):
    """Batches are handed over while the writer is stopped: the crawl goes on (up to a few
    batches), and they are written once it runs again."""
    engine, run_id, writer = _writer(database_url, batch_size=100)
    try:
        os.kill(writer.process.process.pid, signal.SIGSTOP)
        for url_id in range(50):  # 200 rows: two batches handed over
            _add_page(writer, url_id)
        assert len(writer.process.unconfirmed) == 2
        assert _counts(engine, run_id) == (0, 0, 0)
        assert writer.url_texts([3, 49]) == {
            3: "http://site.test/3'<b>",
            49: "http://site.test/49'<b>",
        }
        os.kill(writer.process.process.pid, signal.SIGCONT)
        writer.flush()
    finally:
        writer.close()
    assert _counts(engine, run_id) == (50, 50, 100)
