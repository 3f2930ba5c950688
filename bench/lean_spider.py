"""A lean Scrapy spider, the floor for what a crawl costs in Scrapy: follows every internal link,
stores nothing, and avoids Scrapy's per-link overhead where it can.

    python -m bench.lean_spider http://127.0.0.1:PORT/

Differences from bench/plain_spider.py: its own seen-set of URLs (no request fingerprints, no
dupe filter), hrefs read with one lxml XPath instead of LinkExtractor, relative links joined
with urllib, CONCURRENT_ITEMS low (nothing goes through item pipelines), no middlewares it does
not need. robots.txt is obeyed, as by the other crawlers.
"""

from __future__ import annotations

import sys
from typing import ClassVar
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from lxml import etree
from scrapy.crawler import CrawlerProcess

_PARSER = etree.HTMLParser(recover=True, no_network=True)
_HREFS = etree.XPath("//a/@href")


def hrefs(body: bytes) -> list[str]:
    """Every ``<a href>`` value of an HTML document (empty for what lxml cannot parse)."""
    root = etree.fromstring(body, _PARSER) if body else None
    return [] if root is None else [str(href) for href in _HREFS(root)]


class LeanSpider(scrapy.Spider):
    name = "lean"
    custom_settings: ClassVar[dict] = {
        "LOG_LEVEL": "WARNING",
        "HTTPERROR_ALLOW_ALL": True,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "CONCURRENT_ITEMS": 1,
        "TELNETCONSOLE_ENABLED": False,
        "LOGSTATS_INTERVAL": 0,
        "COOKIES_ENABLED": False,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": None,
            "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
            "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
        },
    }

    def __init__(self, start_url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = start_url
        self.host = urlsplit(start_url).netloc
        self.seen: set[str] = {start_url}
        self.pages = 0

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse)

    def parse(self, response):
        self.pages += 1
        if b"html" not in (response.headers.get(b"Content-Type") or b""):
            return
        base = response.url
        for href in hrefs(response.body):
            url = urldefrag(urljoin(base, href.strip()))[0]
            if url in self.seen or not url.startswith("http") or urlsplit(url).netloc != self.host:
                continue
            self.seen.add(url)
            yield scrapy.Request(url, callback=self.parse)

    def closed(self, reason):
        requests = self.crawler.stats.get_value("downloader/request_count", 0)
        print(f"pages={self.pages} requests={requests}")


if __name__ == "__main__":
    process = CrawlerProcess()
    process.crawl(LeanSpider, start_url=sys.argv[1])
    process.start()
