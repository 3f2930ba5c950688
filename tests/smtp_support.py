"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, keeping what it received."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import closing, contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.waiting import wait_until


def free_port() -> int:
    """aiosmtpd cannot bind port 0: ask the system for a free port first."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: every message received, parsed, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 120) -> list[EmailMessage]:
        """Wait until `count` messages arrived (a bound for a hung test, not a timed assert)."""
        wait_until(
            lambda: len(self.messages) >= count,
            timeout,
            message=f"{count} message(s) expected, {len(self.messages)} arrived",
        )
        return self.messages


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_settings(port: int) -> str:
    """The config lines that mail a site's report to this test server on `port`: the
    recipients and an [smtp] table left open, so that more smtp keys may follow."""
    return (
        'recipients = ["team@example.com"]\n[smtp]\nhost = "127.0.0.1"\n'
        f'port = {port}\nsecurity = "none"\nfrom = "gatewatch@example.com"\n'
    )
