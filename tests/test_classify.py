"""Buckets: which findings must be fixed now, which are private on purpose, which need a person;
each with the reasons that decided it and the action that fixes it."""

from urllib.parse import urlsplit

import pytest

from gatewatch.reports.build import inlink_counts
from gatewatch.reports.classify import Backlinks, Context, Inlinks, classify, explain
from gatewatch.reports.rules import Rules, RulesError, _path
from gatewatch.storage.findings import LinkSource

RULES = Rules()
SITE = "https://shop.test"


def record(path: str, status: int | None = 200, **fields) -> dict:
    return {
        "url": SITE + path,
        "status": status,
        "final_url": SITE + path,
        "final_status": status,
        "redirects": [],
        "flags": [],
        "in_sitemap": False,
        "sitemaps": [],
        "inlinks": 0,
        "depth": 2,
        "fetched": status is not None,
        "title": "Page",
        **fields,
    }


def in_sitemap(path: str, status: int, **fields) -> dict:
    return record(path, status, in_sitemap=True, sitemaps=[SITE + "/sitemap.xml"], **fields)


def redirect(path: str, to: str, final_status: int = 200) -> dict:
    hop = {"url": SITE + path, "status": 302, "location": SITE + to}
    return record(path, 302, final_url=SITE + to, final_status=final_status, redirects=[hop])


def codes(finding) -> set[str]:
    return {reason.code for reason in finding.reasons}


def test_a_healthy_page_is_no_finding():
    assert classify(record("/products/tent"), Context(), RULES) is None
    assert classify(redirect("/old-tent", "/products/tent"), Context(), RULES) is None


def test_a_public_page_in_the_sitemap_that_answers_403_must_be_fixed_now():
    finding = classify(in_sitemap("/products/tent", 403), Context(), RULES)
    assert finding.bucket == "fix_now"
    assert finding.kind == "forbidden"
    assert "in_sitemap" in codes(finding)
    assert finding.actions[0].startswith("make it public again")


def test_an_account_page_linked_only_from_the_menu_is_private_on_purpose():
    context = Context(inlinks=Inlinks(total=40, navigation=40))
    finding = classify(record("/account/", 401, auth_scheme="Basic"), context, RULES)
    assert finding.bucket == "intentionally_private"
    assert {"private_path", "navigation_only"} <= codes(finding)
    assert not any("remove" in action for action in finding.actions)


def test_a_private_page_still_in_the_sitemap_is_a_finding_whose_fix_is_to_take_it_out():
    finding = classify(in_sitemap("/admin/", 403), Context(), RULES)
    assert finding.bucket == "review"
    assert "remove from sitemap" in finding.actions
    assert "add noindex" in finding.actions


def test_a_private_page_linked_from_public_content_says_how_many_links_to_remove():
    context = Context(inlinks=Inlinks(total=14, public_content=14))
    finding = classify(record("/account/orders", 401), context, RULES)
    assert finding.bucket == "review"
    assert "remove the 14 internal link(s) from public pages" in finding.actions


def test_a_401_without_challenge_is_told_to_send_www_authenticate():
    finding = classify(record("/api/orders", 401, flags=["missing_challenge"]), Context(), RULES)
    assert finding.bucket == "intentionally_private"
    assert "return 401 with WWW-Authenticate" in finding.actions


def test_a_page_that_answered_200_last_week_is_a_regression_and_weighs_more():
    page = record("/guides/layering", 403)
    now = classify(page, Context(previous_status=200), RULES)
    before = classify(page, Context(), RULES)
    assert now.bucket == "fix_now"
    assert "regression" in codes(now)
    assert before.bucket == "intentionally_private"
    assert now.impact > before.impact


def test_a_soft_404_last_week_answering_200_then_is_no_regression():
    page = record("/p/1", 200, flags=["soft_404"], in_sitemap=True)
    finding = classify(page, Context(previous_status=200, previous_bucket="fix_now"), RULES)
    assert finding.kind == "soft_404"
    assert "regression" not in codes(finding)


def test_strong_backlinks_make_a_closed_page_urgent_and_weak_ones_do_not_count():
    page = record("/whitepaper", 401)
    strong = Backlinks(backlinks=30, referring_domains=3, best_domain_rating=70, followed=30)
    assert classify(page, Context(backlinks=strong), RULES).bucket == "fix_now"
    weak = Backlinks(backlinks=2, referring_domains=1, best_domain_rating=5, followed=2)
    rules = Rules(minimum_domain_rating=10)
    assert classify(page, Context(backlinks=weak), rules).bucket == "intentionally_private"
    nofollow = Backlinks(backlinks=9, referring_domains=3, best_domain_rating=80, followed=0)
    assert classify(page, Context(backlinks=nofollow), RULES).bucket == "intentionally_private"
    followed_or_not = Rules(followed_backlinks_only=False)
    assert classify(page, Context(backlinks=nofollow), followed_or_not).bucket == "fix_now"


def test_backlinks_to_a_private_page_suggest_a_redirect_to_keep_them():
    backlinks = Backlinks(backlinks=4, referring_domains=2, best_domain_rating=40, followed=4)
    finding = classify(record("/account/offer", 401), Context(backlinks=backlinks), RULES)
    assert finding.bucket == "review"
    assert "301 it to a public page so its backlinks still count" in finding.actions


def test_many_public_content_links_make_a_closed_page_urgent_and_a_few_need_review():
    page = record("/price-list", 401)
    many = Context(inlinks=Inlinks(total=3, public_content=3))
    few = Context(inlinks=Inlinks(total=1, public_content=1))
    assert classify(page, many, RULES).bucket == "fix_now"
    assert classify(page, few, RULES).bucket == "review"
    assert classify(page, many, Rules(important_public_inlinks=5)).bucket == "review"


def test_redirects_to_login_are_recognised_without_the_detectors():
    to_login = classify(redirect("/cart/", "/login?next=/cart/"), Context(), RULES)
    assert (to_login.kind, to_login.bucket) == ("redirect_login", "intentionally_private")


def test_a_redirect_to_the_home_page_is_the_detectors_call():
    linked = Context(inlinks=Inlinks(total=1, public_content=1))
    flagged = {**redirect("/blog/old-sale", "/"), "flags": ["redirect_home"]}
    to_home = classify(flagged, linked, RULES)
    assert (to_home.kind, to_home.bucket) == ("redirect_home", "fix_now")
    assert "restore the page or 301 it to its replacement" in to_home.actions


def test_a_redirect_ending_on_slash_is_no_finding_when_the_detector_did_not_flag_it():
    linked = Context(inlinks=Inlinks(total=3, public_content=3))
    alias = redirect("/index.html", "/")  # the home page's own alias
    assert classify({**alias, "status": 301}, linked, RULES) is None
    partner = redirect("/go/partner", "/")
    partner.update(final_url="https://partner.invalid/", final_status=200)  # another host
    assert classify(partner, linked, RULES) is None


def test_a_redirect_that_ends_on_a_404_is_a_broken_page():
    finding = classify(redirect("/old", "/gone", final_status=404), Context(), RULES)
    assert finding.kind == "not_found"


def test_broken_links_in_the_menu_are_urgent_even_without_content_links():
    context = Context(inlinks=Inlinks(total=30, navigation=30))
    finding = classify(record("/store-locator", 404), context, RULES)
    assert finding.bucket == "fix_now"
    assert "navigation_inlinks" in codes(finding)


def test_a_login_page_showing_a_login_form_is_not_a_login_wall():
    login = record("/login", 200, flags=["soft_401"])
    assert classify(login, Context(), RULES) is None
    wall = classify(record("/members/forum", 200, flags=["soft_401"]), Context(), RULES)
    assert wall.kind == "soft_401"
    assert "answer 401, or redirect to the login page, instead of 200" in wall.actions


def test_a_bot_shield_is_not_the_sites_decision_and_the_fix_is_in_the_waf():
    page = in_sitemap("/products/tent", 403, flags=["bot_shield"])
    finding = classify(page, Context(), RULES)
    assert (finding.kind, finding.bucket) == ("bot_shield", "fix_now")
    assert finding.actions[0] == "allow the crawler in the WAF rule"


def test_a_url_blocked_by_robots_but_listed_in_the_sitemap_should_leave_the_sitemap():
    blocked = in_sitemap("/staging/home", None, flags=["robots_blocked"], skip_reason="robots")
    finding = classify(blocked, Context(), RULES)
    assert (finding.kind, finding.bucket) == ("blocked_in_sitemap", "review")
    assert finding.actions[0].startswith("remove from sitemap")
    not_listed = record("/staging/home", None, flags=["robots_blocked"], skip_reason="robots")
    assert classify(not_listed, Context(), RULES) is None


def test_a_410_nobody_points_to_is_removed_on_purpose():
    finding = classify(record("/old-tent", 410), Context(), RULES)
    assert finding.bucket == "intentionally_private"
    linked = Context(inlinks=Inlinks(total=2, public_content=2))
    still_linked = classify(record("/old-tent", 410), linked, RULES)
    assert still_linked.bucket == "fix_now"
    assert still_linked.actions == ("remove the 2 internal link(s) from public pages",)


def test_the_detectors_evidence_is_kept_and_every_verdict_reads_in_one_line():
    verdict = {"flag": "soft_404", "reasons": ["heading_not_found"], "evidence": {"h": "x"}}
    page = in_sitemap("/p/9", 200, flags=["soft_404"], verdicts=[verdict])
    finding = classify(page, Context(), RULES)
    assert finding.evidence["soft_404"]["reasons"] == ["heading_not_found"]
    line = explain(finding)
    assert "\n" not in line
    assert line.startswith("fix_now: https://shop.test/p/9: a 'not found' page")
    assert "listed in sitemap" in line
    assert "Do: restore the page" in line


def test_each_linking_page_counts_once_and_private_or_broken_sources_are_apart():
    sources = [
        LinkSource(SITE + "/", "nav", 200, None),
        LinkSource(SITE + "/", "main", 200, None),  # same page, in content too: content
        LinkSource(SITE + "/about", "footer", 200, None),
        LinkSource(SITE + "/account/", "main", 200, None),  # private path
        LinkSource(SITE + "/draft", "main", 200, "noindex"),
        LinkSource(SITE + "/broken", "main", 500, None),
    ]
    assert inlink_counts(sources, RULES) == Inlinks(
        total=5, public_content=1, navigation=1, private=3
    )


def test_rules_can_be_overridden_per_site_and_typos_are_refused():
    rules = Rules.from_mapping(
        {"private_paths": ["intranet", "/members/*"], "important_public_inlinks": 5}
    )
    assert rules.important_public_inlinks == 5
    assert rules.is_private_path(SITE + "/intranet/news")
    assert rules.is_private_path(SITE + "/members/forum")
    assert not rules.is_private_path(SITE + "/admin/")
    assert Rules().is_private_path(SITE + "/shop/admin/users") == "admin"
    assert not Rules().is_private_path(SITE + "/blog/administration-tips")
    extended = Rules.from_mapping({"extra_private_paths": ["intranet"]})
    assert extended.is_private_path(SITE + "/intranet/")
    assert extended.is_private_path(SITE + "/admin/")
    with pytest.raises(RulesError, match=r"unknown rules key.*privat_paths.*known keys"):
        Rules.from_mapping({"privat_paths": ["x"]})
    with pytest.raises(RulesError, match="minimum_domain_rating must be a number"):
        Rules.from_mapping({"minimum_domain_rating": "high"})
    with pytest.raises(RulesError, match="private_paths must be a list"):
        Rules.from_mapping({"private_paths": "admin"})
    with pytest.raises(RulesError, match="followed_backlinks_only must be true or false"):
        Rules.from_mapping({"followed_backlinks_only": 1})


def test_a_long_redirect_chain_is_a_finding_whose_fix_is_one_hop():
    hops = [{"url": f"{SITE}/r{n}", "status": 301, "location": f"{SITE}/r{n + 1}"}
            for n in range(12)]  # fmt: skip
    chain = in_sitemap("/r0", 301, final_url=SITE + "/r12", final_status=200, redirects=hops,
                       flags=["redirect_chain_too_long"])  # fmt: skip
    finding = classify(chain, Context(), RULES)
    assert (finding.kind, finding.bucket) == ("redirect_chain_too_long", "fix_now")
    assert finding.actions[0] == "link straight to the final URL and shorten the chain to one hop"
    linked = classify({**chain, "in_sitemap": False, "sitemaps": []},
                      Context(inlinks=Inlinks(total=2, public_content=2)), RULES)  # fmt: skip
    assert linked.bucket == "fix_now"
    unlinked = classify({**chain, "in_sitemap": False, "sitemaps": []}, Context(), RULES)
    assert unlinked.bucket == "review"


def test_a_redirect_loop_is_a_finding_whose_fix_is_to_break_the_loop():
    hops = [{"url": SITE + "/a", "status": 302, "location": SITE + "/b"},
            {"url": SITE + "/b", "status": 302, "location": SITE + "/a"}]  # fmt: skip
    loop = in_sitemap("/a", 302, final_url=None, final_status=None, redirects=hops,
                      flags=["redirect_loop"])  # fmt: skip
    finding = classify(loop, Context(), RULES)
    assert (finding.kind, finding.bucket) == ("redirect_loop", "fix_now")
    assert finding.actions[0].startswith("break the loop")


def unreachable(path: str, **fields) -> dict:
    return record(path, None, fetched=True, flags=["error"],
                  error="timeout: Getting https://shop.test/ took longer than 20 seconds",
                  **fields)  # fmt: skip


def test_a_start_page_that_does_not_answer_is_fixed_now_with_the_error_as_reason():
    finding = classify(unreachable("/"), Context(home_url="https://www.shop.test"), RULES)
    assert (finding.kind, finding.bucket) == ("unreachable", "fix_now")
    assert "took longer than 20 seconds" in finding.reasons[0].text
    assert "start_page" in codes(finding)
    assert finding.actions[0] == (
        "check the server: it did not answer (timeout, DNS, connection refused)"
    )


def test_a_page_that_does_not_answer_matters_when_listed_or_linked():
    home = Context(home_url=SITE + "/")
    listed = unreachable("/guide", in_sitemap=True, sitemaps=[SITE + "/sitemap.xml"])
    assert classify(listed, home, RULES).bucket == "fix_now"
    linked = Context(inlinks=Inlinks(total=1, public_content=1), home_url=SITE + "/")
    assert classify(unreachable("/guide"), linked, RULES).bucket == "fix_now"
    alone = classify(unreachable("/guide"), home, RULES)
    assert (alone.kind, alone.bucket) == ("unreachable", "review")
    never_fetched = record("/guide", None)  # met, not fetched (page limit): not a finding
    assert classify(never_fetched, home, RULES) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example/account/orders?page=2#top",
        "https://shop.example",
        "https://shop.example?next=/admin/",
        "https://shop.example#/admin/",
        "HTTPS://SHOP.EXAMPLE/Admin/",
        "https://user@shop.example:8443/cart",
        "https://shop.example/a\n/admin/",
        "https://shop.\texample/admin/",
        " https://shop.example/admin/",
        "/admin/relative?x",
        "mailto:admin@shop.example",
    ],
)
def test_the_quick_path_reader_agrees_with_urlsplit(url):
    assert _path(url) == urlsplit(url).path


def test_an_access_denied_page_served_with_200_is_a_soft_403_to_answer_with_403():
    denied = classify(in_sitemap("/reports/q3", 200, flags=["soft_403"]), Context(), RULES)
    assert (denied.kind, denied.bucket) == ("soft_403", "fix_now")
    assert "answer 403 (or 404) instead of 200" in denied.actions
    assert "soft 403" in denied.reasons[0].text
