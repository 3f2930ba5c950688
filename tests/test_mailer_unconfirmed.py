"""An SMTP server that takes the whole message and never confirms it (issue 17): the report
was sent 3 times, then a 4th time on retry. A mail whose delivery is unknown is recorded as
unconfirmed and not sent again unless asked (--resend)."""

from __future__ import annotations

import asyncio

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from gatewatch.storage.database import open_database
from gatewatch.storage.deliveries import run_deliveries
from gatewatch.storage.models import runs
from tests.conftest import run_gatewatch
from tests.hostile.server import serve_hostile
from tests.hostile.traps_basic import TRAPS as BASIC_TRAPS
from tests.smtp_support import free_port, smtp_settings

SLOT = "2026-11-23T06:00:00+00:00"


class SilentAfterData:
    """Receives each message, then keeps the client waiting past its timeout."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received += 1
        await asyncio.sleep(4)
        return "250 OK"


def _config(tmp_path, base_url: str, port: int):
    path = tmp_path / "gatewatch.toml"
    path.write_text(
        smtp_settings(port)
        + f"""timeout = 1
attempts = 3
retry_seconds = 0.1
[[sites]]
name = "basic"
start_url = "{base_url}/basic/"
schedule = "weekly on monday at 06:00"
max_pages = 5
""",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.slow
def test_a_mail_the_server_never_confirms_is_sent_once_and_not_again_on_retry(tmp_path):
    database = str(tmp_path / "gatewatch.db")
    handler = SilentAfterData()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with serve_hostile(BASIC_TRAPS) as server:
            config = _config(tmp_path, server.base_url, port)
            arguments = ("run", "basic", "--config", config, "--db", database)
            first = run_gatewatch(*arguments, "--scheduled-for", SLOT, check=False)
            retried = run_gatewatch(*arguments, "--scheduled-for", SLOT, check=False)
    finally:
        controller.stop()
    assert "Traceback" not in first.stderr + retried.stderr
    assert first.returncode != 0
    assert "did not confirm" in first.stderr
    assert "--resend" in first.stderr
    assert retried.returncode == 0
    assert "never confirmed" in retried.stdout
    assert "--resend" in retried.stdout
    assert handler.received == 1
    engine = open_database(database)
    with engine.connect() as connection:
        run_id = connection.execute(select(runs.c.id)).scalar_one()
    statuses = [delivery.status for delivery in run_deliveries(engine, run_id)]
    engine.dispose()
    assert statuses == ["unconfirmed"]
