"""What the fifth fresh side's harvesters share: a browser-like session (cookies, a language),
a GET or POST that follows redirects and says where it ended, and the rule for keeping a page
(in another language only where its text differs from the English page's; once where two
requests of one language give the same text)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.request

from bench.harvest.core import Page


def session(language: str = "en") -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", language),
    ]
    return opener


def get(
    opener: urllib.request.OpenerDirector,
    url: str,
    data: bytes | None = None,
    headers: dict | None = None,
) -> tuple[int, str, str, bytes]:
    """(status, the URL answered after redirects, content type, body)."""
    request = urllib.request.Request(url, data, headers=dict(headers or {}))
    try:
        with opener.open(request, timeout=120) as response:
            return (
                response.status,
                response.geturl(),
                response.headers.get("Content-Type", ""),
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.geturl(), error.headers.get("Content-Type", ""), error.read()


def text(body: bytes, noise: str = "") -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles; `noise` (a
    pattern) removes what changes at every request (tracking numbers, tokens)."""
    seen = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body).decode("utf-8", "replace")
    if noise:
        seen = re.sub(noise, " ", seen)
    return " ".join(seen.split())


class Kept:
    """The pages kept for one group and source."""

    def __init__(self, group: str, source: str, noise: str = "") -> None:
        self.group, self.source, self.noise = group, source, noise
        self.pages: list[Page] = []
        self.english: dict[str, str] = {}
        self.seen: dict[str, set[str]] = {}
        self.left_out: list[str] = []

    def keep(self, name, language, body, status, kind, label, how, note) -> bool:
        """Keep one answer; False (and why, in left_out) when it is not kept."""
        if "html" not in kind or not body.strip():
            self.left_out.append(f"{name}.{language}: {status} {kind or 'no type'}, no page")
            return False
        seen = text(body, self.noise)
        if language == "en":
            self.english[name] = seen
        elif self.english.get(name) == seen:
            return False  # not translated
        same = self.seen.setdefault(language, set())
        if seen in same:
            return False  # the same page as another request's in this language
        same.add(seen)
        self.pages.append(
            Page(
                f"{name}.{language}.html",
                body,
                self.source,
                self.group,
                how,
                language,
                label,
                status,
                note,
            )
        )
        return True
