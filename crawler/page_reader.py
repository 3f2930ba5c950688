"""Reading a fetched HTML page: one parse, its links resolved, the detectors' signals.

This is most of a crawl's CPU per page, and none of it needs the crawl's state. When the
machine has a core to spare, it runs in a worker process (`main` below) while the crawl
process downloads and records: the two overlap. With no worker, pages are read in the crawl
process, the same way.

Pages go to the worker over its stdin, a non-blocking pipe, and their readings come back in
order on its stdout: the crawl's event loop wakes when one is there. No thread: a process
pool's threads, pickling beside Scrapy's loop, fight it for the GIL and cost as much as the
worker saves.

A worker that dies (a hostile page that exhausts its memory, a signal) is replaced and the
page it was reading is read again by the new one; a page that kills two workers, or takes
more than a minute, is recorded with an error instead, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import pickle
import struct
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urljoin

from gatewatch.crawler.app_shell import shell_evidence
from gatewatch.crawler.detectors import Signals, signals
from gatewatch.crawler.detectors.settings import settings_from_mapping
from gatewatch.crawler.parse import parse_html
from gatewatch.crawler.urls import (
    InvalidURL,
    LinkResolver,
    invalid_href_key,
    shortened,
    too_long_key,
)
from gatewatch.storage.pipe_worker import (
    READY,
    receive,
    requests_until_closed,
    send,
    start_worker,
    worker_code,
    worker_pipes,
)

logger = logging.getLogger(__name__)

MAX_SENT = 16  # pages handed to the worker and not yet answered
MAX_SENT_BYTES = 4 << 20  # and their bytes, a page larger than that alone
READ_TIMEOUT = 60.0  # seconds a page may take to read; a 10 MB page takes a few
START_TIMEOUT = 60.0  # seconds a new worker may take to say it is ready
CPU_QUOTA = Path("/sys/fs/cgroup/cpu.max")  # "max 100000", or "150000 100000": 1.5 CPUs
CPU_QUOTA_V1 = Path("/sys/fs/cgroup/cpu")  # cpu.cfs_quota_us ("-1": none), cpu.cfs_period_us
MAX_RESTARTS = 3  # workers replaced in one crawl before pages are read in the crawl process


# A link of a read page: (target, key, href, anchor, nofollow, section, block); target is the
# normalised URL, None when the href is not a usable URL, or "" when it is longer than the
# crawl's URL length limit (then href is cut short: `shortened`); key is the frontier's key for
# it (`url_key`, `invalid_href_key` or `too_long_key`); anchor is None when empty; block
# numbers the navigation container holding it (0: the content). A plain tuple: a page has
# dozens, and tuples cross the pipe several times faster than objects. A page's links are
# unique by (key, nofollow, section): the crawl records each once.
ReadLink = tuple[str | None, int, str, str | None, bool, str, int]


@dataclass(slots=True)
class ReadPage:
    """What the crawl keeps of a page: the recorded fields, the links to follow (of a 2xx
    page only) and the detectors' signals (None when the detectors are off)."""

    title: str | None
    h1: str | None
    meta_robots: str | None
    canonical: str | None
    word_count: int
    links: list[ReadLink]
    signals: Signals | None
    shell: str | None = None  # why it looks like a client-rendered app's shell (app_shell)
    links_dropped: int = 0  # links past the crawl's limit of links per page, not read


@dataclass(frozen=True, slots=True)
class LinkLimits:
    """What one page may add to a crawl: a hostile page's links are bounded in number and
    length before they are resolved, held or sent between processes."""

    max_links: int = 2000
    max_url_length: int = 2048


class PageUnreadable(RuntimeError):
    """The page could not be read: its reader failed on it, or died twice reading it."""


class Reader:
    """Reads pages for one crawl; keeps the link cache between pages."""

    def __init__(
        self, start_url: str, detector_settings: dict | None, limits: LinkLimits | None = None
    ) -> None:
        self.start_url = start_url
        self.limits = limits or LinkLimits()
        self.settings = (
            settings_from_mapping(detector_settings) if detector_settings is not None else None
        )
        self.links = LinkResolver()

    def read(
        self, body: bytes, encoding: str | None, url: str, status: int, headers: dict[str, str]
    ) -> ReadPage:
        page = parse_html(body, encoding)
        links = []
        dropped = 0
        if 200 <= status < 300:
            base = _base_of(url, page.base_href)
            links, dropped = self._links(page.links, base)
        found = None
        if self.settings is not None:
            found = signals(url, status, headers, page, self.start_url, self.settings)
        shell = shell_evidence(body, page.word_count) if 200 <= status < 300 else None
        if shell and found is not None:
            found.found["app_shell"] = shell
        return ReadPage(
            page.title,
            page.h1,
            page.meta_robots,
            page.canonical,
            page.word_count,
            links,
            found,
            shell=shell,
            links_dropped=dropped,
        )

    def _links(self, page_links: list, base: str) -> tuple[list[ReadLink], int]:
        """The page's links, unique, up to the limit, and how many were left out."""
        resolve = self.links.resolve
        max_links, max_length = self.limits.max_links, self.limits.max_url_length
        links: list[ReadLink] = []
        seen = set()
        for position, link in enumerate(page_links):
            if len(links) >= max_links:
                return links, len(page_links) - position
            href = link.href
            if len(href) > 4 * max_length:  # too long whatever it resolves to: not resolved
                target, key = "", too_long_key(href)
            else:
                try:
                    target, key = resolve(href, base)
                except InvalidURL:
                    target, key = None, invalid_href_key(href)
                if target and len(target) > max_length:
                    target, key, href = "", too_long_key(target), shortened(target, max_length)
            if (key, link.nofollow, link.section) in seen:
                continue
            seen.add((key, link.nofollow, link.section))
            if len(href) > max_length:
                href = shortened(href, max_length)
            anchor, section = link.anchor or None, link.section
            links.append((target, key, href, anchor, link.nofollow, section, link.block))
        return links, 0


def _base_of(url: str, base_href: str | None) -> str:
    """The URL the page's links are relative to: its <base href>, unless that is unusable
    (`<base href="a://[">` made urljoin raise, and the page's links were lost)."""
    if not base_href:
        return url
    try:
        return urljoin(url, base_href)
    except ValueError:
        return url


def cpu_quota() -> float | None:
    """A container's CPU quota in CPUs (cgroup v2, else v1), or None when it has none."""
    try:
        quota, period = CPU_QUOTA.read_text().split()[:2]
    except (OSError, ValueError):  # no cgroup v2: not Linux, or cgroup v1
        try:
            quota = (CPU_QUOTA_V1 / "cpu.cfs_quota_us").read_text().strip()
            period = (CPU_QUOTA_V1 / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        if quota in ("max", "-1"):
            return None
        return int(quota) / int(period)
    except (ValueError, ZeroDivisionError):
        return None


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, within a container's CPU quota
    (a container given 1.5 CPUs of a 16-core host has 2)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    quota = cpu_quota()
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return cores


def default_workers() -> int:
    """One worker when this process may use two cores or more, else none (and none on
    Windows, whose event loop cannot watch a pipe)."""
    if sys.platform == "win32":
        return 0
    return 1 if usable_cores() >= 2 else 0


class PageReaders:
    """Reads pages in one worker process (`workers` 1), or in this process (0): the crawl
    process, not the reading, is what limits a crawl with one worker."""

    def __init__(
        self,
        workers: int,
        start_url: str,
        detector_settings: dict | None,
        timeout: float = READ_TIMEOUT,
        limits: LinkLimits | None = None,
    ) -> None:
        self.use_worker = workers > 0
        self.arguments = (start_url, detector_settings, limits)
        self.local = Reader(start_url, detector_settings, limits)
        self.timeout = timeout
        self.worker: _Worker | None = None
        self.waiting: deque[_Job] = deque()
        self.sent: deque[_Job] = deque()  # with the worker, oldest first: it answers in order
        self.sent_bytes = 0
        self.watchdog: asyncio.TimerHandle | None = None  # on the oldest page sent
        self.restarts = 0  # workers that died (not those stopped for a slow page)

    async def read(
        self, body: bytes, encoding: str | None, url: str, status: int, headers: dict[str, str]
    ) -> ReadPage:
        arguments = (body, encoding, url, status, headers)
        if not self.use_worker:
            return self._read_here(arguments)
        job = _Job(arguments, asyncio.get_running_loop().create_future())
        self.waiting.append(job)
        self._send_next()
        return await job.future

    def _read_here(self, arguments: tuple) -> ReadPage:
        try:
            return self.local.read(*arguments)
        except Exception as error:  # a parser bug must not lose the page's record
            raise _unreadable(repr(error)) from error

    def _send_next(self) -> None:
        """Hand waiting pages to the worker, up to MAX_SENT pages and MAX_SENT_BYTES (what
        waits in this process's send buffer and in the pipe). Sending never blocks."""
        while self.waiting and len(self.sent) < MAX_SENT:
            job = self.waiting[0]
            if job.future.done():  # cancelled: the crawl is stopping
                self.waiting.popleft()
                continue
            if job.message is None:
                job.message = pickle.dumps(job.arguments, protocol=pickle.HIGHEST_PROTOCOL)
            if self.sent and self.sent_bytes + len(job.message) > MAX_SENT_BYTES:
                return
            if self.worker is None and not self._start_worker():
                return
            self.waiting.popleft()
            self.sent.append(job)
            self.sent_bytes += len(job.message)
            if len(self.sent) == 1:
                self._watch()
            self.worker.send(job.message)

    def _start_worker(self) -> bool:
        try:
            self.worker = _Worker(self.arguments, self._answered)
        except Exception as error:  # no process or pipe to be had: read here from now on
            logger.warning("cannot start a page reader process (%s); reading pages in the "
                           "crawl process", error)  # fmt: skip
            self._read_the_rest_here()
            return False
        return True

    def _answered(self) -> None:
        """The worker's answer is there (or it died): settle the oldest page, send more."""
        try:
            answer = self.worker.receive()
        except Exception:  # end of file: it died; anything else: it cannot be trusted
            self._died()
            return
        if answer is None:  # ready: the clock of the page it holds starts now
            self._watch()
            return
        ok, value = answer
        if not self.sent:  # an answer to nothing: it cannot be trusted
            self._died()
            return
        job = self.sent.popleft()
        self.sent_bytes -= len(job.message)
        self._watch()
        if not job.future.done():
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(_unreadable(value))
        self._send_next()

    def _watch(self) -> None:
        """Time the oldest page sent: the worker is reading it, or starting (its imports
        take a second on a busy machine, which is not the page's fault)."""
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        if self.sent and self.worker is not None:
            delay = self.timeout if self.worker.ready else max(self.timeout, START_TIMEOUT)
            loop = asyncio.get_running_loop()
            self.watchdog = loop.call_later(delay, self._too_slow, self.sent[0])

    def _too_slow(self, job: _Job) -> None:
        """A page that takes minutes to read would hold up every page after it: the worker is
        stopped, and the page recorded as unreadable (reading it again would take as long)."""
        self.watchdog = None
        if not self.sent or self.sent[0] is not job or self.worker is None:
            return
        if self.worker.answer_ready():  # it finished just now: _answered is about to run
            self._watch()
            return
        if not self.worker.ready:  # it never started: a death, the page is not to blame
            self.worker.process.kill()
            return
        job.failure = f"reading the page took more than {self.timeout:g} s: stopped"
        self.worker.stopped_slow = True  # no death: the next page is not to blame
        self.worker.process.kill()  # its answers pipe ends: _answered sees it die

    def _died(self) -> None:
        """The oldest page sent, if the worker had it, was being read: it gets one more try;
        the others go again."""
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        worker, self.worker = self.worker, None
        worker.stop(kill=True)  # dead already, or not to be trusted
        if self.sent and not worker.stopped_slow:
            # it had work: a death, whatever the cause (one that cannot even start counts too)
            self.restarts += 1
            if worker.ready and worker.holds() > 0:
                self.sent[0].tries += 1  # it was reading that page
        while self.sent:
            job = self.sent.pop()
            if job.tries > 1 and not job.failure:
                job.failure = "the page reader process died twice while reading this page"
            if job.failure:
                if not job.future.done():
                    job.future.set_exception(PageUnreadable(job.failure))
            else:
                self.waiting.appendleft(job)
        self.sent_bytes = 0
        if self.restarts > MAX_RESTARTS:
            logger.warning("page reader died %d times; reading pages in the crawl process",
                           self.restarts)  # fmt: skip
            self._read_the_rest_here()
            return
        logger.warning("page reader process stopped; starting a new one")
        self._send_next()

    def _read_the_rest_here(self) -> None:
        """No worker from now on: the waiting pages are read here, one per turn of the event
        loop, so that the crawl goes on between them."""
        self.use_worker = False
        loop = asyncio.get_running_loop()
        while self.waiting:
            loop.call_soon(self._settle_here, self.waiting.popleft())

    def _settle_here(self, job: _Job) -> None:
        if job.future.done():
            return
        if job.tries:  # it was being read when a worker died: not here, then
            job.future.set_exception(
                PageUnreadable("the page reader process died while reading this page")
            )
            return
        try:
            job.future.set_result(self._read_here(job.arguments))
        except PageUnreadable as error:
            job.future.set_exception(error)

    def close(self) -> None:
        """Stop the worker; pages still waiting are cancelled, later ones read here."""
        self.use_worker = False
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        for job in [*self.sent, *self.waiting]:
            if not job.future.done():
                job.future.cancel()
        self.waiting.clear()
        self.sent.clear()
        self.sent_bytes = 0
        if self.worker is not None:
            self.worker.stop(kill=True)  # what it holds is not wanted any more
            self.worker = None


def _unreadable(why: str) -> PageUnreadable:
    return PageUnreadable(f"the page could not be read: {why}"[:500])


@dataclass(slots=True)
class _Job:
    arguments: tuple
    future: asyncio.Future
    message: bytes | None = None  # the arguments, pickled
    tries: int = 0  # workers that died while reading it
    failure: str | None = None  # why it is given up on


WORKER_CODE = worker_code("gatewatch.crawler.page_reader")


class _Worker:
    """One page reader process (storage.pipe_worker) and its two pipes, watched by the event
    loop.

    Requests go out through a non-blocking pipe, the rest waiting in a buffer that the loop
    drains when the pipe has room: a send never blocks, so this process always reads the
    worker's answers and the two can never wait on each other.
    """

    def __init__(self, arguments: tuple, on_answer) -> None:
        self.loop = asyncio.get_running_loop()
        self.outgoing: deque[memoryview] = deque()  # what the pipe had no room for yet
        self.ends: deque[int] = deque()  # pieces of `outgoing` up to each message's end
        self.delivered = 0  # messages written whole (the first one is the settings)
        self.answered = 0
        self.ready = False  # it said so, once it had read its settings
        self.stopped_slow = False  # killed for a slow page, not dead
        self.writing = False
        self.broken = False
        self.process, self.requests, answers = start_worker(WORKER_CODE)
        self.answers = Connection(answers, writable=False)  # closes the descriptor from now on
        try:
            os.set_blocking(self.requests, False)
            _widen(self.requests, answers)
            self.loop.add_reader(answers, on_answer)
        except BaseException:  # no worker half set up: it would wait on its stdin for ever
            self.process.kill()
            self.process.wait()
            os.close(self.requests)
            self.answers.close()
            raise
        self.send(pickle.dumps(arguments))

    def send(self, message: bytes) -> None:
        """Queue one message (Connection's framing: its length, then its bytes)."""
        if self.broken:
            return  # the worker is gone: its answers pipe will say so
        self.outgoing.append(memoryview(struct.pack("!i", len(message))))
        self.outgoing.append(memoryview(message))
        self.ends.append(2)  # its two pieces
        self._write()

    def holds(self) -> int:
        """Pages the worker has received whole and not answered."""
        return self.delivered - 1 - self.answered

    def _write(self) -> None:
        while self.outgoing and not self.broken:
            try:
                written = os.write(self.requests, self.outgoing[0])
            except BlockingIOError:
                break
            except OSError:  # the worker died: keep reading the answers it left
                self.broken = True
                self.outgoing.clear()
                self.ends.clear()
                break
            if written == len(self.outgoing[0]):
                self.outgoing.popleft()
                self.ends[0] -= 1
                if not self.ends[0]:
                    self.ends.popleft()
                    self.delivered += 1
            else:
                self.outgoing[0] = self.outgoing[0][written:]
        waiting = bool(self.outgoing) and not self.broken
        if waiting != self.writing:
            if waiting:
                self.loop.add_writer(self.requests, self._write)
            else:
                self.loop.remove_writer(self.requests)
            self.writing = waiting

    def answer_ready(self) -> bool:
        try:
            return self.answers.poll()
        except OSError:
            return True  # end of file: _answered will see it

    def receive(self) -> tuple[bool, object] | None:
        """The next answer, or None for the worker's word that it is ready."""
        answer = receive(self.answers)
        if not self.ready:
            if answer != READY:
                raise ValueError(f"the page reader said {answer!r} before it was ready")
            self.ready = True
            return None
        self.answered += 1
        return answer

    def stop(self, kill: bool = False) -> None:
        """Stop the worker: at once (`kill`), or when it has read what it holds."""
        if kill:
            self.process.kill()
        self.loop.remove_reader(self.answers.fileno())
        if self.writing:
            self.loop.remove_writer(self.requests)
            self.writing = False
        os.close(self.requests)  # the worker reads end of file and exits
        self.answers.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _widen(*pipes: int) -> None:
    """Linux: 1 MB pipes, so that a page or an answer rarely needs more than one write."""
    try:
        import fcntl
    except ImportError:
        return
    for pipe in pipes:
        # over the user's pipe quota, the default size works too, in more writes
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, 1031, 1 << 20)  # F_SETPIPE_SZ


def serve(requests: Connection, answers: Connection) -> None:
    """The worker's loop: (start URL, detector settings, link limits) first, then one page
    at a time."""
    reader = Reader(*receive(requests))
    send(answers, READY)
    for arguments in requests_until_closed(requests):
        try:
            answer = (True, reader.read(*arguments))
        except Exception as error:
            answer = (False, repr(error)[:2000])
        send(answers, answer)


def main() -> None:
    """The worker process (started by _Worker)."""
    serve(*worker_pipes())
