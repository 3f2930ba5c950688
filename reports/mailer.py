"""Mail a report: a summary as text + HTML (images inline by CID), the full HTML report and the
findings CSV attached, over SMTP with STARTTLS or TLS, retried with backoff."""

from __future__ import annotations

import html
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

SECURITY_MODES = ("starttls", "tls", "none")
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024  # most servers refuse mails over 10-25 MB


class DeliveryError(RuntimeError):
    """The mail could not be sent; the message says why and what was tried."""

    def __init__(self, message: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


class DeliveryUnconfirmed(DeliveryError):
    """The server took the whole message and never answered: it may have been delivered, so
    it is not sent again blindly (a retry could be the 2nd, 3rd... copy in the inbox)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # one of SECURITY_MODES
    username: str | None = None
    password_env: str | None = None  # the password is read from this environment variable
    sender: str = "gatewatch@localhost"
    timeout: float = 30.0
    attempts: int = 3  # tries before giving up...
    retry_seconds: float = 30.0  # ...waiting this long, then twice as long, between them

    def password(self) -> str | None:
        if not self.password_env:
            return None
        value = os.environ.get(self.password_env)
        if value is None:
            raise DeliveryError(
                f"the SMTP password is read from ${self.password_env}, which is not set"
            )
        return value


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str  # e.g. "text/html"
    saved_at: str | None = None  # where the file is on disk, named when it is too big to attach


def build_message(
    subject: str,
    text: str,
    html_body: str,
    sender: str,
    recipients: Sequence[str],
    images: Sequence[tuple[str, bytes]] = (),
    attachments: Sequence[Attachment] = (),
    attachment_limit: int = DEFAULT_ATTACHMENT_LIMIT,
) -> EmailMessage:
    """A multipart message: text and HTML alternatives, the HTML's images as related parts
    (referenced as cid:NAME), then the attachments that fit within `attachment_limit` bytes
    in all; the ones that do not are named in a note with where they are saved."""
    fitting, left_out, total = [], [], 0
    for attachment in attachments:
        if total + len(attachment.content) <= attachment_limit:
            fitting.append(attachment)
            total += len(attachment.content)
        else:
            left_out.append(attachment)
    if left_out:
        text, html_body = _with_note(text, html_body, left_out, attachment_limit)
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())  # no header injection through newlines
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="gatewatch")
    message.set_content(text)
    message.add_alternative(html_body, subtype="html")
    html_part = message.get_payload()[1]
    for content_id, png in images:
        html_part.add_related(png, "image", "png", cid=f"<{content_id}>")
    for attachment in fitting:  # as bytes (base64): files arrive exactly as saved
        maintype, subtype = attachment.mime_type.split("/", 1)
        message.add_attachment(attachment.content, maintype, subtype, filename=attachment.filename)
    return message


def _with_note(
    text: str, html_body: str, left_out: list[Attachment], limit: int
) -> tuple[str, str]:
    lines = [
        f"{item.filename} ({len(item.content) / 1_048_576:.1f} MB) is too large to attach "
        f"(limit {limit / 1_048_576:.1f} MB)"
        + (f"; it is saved at {item.saved_at}" if item.saved_at else "")
        for item in left_out
    ]
    note_html = "".join(f"<p>{html.escape(line)}.</p>" for line in lines)
    text = text.rstrip("\n") + "\n\n" + "\n".join(line + "." for line in lines) + "\n"
    if "</body>" in html_body:
        html_body = html_body.replace("</body>", note_html + "</body>", 1)
    else:
        html_body += note_html
    return text, html_body


def send_message(
    message: EmailMessage,
    settings: SmtpSettings,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send, retrying with exponential backoff; returns the number of attempts it took.
    Raises DeliveryError after the last failed attempt. Refused recipients are not retried."""
    password = settings.password()
    attempts = max(1, settings.attempts)
    last_error: Exception | None = None
    for attempt in range(1, attempts + 1):
        clients: list[_Tracked] = []
        try:
            _send_once(message, settings, password, clients)
            return attempt
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(
                f"the SMTP server refused the recipients: {error}", attempt
            ) from None
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryError(
                f"the SMTP server refused the login of {settings.username!r}: {error}", attempt
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            answered = isinstance(error, smtplib.SMTPResponseException)  # refused: retry
            if clients and clients[0].message_sent and not answered:
                raise DeliveryUnconfirmed(
                    f"{settings.host}:{settings.port} took the whole message but did not "
                    f"confirm it ({error.__class__.__name__}: {error}); it may have been "
                    "delivered, so it was not sent again",
                    attempt,
                ) from None
            last_error = error
            if attempt < attempts:
                sleep(settings.retry_seconds * 2 ** (attempt - 1))
    where = f"{settings.host}:{settings.port} ({settings.security})"
    raise DeliveryError(
        f"could not send mail through {where} after {attempts} attempts: "
        f"{last_error.__class__.__name__}: {last_error}",
        attempts,
    )


class _Tracked(smtplib.SMTP):
    """Notes when the message itself has gone out (its closing dot sent): a lost answer after
    that leaves the delivery unknown, not failed."""

    message_sent = False

    def send(self, s) -> None:
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.message_sent = True


class _TrackedSSL(_Tracked, smtplib.SMTP_SSL):
    pass


def _send_once(
    message: EmailMessage, settings: SmtpSettings, password: str | None, clients: list[_Tracked]
) -> None:
    """`clients` receives the connection, for the caller to see how far it got."""
    context = ssl.create_default_context()
    if settings.security == "tls":
        client: _Tracked = _TrackedSSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        client = _Tracked(settings.host, settings.port, timeout=settings.timeout)
    clients.append(client)
    try:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, password or "")
        client.send_message(message)
    finally:
        try:  # the message was accepted (or not) before this: a QUIT lost is no failure
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
