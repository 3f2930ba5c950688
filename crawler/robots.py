"""robots.txt: what the crawl may fetch, and the Sitemap: lines it announces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from protego import Protego

# Google's limit: "content which is after the maximum file size is ignored"
# (developers.google.com/search/docs/crawling-indexing/robots/robots_txt)
ROBOTS_MAX_BYTES = 500 * 1024


@dataclass
class RobotsFile:
    """The site's robots.txt as fetched: its status, body and the rules read from it.

    A robots.txt that is missing (4xx) or could not be fetched allows everything, as
    search engines treat it; a 5xx is also treated as allow-all here but recorded, so a
    report can say that Google would have stopped crawling.
    """

    url: str
    status: int | None = None
    body: str = ""
    error: str | None = None
    _rules: Protego | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, url: str, status: int | None, body: bytes, error: str | None = None):
        if len(body) > ROBOTS_MAX_BYTES:  # Google obeys the first 500 KiB, whole lines only
            body = body[: body.rfind(b"\n", 0, ROBOTS_MAX_BYTES) + 1]
            error = error or f"over {ROBOTS_MAX_BYTES:,} bytes: the lines after are ignored"
        text = body.decode("utf-8", "replace") if body else ""
        robots = cls(url=url, status=status, body=text, error=error)
        if status is not None and 200 <= status < 300:
            robots._rules = Protego.parse(text)
        return robots

    @property
    def body_hash(self) -> str | None:
        if self.status is None:
            return None
        return hashlib.sha256(self.body.encode()).hexdigest()

    def allows(self, url: str, user_agent: str) -> bool:
        return self._rules is None or self._rules.can_fetch(url, user_agent)

    def sitemaps(self) -> list[str]:
        return list(self._rules.sitemaps) if self._rules is not None else []

    def crawl_delay(self, user_agent: str) -> float | None:
        return self._rules.crawl_delay(user_agent) if self._rules is not None else None
