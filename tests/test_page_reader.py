"""Pages read by the worker process are read exactly as in the crawl process, and a worker
that dies costs no page: it is replaced and the page is read again, or recorded as unreadable
when it kills the new worker too."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gatewatch.crawler import page_reader
from gatewatch.crawler.page_reader import (
    MAX_RESTARTS,
    LinkLimits,
    PageReaders,
    PageUnreadable,
    Reader,
)
from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
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


@pytest.mark.slow
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
    """Kill the worker as soon as it holds the whole page; returns the killed process id."""
    while readers.worker is None or readers.worker.holds() < 1:
        await asyncio.sleep(0.005)
    pid = readers.worker.process.pid
    os.kill(pid, signal.SIGKILL)
    while readers.worker is not None and readers.worker.process.pid == pid and not task.done():
        await asyncio.sleep(0.005)
    return pid


@pytest.mark.slow
def test_a_dead_worker_is_replaced_and_its_page_read_again():
    async def scenario():
        # a slow page of 150,000 links: over the default limit of links per page, raised here
        readers = PageReaders(1, START, SETTINGS, limits=LinkLimits(max_links=200_000))
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
    assert page.title == "big"
    assert len(page.links) == 150_000
    assert after.title == "next"
    assert after.links[0][0] == START + "x"
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_a_page_that_takes_too_long_is_unreadable_and_the_next_page_is_read():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS, timeout=0.3)
        try:
            outcomes = []
            for _ in range(MAX_RESTARTS + 2):  # a slow page is no death: the limit stays
                with pytest.raises(PageUnreadable, match=r"took more than 0\.3 s"):
                    await readers.read(_slow_page(), None, START, 200, {})
                after = await readers.read(b"<title>next</title>", None, START, 200, {})
                outcomes.append((after.title, readers.use_worker))
            return outcomes, readers.restarts
        finally:
            readers.close()

    outcomes, restarts = _run(scenario())
    assert outcomes == [("next", True)] * (MAX_RESTARTS + 2)
    assert restarts == 0


def test_a_worker_still_starting_does_not_make_its_first_page_too_slow():
    """A worker takes a good tenth of a second to import what it needs (more on a busy
    machine); only the reading is timed, so a timeout shorter than that loses no page."""

    async def scenario():
        readers = PageReaders(1, START, SETTINGS, timeout=0.02)
        try:
            page = await readers.read(b"<title>first</title>", None, START, 200, {})
            return page.title, readers.use_worker, readers.restarts
        finally:
            readers.close()

    assert _run(scenario()) == ("first", True, 0)


def test_big_pages_and_big_readings_together_never_block_the_two_processes():
    """A reading larger than a pipe (a long base and a thousand links) while pages of up to
    128 KB queue behind it: with blocking sends both processes once waited on each other."""
    base = START + "/".join(f"segment{i:03d}" for i in range(120)) + "/"
    links = "".join(f"<a href=p{i}>x</a>" for i in range(1000))
    big_reading = f'<base href="{base}"><title>A</title>{links}'.encode()
    pages = [b"<p>" + b"z" * (31_000 + 6_500 * i) for i in range(15)]

    async def read_all():
        readers = PageReaders(1, START, SETTINGS)
        try:
            await readers.read(b"<title>warm</title>", None, START, 200, {})
            reads = [readers.read(big_reading, None, START, 200, {})]
            reads += [readers.read(page, None, START, 200, {}) for page in pages]
            return await asyncio.gather(*reads), readers.restarts
        finally:
            readers.close()

    found, restarts = asyncio.run(asyncio.wait_for(read_all(), 30))
    assert len(found[0].links) == 1000
    assert found[0].links[0][0].startswith(base)
    assert [page.word_count for page in found[1:]] == [1] * 15
    assert restarts == 0


def test_answers_already_given_are_kept_when_the_worker_dies():
    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            await readers.read(b"<title>warm</title>", None, START, 200, {})
            # this death is the last allowed: a page blamed for it would not be read again
            readers.restarts = MAX_RESTARTS
            first = asyncio.create_task(readers.read(b"<title>one</title>", None, START, 200, {}))
            second = asyncio.create_task(readers.read(b"<title>two</title>", None, START, 200, {}))
            await asyncio.sleep(0)  # both sent
            time.sleep(0.5)  # the loop is busy: both answers wait in the pipe
            pid = readers.worker.process.pid
            os.kill(pid, signal.SIGKILL)
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            third = await readers.read(b"<title>three</title>", None, START, 200, {})
            return (await first).title, (await second).title, third.title, readers.restarts
        finally:
            readers.close()

    # it was reading nothing when it died: the death counts, but no page is blamed
    assert _run(scenario()) == ("one", "two", "three", MAX_RESTARTS + 1)


def test_when_no_worker_can_start_pages_are_read_in_the_crawl_process(monkeypatch):
    def no_process(*arguments, **keywords):  # what fork does when out of processes
        raise OSError(11, "Resource temporarily unavailable")

    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            task = asyncio.create_task(readers.read(_slow_page(), None, START, 200, {}))
            await _kill_worker_while_reading(readers, task)
            return (await task).title, readers.use_worker
        finally:
            readers.close()

    async def kill_then_fail(readers, task):
        while readers.worker is None or readers.worker.holds() < 1:
            await asyncio.sleep(0.005)
        monkeypatch.setattr(subprocess, "Popen", no_process)
        os.kill(readers.worker.process.pid, signal.SIGKILL)

    monkeypatch.setattr(sys.modules[__name__], "_kill_worker_while_reading", kill_then_fail)
    # the page being read when the worker died is not read here (it may be what killed it)
    with pytest.raises(PageUnreadable, match="died while reading"):
        _run(scenario())


def test_the_worker_is_out_of_reach_of_ctrl_c_and_of_the_current_directory(tmp_path, monkeypatch):
    shadow = tmp_path / "crawler"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("")
    (shadow / "page_reader.py").write_text("raise SystemExit('the wrong crawler package')\n")
    (tmp_path / "struct.py").write_text("raise SystemExit('the wrong struct module')\n")
    monkeypatch.chdir(tmp_path)

    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            page = await readers.read(b"<title>real</title>", None, START, 200, {})
            group = os.getpgid(readers.worker.process.pid)
            return page.title, group != os.getpgid(0), readers.restarts
        finally:
            readers.close()

    assert _run(scenario()) == ("real", True, 0)


@pytest.mark.slow
def test_workers_that_die_before_reading_anything_are_given_up_on(monkeypatch):
    monkeypatch.setattr(page_reader, "WORKER_CODE", "import sys; sys.exit(3)")

    async def scenario():
        readers = PageReaders(1, START, SETTINGS)
        try:
            pages = [_slow_page(), b"<title>small</title>"]  # one larger than any pipe
            found = await asyncio.gather(*(readers.read(p, None, START, 200, {}) for p in pages))
            return [page.title for page in found], readers.restarts, readers.use_worker
        finally:
            readers.close()

    assert _run(scenario()) == (["big", "small"], MAX_RESTARTS + 1, False)


def test_an_unreadable_page_says_the_same_in_either_process():
    # a status that is not a number: the reader's comparison fails on it (an unknown charset
    # did this before: it is now read as UTF-8, tests/test_hostile_responses.py)
    arguments = (b"<title>x</title>", None, START, "no status", {})

    async def read_both():
        messages = []
        for workers in (0, 1):
            readers = PageReaders(workers, START, SETTINGS)
            try:
                with pytest.raises(PageUnreadable) as raised:
                    await readers.read(*arguments)
                messages.append(str(raised.value))
            finally:
                readers.close()
        return messages

    here, worker = _run(read_both())
    assert here == worker
    assert here.startswith("the page could not be read: TypeError")


# not found_via: a URL both linked and listed in a sitemap is "found" by whichever is read
# first, and parsing beside the crawl changes that order
RECORDED = ("url", "status", "title", "flags", "verdicts", "inlinks", "depth", "sitemaps")


def _export(database: str) -> dict[str, dict]:
    lines = run_gatewatch("export", "--db", database).stdout.splitlines()
    records = (json.loads(line) for line in lines)
    return {record["url"]: {key: record[key] for key in RECORDED} for record in records}


@pytest.mark.crawl
def test_a_crawl_records_the_same_with_and_without_the_worker(tmp_path):
    """And with a writer process (storage.write_process), which writes in batches of 5,000
    rows: an 800-page crawl hands it several."""
    generated = generate_site(800, seed=11)
    exports = []
    with serve(generated.site) as server:
        for parse, write in (("0", "0"), ("1", "0"), ("1", "1")):
            database = f"sqlite:///{tmp_path / f'workers-{parse}-{write}.db'}"
            crawl = run_gatewatch(
                "crawl", f"{server.base_url}/", "--db", database, "-q",
                "--parse-workers", parse, "--write-workers", write,
            )  # fmt: skip
            assert "writer process" not in crawl.stderr  # it started, and never failed
            exports.append(_export(database))
    alone, with_reader, with_writer = exports
    assert len(alone) > 800
    assert with_reader == alone
    assert with_writer == alone
    assert any(record["verdicts"] for record in alone.values())


@pytest.mark.crawl
@pytest.mark.parametrize("workers", ["0", "1"])
def test_a_page_in_a_charset_no_codec_knows_is_read_in_either_process(tmp_path, workers):
    site = Site()
    site.add("/", Page.html('<title>Home</title><a href="/odd">odd</a> <a href="/after">next</a>'))
    bogus = (("Content-Type", "text/html; charset=" + "x" * 200),)  # no such codec
    site.add("/odd", Page(status=200, body=b"<title>Odd</title>", headers=bogus))
    site.add("/after", Page.html("<title>After</title>"))
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve(site) as server:
        run_gatewatch(
            "crawl", f"{server.base_url}/", "--db", database, "--parse-workers", workers, "-q"
        )
    lines = run_gatewatch("export", "--db", database).stdout.splitlines()
    records = {urlsplit(record["url"]).path: record for record in map(json.loads, lines)}
    odd = records["/odd"]
    assert (odd["fetched"], odd["status"], odd["title"]) == (True, 200, "Odd")
    assert not odd["error"]
    assert records["/after"]["title"] == "After"


@pytest.mark.crawl
def test_a_probe_answered_with_an_unknown_charset_is_still_recorded(tmp_path):
    bogus = (("Content-Type", "text/html; charset=" + "x" * 200),)
    site = Site(fallback=lambda target: Page(status=404, body=b"<title>No</title>", headers=bogus))
    site.add("/", Page.html('<title>Home</title><a href="/shop/item-1">item</a>'))
    site.add("/shop/item-1", Page.html("<title>Item</title>"))
    database = f"sqlite:///{tmp_path / 'crawl.db'}"
    with serve(site) as server:
        run_gatewatch("crawl", f"{server.base_url}/", "--db", database, "-q")
    from sqlalchemy import select

    from gatewatch.storage.database import open_database
    from gatewatch.storage.models import probes

    with open_database(database).connect() as connection:
        statuses = connection.execute(select(probes.c.status)).scalars().all()
    assert statuses
    assert set(statuses) == {404}


@pytest.mark.parametrize(
    ("v2", "v1", "cores"),
    [
        ("150000 100000", None, 2),  # 1.5 CPUs: the reader gets a core of its own
        ("50000 100000", None, 1),
        ("max 100000", None, 64),  # no quota: the host's cores
        (None, ("150000", "100000"), 2),  # cgroup v1
        (None, ("-1", "100000"), 64),
        (None, None, 64),  # not in a container
    ],
)
def test_a_containers_cpu_quota_limits_the_usable_cores(tmp_path, monkeypatch, v2, v1, cores):
    from gatewatch.crawler import page_reader

    monkeypatch.setattr(page_reader.os, "sched_getaffinity", lambda _pid: set(range(64)))
    monkeypatch.setattr(page_reader, "CPU_QUOTA", tmp_path / "cpu.max")
    monkeypatch.setattr(page_reader, "CPU_QUOTA_V1", tmp_path / "cpu")
    if v2 is not None:
        (tmp_path / "cpu.max").write_text(v2 + "\n")
    if v1 is not None:
        (tmp_path / "cpu").mkdir()
        (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text(v1[0] + "\n")
        (tmp_path / "cpu" / "cpu.cfs_period_us").write_text(v1[1] + "\n")
    assert page_reader.usable_cores() == cores
