"""The Scrapy components a crawl runs: our lighter stats keep Scrapy's meaning, and what a
crawl does not use (a remote-control endpoint that runs code, telnet, cookies) is not built."""

from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from gatewatch.crawler.options import CrawlOptions, scrapy_settings
from gatewatch.crawler.scrapy_parts import CrawlStats


def _components(setting: str) -> list[str]:
    settings = Settings(scrapy_settings(CrawlOptions(start_url="http://127.0.0.1/")))
    return [
        name if isinstance(name, str) else f"{name.__module__}.{name.__name__}"
        for name in build_component_list(settings.getwithbase(setting))
    ]


def test_a_crawl_builds_no_remote_control_endpoint_telnet_or_cookie_jar():
    extensions = _components("EXTENSIONS")
    assert not [name for name in extensions if "remote_control" in name or "telnet" in name]
    assert "scrapy.extensions.corestats.CoreStats" in extensions  # what the run record uses
    middlewares = _components("DOWNLOADER_MIDDLEWARES")
    assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in middlewares
    assert "scrapy.downloadermiddlewares.retry.RetryMiddleware" in middlewares
    assert "gatewatch.crawler.scrapy_parts.RequestCounts" in middlewares


def test_crawl_stats_keep_scrapys_meaning():
    calls = [
        ("inc_value", ("pages",)),
        ("inc_value", ("pages", 2)),
        ("inc_value", ("bytes", 10, 5)),
        ("set_value", ("reason", "finished")),
        ("max_value", ("largest", 3)),
        ("max_value", ("largest", 7)),
        ("max_value", ("largest", 5)),
        ("min_value", ("smallest", 3)),
        ("min_value", ("smallest", 1)),
        ("min_value", ("smallest", 2)),
    ]
    ours, scrapys = CrawlStats(get_crawler()), MemoryStatsCollector(get_crawler())
    for collector in (ours, scrapys):
        for method, arguments in calls:
            getattr(collector, method)(*arguments)
    assert ours.get_stats() == scrapys.get_stats()
    assert ours.get_stats() == {
        "pages": 3, "bytes": 15, "reason": "finished", "largest": 7, "smallest": 1,
    }  # fmt: skip
    assert ours.get_value("missing", "default") == "default"
