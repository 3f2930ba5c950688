"""Synthetic website generator with known truth (crawl tests and benchmarks).

``generate_site(pages, seed)`` builds the structure of a shop/blog site eagerly (URLs, statuses,
link graph as compact arrays) and renders HTML and sitemap bodies lazily, per request, through
callable :class:`~demo.site.Page` bodies: 50,000 pages cost tens of MB, not ~500 MB of HTML.
Rendering is deterministic for a (seed, URL): the same page always has the same bytes.

Layout (``pages`` = number of article/product pages)::

    /                                home: categories, latest items, static pages
    /blog/  /shop/                   section pages listing their categories
    /blog/<cat>/  /shop/<cat>/       category listings, paginated ``?page=2`` ...
    /blog/<cat>/<slug>-<n>           articles      (~10 KB, ~35-45 links each)
    /shop/<cat>/<slug>-<n>.html      products
    /about /contact /faq /privacy /terms /login
    /account/... /admin/...          private area, linked from the header, robots-disallowed
    /robots.txt                      Disallow /account/, /admin/, /*?sort= ; two Sitemap: lines
    /sitemap_index.xml               -> /sitemaps/pages.xml, /sitemaps/blog-N.xml,
                                        /sitemaps/shop-N.xml.gz (gzipped), <= 2000 URLs each
    /sitemap.txt                     plain-text sitemap

Broken or special URLs, each linked from a few articles/products: ``/p/<n>`` (301),
``/go/<slug>`` (302), redirect chains of 2-3 hops from ``/legacy/<slug>.php``, a loop
``/redirect-loop/a`` <-> ``/redirect-loop/b``, deep ``/catalog/...`` URLs 301 to ``/``,
``/checkout`` 302 to the disallowed ``/account/login?next=/checkout``, dead article links (404),
removed products (410), ``/members/...`` (401 + ``WWW-Authenticate``), ``/partners/...`` (401
without it), ``/downloads/....pdf`` (403), ``/reviews/<n>`` (500), soft 404s (200 "Page not
found") and ``/premium/...`` login walls (200 with a password form).

Links use root-relative (``/a/b``), relative (``./x``, ``x``, ``../y``, ``?page=2``) and
absolute (``http://127.0.0.1:PORT/...``, from the base URL given to the body callable) forms,
some with fragments; some are ``rel="nofollow"`` (only to pages also reachable through followed
links, so the truth holds whether or not a crawler follows nofollow links), plus external links
to ``https://example.org/`` and ``mailto:``/``tel:``/``javascript:`` hrefs.
"""

from __future__ import annotations

import random
from array import array
from collections import deque
from dataclasses import dataclass, field
from functools import partial

from gatewatch.demo.generated_pages import (
    ERROR,
    HOME,
    ITEM,
    LISTING,
    LOGIN,
    LOGIN_FORM,
    LOGINWALL,
    PRIVATE,
    REDIRECT,
    RELATED_LINKS,
    ROBOTS,
    SECTION,
    SITEMAP,
    SITEMAP_INDEX,
    SITEMAP_TXT,
    SOFT404,
    SORT,
    STATIC,
    render_page,
    render_sitemap,
)
from gatewatch.demo.site import HTML_TYPE, Page, Site

SITEMAP_CHUNK = 2000
LISTING_SIZE = 24
ROBOTS_TXT = """\
# robots.txt of a gatewatch synthetic site
User-agent: BadBot
Disallow: /

User-agent: *
Disallow: /account/
Disallow: /admin/
Disallow: /*?sort=

Sitemap: {{BASE}}/sitemap_index.xml
Sitemap: {{BASE}}/sitemap.txt
"""

_WORDS_TEXT = (
    "trail summit ridge alpine canyon river forest meadow valley glacier granite cedar pine "
    "harbor coast desert tundra marsh prairie boulder crest basin delta fjord grove hollow "
    "jacket parka boot sock glove beanie tent tarp stove lantern headlamp compass map rope "
    "carabiner harness helmet pack bottle filter kettle mug blanket pillow hammock cooler "
    "waterproof breathable insulated lightweight packable durable rugged merino fleece down "
    "synthetic ripstop nylon canvas leather rubber aluminum titanium bamboo wool cotton "
    "hike climb paddle camp ski snowshoe trek scramble bivouac portage forage navigate "
    "layer fit size warranty repair review guide checklist season weather forecast altitude "
    "morning evening weekend journey route loop approach descent switchback cairn blaze "
    "the a of and to in for with on at from by your our this that every best new how why"
)
_CATEGORY_WORDS_TEXT = (
    "hiking camping climbing paddling skiing running cycling fishing backpacking travel "
    "trail-running mountaineering bouldering kayaking canoeing snowshoeing hunting birding "
    "photography navigation first-aid cooking nutrition fitness family dogs gear-care repair "
    "jackets footwear tents sleeping-bags packs stoves lighting optics electronics apparel "
    "accessories kids womens mens sale outlet new-arrivals bestsellers gifts maps books "
    "water-bottles hammocks coolers chairs tables trekking-poles gloves hats socks base-layers"
)
_WORDS = _WORDS_TEXT.split()
_CATEGORY_WORDS = _CATEGORY_WORDS_TEXT.split()
_STATIC = ("/about", "/contact", "/faq", "/privacy", "/terms")

_TEMPLATED = frozenset({HOME, SECTION, LISTING, ITEM, STATIC, LOGIN, SOFT404, LOGINWALL})
_HTML_HEADERS = (("Content-Type", HTML_TYPE),)


@dataclass
class GeneratedSite:
    """A synthetic site and the truth a correct, robots.txt-obeying crawler must find from ``/``.

    ``expected`` maps every URL (path + query) such a crawler fetches -- pages, redirect hops,
    ``/robots.txt`` and sitemaps -- to the status served. ``support_files`` is the subset that is
    robots.txt and sitemaps. ``disallowed``: URLs met through links, sitemaps or redirects that
    robots.txt forbids (never to be fetched). ``unreachable``: existing 200 pages nothing links
    to and no sitemap lists. ``redirects``: every redirecting path -> Location (as a path).
    ``detections``: fetched URLs -> the one detector flag they must get (soft_404, soft_401,
    redirect_home, redirect_login, missing_challenge); other fetched URLs must get none of them.
    """

    site: Site
    expected: dict[str, int]
    disallowed: set[str]
    unreachable: set[str]
    redirects: dict[str, str]
    support_files: set[str] = field(default_factory=set)
    robots_txt: str = ROBOTS_TXT
    seed: int = 1
    detections: dict[str, str] = field(default_factory=dict)  # URL -> flag detectors must give

    @property
    def expected_pages(self) -> dict[str, int]:
        """``expected`` without robots.txt and sitemaps."""
        return {p: s for p, s in self.expected.items() if p not in self.support_files}


def generate_site(pages: int = 5000, seed: int = 1) -> GeneratedSite:
    """Build a deterministic synthetic site with ``pages`` article/product pages (>= 50)."""
    if pages < 50:
        raise ValueError("pages must be >= 50")
    return _Model(pages, seed).build()


def _disallowed(path: str) -> bool:
    """Mirror of ROBOTS_TXT rules for the ``*`` group."""
    return path.startswith(("/account/", "/admin/")) or "?sort=" in path


def _error_page(status: int, headers: tuple[tuple[str, str], ...] = ()) -> Page:
    """A small error page (links only to the home page)."""
    body = (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Error {status}'
        f"</title></head>\n<body><h1>Error {status}</h1><p>Sorry, this page is not available.</p>"
        '<p><a href="/">Back to the home page</a></p></body></html>\n'
    )
    return Page(status=status, body=body.encode(), headers=(*headers, *_HTML_HEADERS))


_LOGIN_PAGE = Page.html(
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in</title>'
    f"</head>\n<body><h1>Sign in to your account</h1>{LOGIN_FORM}"
    '<p><a href="/">Back to the home page</a></p></body></html>\n'
)


class _Model:
    """The site structure: nodes (URLs) with kind, status and links; renders bodies lazily."""

    def __init__(self, pages: int, seed: int) -> None:
        self.pages = pages
        self.seed = seed
        self.rng = random.Random(seed)
        self.paths: list[str] = []
        self.kind = bytearray()
        self.status = array("H")
        self.ids: dict[str, int] = {}
        self.links: dict[int, array] = {}  # item related links + specials; sitemap entries
        self.location: dict[int, int] = {}
        self.fixed: dict[int, Page] = {}  # nodes answered by a static page
        self.listing: dict[int, tuple[int, int]] = {}  # listing node -> (category, page number)
        self.category: dict[int, int] = {}  # item node -> category
        self.sitemap_only: list[int] = []
        self.unreachable: list[int] = []
        self.not_in_sitemap: set[int] = set()
        self.titles: dict[int, str] = {}  # cache filled while rendering
        # Body text is drawn from a pool of paragraphs: rendering stays cheap (~0.1 ms a page).
        text_rng = random.Random(seed + 7)
        self.paragraphs = [_sentence(text_rng, 120) for _ in range(101)]

    # -- structure -------------------------------------------------------------------------

    def add(self, path: str, kind: int, status: int = 200) -> int:
        nid = len(self.paths)
        if path in self.ids:
            raise AssertionError(f"generator bug: duplicate path {path}")
        self.paths.append(path)
        self.kind.append(kind)
        self.status.append(status)
        self.ids[path] = nid
        return nid

    def slug(self, n: int, words: int = 3) -> str:
        return "-".join(self.rng.choices(_WORDS[:120], k=words)) + f"-{n}"

    def count(self, fraction: float, minimum: int) -> int:
        return max(minimum, round(self.pages * fraction))

    def build(self) -> GeneratedSite:
        self.home = self.add("/", HOME)
        self.sections = [self.add("/blog/", SECTION), self.add("/shop/", SECTION)]
        self.statics = [self.add(p, STATIC) for p in _STATIC]
        self.login = self.add("/login", LOGIN)

        n_cat = max(4, min(len(_CATEGORY_WORDS), self.pages // 300))
        names = self.rng.sample(_CATEGORY_WORDS, n_cat)
        self.cat_names = names
        self.cat_section = [i % 2 for i in range(n_cat)]  # 0 blog, 1 shop
        self.cat_paths = [f"/{('blog', 'shop')[i % 2]}/{name}/" for i, name in enumerate(names)]
        self.cat_items: list[list[int]] = [[] for _ in range(n_cat)]  # listed item nodes

        self._build_private()
        self._build_items()
        self._build_listings()
        listed = array("I", (nid for items in self.cat_items for nid in items))
        for nid in [*listed, *self.sitemap_only, *self.unreachable]:
            self.links[nid] = array("I", self.rng.choices(listed, k=RELATED_LINKS))
        extra_sitemap = self._build_specials(listed)
        self.checkout = self.ids["/checkout"]
        self.header = [
            self.home,
            *self.sections,
            *(self.cat_listing[c][0] for c in range(min(6, n_cat))),
            self.statics[0],
            self.statics[1],
            self.login,
            self.checkout,
            *self.header_private,
        ]
        # Footer: about, faq, privacy (nofollow; also linked from other pages), terms, contact.
        self.footer = [*self.statics[:1], *self.statics[2:], self.statics[1], self.sections[0]]
        self.footer_nofollow = {self.statics[3]}
        self.template = self.header + self.footer
        self._build_sitemaps(extra_sitemap)
        return self._truth()

    def _build_private(self) -> None:
        basic = (("WWW-Authenticate", 'Basic realm="Northwind Account"'),)
        for path, status, headers in (
            ("/account/", 401, basic),
            ("/account/orders", 401, basic),
            ("/account/wishlist", 401, basic),
            ("/admin/", 403, ()),
            ("/admin/users", 403, ()),
        ):
            self.fixed[self.add(path, PRIVATE, status)] = _error_page(status, headers)
        self.fixed[self.add("/account/login", PRIVATE)] = _LOGIN_PAGE
        self.header_private = [self.ids[p] for p in ("/account/", "/account/orders", "/admin/")]

    def _build_items(self) -> None:
        rng = self.rng
        for n in range(self.pages):
            cat = rng.randrange(len(self.cat_paths))
            base, slug = self.cat_paths[cat], self.slug(n)
            nid = self.add(base + slug + (".html" if self.cat_section[cat] else ""), ITEM)
            self.category[nid] = cat
            r = rng.random()
            if r < 0.02:
                self.sitemap_only.append(nid)
            elif r < 0.03:
                self.unreachable.append(nid)
            else:
                self.cat_items[cat].append(nid)
                if rng.random() < 0.1:  # only linked, in no sitemap
                    self.not_in_sitemap.add(nid)
        self.position = {nid: i for items in self.cat_items for i, nid in enumerate(items)}

    def _build_listings(self) -> None:
        self.cat_listing: list[list[int]] = []
        self.cat_sort: list[list[int]] = []
        for cat, base in enumerate(self.cat_paths):
            n_pages = max(1, -(-len(self.cat_items[cat]) // LISTING_SIZE))
            ids = []
            for k in range(1, n_pages + 1):
                nid = self.add(base if k == 1 else f"{base}?page={k}", LISTING)
                self.listing[nid] = (cat, k)
                ids.append(nid)
            self.cat_listing.append(ids)
            self.cat_sort.append([self.add(f"{base}?sort={s}", SORT) for s in ("price", "newest")])

    def _special(self, nid: int, listed: array, lo: int = 1, hi: int = 4) -> int:
        """Link node ``nid`` from ``lo``..``hi`` random listed items."""
        for carrier in self.rng.sample(listed, self.rng.randint(lo, hi)):
            self.links[carrier].append(nid)
        return nid

    def _redirect(self, path: str, target: int, status: int) -> int:
        nid = self.add(path, REDIRECT, status)
        self.location[nid] = target
        return nid

    def _fake_item(self, n: int, section: int) -> str:
        base = self.rng.choice(
            [p for c, p in enumerate(self.cat_paths) if self.cat_section[c] == section]
        )
        return base + self.slug(n) + (".html" if section else "")

    def _build_specials(self, listed: array) -> list[int]:
        """Redirects and broken pages linked from items; returns those also in sitemaps."""
        rng, n = self.rng, self.pages
        pick = partial(rng.choice, listed)
        special = partial(self._special, listed=listed)
        short = [
            special(self._redirect(f"/p/{n + i}", pick(), 301)) for i in range(self.count(0.015, 3))
        ]
        for i in range(self.count(0.005, 2)):
            special(self._redirect(f"/go/{self.slug(n + i, 2)}", pick(), 302))
        for i in range(self.count(0.002, 3)):  # chains of 2 or 3 hops
            slug = self.slug(n + i, 2)
            hops = [f"/legacy/{slug}.php", f"/archive/{slug}", f"/archive/2019/{slug}"][: 2 + i % 2]
            target = pick()
            for hop in reversed(hops):
                target = self._redirect(hop, target, rng.choice((301, 301, 302, 308)))
            special(target)
        loop_a = self.add("/redirect-loop/a", REDIRECT, 302)
        self.location[loop_a] = self._redirect("/redirect-loop/b", loop_a, 301)
        special(loop_a, lo=1, hi=2)
        for i in range(self.count(0.002, 3)):  # deep, removed URLs sent to the home page
            path = f"/catalog/{2015 + i % 5}/{rng.choice(self.cat_names)}/{self.slug(n + i, 2)}/"
            special(self._redirect(path, self.home, 301))
        self._redirect("/checkout", self.add("/account/login?next=/checkout", PRIVATE), 302)

        def broken(path: str, status: int, headers: tuple = (), kind: int = ERROR, hi: int = 4):
            nid = special(self.add(path, kind, status), hi=hi)
            if kind == ERROR and status != 404:  # dead links are answered by the fallback
                self.fixed[nid] = _error_page(status, headers)
            return nid

        members = (("WWW-Authenticate", 'Basic realm="Northwind Members"'),)
        for i in range(self.count(0.01, 5)):
            broken(self._fake_item(n + i, 0), 404, hi=6)
        gone = [broken(self._fake_item(n + i, 1), 410) for i in range(self.count(0.003, 2))]
        for i in range(self.count(0.002, 2)):
            broken(f"/members/{self.slug(n + i, 2)}", 401, members)
        for i in range(self.count(0.001, 2)):
            broken(f"/partners/{self.slug(n + i, 2)}", 401)
        forbidden = [
            broken(f"/downloads/{self.slug(n + i, 2)}.pdf", 403)
            for i in range(self.count(0.002, 2))
        ]
        for i in range(self.count(0.002, 2)):
            broken(f"/reviews/{n + i}", 500)
        for i in range(self.count(0.001, 2)):
            broken(self._fake_item(n + 20_000 + i, 0), 200, kind=SOFT404)
        for i in range(self.count(0.001, 2)):
            broken(f"/premium/{self.slug(n + i, 2)}", 200, kind=LOGINWALL)
        # A stale sitemap lists a redirect, a removed product, a forbidden file, a private URL.
        return [short[0], gone[0], forbidden[0], self.ids["/account/wishlist"]]

    def _build_sitemaps(self, extra: list[int]) -> None:
        self.robots = self.add("/robots.txt", ROBOTS)
        index = self.add("/sitemap_index.xml", SITEMAP_INDEX)
        text = self.add("/sitemap.txt", SITEMAP_TXT)
        self.links[self.robots] = array("I", [index, text])
        by_section: list[list[int]] = [[], []]
        for cat, items in enumerate(self.cat_items):
            by_section[self.cat_section[cat]] += [i for i in items if i not in self.not_in_sitemap]
        text_entries = [self.home, *self.statics]
        for j, nid in enumerate(self.sitemap_only):  # a third of them only in sitemap.txt
            target = (
                text_entries if j % 3 == 0 else by_section[self.cat_section[self.category[nid]]]
            )
            target.append(nid)
        main = [self.home, *self.sections, *(ids[0] for ids in self.cat_listing), *self.statics]
        children = [self.add("/sitemaps/pages.xml", SITEMAP)]
        self.links[children[0]] = array("I", main + extra)
        for name, entries in (("blog-{}.xml", by_section[0]), ("shop-{}.xml.gz", by_section[1])):
            for k in range(0, len(entries), SITEMAP_CHUNK):
                child = self.add("/sitemaps/" + name.format(k // SITEMAP_CHUNK + 1), SITEMAP)
                self.links[child] = array("I", entries[k : k + SITEMAP_CHUNK])
                children.append(child)
        self.links[index] = array("I", children)
        self.links[text] = array("I", text_entries)

    # -- links -----------------------------------------------------------------------------

    def sections_of(self, nid: int) -> list[tuple[str, list[int]]]:
        """Node-specific links of an HTML page, grouped for rendering (template links apart)."""
        kind = self.kind[nid]
        if kind == ITEM:
            cat = self.category[nid]
            crumbs = [self.home, self.sections[self.cat_section[cat]], self.cat_listing[cat][0]]
            related = list(self.links[nid])
            pos = self.position.get(nid)
            around = []
            if pos is not None:
                items = self.cat_items[cat]
                around = [items[p] for p in (pos - 1, pos + 1) if 0 <= p < len(items)]
            return [("crumbs", crumbs), ("related", related), ("around", around)]
        if kind == LISTING:
            cat, k = self.listing[nid]
            pages = self.cat_listing[cat]
            items = self.cat_items[cat][(k - 1) * LISTING_SIZE : k * LISTING_SIZE]
            window = sorted({1, k - 1, k + 1, len(pages)} | set(range(k - 2, k + 3)))
            pager = [pages[p - 1] for p in window if 1 <= p <= len(pages) and p != k]
            crumbs = [self.home, self.sections[self.cat_section[cat]]]
            return [
                ("crumbs", crumbs),
                ("items", items),
                ("pager", pager),
                ("sort", self.cat_sort[cat]),
            ]
        if kind == HOME:
            cats = [ids[0] for ids in self.cat_listing]
            latest = [items[0] for items in self.cat_items if items][:20]
            return [("cats", cats), ("latest", latest), ("statics", self.statics)]
        if kind == SECTION:
            section = self.sections.index(nid)
            cats = [
                ids[0] for c, ids in enumerate(self.cat_listing) if self.cat_section[c] == section
            ]
            return [("cats", cats)]
        if kind == STATIC:
            return [("statics", [s for s in self.statics if s != nid])]
        return []

    def _truth(self) -> GeneratedSite:
        seen = bytearray(len(self.paths))
        expected: dict[str, int] = {}
        disallowed: set[str] = set()
        queue: deque[int] = deque()

        def meet(nid: int) -> None:
            if not seen[nid]:
                seen[nid] = 1
                if _disallowed(self.paths[nid]):
                    disallowed.add(self.paths[nid])
                else:
                    queue.append(nid)

        meet(self.home)
        meet(self.robots)
        template_done = False
        while queue:
            nid = queue.popleft()
            kind, status = self.kind[nid], self.status[nid]
            expected[self.paths[nid]] = status
            if kind == REDIRECT:
                meet(self.location[nid])
            elif kind in (ROBOTS, SITEMAP_INDEX, SITEMAP, SITEMAP_TXT):
                for target in self.links[nid]:
                    meet(target)
            elif kind in _TEMPLATED:
                if not template_done:
                    template_done = True
                    for target in self.template:
                        meet(target)
                for _name, targets in self.sections_of(nid):
                    for target in targets:
                        meet(target)
        unreachable = {self.paths[nid] for nid in self.unreachable}
        assert not unreachable & expected.keys(), "generator bug: unreachable page reached"
        support = {
            self.paths[nid]
            for nid in range(len(self.paths))
            if self.kind[nid] in (ROBOTS, SITEMAP_INDEX, SITEMAP, SITEMAP_TXT)
        }
        return GeneratedSite(
            site=self._site(),
            expected=expected,
            disallowed=disallowed,
            unreachable=unreachable,
            redirects={self.paths[a]: self.paths[b] for a, b in self.location.items()},
            support_files=support,
            seed=self.seed,
            detections=self._detections(expected),
        )

    def _detections(self, expected: dict[str, int]) -> dict[str, str]:
        """The detectors' flag each fetched URL must get, by what the generator made it."""
        truth = {}
        for nid, path in enumerate(self.paths):
            if path not in expected:
                continue
            if self.kind[nid] == SOFT404:
                truth[path] = "soft_404"
            elif self.kind[nid] == LOGINWALL:
                truth[path] = "soft_401"
            elif path.startswith("/catalog/") and self.location.get(nid) == self.home:
                truth[path] = "redirect_home"
            elif path.startswith("/partners/"):
                truth[path] = "missing_challenge"
            elif path == "/checkout":  # 302 to the sign-in page
                truth[path] = "redirect_login"
        return truth

    # -- serving ---------------------------------------------------------------------------

    def _site(self) -> Site:
        site = Site()  # unknown URLs, including the dead links, get the default 404
        pages = site.pages
        html = partial(Page, headers=_HTML_HEADERS)
        for nid, path in enumerate(self.paths):
            kind = self.kind[nid]
            if nid in self.fixed:
                pages[path] = self.fixed[nid]
            elif kind in _TEMPLATED:
                pages[path] = html(status=self.status[nid], body=partial(render_page, self, nid))
            elif kind == REDIRECT:
                target = self.paths[self.location[nid]]
                location = "{{BASE}}" + target if nid % 4 == 0 else target
                pages[path] = Page.redirect(location, self.status[nid])
            elif kind == ROBOTS:
                pages[path] = Page(
                    body=ROBOTS_TXT.encode(),
                    headers=(("Content-Type", "text/plain; charset=utf-8"),),
                )
            elif kind in (SITEMAP_INDEX, SITEMAP, SITEMAP_TXT):
                ctype = "text/plain; charset=utf-8" if kind == SITEMAP_TXT else "application/xml"
                if path.endswith(".gz"):
                    ctype = "application/gzip"
                pages[path] = Page(
                    body=partial(render_sitemap, self, nid), headers=(("Content-Type", ctype),)
                )
            # Not registered: dead links (404 from the fallback), ?sort= and ?next= variants
            # (served by their path without the query string).
        return site

    # -- titles (the pages' rendering is in demo.generated_pages) ---------------------------

    def title(self, nid: int) -> str:
        title = self.titles.get(nid)
        if title is None:
            title = self.titles[nid] = self._title(self.paths[nid])
        return title

    @staticmethod
    def _title(path: str) -> str:
        path = path.split("?", 1)[0]
        if path == "/":
            return "Northwind Outfitters"
        name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        head, _, tail = name.rpartition("-")
        if tail.isdigit() and head:
            name = head
        return name.replace("-", " ").capitalize()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choices(_WORDS, k=words))
    return text[:1].upper() + text[1:] + "."
