"""A one-line live progress display for people at a terminal; silent otherwise."""

from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.text import Text
from twisted.internet import task


class CrawlProgress:
    """Shows pages fetched, queued, pages per second and errors while a spider runs."""

    def __init__(self, spider, console: Console | None = None, interval: float = 0.5) -> None:
        self.spider = spider
        self.console = console or Console(stderr=True)
        self.interval = interval
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()

    @property
    def enabled(self) -> bool:
        return self.console.is_terminal

    def line(self) -> Text:
        spider = self.spider
        elapsed = max(time.monotonic() - self.started, 1e-6)
        queued = max(spider.frontier.scheduled + len(spider.sitemap_ids) - spider.fetched, 0)
        text = Text()
        text.append("crawling ", style="bold")
        text.append(spider.options.start_url, style="cyan")
        text.append(
            f"  {spider.fetched:,} fetched · {queued:,} queued · "
            f"{spider.fetched / elapsed:,.0f}/s · "
        )
        text.append(f"{spider.errors:,} errors", style="red" if spider.errors else "")
        text.append(f" · {len(spider.frontier):,} URLs met · {elapsed:,.0f}s")
        return text

    def start(self) -> None:
        if not self.enabled:
            return
        self.live = Live(self.line(), console=self.console, refresh_per_second=4, transient=True)
        self.live.start()
        self.loop = task.LoopingCall(lambda: self.live.update(self.line()))
        self.loop.start(self.interval, now=False)

    def stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.stop()
            self.live = None
