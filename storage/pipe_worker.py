"""A worker process that takes requests on its stdin and answers on its stdout.

The crawl runs two: the page reader (crawler.page_reader) and the writer process
(storage.write_process). Both start the same way and speak the same protocol:

- The worker is `python -P -c CODE`, CODE importing this project from where the crawl process
  did (`worker_code`): -P keeps the current directory, which may hold a `crawler/` or a
  `struct.py` of its own, out of sys.path. It runs in its own process group: Ctrl-C and a
  service stop are for the crawl process, which stops it.
- Messages are pickled and framed as multiprocessing's Connection frames them (their length,
  then their bytes). The first request sets the worker up; its first answer is READY, or why it
  could not start. The worker stops at the end of its input: the crawl closes the pipe.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection

READY = "ready"  # a worker's first answer, once it has read its settings


def worker_code(module: str) -> str:
    """The worker's command: `module`'s main(), imported from the installed package."""
    return f"from {module} import main; main()"


def start_worker(code: str) -> tuple[subprocess.Popen, int, int]:
    """Start a worker running `code`: the process, and file descriptors of its stdin (to write
    requests to) and its stdout (to read answers from), which the caller closes."""
    process = subprocess.Popen(
        [sys.executable, "-P", "-c", code],  # -P: not the current directory
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        process_group=0,
    )
    try:
        requests = os.dup(process.stdin.fileno())
        try:
            answers = os.dup(process.stdout.fileno())
        except BaseException:
            os.close(requests)
            raise
    except BaseException:  # no worker half set up: it would wait on its stdin for ever
        process.kill()
        process.wait()
        raise
    finally:
        process.stdin.close()
        process.stdout.close()
    return process, requests, answers


def send(connection: Connection, message: object) -> None:
    connection.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def receive(connection: Connection) -> object:
    """The next message; EOFError at the end of the pipe."""
    return pickle.loads(connection.recv_bytes())


# ---- the worker's side


def worker_pipes() -> tuple[Connection, Connection]:
    """In the worker: its requests and answers pipes. Ctrl-C is left to the crawl process,
    and a stray print goes to stderr, where it cannot corrupt the answers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    return requests, answers


def requests_until_closed(requests: Connection) -> Iterator[object]:
    """The requests, one at a time, until the crawl process closes the pipe."""
    while True:
        try:
            message = requests.recv_bytes()
        except EOFError:
            return
        yield pickle.loads(message)
