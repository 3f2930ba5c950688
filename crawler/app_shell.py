"""Is this HTML the shell of a client-rendered application?

A single-page application's server answers every URL with the same few lines: an empty app
root (`<div id="root">`, `#app`, `#__next`, `<app-root>`), script bundles and perhaps a
`<noscript>` asking for JavaScript. The browser renders the product, the sign-in form or the
"page not found" view. Judged from that HTML, every such page looks like every other, and
like the site's probes: a soft 404 each. Such a page must be rendered, or not judged.

Looked for only on pages with almost no visible text, so a server-rendered page costs a
comparison of its word count and nothing more.

A `<noscript>` asking for JavaScript is weak evidence on its own: server-rendered admin
interfaces carry one too (Wagtail's "JavaScript is required to use Wagtail"), above a sign-in
form of 18 words. Without an empty app root, a page that shows a heading or a field to fill
in was drawn by its server, and is judged as it is. A password field says so whatever the
root: the sign-in form is there to be read. And in a rendered page (scripts ran) a
`<noscript>` says nothing at all: only a root the application left empty does.

What a `<script>` or `<template>` element holds is not drawn: AngularJS applications (SOGo)
keep their views' headings, fields and password fields in `<script type="text/ng-template">`
until a script puts them on the page. They are looked for outside those elements.
"""

from __future__ import annotations

import re

MAX_SHELL_WORDS = 20  # visible words (a "Loading..." line) a shell may show
SCAN_BYTES = 256 * 1024  # a shell is small; an inlined bundle may follow its root

APP_ROOT_IDS = (
    "root", "app", "__next", "___gatsby", "__nuxt", "q-app", "svelte", "app-root",
    "react-root", "application", "main-app", "ember-app", "spa-root",
)  # fmt: skip
_ROOT_ID = "|".join(re.escape(name) for name in APP_ROOT_IDS)
# Every repetition is bounded: on hostile input (a page of "<script " without a ">") an
# unbounded `[^>]*` makes each start scan to the end, quadratic in the page's size.
TAG = rb"[^>]{0,400}"  # a tag's attributes, at most
TAG_END = TAG + rb"+>"  # the rest of a tag, never given back (possessive: [^>] cannot be ">")
# an app root with nothing in it but whitespace, comments or a loading placeholder element
EMPTY_ROOT = re.compile(
    rb"<(div|main|section|body)\b" + TAG + rb"?\bid\s*=\s*[\"']?(" + _ROOT_ID.encode() + rb")"
    rb"[\"'\s>]"
    + TAG_END
    + rb"(?:\s{1,200}|<!--(?:(?!-->).){0,1000}-->|<(?:div|span|p)\b"
    + TAG_END
    + rb"[^<]{0,80}</(?:div|span|p)>){0,20}</\1>",
    re.IGNORECASE | re.DOTALL,
)
FRAMEWORK_ROOT = re.compile(rb"<(app-root)\b" + TAG_END + rb"\s{0,200}</app-root>", re.IGNORECASE)
SCRIPT_BUNDLE = re.compile(
    rb"<script\b" + TAG + rb"?(?:\bsrc\s*=|\btype\s*=\s*[\"']?module)", re.IGNORECASE
)
NOSCRIPT_JAVASCRIPT = re.compile(
    rb"<noscript\b" + TAG_END + rb"(?:(?!</noscript>).){0,600}?java\s*script",
    re.IGNORECASE | re.DOTALL,
)
# content a server drew: a field to fill in, a heading with words
PASSWORD_FIELD = re.compile(rb"<input\b" + TAG + rb"?\btype\s*=\s*[\"']?password", re.IGNORECASE)
FORM_FIELD = re.compile(
    rb"<(?:textarea|select)\b|<input\b(?!" + TAG + rb"?\btype\s*=\s*[\"']?"
    rb"(?:hidden|submit|button|reset|image)\b)",
    re.IGNORECASE,
)
HEADING = re.compile(  # its first words, perhaps inside a link or a span
    rb"<h[1-3]\b" + TAG_END + rb"\s{0,200}(?:<(?!/)" + TAG_END + rb"\s{0,200}){0,3}[^<\s]",
    re.IGNORECASE,
)
NOSCRIPT_TAG = re.compile(rb"</?noscript\b", re.IGNORECASE)
INERT_TAGS = (b"script", b"template")  # elements whose content the browser does not draw


def _without_inert(head: bytes) -> bytes:
    """The page without the content of its `<script>` and `<template>` elements. Linear: each
    tag's next start is looked for again only once the scan has passed it; an element left
    open runs to the end."""
    lower = head.lower()
    parts = []
    position = 0
    following = {tag: lower.find(b"<" + tag) for tag in INERT_TAGS}
    while True:
        for tag, at in following.items():
            if 0 <= at < position:
                following[tag] = lower.find(b"<" + tag, position)
        starts = [(at, tag) for tag, at in following.items() if at >= 0]
        if not starts:
            parts.append(head[position:])
            break
        at, tag = min(starts)
        parts.append(head[position:at])
        end = lower.find(b"</" + tag, at + 1)
        if end < 0:
            break
        position = end + 2 + len(tag)
    return b" ".join(parts)


def _server_drawn(head: bytes) -> bool:
    """A heading or a field to fill in, outside the `<noscript>` (which may hold either)."""
    outside = b" ".join(NOSCRIPT_TAG.split(head)[::2])
    return bool(FORM_FIELD.search(outside) or HEADING.search(outside))


def shell_evidence(body: bytes, word_count: int, rendered: bool = False) -> str | None:
    """Why this page looks like an application shell, or None.

    A shell has script bundles, at most MAX_SHELL_WORDS visible words, no password field,
    and an empty app root or a `<noscript>` that asks for JavaScript (and then neither a
    heading nor a field to fill in). `rendered`: the page is what a browser showed, where
    only an empty app root counts.

    >>> shell_evidence(b'<body><div id="root"></div><script src="/app.js"></script>', 0)
    'empty app root #root, 1 script bundle'
    >>> shell_evidence(b'<body><h1>Tent</h1><script src="/app.js"></script>', 1) is None
    True
    """
    if word_count > MAX_SHELL_WORDS:
        return None
    head = body[:SCAN_BYTES]
    bundles = len(SCRIPT_BUNDLE.findall(head))
    if not bundles:
        return None
    drawn = _without_inert(head)
    if PASSWORD_FIELD.search(drawn):
        return None
    parts = []
    root = EMPTY_ROOT.search(head)
    if root:
        parts.append(f"empty app root #{root.group(2).decode('ascii', 'replace')}")
    elif FRAMEWORK_ROOT.search(head):
        parts.append("empty app root <app-root>")
    if not rendered and NOSCRIPT_JAVASCRIPT.search(head):
        if not parts and _server_drawn(drawn):
            return None  # a server-rendered page that also asks for JavaScript
        parts.append("noscript asks for JavaScript")
    if not parts:
        return None
    parts.append(f"{bundles} script bundle{'s' if bundles > 1 else ''}")
    return ", ".join(parts)
