"""Mailing a report through a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, what
happens when the server is down, and that a failed mail is retried without crawling again."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy import func, select

from gatewatch.reports.mailer import (
    Attachment,
    DeliveryError,
    SmtpSettings,
    build_message,
    send_message,
)
from gatewatch.storage.database import open_database
from gatewatch.storage.deliveries import run_deliveries
from gatewatch.storage.models import runs
from tests.conftest import run_gatewatch
from tests.smtp_support import Inbox, free_port, smtp_server, smtp_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HOSTILE = '<script>alert("x")</script>'


def a_message(**overrides):
    arguments = {
        "subject": "shop.example: 3 new fix-now\nBcc: victim@example.com",
        "text": "3 new pages to fix now.\n",
        "html_body": '<html><body><p>3 new</p><img src="cid:trend"></body></html>',
        "sender": "gatewatch@example.com",
        "recipients": ["seo@example.com", "dev@example.com"],
        "images": [("trend", PNG)],
        "attachments": [
            Attachment("report.html", b"<html>full report</html>", "text/html"),
            Attachment("findings.csv", b"url,bucket\nhttps://x/,fix_now\n", "text/csv"),
        ],
    }
    return build_message(**{**arguments, **overrides})


def test_the_mail_arrives_with_both_bodies_the_image_and_the_attachments():
    with smtp_server() as (inbox, port):
        settings = SmtpSettings("127.0.0.1", port, "none", sender="gatewatch@example.com")
        assert send_message(a_message(), settings) == 1
        (received,) = inbox.wait_for(1)
    assert inbox.envelopes[0] == ("gatewatch@example.com", ["seo@example.com", "dev@example.com"])
    # a newline in the subject cannot add a header
    assert received["Subject"] == "shop.example: 3 new fix-now Bcc: victim@example.com"
    assert received["Bcc"] is None
    assert received["To"] == "seo@example.com, dev@example.com"
    assert received.get_content_type() == "multipart/mixed"
    assert received.get_body(("plain",)).get_content().strip() == "3 new pages to fix now."
    html_part = received.get_body(("html",))
    assert '<img src="cid:trend">' in html_part.get_content()
    related = next(part for part in received.walk() if part.get_content_type() == "image/png")
    assert related["Content-ID"] == "<trend>"
    assert related.get_content() == PNG
    attachments = {
        part.get_filename(): part.get_payload(decode=True) for part in received.iter_attachments()
    }
    assert attachments["report.html"] == b"<html>full report</html>"
    assert attachments["findings.csv"] == b"url,bucket\nhttps://x/,fix_now\n"


def test_attachments_over_the_limit_are_left_out_with_a_note_saying_where_they_are():
    big = Attachment("report.html", b"x" * 5000, "text/html", saved_at=f"/srv/{HOSTILE}.html")
    message = a_message(attachments=[big], attachment_limit=1000)
    assert list(message.iter_attachments()) == []
    assert (
        "report.html (0.0 MB) is too large to attach" in message.get_body(("plain",)).get_content()
    )
    assert f"/srv/{HOSTILE}.html" in message.get_body(("plain",)).get_content()
    html_body = message.get_body(("html",)).get_content()
    assert "&lt;script&gt;" in html_body
    assert HOSTILE not in html_body


def test_a_dead_server_is_retried_with_backoff_then_reported():
    waits: list[float] = []
    settings = SmtpSettings("127.0.0.1", free_port(), "none", attempts=3, retry_seconds=2)
    with pytest.raises(DeliveryError) as raised:
        send_message(a_message(), settings, sleep=waits.append)
    assert waits == [2, 4]
    assert raised.value.attempts == 3
    assert "after 3 attempts" in str(raised.value)
    assert "ConnectionRefusedError" in str(raised.value)


def test_login_uses_the_password_from_the_named_environment_variable(monkeypatch):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticator,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    try:
        settings = SmtpSettings(
            "127.0.0.1", port, "none", "bot", "GATEWATCH_TEST_SMTP_PASSWORD", timeout=10
        )
        with pytest.raises(DeliveryError, match="GATEWATCH_TEST_SMTP_PASSWORD"):
            send_message(a_message(), settings)  # not set: says which variable
        monkeypatch.setenv("GATEWATCH_TEST_SMTP_PASSWORD", "wrong")
        with pytest.raises(DeliveryError, match="refused the login of 'bot'"):
            send_message(a_message(), settings)
        monkeypatch.setenv("GATEWATCH_TEST_SMTP_PASSWORD", "s3cret")
        send_message(a_message(), settings)
        inbox.wait_for(1)
    finally:
        controller.stop()
    assert logins[-1] == (b"bot", b"s3cret")
    assert len(inbox.messages) == 1


def write_config(folder: Path, database_url: str, base_url: str, smtp_port: int) -> Path:
    path = folder / "gatewatch.toml"
    path.write_text(
        smtp_settings(smtp_port)
        + f"""attempts = 2
retry_seconds = 0.1
[[sites]]
name = "fixture"
start_url = "{base_url}/"
schedule = "weekly on monday at 06:00"
max_pages = 25
exclude = ["slow", "busy"]
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.crawl
def test_a_failed_mail_is_recorded_and_retried_without_crawling_again(
    tmp_path, database_url, fixture_server
):
    slot = "2026-11-23T06:00:00+00:00"
    environment = {"GATEWATCH_DATABASE_URL": database_url}
    dead_port = free_port()
    config = write_config(tmp_path, database_url, fixture_server.base_url, dead_port)
    failed = run_gatewatch(
        "run", "fixture", "--config", str(config), "--scheduled-for", slot,
        check=False, env=environment,
    )  # fmt: skip
    assert failed.returncode != 0
    assert "could not send mail" in failed.stderr
    assert "--scheduled-for" in failed.stderr
    engine = open_database(database_url)
    with engine.connect() as connection:
        run_id = connection.execute(select(runs.c.id)).scalar_one()
    (delivery,) = run_deliveries(engine, run_id)
    assert delivery.status == "failed"
    assert delivery.attempts == 2
    assert Path(delivery.report_path).is_file()  # the report stays on disk
    assert fixture_server.base_url in Path(delivery.report_path).read_text(encoding="utf-8")

    with smtp_server() as (inbox, port):
        config.write_text(config.read_text().replace(str(dead_port), str(port)))
        retried = run_gatewatch(
            "run", "fixture", "--config", str(config), "--scheduled-for", slot, env=environment
        )
        again = run_gatewatch(
            "run", "fixture", "--config", str(config), "--scheduled-for", slot, env=environment
        )
        assert len(inbox.wait_for(1)) == 1
        resent = run_gatewatch(
            "run", "fixture", "--config", str(config), "--resend", env=environment
        )
        messages = inbox.wait_for(2)
    assert "already crawled" in retried.stdout
    assert "already mailed" in again.stdout
    assert "mail sent" in resent.stdout  # asked for explicitly: the latest report, no crawl
    assert len(messages) == 2
    attached = [part.get_filename() for part in messages[0].iter_attachments()]
    assert attached
    assert attached[0].endswith(f"-run{run_id}.html")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(runs)).scalar_one() == 1
    statuses = [delivery.status for delivery in run_deliveries(engine, run_id)]
    assert statuses == ["failed", "sent", "sent"]
    engine.dispose()
