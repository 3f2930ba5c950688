"""The frontier meets every URL once and records why it fetched it or not."""

from gatewatch.crawler.frontier import Frontier
from gatewatch.crawler.options import CrawlOptions
from gatewatch.crawler.robots import RobotsFile

START = "http://site.test/"


def frontier(**options):
    rows = []
    result = Frontier(CrawlOptions(start_url=START, **options), rows.append)
    result.robots = RobotsFile.parse(
        START + "robots.txt", 200, b"User-agent: *\nDisallow: /private/\n"
    )
    return result, rows


def reason(rows, url):
    return next(row.skip_reason for row in rows if row.url == url)


def test_one_url_is_one_row_however_often_it_is_met():
    front, rows = frontier()
    first = front.meet(START + "a", "link", 1, 0)
    again = front.meet(START + "a", "sitemap", None, None)
    assert first.new
    assert first.fetch
    assert again.url_id == first.url_id
    assert not again.new
    assert not again.fetch
    assert len(rows) == 1


def test_disallowed_external_and_excluded_urls_are_recorded_not_fetched():
    front, rows = frontier(exclude=[r"\?sort="])
    assert not front.meet(START + "private/x", "link", 1, 0).fetch
    assert not front.meet("https://elsewhere.test/", "link", 1, 0).fetch
    assert not front.meet(START + "list?sort=asc", "link", 1, 0).fetch
    assert reason(rows, START + "private/x") == "robots"
    assert reason(rows, "https://elsewhere.test/") == "external"
    assert reason(rows, START + "list?sort=asc") == "excluded"
    disallowed_row = next(row for row in rows if row.url == START + "private/x")
    assert disallowed_row.robots_disallowed is True


def test_ignoring_robots_fetches_disallowed_urls():
    front, _ = frontier(obey_robots=False)
    assert front.meet(START + "private/x", "link", 1, 0).fetch


def test_limits_record_what_was_left_out():
    front, rows = frontier(max_pages=2, max_depth=1)
    assert front.meet(START, "seed", 0, None).fetch
    assert not front.meet(START + "deep", "link", 2, 0).fetch
    assert front.meet(START + "b", "link", 1, 0).fetch
    assert not front.meet(START + "c", "link", 1, 0).fetch
    assert reason(rows, START + "deep") == "depth_limit"
    assert reason(rows, START + "c") == "page_limit"


def test_click_depth_is_corrected_once_the_whole_graph_is_known():
    front, _ = frontier()
    home = front.meet(START, "seed", 0, None).url_id
    listed = front.meet(START + "listed", "sitemap", None, None).url_id
    child = front.meet(START + "child", "link", None, listed).url_id
    front.add_link(listed, child)
    moved = front.meet(START + "moved", "link", 1, home).url_id
    front.add_link(home, moved)
    target = front.meet(START + "target", "redirect", 1, moved).url_id
    front.add_redirect(moved, target)
    front.add_link(target, listed)
    corrections = dict(front.depth_corrections(home))
    assert corrections == {listed: 2, child: 3}
    assert front.click_depths(home)[target] == 1  # a redirect costs no click
