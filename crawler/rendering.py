"""Rendering client-rendered pages in a headless browser, as search engines do before judging.

The browser is Debian's chromium, driven through scrapy-playwright (the Scrapy project's own
integration of Playwright, kept by the Scrapy maintainers' company): only requests marked
`meta["playwright"]` go through it, everything else through Scrapy's ordinary HTTP handler.
Playwright and the browser start at the first page to render, not with the crawl, so a
server-rendered site crawled with `--render auto` starts no browser at all.

A page is fetched as usual first. When it is an application's empty shell (crawler.app_shell;
`--render always`: any HTML page), it is fetched again in the browser, and what the browser
shows is what is recorded and judged: its title, text, forms and links. The raw HTML's title,
text size, links and verdict are kept to say what rendering changed (the `rendered` verdict).
A shell that is not rendered (`--render never`, the budget spent, a failure) is flagged
`needs_rendering` and not judged.

The browser fetches the site's own origins (and the hosts `render_allow_hosts` names) only,
GET and HEAD only, nothing robots.txt disallows, and no image, font or media file: see
crawler.browser_page, which renders each page in a context of its own within one deadline.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import scrapy

from gatewatch.crawler.app_shell import shell_evidence
from gatewatch.crawler.browser_page import BrowserPolicy, CrawlEnded, RenderFailed, site_origins
from gatewatch.crawler.detection import Conclusion
from gatewatch.crawler.detectors import Verdict, conclude
from gatewatch.crawler.failures import describe_failure
from gatewatch.crawler.parse import parse_html
from gatewatch.crawler.request_info import (
    INFO,
    PageFetch,
    PageRender,
    ProbeFetch,
    ProbeRender,
    info_of,
)

DEFAULT_CHROMIUM = "/usr/bin/chromium"  # Debian's; GATEWATCH_CHROMIUM or chromium_path
# keep the browser off the network but for the pages it is sent to
CHROMIUM_FLAGS = (
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-gpu", "--dns-prefetch-disable", "--disable-dev-shm-usage",
    "--disable-extensions", "--mute-audio",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)  # fmt: skip
DEAD_PROXY = "127.0.0.1:9"  # the discard port: nothing listens, every proxied request fails
PAGES_AT_ONCE = 4  # browser tabs at a time: each is a renderer process of 30-60 MB
SETTLE_SECONDS = 3.0  # after the load event, waiting for the app's own requests to end
RENDER_PRIORITY = 1_500  # a page waiting to be rendered holds its record back: before new pages
PROBE_SHARE = 0.1  # of the render budget, kept for probes (at least PROBES_KEPT)
PROBES_KEPT = 2
# request.meta keys the browser's download handler (crawler.browser_handler) reads
RENDER_TIMEOUT, RENDER_SETTLE = "render_timeout", "render_settle"

logger = logging.getLogger(__name__)


class ChromiumMissing(Exception):
    """The browser to render with cannot be run: one line saying what to install."""


def chromium_path(configured: str | None = None) -> str:
    """The chromium to run: the setting, else GATEWATCH_CHROMIUM, else Debian's."""
    return configured or os.environ.get("GATEWATCH_CHROMIUM") or DEFAULT_CHROMIUM


def check_chromium(path: str) -> None:
    """Raise ChromiumMissing when `path` is not an executable file."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise ChromiumMissing(
            f"cannot render: no chromium at {path} (install it: apt-get install chromium; "
            "or set GATEWATCH_CHROMIUM / chromium_path to its path; or --render never)"
        )


def runs_without_sandbox() -> bool:
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return as_root or os.environ.get("GATEWATCH_CHROMIUM_NO_SANDBOX") == "1"


def chromium_arguments(origins: Iterable[tuple[str, str, int]] = ()) -> list[str]:
    """Chromium's flags. Behind a proxy that does not exist, bypassed for the allowed origins
    only (`<-loopback>` removes chromium's own bypass of localhost): whatever the request
    route misses (a subresource's redirect, a WebSocket) cannot connect elsewhere.

    Its sandbox refuses to run as root, and needs user namespaces that a container seldom
    has (the Dockerfile sets GATEWATCH_CHROMIUM_NO_SANDBOX=1): without it a renderer that a
    hostile page breaks into is not confined: `warn_without_sandbox` says so when it starts."""
    arguments = list(CHROMIUM_FLAGS)
    bypass = sorted({f"{host}:{port}" for _, host, port in origins})
    arguments.append(f"--proxy-server={DEAD_PROXY}")
    arguments.append("--proxy-bypass-list=" + ";".join(["<-loopback>", *bypass]))
    if runs_without_sandbox():
        arguments.append("--no-sandbox")
    return arguments


def warn_without_sandbox() -> None:
    """One warning line when the browser starts without its sandbox."""
    if runs_without_sandbox():
        logger.warning(
            "rendering without chromium's sandbox (running as root or "
            "GATEWATCH_CHROMIUM_NO_SANDBOX=1): a hostile page that breaks the renderer is "
            "not confined; run as a normal user to keep the sandbox"
        )


def browser_settings(options) -> dict:
    """Scrapy settings that add the browser to a crawl that may render (auto, always)."""
    handler = "gatewatch.crawler.browser_handler.LazyPlaywrightHandler"
    origins = site_origins(options.start_url, options.www_equivalent, options.render_allow_hosts)
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_path(options.chromium_path),
            "headless": True,
            "args": chromium_arguments(origins),
        },
        "PLAYWRIGHT_CONTEXTS": {},
    }


class SameSiteOnly(BrowserPolicy):
    """What the browser must not fetch (True: aborted): see crawler.browser_page."""


@dataclass(slots=True)
class RenderRecord:
    """A rendered page: its raw HTML's reading and what the browser showed."""

    url: str
    reason: str  # "app_shell" or "always"
    raw_title: str | None
    raw_words: int
    raw_links: int
    raw_signals: Any  # crawler.detectors.Signals, or None without detectors
    rendered_title: str | None = None
    rendered_words: int = 0
    rendered_links: int = 0
    seconds: float = 0.0
    rendered_url: str | None = None


class Renderer:
    """Per crawl: which pages and probes to render, within the budget, and what was."""

    def __init__(self, mode: str, max_pages: int, timeout: float) -> None:
        self.mode = mode
        self.max_pages = max_pages
        self.timeout = timeout
        self.started = 0  # pages and probes sent to the browser
        self.failed = 0
        self.records: dict[int, RenderRecord] = {}
        self.waiting: dict[int, PageRender] = {}  # url id -> its raw read, until recorded

    @property
    def kept_for_probes(self) -> int:
        """Renders pages may not take: a shape met late is judged with rendered probes."""
        return min(max(PROBES_KEPT, int(self.max_pages * PROBE_SHARE)), self.max_pages // 2)

    def decide(self, shell: str | None, probe: bool = False) -> tuple[str | None, str | None]:
        """(why to render, None), or (None, why a shell is not rendered), or (None, None).
        Pages may use the budget but the part kept for probes; probes, all of it."""
        if self.mode == "never":
            return None, "rendering is off (--render never)" if shell else None
        if self.mode == "auto" and not shell:
            return None, None
        limit = self.max_pages if probe else self.max_pages - self.kept_for_probes
        if self.started >= limit:
            kept = f" ({self.kept_for_probes} kept for probes)" if self.kept_for_probes else ""
            spent = f"the render budget of {self.max_pages} pages was spent{kept}"
            return None, spent if shell else None
        self.started += 1
        return ("app_shell" if shell else "always"), None

    def request(self, url: str, callback, errback, meta: dict) -> scrapy.Request:
        settle_seconds = min(SETTLE_SECONDS, self.timeout / 2)
        return scrapy.Request(
            url,
            callback=callback,
            errback=errback,
            priority=RENDER_PRIORITY,
            dont_filter=True,
            meta={
                **meta,
                "playwright": True,
                RENDER_TIMEOUT: self.timeout,
                RENDER_SETTLE: settle_seconds,
                "download_timeout": self.timeout + settle_seconds + 10,
            },
        )


def _changes(record: RenderRecord, raw_flags: list[str], rendered_flags: list[str]) -> Verdict:
    """The `rendered` verdict: what rendering changed, raw HTML -> browser, in one line."""

    def flags(values: list[str]) -> str:
        return " ".join(values) or "none"

    evidence: dict[str, Any] = {
        "title": f"{record.raw_title or ''!r} -> {record.rendered_title or ''!r}",
        "main_words": f"{record.raw_words} -> {record.rendered_words}",
        "links": f"{record.raw_links} -> {record.rendered_links}",
        "verdict": f"{flags(raw_flags)} -> {flags(rendered_flags)}",
        "why": record.reason,
        "seconds": round(record.seconds, 2),
    }
    if record.rendered_url and record.rendered_url != record.url:
        evidence["browser_url"] = record.rendered_url
    return Verdict("rendered", ("title", "main_words", "links", "verdict"), evidence)


class RenderPages:
    """The spider's part that renders pages and probes (mixed into crawler.spider.SiteSpider,
    which provides the readers, the frontier, the detection and the recording)."""

    renderer: Renderer

    def _render_page(self, response, read, fields: dict, headers: dict):
        """A request that renders this page, or None: it is recorded from its raw HTML (and
        a shell is marked not rendered, so that it is not judged)."""
        reason, refused = self.renderer.decide(read.shell)
        if reason is None:
            if refused and read.signals is not None:
                read.signals.found["not_rendered"] = refused
            if refused:
                self.crawler.stats.inc_value("gatewatch/render_skipped")
            return None
        page: PageFetch = info_of(response)
        render = PageRender(
            page=page,
            raw_url=response.url,
            raw_status=response.status,
            raw_fields=fields,
            raw_read=read,
            raw_headers=headers,
            why=reason,
        )
        self.renderer.waiting[page.url_id] = render
        return self.renderer.request(
            response.url, self.parse_rendered, self.render_failed, {INFO: render}
        )

    async def parse_rendered(self, response):
        from gatewatch.crawler.page_reader import PageUnreadable

        render: PageRender = info_of(response)
        raw = render.raw_read
        try:
            read = await self.readers.read(
                response.body, response.encoding, render.raw_url, render.raw_status,
                render.raw_headers,
            )  # fmt: skip
        except PageUnreadable as error:
            return self._record_unrendered(render, f"the rendered page was unreadable: {error}")
        url_id = render.page.url_id
        self.crawler.stats.inc_value("gatewatch/rendered")
        self.renderer.records[url_id] = RenderRecord(
            url=render.raw_url, reason=render.why, raw_title=raw.title,
            raw_words=_main_words(raw), raw_links=len(raw.links), raw_signals=raw.signals,
            rendered_title=read.title, rendered_words=_main_words(read),
            rendered_links=len(read.links), seconds=response.meta.get("download_latency", 0.0),
            rendered_url=response.url,
        )  # fmt: skip
        fields = dict(render.raw_fields)
        fields.update(title=read.title, h1=read.h1, meta_robots=read.meta_robots,
                      canonical=read.canonical, word_count=read.word_count)  # fmt: skip
        if read.signals is not None and read.shell:  # a <noscript> means nothing once rendered
            if shell_evidence(response.body, read.word_count, rendered=True):
                read.signals.found["not_rendered"] = "rendered, but the application showed nothing"
            else:
                del read.signals.found["app_shell"]
        links = read.links
        if response.url != render.raw_url:  # the app navigated: its links are relative to
            links = (  # where it went (the page is still judged as the URL it was asked for)
                await self.readers.read(
                    response.body, response.encoding, response.url, render.raw_status, {}
                )
            ).links
        raw_keys = frozenset(link[1] for link in raw.links)
        self._follow_links(url_id, self.frontier.depth_of(url_id), links, raw_keys)
        return self._record_read(render, fields, read.signals)

    def render_failed(self, failure):

        self.renderer.failed += 1
        self.crawler.stats.inc_value("gatewatch/render_failed")
        if isinstance(failure.value, CrawlEnded):
            self.crawler.stats.inc_value("gatewatch/render_unfinished")
            return self._record_unrendered(info_of(failure.request), str(failure.value))
        if isinstance(failure.value, RenderFailed | ChromiumMissing):
            error = str(failure.value)
        else:
            error = describe_failure(failure, self.options.max_page_bytes)
        return self._record_unrendered(info_of(failure.request), f"render failed: {error}")

    def _record_unrendered(self, render: PageRender, why: str) -> list:
        """The page as its raw HTML showed it: links followed, a shell marked not judged."""
        raw = render.raw_read
        if raw.shell and raw.signals is not None:
            raw.signals.found["not_rendered"] = why
        url_id = render.page.url_id
        self._follow_links(url_id, self.frontier.depth_of(url_id), raw.links)
        return self._record_read(render, dict(render.raw_fields), raw.signals)

    def _record_read(self, render: PageRender, fields: dict, found) -> list:
        self._store_read(render, fields, found)
        return self._top_up()

    def _store_read(self, render: PageRender, fields: dict, found) -> None:
        import json

        url_id = render.page.url_id
        if self.renderer.waiting.pop(url_id, None) is None:
            return  # recorded already (the crawl ended while it was rendered)
        if self.detection is not None and found is not None:
            self.detection.keep(url_id, found)
            fields["simhash"] = found.simhash or None
            fields["signals"] = json.dumps(found.to_json(), ensure_ascii=False)
        self._record_response(render.page, **fields)
        self.frontier.finished(url_id)

    def record_waiting_renders(self) -> None:
        """At the end of the crawl (its time limit, SIGTERM): each page still waiting for
        its render, recorded from its raw HTML and flagged needs_rendering, not lost."""
        for render in list(self.renderer.waiting.values()):
            raw = render.raw_read
            if raw.shell and raw.signals is not None:  # `always`: no shell is judged raw
                raw.signals.found["not_rendered"] = "not rendered: crawl ended"
            self._store_read(render, dict(render.raw_fields), raw.signals)
            self.crawler.stats.inc_value("gatewatch/render_unfinished")

    # ---- probes of a client-rendered shape are rendered too

    def _render_probe(self, response, probe: ProbeFetch, first_status: int, page):
        if page is None or not 200 <= response.status < 300:
            return None
        shell = shell_evidence(response.body, page.word_count)
        reason, _ = self.renderer.decide(shell, probe=True)
        if reason is None:
            return None
        from gatewatch.crawler.headers import header_map

        render = ProbeRender(
            probe=replace(probe, first_status=first_status),
            raw_url=response.url,
            raw_status=response.status,
            raw_page=page,
            raw_headers=header_map(response.headers),
        )
        meta = {INFO: render, "download_maxsize": response.meta["download_maxsize"]}  # the probe's
        return self.renderer.request(
            response.url, self.parse_rendered_probe, self.probe_render_failed, meta
        )

    def parse_rendered_probe(self, response):
        self.crawler.stats.inc_value("gatewatch/rendered_probes")
        page = parse_html(response.body, response.encoding)
        return self._add_rendered_probe(info_of(response), page)

    def probe_render_failed(self, failure):
        self.renderer.failed += 1
        self.crawler.stats.inc_value("gatewatch/render_failed")
        render: ProbeRender = info_of(failure.request)
        return self._add_rendered_probe(render, render.raw_page)

    def _add_rendered_probe(self, render: ProbeRender, page) -> list:
        probe = render.probe
        result = self.detection.add_probe(
            probe.shape, probe.probe_url, probe.kind, probe.first_status,
            render.raw_url, render.raw_status, page, render.raw_headers,
        )  # fmt: skip
        self._record_probe(probe, result.final_url, result.final_status, result.simhash,
                           result.looks_like, None)  # fmt: skip
        return []

    # ---- the end: what rendering changed, page by page

    def render_conclusions(self, conclusions: list[Conclusion]) -> list[Conclusion]:
        """The detectors' conclusions with a `rendered` verdict on each rendered page: its
        raw HTML's title, text, links and verdict against the browser's."""
        if not self.renderer.records:
            return conclusions
        by_id = {conclusion.url_id: conclusion for conclusion in conclusions}
        detection = self.detection
        for url_id, record in self.renderer.records.items():
            conclusion = by_id.get(url_id)
            if conclusion is None:
                conclusion = by_id[url_id] = Conclusion(url_id, record.url, [])
            rendered_flags = conclusion.new_flags
            raw_flags: list[str] = []
            if detection is not None and record.raw_signals is not None:
                raw = conclude(
                    record.raw_signals, detection.probes_for(record.url), detection.settings,
                    detection.home,
                )  # fmt: skip
                raw_flags = [verdict.flag for verdict in raw]
            conclusion.verdicts.append(_changes(record, raw_flags, rendered_flags))
        return list(by_id.values())


def _main_words(read) -> int:
    return read.signals.words if read.signals is not None else read.word_count
