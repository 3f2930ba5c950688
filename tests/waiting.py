"""Waiting for what another process or thread does: one helper instead of a poll loop per test.

The timeout bounds a test whose process hung; it is never a timed assertion, so it stays
generous (a loaded machine may be ten times slower than a quiet one)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

WAIT = 120  # seconds: a bound for a hung process, not a timed assertion


def wait_until(
    predicate: Callable[[], T],
    timeout: float = WAIT,
    interval: float = 0.1,
    message: str = "the condition never held",
    process: subprocess.Popen | None = None,
) -> T:
    """Call `predicate` every `interval` seconds until it returns something true; return that.

    Fails with `message` once `timeout` seconds have passed, or as soon as `process` (the one
    expected to make the predicate true) has ended without making it true."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if process is not None and process.poll() is not None:
            value = predicate()  # it may have done it just before ending
            if value:
                return value
            raise AssertionError(f"{message}: the process ended with {process.returncode}")
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message} (gave up after {timeout:g} s)")
        time.sleep(interval)
