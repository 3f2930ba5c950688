"""Real `gatewatch worker` and `gatewatch scheduler --broker` processes for the worker tests,
on the real broker (RabbitMQ here and in CI), each on a queue of its own."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from tests.waiting import wait_until

BROKER = os.environ.get("GATEWATCH_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672//")
WAIT = 240  # seconds: a bound for a hung process, not a timed assertion


def new_queue() -> str:
    return f"gatewatch-test-{uuid.uuid4().hex[:10]}"


def delete_queue(queue: str) -> None:
    from kombu import Connection

    with Connection(BROKER) as connection:
        connection.default_channel.queue_delete(queue)


def queued_messages(queue: str) -> int:
    from kombu import Connection

    with Connection(BROKER) as connection:
        return connection.default_channel.queue_declare(queue, passive=True).message_count


class GatewatchProcess:
    """A long-running gatewatch command in its own process group, its output kept."""

    def __init__(self, arguments: list[str], database_url: str, queue: str) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.cli.main", *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its jobs and crawls too: killed together, as a machine
            env={
                **os.environ,
                "GATEWATCH_DATABASE_URL": database_url,
                "GATEWATCH_BROKER_URL": BROKER,
                "GATEWATCH_QUEUE": queue,
            },
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str) -> str:
        def line_with_text() -> str | None:
            found = next((line for line in list(self.lines) if text in line), None)
            if found is None and self.process.poll() is not None and not self.reader.is_alive():
                raise AssertionError(f"no line with {text!r}; output:\n{self.output()}")
            return found

        return wait_until(line_with_text, WAIT, message=f"no line with {text!r}")

    def kill_everything(self) -> None:
        """SIGKILL the process and all it started, as when its machine is lost."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                return self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        self.kill_everything()
        return self.process.returncode


def start_worker(config: Path, database_url: str, queue: str, name: str, concurrency: int = 2):
    worker = GatewatchProcess(
        ["worker", "--config", str(config), "--concurrency", str(concurrency), "--name", name],
        database_url,
        queue,
    )
    worker.wait_for_line("ready")
    return worker


def start_scheduler(config: Path, database_url: str, queue: str) -> GatewatchProcess:
    """As docker-compose.yml runs it: $GATEWATCH_BROKER_URL puts it in worker mode."""
    return GatewatchProcess(["scheduler", "--config", str(config)], database_url, queue)
