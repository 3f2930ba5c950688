"""The frontier fetches breadth-first and finds every URL's click depth without keeping the link
graph: a page's links are kept only while a shorter path to it can still turn up."""

import random
from collections import deque

from gatewatch.crawler.frontier import Frontier
from gatewatch.crawler.options import CrawlOptions

START = "http://site.test/"


def frontier(**options):
    return Frontier(CrawlOptions(start_url=START, **options), lambda row: None)


def test_every_url_keeps_its_one_id_however_many_urls_are_met():
    front = frontier()
    first = [front.meet(f"{START}page-{n}", "link", 1, 0) for n in range(5000)]
    again = [front.meet(f"{START}page-{n}", "sitemap", None, None) for n in range(5000)]
    assert [meeting.url_id for meeting in first] == list(range(5000))
    assert [meeting.url_id for meeting in again] == list(range(5000))
    assert not any(meeting.new for meeting in again)
    assert len(front) == 5000


def test_the_fewest_clicks_are_fetched_first_and_sitemap_only_urls_last():
    front = frontier()
    listed = front.meet(START + "listed", "sitemap", None, None).url_id
    home = front.meet(START, "seed", 0, None).url_id
    assert front.next_to_fetch(10) == [(home, 0)]  # the sitemap URL waits for the links
    deep = front.meet(START + "deep", "link", 2, home).url_id
    near = front.meet(START + "near", "link", 1, home).url_id
    front.finished(home)
    assert front.next_to_fetch(10) == [(near, 1), (deep, 2)]
    assert front.next_to_fetch(10) == []
    front.finished(near)
    front.finished(deep)
    assert front.next_to_fetch(10) == [(listed, None)]


def test_a_waiting_url_reached_by_a_shorter_path_is_fetched_at_its_new_depth():
    front = frontier()
    home = front.meet(START, "seed", 0, None).url_id
    front.next_to_fetch(1)
    listed = front.meet(START + "listed", "sitemap", None, None).url_id
    far = front.meet(START + "far", "link", 3, home).url_id
    front.add_link(home, listed)
    front.finished(home)
    assert front.next_to_fetch(10) == [(listed, 1), (far, 3)]


def test_an_idle_crawl_fetches_sitemap_urls_even_if_a_page_never_finished():
    front = frontier()
    front.meet(START, "seed", 0, None)
    listed = front.meet(START + "listed", "sitemap", None, None).url_id
    front.next_to_fetch(10)
    assert front.next_to_fetch(10) == []
    assert front.next_to_fetch(10, links_done=True) == [(listed, None)]


def _site(pages: int, seed: int) -> dict[int, list[int]]:
    """Random links, mostly to nearby pages, some far: a shortest path is often found late."""
    chance = random.Random(seed)
    graph = {}
    for page in range(pages):
        near = [min(pages - 1, page + chance.randint(1, 30)) for _ in range(6)]
        far = [chance.randrange(pages) for _ in range(3)]
        graph[page] = near + far
    return graph


def _true_depths(graph: dict[int, list[int]], redirects: dict[int, int]) -> dict[int, int]:
    depths = {0: 0}
    queue = deque([0])
    while queue:
        page = queue.popleft()
        if page in redirects:
            if redirects[page] not in depths or depths[redirects[page]] > depths[page]:
                depths[redirects[page]] = depths[page]
                queue.appendleft(redirects[page])
            continue
        for target in graph[page]:
            if target not in depths:
                depths[target] = depths[page] + 1
                queue.append(target)
    return depths


def _crawl(graph, redirects, listed, seed, concurrency=16, batch=40):
    """A crawl as the spider does it: batches from the frontier, responses in any order."""
    chance = random.Random(seed)
    front = frontier()
    ids = {}

    def meet(page, via, depth, found_on):
        meeting = front.meet(f"{START}p{page}", via, depth, found_on)
        ids[meeting.url_id] = page
        return meeting

    for page in listed:
        meet(page, "sitemap", None, None)
    start = meet(0, "seed", 0, None).url_id
    queued, flying, most_kept = [], [], 0
    while True:
        if len(queued) < batch:
            queued += [url_id for url_id, _ in front.next_to_fetch(batch, links_done=not flying)]
        while queued and len(flying) < concurrency:
            flying.append(queued.pop(0))
        if not flying:
            break
        url_id = flying.pop(chance.randrange(len(flying)))
        page, depth = ids[url_id], front.depth_of(url_id)
        if page in redirects:
            meeting = meet(redirects[page], "redirect", depth, url_id)
            front.add_redirect(url_id, meeting.url_id)
            if meeting.fetch:
                front.take(meeting.url_id)
                flying.append(meeting.url_id)
        else:
            for target in graph[page]:
                child = None if depth is None else depth + 1
                front.add_link(url_id, meet(target, "link", child, url_id).url_id)
        front.finished(url_id)
        most_kept = max(most_kept, front.kept_links())
    depths = front.click_depths(start)
    return {page: depths[url_id] for url_id, page in ids.items()}, most_kept


def test_click_depths_are_exact_whatever_order_the_responses_come_back_in():
    for seed in range(5):
        graph = _site(3000, seed)
        chance = random.Random(seed)
        redirects = {chance.randrange(1, 3000): chance.randrange(3000) for _ in range(60)}
        listed = chance.sample(range(1, 3000), 800)
        found, most_kept = _crawl(graph, redirects, listed, seed)
        truth = _true_depths(graph, redirects)
        assert {page: depth for page, depth in found.items() if depth >= 0} == truth
        assert most_kept < 300  # of 3,000 pages: links are kept for a few levels' edges only
