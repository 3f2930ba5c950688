"""A plain Scrapy spider, for comparison: follows every internal link, stores nothing.

    python -m bench.plain_spider http://127.0.0.1:PORT/

Prints ``pages=N requests=M`` (responses parsed; HTTP requests, with redirects and robots.txt).
"""

import sys
from typing import ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class PlainSpider(scrapy.Spider):
    name = "plain"
    custom_settings: ClassVar[dict] = {
        "LOG_LEVEL": "WARNING",
        "HTTPERROR_ALLOW_ALL": True,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "TELNETCONSOLE_ENABLED": False,
    }

    def __init__(self, start_url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname]
        self.links = LinkExtractor()
        self.pages = 0

    def parse(self, response):
        self.pages += 1
        if b"html" not in (response.headers.get("Content-Type") or b""):
            return
        for link in self.links.extract_links(response):
            yield response.follow(link.url, callback=self.parse)

    def closed(self, reason):
        requests = self.crawler.stats.get_value("downloader/request_count", 0)
        print(f"pages={self.pages} requests={requests}")


if __name__ == "__main__":
    process = CrawlerProcess()
    process.crawl(PlainSpider, start_url=sys.argv[1])
    process.start()
