"""Reading the response headers a crawl records: auth challenges, Retry-After, X-Robots-Tag."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_REALM = re.compile(r"""realm\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))""", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def header(headers, name: str, limit: int = 2000) -> str | None:
    """One header's values joined by ', ', decoded leniently, or None when absent."""
    values = headers.getlist(name)
    if not values:
        return None
    text = ", ".join(value.decode("latin-1") for value in values)
    return text[:limit]


def redirect_location(headers, limit: int = 2000) -> tuple[str | None, str | None]:
    """(Location, why it cannot be followed). Its bytes are read as UTF-8 first, as browsers
    do, else as latin-1. Two different Location headers are a broken redirect: which one the
    site meant cannot be told, and Chrome refuses such a response too
    (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION); repeats of one value are one Location."""
    found = (_utf8_first(value).strip() for value in headers.getlist("Location"))
    values = list(dict.fromkeys(found))
    if not values:
        return None, None
    if len(values) > 1:
        problem = f"{len(values)} different Location headers: a broken redirect, not followed"
        return " | ".join(values)[:limit], problem
    return values[0][:limit], None


def _utf8_first(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def auth_challenge(www_authenticate: str | None) -> tuple[str | None, str | None]:
    """(scheme, realm) of the first challenge of a WWW-Authenticate header."""
    if not www_authenticate or not www_authenticate.strip():
        return None, None
    scheme = www_authenticate.strip().split(None, 1)[0].rstrip(",")
    match = _REALM.search(www_authenticate)
    realm = None
    if match:
        realm = match.group(1) if match.group(1) is not None else match.group(2)
    return scheme[:40], realm


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait according to Retry-After (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true, and float("²") fails
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


def is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return body[:256].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def header_map(headers) -> dict[str, str]:
    """All of a response's headers, names in lower case, repeated values joined by ", "."""
    return {
        name.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for name, values in headers.items()
    }
