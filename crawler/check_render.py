"""Rendering for `gatewatch check`: one URL, its home page and its probes in headless chromium,
through Playwright's blocking API (the check runs no Scrapy reactor). The same rules as the
crawl (crawler.rendering): the site's own host only, no images, fonts or media."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from crawler.app_shell import shell_evidence
from crawler.detectors import Signals, signals
from crawler.parse import ParsedPage, parse_html
from crawler.rendering import CHROMIUM, SETTLE_SECONDS, SameSiteOnly, chromium_arguments


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

    def to_json(self) -> dict[str, Any]:
        return {
            "title": [self.raw_title, self.rendered_title],
            "main_words": [self.raw_words, self.rendered_words],
            "links": [self.raw_links, self.rendered_links],
            "error": self.error,
        }


class CheckBrowser:
    """Renders pages one at a time; chromium starts at the first page to render."""

    def __init__(self, mode: str, start_url: str, user_agent: str, timeout: float) -> None:
        self.mode = mode
        self.abort = SameSiteOnly(start_url)
        self.user_agent = user_agent
        self.timeout = timeout
        self._playwright = None
        self._context = None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        arguments = chromium_arguments()
        self._playwright = sync_playwright().start()
        browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=arguments)
        self._context = browser.new_context(user_agent=self.user_agent, service_workers="block")
        self._context.route(
            "**", lambda route: route.abort() if self.abort(route.request) else route.continue_()
        )

    def render(self, url: str) -> str:
        """The page's HTML as the browser shows it once loaded and settled."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        if self._context is None:
            self._start()
        page = self._context.new_page()
        try:
            page.goto(url, wait_until="load", timeout=self.timeout * 1000)
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_load_state("networkidle", timeout=SETTLE_SECONDS * 1000)
            return page.content()
        finally:
            page.close()

    def close(self) -> None:
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._context.browser.close()
            self._playwright.stop()

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
        except Exception as error:  # the browser's failure is the check's evidence
            reason = f"render failed: {error.__class__.__name__}: {error}"[:300]
            if shell:
                found.found["not_rendered"] = reason
            return found, None
        rendered_page = parse_html(html.encode("utf-8"), "utf-8")
        rendered = signals(url, status, headers, rendered_page, start_url)
        if shell_evidence(html.encode("utf-8"), rendered_page.word_count):
            rendered.found["app_shell"] = shell
            rendered.found["not_rendered"] = "rendered, but the application showed nothing"
        change = RenderChange(
            page.title, rendered_page.title, found.words, rendered.words, len(page.links),
            len(rendered_page.links), found,
        )  # fmt: skip
        return rendered, change
