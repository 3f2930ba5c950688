"""The frontier: every URL met once, with an id, the decision whether to fetch it, the order of
fetching, and each URL's click depth.

It replaces Scrapy's duplicate filter, depth middleware, offsite middleware, robots.txt
middleware and request queue with one dictionary lookup per link, and records every URL it met,
fetched or not, with the reason it was not.

A large crawl is limited by memory, so the frontier holds neither the URLs waiting to be fetched
(only their ids, by depth: their text is in the urls table) nor the link graph. URLs are fetched
breadth-first, links before sitemap-only URLs, so nearly every URL is met first at its click
depth. When a shorter path turns up later, the URL's depth is lowered, and with it the depths of
the URLs it links to: a fetched page's links are kept only while that can still happen, that is
while a URL of a lower depth is still waiting or being fetched.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gatewatch.crawler.options import ROBOTS_USER_AGENT, CrawlOptions
from gatewatch.crawler.robots import RobotsFile
from gatewatch.crawler.urls import SiteScope, invalid_href_key, shortened, too_long_key, url_key
from gatewatch.storage.rows import UrlRow

# why a URL that was met was not fetched
EXTERNAL = "external"
ROBOTS = "robots"
EXCLUDED = "excluded"
DEPTH_LIMIT = "depth_limit"
PAGE_LIMIT = "page_limit"
INVALID_URL = "invalid_url"
REDIRECT_LIMIT = "redirect_limit"  # at the end of a chain longer than max_redirects
URL_TOO_LONG = "url_too_long"  # longer than max_url_length: recorded cut short

NO_DEPTH = -1  # not reached by links (yet): met in a sitemap, or only from such pages
WAITING, SENT, DONE = 1, 2, 3  # where a URL to fetch is; 0: not to be fetched


@dataclass(slots=True)
class Meeting:
    """`url_id` is None when the URL was not recorded: the run met `max_urls` URLs."""

    url_id: int | None
    new: bool
    fetch: bool


NOT_RECORDED = Meeting(None, new=False, fetch=False)


class _IdTable:
    """URL key -> id in two arrays, 12 bytes a slot, about 25 bytes a URL; a dict of ints costs
    about 90 (the table and two int objects): the one thing a crawl keeps for every URL."""

    def __init__(self) -> None:
        self.count = 0
        self.keys = array("q")  # 0: an empty slot (a key of 0 is stored as 1)
        self.ids = array("i")
        self._resize(1024)

    def _resize(self, size: int) -> None:
        keys, ids = self.keys, self.ids
        self.keys = array("q", bytes(8 * size))
        self.ids = array("i", bytes(4 * size))
        self.mask = size - 1
        for key, url_id in zip(keys, ids, strict=True):
            if key:
                slot = self._slot(key)
                self.keys[slot] = key
                self.ids[slot] = url_id

    def _slot(self, key: int) -> int:
        """The slot of `key`, or the empty slot where it would go (linear probing)."""
        keys, mask = self.keys, self.mask
        slot = key & mask  # the key is a hash: its low bits are as good as any
        while (found := keys[slot]) != key and found:
            slot = (slot + 1) & mask
        return slot

    def get(self, key: int) -> int | None:
        slot = self._slot(key or 1)
        return self.ids[slot] if self.keys[slot] else None

    def add(self, key: int, url_id: int) -> None:
        key = key or 1
        slot = self._slot(key)
        self.keys[slot] = key
        self.ids[slot] = url_id
        self.count += 1
        if 3 * self.count > 2 * len(self.keys):
            self._resize(2 * len(self.keys))


class _IdQueue:
    """First in, first out, four bytes an id."""

    __slots__ = ("head", "ids")

    def __init__(self) -> None:
        self.ids = array("i")
        self.head = 0

    def __len__(self) -> int:
        return len(self.ids) - self.head

    def append(self, url_id: int) -> None:
        self.ids.append(url_id)

    def popleft(self) -> int:
        url_id = self.ids[self.head]
        self.head += 1
        if self.head >= 4096 and 2 * self.head >= len(self.ids):
            del self.ids[: self.head]
            self.head = 0
        return url_id


class Frontier:
    """Assigns ids to URLs, decides what to fetch and in which order, and keeps click depths."""

    def __init__(self, options: CrawlOptions, add_row: Callable[[UrlRow], None]) -> None:
        """`add_row`: records each URL met (storage.writer.CrawlWriter.add)."""
        self.options = options
        self.scope = SiteScope(options.start_url, options.www_equivalent, options.any_scheme)
        self.robots = RobotsFile(url="")
        self._add_row = add_row
        self._include = [re.compile(pattern) for pattern in options.include]
        self._exclude = [re.compile(pattern) for pattern in options.exclude]
        self.ids = _IdTable()  # by url_key, a 64-bit hash, a fraction of the URL it stands for
        self.found_depths = array("i")  # as written in the URL's row
        self.depths = array("i")  # the fewest clicks from the start page found so far
        self.states = bytearray()
        self.scheduled = 0
        self.waiting = 0  # URLs to fetch not given to the caller yet
        self.fetching = 0  # given to the caller, not finished
        self._queues: dict[int, _IdQueue] = {}  # by depth
        self._open: list[int] = []  # by depth: URLs waiting or being fetched
        self._lowest_open: int | None = None
        # of fetched pages whose depth may still be lowered
        self._links: dict[int, array] = {}
        self._redirects: dict[int, int] = {}
        self.not_recorded = 0  # new URLs met after the run met `max_urls`
        self.too_long = 0  # URLs recorded as longer than `max_url_length`

    def __len__(self) -> int:
        return self.ids.count

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

    def _new_id(self, key: int, depth: int | None) -> int:
        url_id = self.ids.count
        self.ids.add(key, url_id)
        depth = NO_DEPTH if depth is None else depth
        self.found_depths.append(depth)
        self.depths.append(depth)
        self.states.append(0)
        return url_id

    def known(self, key: int) -> int | None:
        """The id of the URL of this key (`url_key`), if it was met."""
        return self.ids.get(key)

    def meet(
        self,
        url: str,
        via: str,
        depth: int | None,
        found_on: int | None,
        skip: str | None = None,
        key: int | None = None,
    ) -> Meeting:
        """Record that `url` was met (via seed, sitemap, link or redirect); `skip` is a reason
        not to fetch it that only the caller knows (the end of an over-long redirect chain);
        `key`: its `url_key`, when the caller has it. A URL to fetch waits in the queue of its
        depth."""
        if len(url) > self.options.max_url_length:
            url_id = self.meet_too_long(url, via, found_on, depth)
            return NOT_RECORDED if url_id is None else Meeting(url_id, new=False, fetch=False)
        if key is None:
            key = url_key(url)
        url_id = self.ids.get(key)
        if url_id is not None:
            return Meeting(url_id, new=False, fetch=False)
        if self._full():
            return NOT_RECORDED
        url_id = self._new_id(key, depth)
        reason = self._skip_reason(url, depth)
        if reason is None and skip is not None and self.scope.is_internal(url):
            reason = skip
        if reason is None:
            self.scheduled += 1
            self._wait(url_id)
        self._add_row(
            UrlRow(
                id=url_id,
                url=url,
                url_key=key,
                internal=reason != EXTERNAL,
                found_via=via,
                found_on_id=found_on,
                depth=depth,
                robots_disallowed=reason == ROBOTS,
                skip_reason=reason,
            )
        )
        return Meeting(url_id, new=True, fetch=reason is None)

    def _full(self) -> bool:
        """The run met as many URLs as it may record: a new one is counted, not recorded."""
        if self.ids.count < self.options.max_urls:
            return False
        self.not_recorded += 1
        return True

    def meet_invalid(self, raw: str, found_on: int, depth: int | None = None) -> int | None:
        """An href that cannot be parsed: recorded under its raw text, never fetched."""
        key = invalid_href_key(raw)
        url_id = self.ids.get(key)
        if url_id is None:
            if self._full():
                return None
            raw = shortened(raw, self.options.max_url_length)
            url_id = self._new_id(key, depth)
            self._add_row(
                UrlRow(
                    id=url_id,
                    url=raw,
                    url_key=url_key(raw),
                    internal=True,
                    found_via="link",
                    found_on_id=found_on,
                    depth=depth,
                    robots_disallowed=False,
                    skip_reason=INVALID_URL,
                )
            )
        return url_id

    def meet_too_long(
        self,
        url: str,
        via: str,
        found_on: int | None,
        depth: int | None = None,
        key: int | None = None,
    ) -> int | None:
        """A URL longer than `max_url_length` (`key`: its `too_long_key`, when the caller has
        it): recorded cut short, never fetched; None when the run is full."""
        if key is None:
            key = too_long_key(url)
        url_id = self.ids.get(key)
        if url_id is None:
            if self._full():
                return None
            text = shortened(url, self.options.max_url_length)
            internal = self.scope.is_internal(text)
            url_id = self._new_id(key, depth)
            self.too_long += 1
            self._add_row(
                UrlRow(
                    id=url_id,
                    url=text,
                    url_key=key,
                    internal=internal,
                    found_via=via,
                    found_on_id=found_on,
                    depth=depth,
                    robots_disallowed=False,
                    skip_reason=URL_TOO_LONG,
                )
            )
        return url_id

    def depth_of(self, url_id: int) -> int | None:
        depth = self.depths[url_id]
        return None if depth == NO_DEPTH else depth

    # ---- the order of fetching

    def _wait(self, url_id: int) -> None:
        depth = self.depths[url_id]
        queue = self._queues.get(depth)
        if queue is None:
            queue = self._queues[depth] = _IdQueue()
        queue.append(url_id)
        if self.states[url_id] != WAITING:
            self.states[url_id] = WAITING
            self.waiting += 1
            self._count_open(depth, 1)

    def next_to_fetch(self, count: int, links_done: bool = False) -> list[tuple[int, int | None]]:
        """Up to `count` waiting URLs, the fewest clicks first, as (url id, depth); they are
        being fetched from now on. URLs not reached by links wait until no URL with a depth
        is waiting or being fetched (or the caller knows none is: `links_done`), as links may
        still reach them."""
        batch: list[tuple[int, int | None]] = []
        for depth in sorted(self._queues, key=lambda depth: (depth == NO_DEPTH, depth)):
            if depth == NO_DEPTH and not (links_done or self._lowest_open is None):
                break
            queue = self._queues[depth]
            while queue and len(batch) < count:
                url_id = queue.popleft()
                # an id is queued again when its depth is lowered: the older entry is stale
                if self.states[url_id] == WAITING and self.depths[url_id] == depth:
                    self._send(url_id)
                    batch.append((url_id, None if depth == NO_DEPTH else depth))
            if not queue:
                del self._queues[depth]
            if len(batch) >= count:
                break
        return batch

    def take(self, url_id: int) -> None:
        """The caller fetches this waiting URL now (a redirect target), not in queue order."""
        if self.states[url_id] == WAITING:
            self._send(url_id)

    def _send(self, url_id: int) -> None:
        self.states[url_id] = SENT
        self.waiting -= 1
        self.fetching += 1

    def finished(self, url_id: int) -> None:
        """The URL's response (or failure) is recorded, and its links or redirect added."""
        if self.states[url_id] == SENT:
            self.fetching -= 1
            self.states[url_id] = DONE
            self._count_open(self.depths[url_id], -1)

    def _count_open(self, depth: int, change: int) -> None:
        if depth == NO_DEPTH:
            return
        if depth >= len(self._open):
            self._open.extend([0] * (depth + 1 - len(self._open)))
        self._open[depth] += change
        if change > 0:
            if self._lowest_open is None or depth < self._lowest_open:
                self._lowest_open = depth
        elif depth == self._lowest_open and not self._open[depth]:
            self._lowest_open = next(
                (lower for lower in range(depth + 1, len(self._open)) if self._open[lower]), None
            )
            self._forget_settled()

    # ---- click depths

    def _settled(self, url_id: int) -> bool:
        """No shorter path to this URL can turn up: every new depth comes from a URL still
        waiting or being fetched, and is at least that URL's depth."""
        depth = self.depths[url_id]
        lowest = self._lowest_open
        return lowest is None or NO_DEPTH < depth <= lowest

    def _forget_settled(self) -> None:
        for kept in (self._links, self._redirects):
            for url_id in [url_id for url_id in kept if self._settled(url_id)]:
                del kept[url_id]

    def add_link(self, source_id: int, target_id: int) -> None:
        depth = self.depths[source_id]
        if depth != NO_DEPTH:
            self._lower(target_id, depth + 1)
        if not self._settled(source_id):
            targets = self._links.get(source_id)
            if targets is None:
                self._links[source_id] = array("i", (target_id,))
            else:
                targets.append(target_id)

    def add_redirect(self, source_id: int, target_id: int) -> None:
        """A redirect costs no click: its target is as deep as its source."""
        depth = self.depths[source_id]
        if depth != NO_DEPTH:
            self._lower(target_id, depth)
        if not self._settled(source_id):
            self._redirects[source_id] = target_id

    def _lower(self, url_id: int, depth: int) -> None:
        """`url_id` is `depth` clicks from the start: lower its depth, and the depths of the
        URLs its kept links and redirect lead to, if that is fewer than known."""
        work = [(url_id, depth)]
        while work:
            url_id, depth = work.pop()
            known = self.depths[url_id]
            if NO_DEPTH < known <= depth:
                continue
            self.depths[url_id] = depth
            if self.states[url_id] in (WAITING, SENT):
                self._count_open(depth, 1)  # first: the lowest open depth must not move up
                self._count_open(known, -1)
                if self.states[url_id] == WAITING:
                    self._wait(url_id)
            targets = self._links.get(url_id)
            if targets is not None:
                work.extend((target, depth + 1) for target in targets)
            target = self._redirects.get(url_id)
            if target is not None:
                work.append((target, depth))
            if self._settled(url_id):
                self._links.pop(url_id, None)
                self._redirects.pop(url_id, None)

    def click_depths(self, start_id: int) -> array:
        """Clicks from the start page `start_id` (the URL met at depth 0) to every URL, over
        the links and redirects added so far (a redirect costs no click); -1 if none."""
        if self.depths[start_id] != 0:
            raise ValueError(f"URL {start_id} is not the start page")
        return array("i", self.depths)

    def depth_corrections(self, start_id: int) -> Iterator[tuple[int, int | None]]:
        """(url id, true depth) for URLs whose depth at discovery was not the true one."""
        if self.depths[start_id] != 0:
            raise ValueError(f"URL {start_id} is not the start page")
        for url_id, (found, true) in enumerate(zip(self.found_depths, self.depths, strict=True)):
            if found != true:
                yield url_id, None if true == NO_DEPTH else true

    def kept_links(self) -> int:
        """Pages whose links are kept to lower depths (for benchmarks: should stay small)."""
        return len(self._links) + len(self._redirects)
