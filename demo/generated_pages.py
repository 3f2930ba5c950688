"""The bodies of the generated site's pages: HTML for the templated nodes, XML or text for the
sitemaps. Rendered per request from the model's structure (demo.generator), deterministic for a
seed and base URL: the same page always has the same bytes."""

from __future__ import annotations

import datetime as dt
import gzip
import random
from collections.abc import Iterable, Set
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gatewatch.demo.generator import _Model as Model

# Node kinds: what each URL of the generated site is and how it is served.
HOME, SECTION, LISTING, ITEM, STATIC, LOGIN, SOFT404, LOGINWALL = range(8)
ERROR, REDIRECT, PRIVATE, SORT, ROBOTS, SITEMAP_INDEX, SITEMAP, SITEMAP_TXT = range(8, 16)
RELATED_LINKS = 10  # an item's related links; the first ones are followed, some later nofollow

LOGIN_FORM = (
    '<form class="login" action="/login" method="post">'
    '<label>Email <input type="email" name="email" autocomplete="username"></label>'
    '<label>Password <input type="password" name="password" autocomplete="current-password">'
    '</label><button type="submit">Sign in</button></form>'
)
_EXTERNAL_FOOTER = (
    '<a href="https://example.org/northwind-outfitters" rel="noopener">Community</a> '
    '<a href="mailto:help@example.org">help@example.org</a> '
    '<a href="tel:+15550100">+1 555 0100</a>'
)
_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;line-height:1.5}"
    "header nav a,footer a{margin-right:.8rem}main{padding:1rem 0}"
)


def render_sitemap(model: Model, nid: int, base: str) -> bytes:
    """The body of sitemap node ``nid``: XML, gzipped XML or plain text."""
    kind, entries = model.kind[nid], model.links[nid]
    if kind == SITEMAP_TXT:
        return "".join(f"{base}{model.paths[e]}\n" for e in entries).encode()
    if kind == SITEMAP_INDEX:
        tag, wrapper = "sitemap", "sitemapindex"
    else:
        tag, wrapper = "url", "urlset"
    rows = []
    for e in entries:
        day = dt.date(2024, 1, 1) + dt.timedelta(days=(e * 7919) % 700)
        rows.append(
            f"<{tag}><loc>{escape(base + model.paths[e])}</loc><lastmod>{day}</lastmod></{tag}>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{wrapper} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + f"\n</{wrapper}>\n"
    ).encode()
    return gzip.compress(xml, mtime=0) if model.paths[nid].endswith(".gz") else xml


def render_page(model: Model, nid: int, base: str) -> bytes:
    """The HTML of templated node ``nid`` (deterministic for a seed and base URL)."""
    w = _Writer(model, nid, base)
    kind, title = model.kind[nid], escape(model.title(nid))
    sections = dict(model.sections_of(nid))
    out = [
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title} | Northwind Outfitters</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<link rel="canonical" href="{escape(base + model.paths[nid])}">',
        f"<style>{_CSS}</style></head>\n",
        '<body><a id="top"></a><header><nav class="main-nav">',
        '<a href="javascript:void(0)" class="menu-toggle">Menu</a>',
        w.links(model.header),
        "</nav></header>\n<main>",
    ]
    if "crumbs" in sections:
        out.append(f'<nav class="breadcrumbs">{w.links(sections["crumbs"], " / ")}</nav>')
    out.append(f"<h1>{title}</h1>")
    if kind == ITEM:
        out.append(_item_body(model, w, sections["related"]))
        out.append(f'<nav class="prev-next">{w.links(sections["around"])}</nav>')
    elif kind == LISTING:
        cat, k = model.listing[nid]
        out.append(f"<p>Page {k} of {len(model.cat_listing[cat])}</p>")
        out.append(w.ul(sections["items"], "listing"))
        out.append(f'<nav class="pager">{w.links(sections["pager"])}</nav>')
        newest = escape(model.paths[sections["sort"][1]])
        out.append(
            '<p class="sort">Sort by <a href="?sort=price">price</a> '
            f'<a href="{newest}">newest</a></p>'
        )
    elif kind == SOFT404:
        out.append(
            "<h2>Page not found</h2><p>Sorry, we could not find the page you were looking for."
            " It may have been moved or deleted. Try the search or browse our categories.</p>"
        )
    elif kind == LOGINWALL:
        out.append(f"<p>This article is for members only. Please sign in.</p>{LOGIN_FORM}")
    elif kind == LOGIN:
        out.append(LOGIN_FORM)
    else:
        out.append(f"<p>{w.paragraph()}</p>")
        out.extend(w.ul(targets, name) for name, targets in sections.items())
    out += [
        "</main>\n<footer><nav>",
        w.links(model.footer, nofollow=model.footer_nofollow),
        f' {_EXTERNAL_FOOTER} <a href="#top">Back to top</a></nav>',
        "<p>&copy; 2024 Northwind Outfitters</p></footer>\n</body></html>\n",
    ]
    return "".join(out).encode()


def _item_body(model: Model, w: _Writer, related: list[int]) -> str:
    """~7 KB of text: the first related links inline, the rest in an aside."""
    paras = []
    for i in range(8):
        see_also = f" See also {w.a(related[i])}." if i < 3 else ""
        paras.append(f"<p>{w.paragraph()}{see_also}</p>")
    slug = escape(model.paths[related[0]].rsplit("/", 1)[-1])
    paras.append(
        f'<p>Read independent reviews on <a href="https://example.org/reviews/{slug}" '
        'rel="nofollow noopener">example.org</a>.</p>'
    )
    # Only the original related links (all listed items) may be nofollow, not the appended
    # specials, which may be linked from nowhere else.
    nofollow = {t for i, t in enumerate(related[:RELATED_LINKS]) if i % 4 == 1 and i >= 3}
    aside = w.ul(related[3:], "related", nofollow)
    return f"<article>{''.join(paras)}</article><aside><h2>Related</h2>{aside}</aside>"


class _Writer:
    """Renders links of one page: each link in a random but equivalent URL form."""

    def __init__(self, model: Model, nid: int, base: str) -> None:
        self.model, self.base, self.src = model, base, model.paths[nid]
        self.rng = random.Random(model.seed * 1_000_003 + nid)

    def paragraph(self) -> str:
        return self.rng.choice(self.model.paragraphs)

    def href(self, nid: int) -> str:
        dst, rng = self.model.paths[nid], self.rng
        r = rng.random()
        if r < 0.15:
            href = self.base + dst
        elif r < 0.45:
            href = _relative(self.src, dst, dot=rng.random() < 0.5)
        else:
            href = dst
        if rng.random() < 0.06:
            href += rng.choice(("#top", "#reviews", "#details", "#comments"))
        return href  # generated paths and the base URL need no HTML escaping

    def a(self, nid: int, nofollow: bool = False) -> str:
        rel = ' rel="nofollow"' if nofollow else ""
        return f'<a href="{self.href(nid)}"{rel}>{self.model.title(nid)}</a>'

    def links(
        self, targets: Iterable[int], sep: str = " ", nofollow: Set[int] = frozenset()
    ) -> str:
        return sep.join(self.a(t, t in nofollow) for t in targets)

    def ul(self, targets: Iterable[int], cls: str, nofollow: Set[int] = frozenset()) -> str:
        items = "".join(f"<li>{self.a(t, t in nofollow)}</li>" for t in targets)
        return f'<ul class="{cls}">{items}</ul>'


def _relative(src: str, dst: str, dot: bool) -> str:
    """A relative reference from page ``src`` to ``dst`` (``./x``, ``x``, ``../y``, ``?q``)."""
    dst_path, sep, query = dst.partition("?")
    src_path = src.partition("?")[0]
    if dst_path == src_path and sep:
        return "?" + query
    src_dirs = src_path.split("/")[1:-1]
    *dst_dirs, name = dst_path.split("/")[1:]
    common = 0
    while common < min(len(src_dirs), len(dst_dirs)) and src_dirs[common] == dst_dirs[common]:
        common += 1
    rel = "../" * (len(src_dirs) - common) + "".join(d + "/" for d in dst_dirs[common:]) + name
    if not rel:
        rel = "./"
    elif dot and not rel.startswith("."):
        rel = "./" + rel
    return rel + sep + query
