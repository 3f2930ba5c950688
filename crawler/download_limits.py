"""Bodies over a request's size limit: stopped with their status and headers kept.

Scrapy cancels a download over DOWNLOAD_MAXSIZE and the callback never sees the response, so
a 200 of 11 MB was recorded as "no status, the server did not answer". A request whose meta
has BODY_LIMIT is stopped at that many bytes instead (before Scrapy's own check, which stays
as a backstop), and reaches its callback with the status, the headers and either no body
(pages: they are not read, the record says why) or its first BODY_LIMIT bytes (KEEP_PARTIAL:
robots.txt, whose first 500 KiB search engines obey).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import StopDownload

BODY_LIMIT = "gatewatch_body_limit"  # request meta: bytes of body read at most
KEEP_PARTIAL = "gatewatch_keep_partial"  # request meta: keep the first BODY_LIMIT bytes
OVER_LIMIT = "gatewatch_over_limit"  # set on the request: the body's size when it was stopped
_RECEIVED = "gatewatch_received"


class BodyLimits:
    """Stops a body at its request's BODY_LIMIT and hands the response on, marked."""

    @classmethod
    def from_crawler(cls, crawler) -> BodyLimits:
        limits = cls()
        crawler.signals.connect(limits.headers_received, signal=signals.headers_received)
        crawler.signals.connect(limits.bytes_received, signal=signals.bytes_received)
        return limits

    def headers_received(self, headers, body_length, request, spider) -> None:
        meta = request.meta
        limit = meta.get(BODY_LIMIT)
        if not limit or not isinstance(body_length, int) or body_length <= limit:
            return
        if meta.get(KEEP_PARTIAL):
            if not headers.get(b"Content-Encoding"):  # read its first bytes, stopped below;
                meta["download_maxsize"] = 0  # an encoded body keeps the decompression bound
            return
        meta[OVER_LIMIT] = body_length
        raise StopDownload(fail=False)

    def bytes_received(self, data, request, spider) -> None:
        meta = request.meta
        limit = meta.get(BODY_LIMIT)
        if not limit:
            return
        received = meta.get(_RECEIVED, 0) + len(data)
        meta[_RECEIVED] = received
        if received > limit:
            meta[OVER_LIMIT] = received
            raise StopDownload(fail=False)


def body_not_read(response) -> str | None:
    """Why a page's body was not read: over its size limit, or cut short by the server."""
    over = response.meta.get(OVER_LIMIT)
    if over is not None:
        limit = response.meta[BODY_LIMIT]
        return f"body over the size limit ({over:,} bytes or more, limit {limit:,}): not read"
    if "dataloss" in response.flags:
        expected = response.headers.get(b"Content-Length", b"?").decode("latin-1")
        received = len(response.body)
        return f"body cut short by the server ({received:,} of {expected} bytes): not read"
    return None
