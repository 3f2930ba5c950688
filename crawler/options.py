"""What a crawl is asked to do, with every default in one place, and the Scrapy settings
that follow from it."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from crawler.urls import InvalidURL, normalize_url

VERSION = "0.1"
DEFAULT_USER_AGENT = (
    f"Mozilla/5.0 (compatible; gatewatch/{VERSION}; +https://github.com/gatewatch/gatewatch)"
)
ROBOTS_USER_AGENT = "gatewatch"
RENDER_MODES = ("auto", "always", "never")


# options in seconds, and the smallest value each can take
DURATIONS = {
    "timeout": "more than 0",
    "time_limit": "more than 0",
    "delay": "0 or more",
    "retry_after_cap": "0 or more",
}


# the least each bound may be set to: a crawl must be able to record its start page and links
LIMIT_MINIMUMS = {
    "max_url_length": 64,
    "max_links_per_page": 1,
    "max_urls": 1,
    "max_sitemap_urls_per_file": 0,
    "max_sitemap_urls": 0,
    "max_sitemap_files": 0,
}


class OptionsError(ValueError):
    """An option that cannot work; the message says what to change."""


@dataclass
class CrawlOptions:
    start_url: str
    sitemaps: list[str] = field(default_factory=list)
    max_pages: int | None = None
    max_depth: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    obey_robots: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    concurrency_per_host: int = 8
    delay: float = 0.0
    autothrottle: bool = False
    timeout: float = 30.0
    time_limit: float | None = None
    max_retries: int = 3
    retry_after_cap: float = 30.0
    www_equivalent: bool = True
    any_scheme: bool = True
    max_redirects: int = 10
    max_page_bytes: int = 10 * 1024 * 1024
    max_sitemap_bytes: int = 50 * 1024 * 1024
    # bounds on what a hostile site can make a run hold and store (crawler.limits)
    max_url_length: int = 2048  # characters; longer URLs are recorded cut short, not fetched
    max_links_per_page: int = 2000  # links read from one page; the rest counted, not recorded
    max_urls: int = 200_000  # URLs met (recorded) per run; past it, new URLs are counted only
    max_sitemap_urls_per_file: int = 50_000  # the sitemap protocol's own limit
    max_sitemap_urls: int = 100_000  # sitemap URLs recorded per run, all files together
    max_sitemap_files: int = 1_000  # sitemap files fetched per run, indexes of indexes included
    # fetch private, loopback and link-local addresses even when the start URL is not one
    allow_private_addresses: bool = False
    guess_sitemap: bool = True
    detect: bool = True  # soft 404s, login walls, misused codes; probes URLs that cannot exist
    max_probe_shapes_per_host: int = 20
    # per-site detector thresholds and extra phrases (crawler.detectors.settings_from_mapping)
    detector_settings: dict = field(default_factory=dict)
    # 1: pages are parsed in a second process; None: 1 when two cores are free, else 0
    parse_workers: int | None = None
    # 1: rows are written by a second process; None: 1 when three cores are free, else 0
    write_workers: int | None = None
    # client-rendered pages (crawler.rendering): "auto" renders the pages and probes that are
    # an application's empty shell, "always" every HTML page, "never" none (shells: not judged)
    render: str = "auto"
    render_max_pages: int = 500  # pages and probes rendered per run at most
    render_timeout: float = 15.0  # seconds a page may take to render
    render_allow_hosts: list[str] = field(default_factory=list)  # a CDN the bundle is on
    chromium_path: str | None = None  # else GATEWATCH_CHROMIUM, else /usr/bin/chromium

    def __post_init__(self) -> None:
        try:
            self.start_url = normalize_url(self.start_url)
        except InvalidURL as error:
            raise OptionsError(f"the start URL must be an http(s) URL: {error}") from None
        for name in ("include", "exclude"):
            for pattern in getattr(self, name):
                try:
                    re.compile(pattern)
                except re.error as error:
                    raise OptionsError(
                        f"--{name} {pattern!r} is not a valid regex: {error}"
                    ) from None
        for name in ("max_pages", "max_depth"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise OptionsError(f"--{name.replace('_', '-')} must be 0 or more")
        self._check_durations()
        for name in LIMIT_MINIMUMS:
            if getattr(self, name) < LIMIT_MINIMUMS[name]:
                flag = name.replace("_", "-")
                raise OptionsError(f"--{flag} must be at least {LIMIT_MINIMUMS[name]}")
        if len(self.start_url) > self.max_url_length:
            raise OptionsError(
                f"the start URL is {len(self.start_url)} characters long: raise "
                f"--max-url-length (now {self.max_url_length}) to crawl it"
            )
        if self.parse_workers not in (None, 0, 1):
            raise OptionsError("--parse-workers must be 0 or 1")
        if self.write_workers not in (None, 0, 1):
            raise OptionsError("--write-workers must be 0 or 1")
        if self.render not in RENDER_MODES:
            raise OptionsError(f"--render must be one of {', '.join(RENDER_MODES)}")
        if self.render_max_pages < 0:
            raise OptionsError("--render-max-pages must be 0 or more")
        if self.render_timeout <= 0:
            raise OptionsError("--render-timeout must be more than 0 seconds")
        if self.concurrency_per_host < 1:
            raise OptionsError("--concurrency must be at least 1")
        from crawler.detectors.settings import settings_from_mapping

        try:
            settings_from_mapping(self.detector_settings)
        except ValueError as error:
            raise OptionsError(str(error)) from None

    def _check_durations(self) -> None:
        """Seconds must be finite numbers: a negative timeout or time limit gave an empty
        "completed" run, and a negative delay or cap is meaningless."""
        for name, smallest in DURATIONS.items():
            value = getattr(self, name)
            if value is None and name == "time_limit":
                continue
            option = f"--{name.replace('_', '-')}"
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise OptionsError(f"{option} must be a number of seconds, not {value!r}")
            if value < 0 or (value == 0 and smallest == "more than 0"):
                hint = " (leave it out for no limit)" if name == "time_limit" else ""
                raise OptionsError(f"{option} must be {smallest}, not {value:g}{hint}")

    def as_dict(self) -> dict:
        return asdict(self)


# Scrapy components a crawl does not use. They are taken out of Scrapy's base lists rather
# than set to None, because Scrapy imports every listed component, None or not: the remote
# control imports aiohttp and the cookies middleware tldextract, 0.13 s of each crawl's start.
UNUSED_DOWNLOADER_MIDDLEWARES = (
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",  # the frontier keeps to the site
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware",  # crawler/robots.py
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware",  # redirects are recorded
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware",  # by the spider itself
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",  # a search engine has none
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware",
    "scrapy.downloadermiddlewares.stats.DownloaderStats",  # scrapy_parts.RequestCounts
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware",
)
UNUSED_SPIDER_MIDDLEWARES = (
    # every status reaches the callbacks, and our requests carry fresh meta
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware",
    "scrapy.spidermiddlewares.referer.RefererMiddleware",
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
    "scrapy.spidermiddlewares.depth.DepthMiddleware",  # the frontier keeps depths
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware",
)
UNUSED_EXTENSIONS = (
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.feedexport.FeedExporter",
    "scrapy.extensions.logstats.LogStats",
    "scrapy.extensions.spiderstate.SpiderState",
    # Scrapy 2.19 serves, during every crawl, an HTTP endpoint that runs the Python code
    # sent to it; a monitor on a server has no use for one.
    "scrapy.extensions.remote_control.RemoteControl",
)


def _without(components: dict, unused: tuple[str, ...]) -> dict:
    return {name: order for name, order in components.items() if name not in unused}


def scrapy_settings(options: CrawlOptions, log_level: str = "WARNING") -> dict:
    """Scrapy settings for a gatewatch crawl: our own redirect, robots, retry and dedupe logic
    replaces Scrapy's, so those components are switched off."""
    from scrapy.settings import default_settings  # the CLI and the config load without Scrapy

    settings = {
        "USER_AGENT": options.user_agent,
        "ROBOTSTXT_OBEY": False,
        "HTTPERROR_ALLOW_ALL": True,
        "REDIRECT_ENABLED": False,
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 1,
        "RETRY_HTTP_CODES": [],
        "DOWNLOAD_TIMEOUT": options.timeout,
        "DOWNLOAD_MAXSIZE": options.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_DELAY": options.delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if options.delay else 0,
        "CONCURRENT_REQUESTS": max(16, options.concurrency_per_host),
        "CONCURRENT_REQUESTS_PER_DOMAIN": options.concurrency_per_host,
        "CONCURRENT_ITEMS": 10,
        # responses fetched and not yet parsed (Scrapy: 5 MB, 500 small pages): a killed
        # crawl loses them; 1 MB keeps the page reader as busy (docs/reliability.md)
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 1_000_000,
        "AUTOTHROTTLE_ENABLED": options.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(options.concurrency_per_host) / 2,
        "CLOSESPIDER_TIMEOUT": options.time_limit or 0,
        "DEPTH_PRIORITY": 0,
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "LOG_LEVEL": log_level,
        "TELNETCONSOLE_ENABLED": False,
        "LOGSTATS_INTERVAL": 0,
        "REMOTE_CONTROL_ENABLED": False,
        "STATS_CLASS": "crawler.scrapy_parts.CrawlStats",
        "DOWNLOADER_STATS": False,
        "DOWNLOADER_MIDDLEWARES_BASE": _without(
            default_settings.DOWNLOADER_MIDDLEWARES_BASE, UNUSED_DOWNLOADER_MIDDLEWARES
        ),
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.address_guard.AddressGuard": 50,  # first: nothing else sees the request
            "crawler.scrapy_parts.RequestCounts": 850,
        },
        "SPIDER_MIDDLEWARES": {"crawler.database_failure.StopOnDatabaseFailure": 10},
        "SPIDER_MIDDLEWARES_BASE": _without(
            default_settings.SPIDER_MIDDLEWARES_BASE, UNUSED_SPIDER_MIDDLEWARES
        ),
        "EXTENSIONS_BASE": _without(default_settings.EXTENSIONS_BASE, UNUSED_EXTENSIONS),
        "EXTENSIONS": {"crawler.download_limits.BodyLimits": 0},
    }
    if options.render != "never" and options.render_max_pages > 0:
        from crawler.rendering import browser_settings

        settings.update(browser_settings(options))
    return settings
