"""Rendering for `gatewatch check`: one URL, its home page and its probes in headless chromium,
through Playwright's blocking API (the check runs no Scrapy reactor). The same rules as the
crawl (crawler.browser_page): the site's own origins only, GET and HEAD only, no images,
fonts or media, a context per page and one deadline for the whole render."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from gatewatch.crawler.app_shell import shell_evidence
from gatewatch.crawler.browser_page import BrowserPolicy, RenderFailed, render_page, site_origins
from gatewatch.crawler.detectors import Signals, signals
from gatewatch.crawler.parse import ParsedPage, parse_html
from gatewatch.crawler.rendering import (
    SETTLE_SECONDS,
    check_chromium,
    chromium_arguments,
    chromium_path,
    warn_without_sandbox,
)


@dataclass
class RenderChange:
    """What rendering changed on the checked page."""

    raw_title: str | None
    rendered_title: str | None
    raw_words: int
    rendered_words: int
    raw_links: int
    rendered_links: int
    raw_signals: Signals
    error: str | None = None
    # the page as the browser shows it: what the page (or a probe's template) is read from
    rendered_page: ParsedPage | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": [self.raw_title, self.rendered_title],
            "main_words": [self.raw_words, self.rendered_words],
            "links": [self.raw_links, self.rendered_links],
            "error": self.error,
        }


class CheckBrowser:
    """Renders pages one at a time (crawler.browser_page, on an event loop of its own);
    chromium starts at the first page to render."""

    def __init__(
        self,
        mode: str,
        start_url: str,
        user_agent: str,
        timeout: float,
        allow_hosts: tuple[str, ...] = (),
        max_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self.mode = mode
        self.policy = BrowserPolicy(start_url, True, allow_hosts)
        self.origins = site_origins(start_url, True, allow_hosts)
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._loop: asyncio.AbstractEventLoop | None = None
        self._playwright = None
        self._browser = None

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        path = chromium_path()
        check_chromium(path)
        warn_without_sandbox()
        self._playwright = await async_playwright().start()
        self._browser = await self._playwright.chromium.launch(
            executable_path=path, args=chromium_arguments(self.origins)
        )

    async def _render(self, url: str) -> str:
        if self._browser is None:
            await self._start()
        rendered = await render_page(
            self._browser, url, user_agent=self.user_agent, policy=self.policy,
            timeout=self.timeout, settle_seconds=min(SETTLE_SECONDS, self.timeout / 2),
            max_bytes=self.max_bytes,
        )  # fmt: skip
        return rendered.html

    def render(self, url: str) -> str:
        """The page's HTML as the browser shows it once loaded and settled."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop.run_until_complete(self._render(url))

    def close(self) -> None:
        if self._loop is None:
            return
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(self._browser.close())
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(self._playwright.stop())
        self._loop.close()

    def read(
        self,
        url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        page: ParsedPage | None,
        start_url: str,
    ) -> tuple[Signals, RenderChange | None]:
        """The signals to judge the page by: the rendered page's when it is rendered."""
        found = signals(url, status, headers, page, start_url)
        if page is None or not 200 <= status < 300:
            return found, None
        shell = shell_evidence(body, page.word_count)
        if shell:
            found.found["app_shell"] = shell
        if self.mode == "never" or (self.mode == "auto" and not shell):
            if shell:
                found.found["not_rendered"] = "rendering is off (--render never)"
            return found, None
        try:
            html = self.render(url)
        except RenderFailed as error:
            reason = f"render failed: {error}"[:300]
            if shell:
                found.found["not_rendered"] = reason
            return found, None
        except Exception as error:  # the browser's failure is the check's evidence
            reason = f"render failed: {error.__class__.__name__}: {error}"[:300]
            if shell:
                found.found["not_rendered"] = reason
            return found, None
        rendered_page = parse_html(html.encode("utf-8"), "utf-8")
        rendered = signals(url, status, headers, rendered_page, start_url)
        if shell_evidence(html.encode("utf-8"), rendered_page.word_count, rendered=True):
            rendered.found["app_shell"] = shell
            rendered.found["not_rendered"] = "rendered, but the application showed nothing"
        change = RenderChange(
            page.title, rendered_page.title, found.words, rendered.words, len(page.links),
            len(rendered_page.links), found, rendered_page=rendered_page,
        )  # fmt: skip
        return rendered, change
