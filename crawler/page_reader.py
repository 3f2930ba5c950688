"""Reading a fetched HTML page: one parse, its links resolved, the detectors' signals.

This is most of a crawl's CPU per page, and none of it needs the crawl's state. When the
machine has a core to spare, it runs in a worker process (`python -m crawler.page_reader`)
while the crawl process downloads and records: the two overlap. With no worker, pages are
read in the crawl process, the same way.

Pages go to the worker over its stdin, as many as its pipe holds so that sending never
blocks, and their readings come back in order on its stdout: the crawl's event loop wakes
when one is there. No thread: a process pool's threads, pickling beside Scrapy's loop, fight
it for the GIL and cost as much as the worker saves.

A worker that dies (a hostile page that exhausts its memory, a signal) is replaced and the
page it was reading is read again by the new one; a page that kills two workers is recorded
with an error instead, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from urllib.parse import urljoin

from crawler.detectors import Signals, signals
from crawler.detectors.settings import settings_from_mapping
from crawler.parse import parse_html
from crawler.urls import InvalidURL, LinkResolver

logger = logging.getLogger(__name__)

PIPE_BYTES = 1 << 20  # Linux lets a process size its pipes up to 1 MB
SMALL_PIPE_BYTES = 16 << 10  # the least a pipe holds elsewhere
F_SETPIPE_SZ, F_GETPIPE_SZ = 1031, 1032
FRAME_BYTES = 16  # a message's length header, and a margin
MAX_SENT = 16  # pages sent to the worker and not yet answered
READ_TIMEOUT = 60.0  # seconds a page may take to read; a 10 MB page takes a few
MAX_RESTARTS = 3  # workers replaced in one crawl before pages are read in the crawl process


# A link of a read page: (target, href, anchor, nofollow, section); target is the normalised
# URL, or None when the href is not a usable URL. A plain tuple: a page has dozens, and
# tuples cross the pipe several times faster than objects.
ReadLink = tuple[str | None, str, str, bool, str]


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


class PageUnreadable(RuntimeError):
    """The page could not be read: its reader failed on it, or died twice reading it."""


class Reader:
    """Reads pages for one crawl; keeps the link cache between pages."""

    def __init__(self, start_url: str, detector_settings: dict | None) -> None:
        self.start_url = start_url
        self.settings = (
            settings_from_mapping(detector_settings) if detector_settings is not None else None
        )
        self.links = LinkResolver()

    def read(
        self, body: bytes, encoding: str | None, url: str, status: int, headers: dict[str, str]
    ) -> ReadPage:
        page = parse_html(body, encoding)
        links = []
        if 200 <= status < 300:
            base = urljoin(url, page.base_href) if page.base_href else url
            resolve = self.links.resolve
            for link in page.links:
                try:
                    target = resolve(link.href, base)
                except InvalidURL:
                    target = None
                links.append((target, link.href, link.anchor, link.nofollow, link.section))
        found = None
        if self.settings is not None:
            found = signals(url, status, headers, page, self.start_url, self.settings)
        return ReadPage(
            page.title, page.h1, page.meta_robots, page.canonical, page.word_count, links, found
        )


def default_workers() -> int:
    """One worker when this process may use two cores or more, else none (and none on
    Windows, whose event loop cannot watch a pipe)."""
    if sys.platform == "win32":
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return 1 if cores >= 2 else 0


class PageReaders:
    """Reads pages in a worker process (`workers` 1), or in this process (0)."""

    def __init__(
        self,
        workers: int,
        start_url: str,
        detector_settings: dict | None,
        timeout: float = READ_TIMEOUT,
    ) -> None:
        self.use_worker = workers > 0
        self.arguments = (start_url, detector_settings)
        self.local = Reader(start_url, detector_settings)
        self.timeout = timeout
        self.worker: _Worker | None = None
        self.waiting: deque[_Job] = deque()
        self.sent: deque[_Job] = deque()  # with the worker, oldest first: it answers in order
        self.sent_bytes = 0
        self.watchdog: asyncio.TimerHandle | None = None  # on the oldest page sent
        self.restarts = 0

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
            raise PageUnreadable(f"the page could not be read: {error!r}"[:500]) from error

    def _send_next(self) -> None:
        """Send waiting pages while they fit in the pipe, so that a send never blocks: the
        worker may be blocked writing answers that this process has not read yet. A page
        larger than the pipe goes alone, when the worker has nothing else to do."""
        while self.waiting and len(self.sent) < MAX_SENT:
            job = self.waiting[0]
            if job.future.done():  # cancelled: the crawl is stopping
                self.waiting.popleft()
                continue
            if job.message is None:
                job.message = pickle.dumps(job.arguments, protocol=pickle.HIGHEST_PROTOCOL)
            if self.worker is None:
                self.worker = _Worker(self.arguments, self._answered)
            size = len(job.message) + FRAME_BYTES
            if self.sent and self.sent_bytes + size > self.worker.pipe_bytes:
                return
            self.waiting.popleft()
            self.sent.append(job)
            self.sent_bytes += size
            if len(self.sent) == 1:
                self._watch()
            try:
                self.worker.send(job.message)
            except OSError:
                self._died()
                return

    def _answered(self) -> None:
        """The worker's answer is there (or it died): settle the oldest page, send more."""
        try:
            ok, value = self.worker.receive()
        except Exception:  # end of file: it died; anything else: it cannot be trusted
            self._died()
            return
        job = self.sent.popleft()
        self.sent_bytes -= len(job.message) + FRAME_BYTES
        self._watch()
        if not job.future.done():
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(PageUnreadable(f"the page could not be read: {value}"))
        self._send_next()

    def _watch(self) -> None:
        """Time the oldest page sent: the worker is reading it."""
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        if self.sent:
            loop = asyncio.get_running_loop()
            self.watchdog = loop.call_later(self.timeout, self._too_slow, self.sent[0])

    def _too_slow(self, job: _Job) -> None:
        """A page that takes minutes to read would hold up every page after it: the worker is
        stopped, and the page recorded as unreadable (reading it again would take as long)."""
        self.watchdog = None
        if self.sent and self.sent[0] is job and self.worker is not None:
            job.failure = f"reading the page took more than {self.timeout:g} s: stopped"
            self.worker.process.kill()  # its answers pipe ends: _answered sees it die

    def _died(self) -> None:
        """The oldest page sent was being read: it gets one more try, the others go again."""
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        self.worker.stop()
        self.worker = None
        self.restarts += 1
        if self.sent:
            self.sent[0].tries += 1
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
            self.use_worker = False
            while self.waiting:
                job = self.waiting.popleft()
                if job.future.done():
                    continue
                if job.tries:  # it was being read when a worker died: not here, then
                    job.future.set_exception(
                        PageUnreadable("the page reader process died while reading this page")
                    )
                    continue
                try:
                    job.future.set_result(self._read_here(job.arguments))
                except PageUnreadable as error:
                    job.future.set_exception(error)
            return
        logger.warning("page reader process died; starting a new one")
        self._send_next()

    def close(self) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        for job in [*self.sent, *self.waiting]:
            if not job.future.done():
                job.future.cancel()
        self.waiting.clear()
        self.sent.clear()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


@dataclass(slots=True)
class _Job:
    arguments: tuple
    future: asyncio.Future
    message: bytes | None = None  # the arguments, pickled
    tries: int = 0  # workers that died while reading it
    failure: str | None = None  # why it is given up on


class _Worker:
    """One `python -m crawler.page_reader` process and its two pipes, watched by the loop."""

    def __init__(self, arguments: tuple, on_answer) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crawler.page_reader"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.loop = asyncio.get_running_loop()
        self.pipe_bytes = SMALL_PIPE_BYTES  # what the pipe to the worker surely holds
        import fcntl  # not on Windows, where no worker is started

        for pipe in (self.requests, self.answers):
            with contextlib.suppress(OSError):  # Linux: room for more pages in flight
                fcntl.fcntl(pipe.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
        with contextlib.suppress(OSError):
            self.pipe_bytes = fcntl.fcntl(self.requests.fileno(), F_GETPIPE_SZ)
        self.loop.add_reader(self.answers.fileno(), on_answer)
        self.send(pickle.dumps(arguments))

    def send(self, message: bytes) -> None:
        self.requests.send_bytes(message)

    def receive(self) -> tuple[bool, object]:
        return pickle.loads(self.answers.recv_bytes())

    def stop(self) -> None:
        self.loop.remove_reader(self.answers.fileno())
        self.requests.close()  # the worker reads end of file and exits
        self.answers.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(requests: Connection, answers: Connection) -> None:
    """The worker's loop: (start URL, detector settings) first, then one page at a time."""
    reader = Reader(*pickle.loads(requests.recv_bytes()))
    while True:
        try:
            arguments = pickle.loads(requests.recv_bytes())
        except EOFError:
            return
        try:
            answer = (True, reader.read(*arguments))
        except Exception as error:
            answer = (False, repr(error)[:500])
        answers.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl process's to handle
    requests_in = Connection(os.dup(0), writable=False)
    answers_out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    serve(requests_in, answers_out)


if __name__ == "__main__":
    # through the module's own name: what it sends back must unpickle as crawler.page_reader's
    from crawler.page_reader import main as run_worker

    run_worker()
