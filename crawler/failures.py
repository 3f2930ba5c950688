"""A failed download in one line, for the record of a page, a sitemap or robots.txt."""

from __future__ import annotations

from twisted.internet.defer import CancelledError
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.web._newclient import ResponseNeverReceived


def describe_failure(failure, max_bytes: int) -> str:
    error = failure.value
    if isinstance(error, CancelledError):
        return f"download cancelled: larger than {max_bytes} bytes, or aborted"
    if isinstance(error, TimeoutError):
        return f"timeout: {error}"
    if isinstance(error, DNSLookupError):
        return "DNS lookup failed"
    if isinstance(error, ResponseNeverReceived):
        reasons = "; ".join(str(reason.value) for reason in error.reasons)
        return f"no response: {reasons}"[:500]
    return f"{error.__class__.__name__}: {error}"[:500]
