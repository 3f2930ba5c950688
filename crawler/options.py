"""What a crawl is asked to do, with every default in one place, and the Scrapy settings
that follow from it.

Each option a person sets is declared once, as a field of CrawlOptions made by `option()`: its
default, help text and the values it may take. The `gatewatch crawl` flags (cli/crawl_options.py)
and a site's keys in the config file (scheduler/config_reader.py) are made from these
declarations, and the scheduler hands a crawl its CrawlOptions whole (scheduler/crawl_process.py).
"""

from __future__ import annotations

import math
import re
import types
import typing
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from typing import Any

from gatewatch.crawler.urls import InvalidURL, normalize_url

VERSION = "0.1"
DEFAULT_USER_AGENT = (
    f"Mozilla/5.0 (compatible; gatewatch/{VERSION}; +https://github.com/gatewatch/gatewatch)"
)
ROBOTS_USER_AGENT = "gatewatch"
RENDER_MODES = ("auto", "always", "never")


class OptionsError(ValueError):
    """An option that cannot work; the message says what to change, `option` names it."""

    def __init__(self, message: str, option: str = "start_url") -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Setting:
    """How a person sets one crawl option and what it may be: a `gatewatch crawl` flag, a key of
    a site in the config file, and the checks both go through.

    A boolean option's flag is a switch to the other value (`--ignore-robots` turns
    `obey_robots` off); a list option's flag is repeated, one value each time."""

    help: str
    flag: str | None = ""  # "": the option's name as --a-flag; None: no flag
    metavar: str | None = None
    show_default: bool = False
    config_key: str | None = ""  # "": the option's name; None: not in the config file
    config_unit: float = 1  # the option's value is the config's times this (minutes: 60)
    config_default: Any = None  # in the config's unit; None: the option's own default
    seconds: bool = False  # a finite number of seconds
    at_least: float | None = None
    more_than: float | None = None
    choices: tuple = ()
    patterns: bool = False  # regular expressions
    left_out: str | None = None  # what leaving a flag out means, when that is worth saying
    # from the field, filled in by _declared()
    name: str = ""
    kind: type = object  # bool, int, float, str, list or dict
    default: Any = None

    @property
    def flag_name(self) -> str | None:
        return f"--{self.name.replace('_', '-')}" if self.flag == "" else self.flag

    @property
    def config_name(self) -> str | None:
        return self.name if self.config_key == "" else self.config_key

    def problem(self, value: Any) -> str | None:
        """What is wrong with this value (for "--flag ..." or "key ..."), or None."""
        if value is None:
            return None
        if self.seconds and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return f"must be a number of seconds, not {value!r}"
        if self.choices and value not in self.choices:
            listed = [str(choice) for choice in self.choices]
            if len(listed) == 2:
                return f"must be {listed[0]} or {listed[1]}"
            return f"must be one of {', '.join(listed)}"
        if self.more_than is not None and value <= self.more_than:
            return f"must be more than {_number(self.more_than)}, not {_number(value)}"
        if self.at_least is not None and value < self.at_least:
            if self.at_least == 0:
                return f"must be 0 or more, not {_number(value)}"
            return f"must be at least {_number(self.at_least)}, not {_number(value)}"
        if self.patterns:
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as error:
                    return f"{pattern!r} is not a valid regex: {error}"
        return None


def setting(help: str, **how: Any) -> dict:
    """A field's metadata that declares it an option a person sets (a list or a table:
    `field(default_factory=list, metadata=setting(...))`)."""
    return {"setting": Setting(help, **how)}


def option(default: Any, help: str, **how: Any) -> Any:
    """A CrawlOptions field with this default, that a person sets."""
    return field(default=default, metadata=setting(help, **how))


def _number(value: float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


@dataclass
class CrawlOptions:
    start_url: str
    sitemaps: list[str] = field(
        default_factory=list,
        metadata=setting("Extra sitemap to read.", flag="--sitemap", metavar="URL"),
    )
    max_pages: int | None = option(None, "Fetch at most this many pages.", at_least=0)
    max_depth: int | None = option(None, "Follow links at most this many clicks deep.", at_least=0)
    include: list[str] = field(
        default_factory=list,
        metadata=setting("Only fetch URLs matching this.", metavar="REGEX", patterns=True),
    )
    exclude: list[str] = field(
        default_factory=list,
        metadata=setting("Never fetch URLs matching this.", metavar="REGEX", patterns=True),
    )
    obey_robots: bool = option(
        True, "Fetch URLs that robots.txt disallows.", flag="--ignore-robots"
    )
    user_agent: str = option(DEFAULT_USER_AGENT, "User-Agent header (default names gatewatch).")
    concurrency_per_host: int = option(
        8,
        "Requests per host.",
        flag="--concurrency",
        config_key="concurrency",
        show_default=True,
        at_least=1,
    )
    delay: float = option(0.0, "Seconds between requests to a host.", seconds=True, at_least=0)
    autothrottle: bool = option(False, "Adapt speed to the server's latency.")
    timeout: float = option(30.0, "Seconds per URL.", show_default=True, seconds=True, more_than=0)
    time_limit: float | None = option(
        None,
        "Stop the crawl after this many seconds.",
        seconds=True,
        more_than=0,
        left_out="no limit",
        config_key="time_limit_minutes",  # a scheduled crawl has a limit: 4 hours
        config_unit=60,
        config_default=240.0,
    )
    retry_after_cap: float = option(
        30.0,
        "Longest Retry-After wait honoured for 429/503; longer ones are recorded, not waited.",
        show_default=True,
        seconds=True,
        at_least=0,
    )
    www_equivalent: bool = option(
        True, "Treat www.host and host as different sites.", flag="--strict-host"
    )
    any_scheme: bool = option(
        True, "Do not follow http:// links of an https site.", flag="--https-only"
    )
    # per-site detector thresholds and extra phrases (crawler.detectors.settings_from_mapping)
    detector_settings: dict = field(
        default_factory=dict,
        metadata=setting(
            'Detector thresholds and extra phrases, e.g. \'{"not_found": ["vergriffen"]}\'.',
            metavar="JSON",
            config_key="detectors",
        ),
    )
    detect: bool = option(  # soft 404s, login walls, misused codes; probes URLs that cannot exist
        True,
        "Skip the detectors (soft 404s, login walls) and their probe requests.",
        flag="--no-detect",
    )
    # client-rendered pages (crawler.rendering): "auto" renders the pages and probes that are
    # an application's empty shell, "always" every HTML page, "never" none (shells: not judged)
    render: str = option(
        "auto",
        "Render pages in headless chromium: auto, those that are a client-rendered app's "
        "empty shell; always, every HTML page; never (shells are then flagged needs_rendering).",
        show_default=True,
        choices=RENDER_MODES,
    )
    render_max_pages: int = option(
        500, "Pages and probes rendered per crawl at most.", show_default=True, at_least=0
    )
    render_timeout: float = option(
        15.0, "Seconds a page may take to render.", show_default=True, seconds=True, more_than=0
    )
    render_allow_hosts: list[str] = field(
        default_factory=list,
        metadata=setting(
            "Another host the browser may fetch from (a CDN serving the app's bundle; repeatable).",
            flag="--render-allow-host",
            metavar="HOST[:PORT]",
        ),
    )
    # None: 1 when two cores are free, else 0
    parse_workers: int | None = option(
        None,
        "1: parse pages in a second process beside the crawl (the default on a machine "
        "with 2+ cores); 0: in the crawl process.",
        choices=(0, 1),
    )
    # None: 1 when three cores are free, else 0
    write_workers: int | None = option(
        None,
        "1: write the crawl's rows to the database from a second process (the default on "
        "a machine with 3+ cores); 0: from the crawl process.",
        choices=(0, 1),
    )
    # bounds on what a hostile site can make a run hold and store (crawler.limits); the least
    # each may be set to lets a crawl record its start page and links
    max_url_length: int = option(
        2048,
        "Longer URLs are recorded cut short (url_too_long), never fetched.",
        show_default=True,
        at_least=64,
    )
    max_links_per_page: int = option(
        2000,
        "Links read from one page; the rest are counted and the page flagged.",
        show_default=True,
        at_least=1,
    )
    max_urls: int = option(  # URLs met (recorded) per run; past it, new URLs are counted only
        200_000,
        "URLs a run records (fetched or not); more are counted: a possible crawl trap.",
        show_default=True,
        at_least=1,
    )
    max_sitemap_urls_per_file: int = option(
        50_000,
        "Entries read from one sitemap file (the protocol allows 50,000).",
        show_default=True,
        at_least=0,
    )
    max_sitemap_urls: int = option(
        100_000,
        "Sitemap URLs a run records, all sitemaps together.",
        show_default=True,
        at_least=0,
    )
    max_sitemap_files: int = option(  # indexes of indexes included
        1_000,
        "Sitemap files a run reads, indexes included; the rest are recorded as not read.",
        show_default=True,
        at_least=0,
    )
    # fetch private, loopback and link-local addresses even when the start URL is not one
    allow_private_addresses: bool = option(
        False,
        "Fetch private, loopback and link-local addresses even when the site is not on one.",
    )
    # set by code only: neither a flag nor a key of the config file
    max_retries: int = 3
    max_redirects: int = 10
    max_page_bytes: int = 10 * 1024 * 1024
    max_sitemap_bytes: int = 50 * 1024 * 1024
    guess_sitemap: bool = True
    max_probe_shapes_per_host: int = 20
    chromium_path: str | None = None  # else GATEWATCH_CHROMIUM, else /usr/bin/chromium

    def __post_init__(self) -> None:
        try:
            self.start_url = normalize_url(self.start_url)
        except InvalidURL as error:
            raise OptionsError(f"the start URL must be an http(s) URL: {error}") from None
        for declared in CRAWL_SETTINGS:
            problem = declared.problem(getattr(self, declared.name))
            if problem is not None:
                hint = f" (leave it out for {declared.left_out})" if declared.left_out else ""
                name = declared.flag_name or declared.name
                raise OptionsError(f"{name} {problem}{hint}", declared.name)
        if len(self.start_url) > self.max_url_length:
            raise OptionsError(
                f"the start URL is {len(self.start_url)} characters long: raise "
                f"--max-url-length (now {self.max_url_length}) to crawl it",
                "max_url_length",
            )
        from gatewatch.crawler.detectors.settings import settings_from_mapping

        try:
            settings_from_mapping(self.detector_settings)
        except ValueError as error:
            raise OptionsError(str(error), "detector_settings") from None

    def as_dict(self) -> dict:
        return asdict(self)


def _declared() -> tuple[Setting, ...]:
    """The Setting of each option a person sets, in the order of `gatewatch crawl --help`,
    with the option's name, type and default."""
    hints = typing.get_type_hints(CrawlOptions)
    declared = []
    for item in fields(CrawlOptions):
        declaration = item.metadata.get("setting")
        if declaration is None:
            continue
        default = item.default_factory() if item.default is MISSING else item.default
        declared.append(
            replace(declaration, name=item.name, kind=_kind(hints[item.name]), default=default)
        )
    return tuple(declared)


def _kind(hint: Any) -> type:
    """bool, int, float, str, list or dict: the type without its `| None`."""
    if isinstance(hint, types.UnionType):
        hint = next(part for part in typing.get_args(hint) if part is not type(None))
    return typing.get_origin(hint) or hint


CRAWL_SETTINGS = _declared()


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
        "STATS_CLASS": "gatewatch.crawler.scrapy_parts.CrawlStats",
        "DOWNLOADER_STATS": False,
        "DOWNLOADER_MIDDLEWARES_BASE": _without(
            default_settings.DOWNLOADER_MIDDLEWARES_BASE, UNUSED_DOWNLOADER_MIDDLEWARES
        ),
        "DOWNLOADER_MIDDLEWARES": {
            # first: nothing else sees the request
            "gatewatch.crawler.address_guard.AddressGuard": 50,
            "gatewatch.crawler.scrapy_parts.RequestCounts": 850,
        },
        "SPIDER_MIDDLEWARES": {"gatewatch.crawler.database_failure.StopOnDatabaseFailure": 10},
        "SPIDER_MIDDLEWARES_BASE": _without(
            default_settings.SPIDER_MIDDLEWARES_BASE, UNUSED_SPIDER_MIDDLEWARES
        ),
        "EXTENSIONS_BASE": _without(default_settings.EXTENSIONS_BASE, UNUSED_EXTENSIONS),
        "EXTENSIONS": {"gatewatch.crawler.download_limits.BodyLimits": 0},
    }
    if options.render != "never" and options.render_max_pages > 0:
        from gatewatch.crawler.rendering import browser_settings

        settings.update(browser_settings(options))
    return settings
