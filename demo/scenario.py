"""Known truth for buckets and diffs: one shop served as it is "this week" and "a week later".

Between the two weeks some problems are fixed, some are new, some pages that answered 200
are broken (regressions), some persist, two change bucket and one is no longer linked at all
(so the next crawl cannot check it: `not_checked`, never `fixed`). Every finding of each week
has its expected bucket; the expected diff says what changed for each URL.

Two findings need the content detectors (a soft 404 and a login wall served with 200); they
are listed in `Scenario.needs_detectors` so figures can be given with and without them.

    scenario = build_scenario()
    with serve(scenario.this_week) as server:
        ...crawl...
        server.site = scenario.next_week
        ...crawl again...
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from html import escape

from gatewatch.demo.site import Page, Site, sitemap_page

WORDS = (
    "Our team tested this gear on long alpine days, wet coastal trails and cold desert nights. "
    "We describe how it packs, how it wears after a season and what we would change. Read the "
    "care notes before your first trip, check the size guide, and ask our staff in the store "
    "when something is unclear. Every item ships within two days and can be returned for "
    "thirty days."
)


@dataclass(frozen=True)
class Scenario:
    """Both weeks of the site, with what a correct report says about each."""

    this_week: Site
    next_week: Site
    expected_this_week: dict[str, str]  # path -> bucket
    expected_next_week: dict[str, str]
    expected_changes: dict[str, str]  # path -> new, fixed, persisting, changed_bucket, ...
    expected_regressions: frozenset[str]
    needs_detectors: frozenset[str]  # paths only the soft 404 / login wall detectors can see


def _html(title: str, main: str, week: int, head: str = "") -> Page:
    checkout = '<a href="/checkout/">Checkout</a>' if week == 2 else ""
    body = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Alpine Outfitters</title>
{head}</head><body>
<header><nav aria-label="Main"><a href="/">Alpine Outfitters</a> <a href="/products/">Shop</a>
<a href="/blog/">Journal</a> <a href="/about">About</a> <a href="/account/">My account</a>
<a href="/cart/">Cart</a> {checkout}</nav></header>
<main><h1>{escape(title)}</h1>{main}</main>
<footer><nav aria-label="Footer"><a href="/contact">Contact</a>
<a href="/store-locator">Store locator</a> <a href="/api/orders">Order API</a>
<a href="/admin/">Staff</a></nav></footer>
</body></html>
"""
    return Page.html(body)


def _links(paths: list[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{path}">{escape(text)}</a></li>' for path, text in paths)
    return f"<ul>{items}</ul>"


def _article(title: str, week: int, links: list[tuple[str, str]] = ()) -> Page:
    extra = f"<p>See also:</p>{_links(list(links))}" if links else ""
    return _html(title, f"<p>{WORDS}</p><p>{WORDS}</p>{extra}", week)


SOFT_404 = (
    "<!doctype html><html><head><title>Page not found | Alpine Outfitters</title></head>"
    "<body><main><h1>Page not found</h1><p>Sorry, this page does not exist.</p></main>"
    "</body></html>"
)
LOGIN_FORM = (
    '<form action="/login" method="post"><label>Email <input type="email" name="email"></label>'
    '<label>Password <input type="password" name="password"></label>'
    "<button>Sign in</button></form><p>Sign in to continue. Members only.</p>"
)
CHALLENGE = (("WWW-Authenticate", 'Basic realm="staff"'),)


def _error(status: int, headers: tuple = ()) -> Page:
    body = f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1>"
    return Page.html(body, status=status, headers=headers)


def _week(week: int, filler: int) -> Site:
    """The shop in week 1 or 2; `filler` plain product pages add volume without problems."""
    products = [f"/products/item-{number:04d}" for number in range(filler)]
    pages: dict[str, Page] = {}
    listed = [(path, f"Item {path[-4:]}") for path in products]
    listed += [
        ("/products/old-lantern", "Old lantern"),
        ("/products/trail-map", "Trail map"),
        ("/products/summit-pack", "Summit pack"),
    ]
    if week == 1:
        listed.append(("/products/discontinued-tent", "Discontinued tent"))
    else:
        listed.append(("/wholesale/prices", "Wholesale prices"))
    posts = [
        ("/blog/first-ascent", "First ascent"),
        ("/blog/layering", "Layering"),
        ("/blog/gear-guide", "Gear guide"),
        ("/blog/old-sale", "Last year's sale"),
    ]
    if week == 2:
        posts.append(("/blog/winter-guide", "Winter guide"))
    wholesale_link = [("/wholesale/prices", "Wholesale prices")]
    pages["/"] = _html(
        "Gear for the mountains",
        f"<p>{WORDS}</p>{_links(listed[-4:] + posts[:3])}",
        week,
    )
    pages["/products/"] = _html("Shop", f"<p>{WORDS}</p>{_links(listed)}", week)
    pages["/blog/"] = _html("Journal", f"<p>{WORDS}</p>{_links(posts)}", week)
    pages["/about"] = _article("About us", week, wholesale_link)
    pages["/contact"] = _article("Contact", week, wholesale_link if week == 2 else [])
    for path in products:
        pages[path] = _article(f"Item {path[-4:]}", week)
    pages["/blog/first-ascent"] = _article(
        "First ascent", week, [("/members/forum", "Discuss it in the members' forum")]
    )
    pages["/blog/layering"] = _article("Layering", week)
    pages["/login"] = _html("Sign in", LOGIN_FORM, week)
    # Problems of both weeks
    pages["/products/old-lantern"] = _error(404)
    pages["/account/"] = _error(401, CHALLENGE)
    pages["/cart/"] = Page.redirect("/login?next=/cart/", status=302)
    pages["/admin/"] = _error(403)
    pages["/api/orders"] = _error(401)  # without WWW-Authenticate
    pages["/wholesale/prices"] = _error(401, CHALLENGE)
    pages["/members/forum"] = _html("Members' forum", LOGIN_FORM, week)  # a login wall, 200
    pages["/blog/removed-post"] = Page.html(SOFT_404)  # a soft 404, 200
    pages["/staging/new-home"] = _article("New home page draft", week)
    sitemap = ["/", "/products/", "/blog/", "/about", "/contact", *products]
    sitemap += ["/products/old-lantern", "/products/trail-map", "/products/summit-pack"]
    sitemap += [path for path, _ in posts if path != "/blog/winter-guide"]
    sitemap += ["/blog/removed-post", "/staging/new-home"]
    if week == 1:
        pages["/products/trail-map"] = _error(403)
        pages["/products/summit-pack"] = _article("Summit pack", week)
        pages["/products/discontinued-tent"] = _error(410)
        pages["/blog/gear-guide"] = _article("Gear guide", week)
        pages["/blog/old-sale"] = Page.redirect("/", status=301)
        pages["/store-locator"] = _error(500)
        sitemap.append("/admin/")
    else:
        pages["/products/trail-map"] = _article("Trail map", week)
        pages["/products/summit-pack"] = _error(403)
        pages["/blog/gear-guide"] = _error(404)
        pages["/blog/old-sale"] = _article("Last year's sale", week)
        pages["/store-locator"] = _article("Store locator", week)
        pages["/checkout/"] = Page.redirect("/login?next=/checkout/", status=302)
        # /blog/winter-guide is linked but does not exist: the fallback answers 404
    pages["/robots.txt"] = Page(
        body=b"User-agent: *\nDisallow: /staging/\nSitemap: {{BASE}}/sitemap.xml\n",
        headers=(("Content-Type", "text/plain"),),
    )
    pages["/sitemap.xml"] = sitemap_page(sitemap)
    return Site(pages)


def build_scenario(filler: int = 10) -> Scenario:
    """The two weeks, each with `filler` extra healthy product pages."""
    both = {
        "/products/old-lantern": "fix_now",  # 404, in sitemap, linked from the shop
        "/account/": "intentionally_private",  # 401, private path, linked from the menu only
        "/cart/": "intentionally_private",  # redirect to login, private path, menu only
        "/api/orders": "intentionally_private",  # 401 without challenge, private path
        "/members/forum": "review",  # login wall linked from one public article
        "/blog/removed-post": "fix_now",  # soft 404 listed in the sitemap
        "/staging/new-home": "review",  # robots.txt disallows it, the sitemap lists it
    }
    this_week = {
        **both,
        "/products/trail-map": "fix_now",  # 403, in sitemap
        "/admin/": "review",  # private path, yet listed in the sitemap
        "/blog/old-sale": "fix_now",  # deep URL redirected to the home page
        "/store-locator": "fix_now",  # 500
        "/products/discontinued-tent": "fix_now",  # 410 still linked from the shop
        "/wholesale/prices": "review",  # 401, one public page links to it
    }
    next_week = {
        **both,
        "/admin/": "intentionally_private",  # out of the sitemap now
        "/wholesale/prices": "fix_now",  # three public pages link to it now
        "/products/summit-pack": "fix_now",  # was 200: regression
        "/blog/gear-guide": "fix_now",  # was 200: regression
        "/checkout/": "intentionally_private",  # new, redirect to login
        "/blog/winter-guide": "fix_now",  # new broken link
    }
    changes = dict.fromkeys(both, "persisting")
    changes.update(
        {
            "/products/trail-map": "fixed",
            "/blog/old-sale": "fixed",
            "/store-locator": "fixed",
            "/products/discontinued-tent": "not_checked",  # nothing links to it any more
            "/admin/": "changed_bucket",
            "/wholesale/prices": "changed_bucket",
            "/products/summit-pack": "new",
            "/blog/gear-guide": "new",
            "/checkout/": "new",
            "/blog/winter-guide": "new",
        }
    )
    return Scenario(
        this_week=_week(1, filler),
        next_week=_week(2, filler),
        expected_this_week=this_week,
        expected_next_week=next_week,
        expected_changes=changes,
        expected_regressions=frozenset({"/products/summit-pack", "/blog/gear-guide"}),
        needs_detectors=frozenset({"/members/forum", "/blog/removed-post"}),
    )


def crawl(base_url: str, database: str) -> None:
    """One crawl of the served site with the real command line, in its own process."""
    subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "gatewatch.cli.main",
            "crawl",
            f"{base_url}/",
            "--db",
            database,
            "--quiet",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    wrong: dict[str, tuple[str | None, str | None]]  # path -> (expected, found)


def score(expected: dict[str, str], found: dict[str, str], ignore: frozenset[str] = frozenset()):
    """Precision and recall of `found` (path -> label) against `expected`; paths in `ignore`
    count on neither side."""
    expected = {path: label for path, label in expected.items() if path not in ignore}
    found = {path: label for path, label in found.items() if path not in ignore}
    right = sum(1 for path, label in found.items() if expected.get(path) == label)
    wrong = {
        path: (expected.get(path), found.get(path))
        for path in expected.keys() | found.keys()
        if expected.get(path) != found.get(path)
    }
    precision = right / len(found) if found else 1.0
    recall = right / len(expected) if expected else 1.0
    return Score(precision, recall, wrong)
