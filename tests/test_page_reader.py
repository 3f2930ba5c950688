"""Pages read by the worker process are read exactly as in the crawl process, and a worker
that dies costs no page: it is replaced and the page is read again, or recorded as unreadable
when it kills the new worker too."""

import asyncio
import json
import os
import signal
from pathlib import Path

import pytest

from crawler.page_reader import MAX_RESTARTS, PageReaders, PageUnreadable, Reader
from demo.generator import generate_site
from demo.server import serve
from tests.conftest import run_gatewatch

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
START = "https://www.example.com/"
SETTINGS: dict = {}


def _pages() -> list[tuple[str, bytes]]:
    files = sorted(CORPUS.glob("*/*.html"))
    assert len(files) > 300
    return [(f"{START}{path.parent.name}/{path.stem.replace('__', '/')}", path.read_bytes())
            for path in files]  # fmt: skip


def _run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 120))


def test_the_worker_reads_every_page_as_the_crawl_process_does():
    pages = _pages()
    local = Reader(START, SETTINGS)
    expected = [local.read(body, None, url, 200, {}) for url, body in pages]
    # the same pages again, with other statuses: links are followed on 2xx pages only
    expected += [local.read(body, None, url, 404, {}) for url, body in pages[:40]]

    async def read_all():
        readers = PageReaders(1, START, SETTINGS)
        try:
            reads = [readers.read(body, None, url, 200, {}) for url, body in pages]
            reads += [readers.read(body, None, url, 404, {}) for url, body in pages[:40]]
            return await asyncio.gather(*reads), readers.restarts
        finally:
            readers.close()

    found, restarts = _run(read_all())
    assert restarts == 0
    assert found == expected
    assert sum(len(page.links) for page in found) > 1000
    assert all(page.signals is not None for page in found)


def _slow_page() -> bytes:
    """About a second of parsing: time to kill the worker in the middle of it."""
    rows = "".join(f"<p>row {i} <a href='/item/{i}'>item {i}</a></p>" for i in range(150_000))
    return f"<html><head><title>big</title></head><body>{rows}</body></html>".encode()


async def _kill_worker_while_reading(readers: PageReaders, task: asyncio.Task) -> int:
    """Kill the worker as soon as it holds the page; returns the killed process id."""
    while not readers.sent or readers.worker is None:
        await asyncio.sleep(0.005)
    pid = readers.worker.process.pid
    os.kill(pid, signal.SIGKILL)
    while readers.worker is not None and readers.worker.process.pid == pid and not task.done():
        await asyncio.sleep(0.005)
    return pid


def test_a_dead_worker_is_replaced_and_its_page_read_again():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            task = asyncio.create_task(readers.read(_slow_page(), None, START, 200, {}))
            await _kill_worker_while_reading(readers, task)
            page = await task
            next_page = b"<title>next</title><a href='/x'>x</a>"
            after = await readers.read(next_page, None, START, 200, {})
            return page, after, readers.restarts
        finally:
            readers.close()

    page, after, restarts = _run(scenario())
    assert page.title == "big" and len(page.links) == 150_000
    assert after.title == "next" and after.links[0][0] == START + "x"
    assert restarts == 1


def test_a_page_that_kills_two_workers_is_unreadable_and_the_next_page_is_read():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            task = asyncio.create_task(readers.read(_slow_page(), None, START, 200, {}))
            first = await _kill_worker_while_reading(readers, task)
            second = await _kill_worker_while_reading(readers, task)
            with pytest.raises(PageUnreadable, match="died twice"):
                await task
            after = await readers.read(b"<title>next</title>", None, START, 200, {})
            return first != second, after.title, readers.restarts
        finally:
            readers.close()

    assert _run(scenario()) == (True, "next", 2)


def test_after_too_many_deaths_pages_are_read_in_the_crawl_process():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            for _ in range(MAX_RESTARTS):
                task = asyncio.create_task(readers.read(_slow_page(), None, START, 200, {}))
                await _kill_worker_while_reading(readers, task)
                assert (await task).title == "big"  # read again by a new worker
            task = asyncio.create_task(readers.read(_slow_page(), None, START, 200, {}))
            await _kill_worker_while_reading(readers, task)
            with pytest.raises(PageUnreadable, match="died while reading"):
                await task  # not read here: it may be what kills the workers
            after = await readers.read(b"<title>next</title>", None, START, 200, {})
            return after.title, readers.worker, readers.use_worker
        finally:
            readers.close()

    assert _run(scenario()) == ("next", None, False)


def test_a_page_that_takes_too_long_is_unreadable_and_the_next_page_is_read():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS, timeout=0.3)
        try:
            with pytest.raises(PageUnreadable, match=r"took more than 0\.3 s"):
                await readers.read(_slow_page(), None, START, 200, {})
            after = await readers.read(b"<title>next</title>", None, START, 200, {})
            return after.title, readers.restarts
        finally:
            readers.close()

    assert _run(scenario()) == ("next", 1)


# not found_via: a URL both linked and listed in a sitemap is "found" by whichever is read
# first, and parsing beside the crawl changes that order
RECORDED = ("url", "status", "title", "flags", "verdicts", "inlinks", "depth", "sitemaps")


def _export(database: str) -> dict[str, dict]:
    lines = run_gatewatch("export", "--db", database).stdout.splitlines()
    records = (json.loads(line) for line in lines)
    return {record["url"]: {key: record[key] for key in RECORDED} for record in records}


def test_a_crawl_records_the_same_with_and_without_the_worker(tmp_path):
    generated = generate_site(800, seed=11)
    exports = []
    with serve(generated.site) as server:
        for workers in ("0", "1"):
            database = f"sqlite:///{tmp_path / f'workers-{workers}.db'}"
            run_gatewatch(
                "crawl", f"{server.base_url}/", "--db", database, "--parse-workers", workers, "-q"
            )
            exports.append(_export(database))
    without, with_worker = exports
    assert len(without) > 800
    assert with_worker == without
    assert any(record["verdicts"] for record in without.values())
