"""The frontier: every URL met once, with an id, and the decision whether to fetch it.

It replaces Scrapy's duplicate filter, depth middleware, offsite middleware and robots.txt
middleware with one dictionary lookup per link, and records every URL it met, fetched or
not, with the reason it was not.
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from dataclasses import dataclass

from crawler.options import ROBOTS_USER_AGENT, CrawlOptions
from crawler.robots import RobotsFile
from crawler.urls import SiteScope, url_key

# why a URL that was met was not fetched
EXTERNAL = "external"
ROBOTS = "robots"
EXCLUDED = "excluded"
DEPTH_LIMIT = "depth_limit"
PAGE_LIMIT = "page_limit"
INVALID_URL = "invalid_url"
REDIRECT_LIMIT = "redirect_limit"  # at the end of a chain longer than max_redirects


@dataclass(slots=True)
class Meeting:
    url_id: int
    new: bool
    fetch: bool


class Frontier:
    """Assigns ids to URLs, decides what to fetch, and keeps the link graph for click depth."""

    def __init__(self, options: CrawlOptions, add_row) -> None:
        self.options = options
        self.scope = SiteScope(options.start_url, options.www_equivalent, options.any_scheme)
        self.robots = RobotsFile(url="")
        self._add_row = add_row
        self._include = [re.compile(pattern) for pattern in options.include]
        self._exclude = [re.compile(pattern) for pattern in options.exclude]
        # by url_key, a 64-bit hash: an int costs a third of the URL string it stands for
        self.ids: dict[int, int] = {}
        self.depths = array("i")  # as recorded when met; -1: not reached by links then
        self.scheduled = 0
        self._edge_sources = array("i")
        self._edge_targets = array("i")
        self._redirects: list[tuple[int, int]] = []

    def __len__(self) -> int:
        return len(self.ids)

    def _skip_reason(self, url: str, depth: int | None) -> str | None:
        if not self.scope.is_internal(url):
            return EXTERNAL
        if self.options.obey_robots and not self.robots.allows(url, ROBOTS_USER_AGENT):
            return ROBOTS
        if self._include and not any(pattern.search(url) for pattern in self._include):
            return EXCLUDED
        if any(pattern.search(url) for pattern in self._exclude):
            return EXCLUDED
        max_depth = self.options.max_depth
        if max_depth is not None and depth is not None and depth > max_depth:
            return DEPTH_LIMIT
        if self.options.max_pages is not None and self.scheduled >= self.options.max_pages:
            return PAGE_LIMIT
        return None

    def meet(
        self, url: str, via: str, depth: int | None, found_on: int | None, skip: str | None = None
    ) -> Meeting:
        """Record that `url` was met (via seed, sitemap, link or redirect); `skip` is a reason
        not to fetch it that only the caller knows (the end of an over-long redirect chain)."""
        key = url_key(url)
        url_id = self.ids.get(key)
        if url_id is not None:
            return Meeting(url_id, new=False, fetch=False)
        url_id = len(self.ids)
        self.ids[key] = url_id
        self.depths.append(-1 if depth is None else depth)
        reason = self._skip_reason(url, depth)
        if reason is None and skip is not None and self.scope.is_internal(url):
            reason = skip
        if reason is None:
            self.scheduled += 1
        self._add_row(
            "urls",
            url_id,
            url,
            key,
            reason != EXTERNAL,
            via,
            found_on,
            depth,
            reason == ROBOTS,
            reason,
        )
        return Meeting(url_id, new=True, fetch=reason is None)

    def meet_invalid(self, raw: str, found_on: int) -> int:
        """An href that cannot be parsed: recorded under its raw text, never fetched."""
        key = url_key(f"invalid:{raw}")
        url_id = self.ids.get(key)
        if url_id is None:
            url_id = len(self.ids)
            self.ids[key] = url_id
            self.depths.append(-1)
            self._add_row(
                "urls", url_id, raw, url_key(raw), True, "link", found_on, None, False, INVALID_URL
            )
        return url_id

    def add_link(self, source_id: int, target_id: int) -> None:
        self._edge_sources.append(source_id)
        self._edge_targets.append(target_id)

    def add_redirect(self, source_id: int, target_id: int) -> None:
        self._redirects.append((source_id, target_id))

    def click_depths(self, start_id: int) -> array:
        """Clicks from the start page to every URL (redirects cost no click); -1 if none."""
        count = len(self.ids)
        offsets = array("i", bytes(4 * (count + 1)))
        for source in self._edge_sources:
            offsets[source + 1] += 1
        for index in range(count):
            offsets[index + 1] += offsets[index]
        targets = array("i", bytes(4 * len(self._edge_targets)))
        cursor = array("i", offsets)
        for source, target in zip(self._edge_sources, self._edge_targets, strict=True):
            targets[cursor[source]] = target
            cursor[source] += 1
        redirects: dict[int, list[int]] = {}
        for source, target in self._redirects:
            redirects.setdefault(source, []).append(target)

        depths = array("i", [-1]) * count
        depths[start_id] = 0
        queue = deque([start_id])
        while queue:
            node = queue.popleft()
            depth = depths[node]
            for target in redirects.get(node, ()):
                if depths[target] < 0 or depths[target] > depth:
                    depths[target] = depth
                    queue.appendleft(target)
            for index in range(offsets[node], offsets[node + 1]):
                target = targets[index]
                if depths[target] < 0 or depths[target] > depth + 1:
                    depths[target] = depth + 1
                    queue.append(target)
        return depths

    def depth_corrections(self, start_id: int) -> list[tuple[int, int | None]]:
        """(url id, true depth) for URLs whose depth at discovery was not the true one."""
        true_depths = self.click_depths(start_id)
        corrections = []
        for url_id, (found, true) in enumerate(zip(self.depths, true_depths, strict=True)):
            if found != true:
                corrections.append((url_id, None if true < 0 else true))
        return corrections
