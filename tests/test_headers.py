"""Response headers that change what a status means."""

from datetime import UTC, datetime

from gatewatch.crawler.headers import auth_challenge, retry_after_seconds


def test_basic_challenge_gives_scheme_and_realm():
    assert auth_challenge('Basic realm="Members area", charset="UTF-8"') == (
        "Basic",
        "Members area",
    )
    assert auth_challenge("Bearer realm=api") == ("Bearer", "api")
    assert auth_challenge("Negotiate") == ("Negotiate", None)
    assert auth_challenge("") == (None, None)


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Thu, 01 Jan 2026 12:05:00 GMT", now) == 300
    assert retry_after_seconds("soon") is None
