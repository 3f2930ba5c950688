"""Probes: a few URLs that cannot exist per host and URL shape, never per page."""

import random

from gatewatch.crawler.detectors import (
    ProbePlanner,
    ProbeResult,
    defaulted_parameter,
    host_key,
    probe_urls,
    shape_honesty,
)
from gatewatch.crawler.detectors.probe import shape_key


def test_urls_of_one_pattern_share_a_shape():
    assert shape_key("https://blog.test/2019/05/jquery-roundup/") == shape_key(
        "https://blog.test/2021/07/team-offsite-notes/"
    )
    assert shape_key("https://shop.test/p/blue-shirt.html") == shape_key(
        "https://shop.test/p/red-socks.html"
    )
    assert shape_key("https://shop.test/p/blue-shirt") != shape_key("https://shop.test/blog/x")
    assert shape_key("https://shop.test/job.aspx?id=1") != shape_key("https://shop.test/job.aspx")


def test_probe_urls_keep_the_parent_extension_and_slash():
    [(kind, random_url)] = probe_urls("https://shop.test/p/blue-shirt.html", random.Random(1))
    assert kind == "random"
    name = random_url.removeprefix("https://shop.test/p/").removesuffix(".html")
    assert len(name) == 25
    assert name.isalpha()
    [(_, slashed)] = probe_urls("https://blog.test/2019/05/post/", random.Random(1))
    assert slashed.startswith("https://blog.test/2019/05/")
    assert slashed.endswith("/")


def test_a_deeper_path_is_probed_with_its_query_string():
    [(_, probe)] = probe_urls("https://wiki.test/a/b/page?action=edit#top", random.Random(1))
    assert probe.startswith("https://wiki.test/a/b/")
    assert probe.endswith("?action=edit")
    assert "page" not in probe


def test_a_query_driven_page_is_probed_through_its_last_value_and_without_it():
    (kind, random_url), (bare_kind, bare_url) = probe_urls(
        "https://corp.test/careers/job.aspx?lang=en&id=1183", random.Random(1)
    )
    assert (kind, bare_kind) == ("random", "bare")
    assert random_url.startswith("https://corp.test/careers/job.aspx?lang=en&id=")
    assert random_url.split("id=")[1].isdigit()
    assert len(random_url.split("id=")[1]) >= 9
    assert bare_url == "https://corp.test/careers/job.aspx?lang=en"


def test_probes_are_planned_once_per_shape_and_capped_per_host():
    planner = ProbePlanner(max_shapes_per_host=2, chooser=random.Random(1))
    first = planner.plan("https://shop.test/p/blue-shirt")
    assert [shape for shape, _, _ in first].count(host_key("https://shop.test/")) == 1
    assert len(first) == 2  # the host's own probe, then the shape's
    assert planner.plan("https://shop.test/p/red-socks") == []
    assert len(planner.plan("https://shop.test/blog/2019/a-post")) == 1
    assert planner.plan("https://shop.test/help/faq/returns") == []  # over the cap
    assert planner.shape_for("https://shop.test/help/faq/returns") == host_key("https://shop.test/")
    assert planner.shape_for("https://shop.test/p/green-hat") == shape_key(
        "https://shop.test/p/blue-shirt"
    )


def test_redirects_plan_their_shapes_within_a_cap_of_their_own():
    planner = ProbePlanner(max_shapes_per_host=4, chooser=random.Random(1))
    assert len(planner.plan("https://shop.test/old/a-chair", redirect=True)) == 2  # + host's
    assert len(planner.plan("https://shop.test/2019/05/a-post", redirect=True)) == 1
    assert planner.plan("https://shop.test/shop/item.php?id=3", redirect=True) == []  # 2 of 2
    pages = ("/p/blue-shirt", "/blog/a-post", "/help/faq", "/about/team/anna")
    assert [len(planner.plan(f"https://shop.test{path}")) for path in pages] == [1, 1, 1, 1]
    assert planner.plan("https://shop.test/jobs/2024/cook") == []  # 4 of 4


def test_a_value_the_software_defaults_answers_like_the_url_without_it():
    def answer(url, kind, simhash, status=200, looks="page"):
        return ProbeResult(url, kind, status, url, status, simhash, looks)

    default_page = 0b1011_0110_1110_0001
    probe = answer("https://s.test/about?lang=qwertyuiopasdfghjklzxcvbn", "random", default_page)
    bare = answer("https://s.test/about", "bare", default_page ^ 0b11)
    assert [r.looks_like for r in defaulted_parameter([probe, bare], 3)] == ["default", "page"]
    assert [r.looks_like for r in defaulted_parameter([bare, probe], 3)] == ["page", "default"]
    # an error template: without an id, the software shows another page (or no page)
    listing = answer("https://s.test/item.php", "bare", ~default_page & 0xFFFF_FFFF)
    assert defaulted_parameter([probe, listing], 3)[0] == probe
    missing = answer("https://s.test/item.php", "bare", default_page, status=404)
    assert defaulted_parameter([probe, missing], 3)[0] == probe
    # a not-found page in words the rules know stays that template
    worded = answer(probe.url, "random", default_page, looks="not_found")
    assert defaulted_parameter([worded, bare], 3)[0] == worded
    assert defaulted_parameter([probe], 3) == [probe]


def test_an_echo_of_the_page_met_first_stays_one_whatever_the_bare_url_answers():
    """/show?view=list: no view is a grid, an unknown one a list. The random probe echoes the
    (healthy) list page; the URL without the parameter answers the grid. The echo is still
    no template: compared, the list page would match its own copy."""
    echo = ProbeResult(
        "https://s.test/show?view=qwertyuiopasdfghjklzxcvbn", "random", 200,
        "https://s.test/show?view=qwertyuiopasdfghjklzxcvbn", 200, 0b1011, "source",
    )  # fmt: skip
    grid = ProbeResult("https://s.test/show", "bare", 200, "https://s.test/show",
                       200, ~0b1011 & 0xFFFF_FFFF)  # fmt: skip
    assert defaulted_parameter([echo, grid], 3)[0].looks_like == "source"
    same = ProbeResult("https://s.test/show", "bare", 200, "https://s.test/show", 200, 0b1011)
    assert defaulted_parameter([echo, same], 3)[0].looks_like in ("source", "default")


def test_honesty_of_a_shape_for_the_run_record():
    def result(status):
        return ProbeResult("https://s.test/zq", "random", status, "https://s.test/zq", status)

    assert shape_honesty([result(404)]) == "honest"
    assert shape_honesty([result(200)]) == "soft"
    assert shape_honesty([result(500)]) == "error"
    assert shape_honesty([]) == "unknown"
    home = ProbeResult("https://s.test/zq", "random", 302, "https://s.test/", 200, 0, "home")
    assert shape_honesty([home]) == "redirect to home"


def test_probe_results_survive_a_json_round_trip():
    result = ProbeResult("https://s.test/zq", "random", 302, "https://s.test/", 200, -5, "home")
    assert ProbeResult.from_json(result.to_json()) == result


def test_a_probe_that_returns_the_page_it_came_from_is_an_ignored_parameter():
    from gatewatch.crawler.detectors import Signals, echoes_source

    page = Signals("https://s.test/contact?ref=footer", 200, simhash=1234, found={"thin_main": 9})
    probe = ProbeResult(
        "https://s.test/contact?ref=qwertyuiopasdfghjklzxcvbn", "random", 200,
        "https://s.test/contact?ref=qwertyuiopasdfghjklzxcvbn", 200, 1234, "page",
    )  # fmt: skip
    assert echoes_source(probe, page.url, page, 3).looks_like == "source"
    # the page it came from was itself an error page: the probe is that template, as usual
    gone = Signals(page.url, 200, simhash=1234, found={"heading_not_found": "title: not found"})
    assert echoes_source(probe, page.url, gone, 3) == probe
    # a probe of another path is the site's answer to a missing page, even when it is the
    # page the shape was met on: a shape first met on a not-found page nobody's words read
    # (a removed post a redirect leads to) keeps its probe. (Sympa's /wws/<unknown action>,
    # which shows /wws/home, is the price: a false alarm on /wws/home, left.)
    home = Signals("https://s.test/wws/home", 200, simhash=1234, found={"thin_main": 30})
    other = ProbeResult(
        "https://s.test/wws/zzzzz", "random", 200, "https://s.test/wws/zzzzz", 200, 1234
    )
    assert echoes_source(other, home.url, home, 3) == other
