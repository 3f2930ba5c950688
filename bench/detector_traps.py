"""Hostile pages against the detectors: how long parse_html + signals + conclude take on each
page, and the peak memory they allocate (tracemalloc), one child process per page.

    python bench/detector_traps.py              # every page, a table
    python bench/detector_traps.py one-token    # some of them
    python bench/detector_traps.py --timeout 60 # a page's limit (seconds)
    python bench/detector_traps.py --title "Access denied"  # every page titled so: the
                                                # detectors that read an error's wording run

The bar: a hostile page costs the detectors well under a second, and memory of the order of
the page's size (tracemalloc sees Python's allocations, not lxml's tree). Run it with another
checkout's interpreter to compare (the script imports only `gatewatch`). Figures at b07db8c
(the worst: 20,000 forms 0.6-0.8 s, 3 MB of record fields 1.1-1.4 s, both mostly parse_html)
are in that commit's message and the round's report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

MB = 1024 * 1024


TITLE = ["Page"]  # the title of every page but quote-title (--title)


def _page(body: str, title: str = "", head: str = "") -> bytes:
    title = title or TITLE[0]
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def _sentence_free() -> bytes:
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
    return _page("<p>" + words * (2 * MB // len(words)) + "</p>")


def _list_items() -> bytes:
    items = []
    for i in range(50_000):
        if i % 2:
            items.append(f"<li><code>x[{i}] = f(y, {i}); // not found</code></li>")
        else:
            items.append(f"<li>You are not logged in to item {i}, sign in to see it.</li>")
    return _page("<ol>" + "".join(items) + "</ol>")


def _json_ld_many() -> bytes:
    block = '<script type="application/ld+json">{"@type": "WebPage", "name": "x"}</script>'
    return _page("<p>Hello</p>", head=block * 10_000)


def _json_ld_big() -> bytes:
    items = ",".join(
        f'{{"@type": "Product", "name": "n{i}", "offers": {{"price": "9.99"}}}}'
        for i in range(80_000)
    )
    block = '<script type="application/ld+json">{"@graph": [' + items + "]}</script>"
    return _page("<p>Hello</p>", head=block)


def _nested_divs() -> bytes:
    depth = 10_000
    opened = "".join(
        f'<div id="{"header" if i % 2 else "nav"}"><a href="/login">Sign in</a>'
        for i in range(depth)
    )
    return _page(opened + "Page not found" + "</div>" * depth)


def _records() -> bytes:
    lines = []
    for i in range(50_000):
        lines.append(f"<p>Status: Resolved</p><p>Events: {i}</p><p>Error: not found</p>")
    return _page("".join(lines))


PAGES: dict[str, Callable[[], bytes]] = {
    "one-token": lambda: _page("<p>" + "a" * (2 * MB) + "</p>"),
    "one-sentence": _sentence_free,
    "short-sentences": lambda: _page("<p>" + "Go on. " * 200_000 + "</p>"),
    "quotes": lambda: _page("<p>" + "« „ \" ' 「 word " * 20_000 + "</p>"),
    "quote-title": lambda: _page("<p>Hello</p>", title="«\"„'「" * 20_000),
    "list-50k": _list_items,
    "json-ld-10k": _json_ld_many,
    "json-ld-5mb": _json_ld_big,
    "nested-divs": _nested_divs,
    "not-logged-in": lambda: _page("<p>not logged in.</p>\n" * 100_000),
    "no-access": lambda: _page("<p>" + "no access " * 100_000 + "</p>"),
    "cjk": lambda: _page("<p>" + "页面内容找不到文件的说明" * (2 * MB // 36) + "</p>"),
    "combining": lambda: _page("<p>" + "a\u0301" * (MB // 3) + "</p>"),
    "nested-empty": lambda: _page(
        '<div class="content">'
        + "<div><ol><li>" * 5_000
        + "</li></ol></div>" * 5_000
        + "<p>Page not found. You are not logged in. No access.</p></div>"
    ),
    "nested-code": lambda: _page(
        "<p>Errors 401, 403 and 404.</p>"
        + "<pre><code>" * 5_000
        + "x = 1; " * 100_000
        + "</code></pre>" * 5_000
    ),
    "nested-buttons": lambda: _page(
        "<p>Sign in to comment.</p>" + "<button>" * 30 + "Go " * 500_000 + "</button>" * 30
    ),
    "sign-in-asides": lambda: _page(
        "<article><p>"
        + "Sign in to comment. Log in to see member prices. " * 40_000
        + "</p></article>"
    ),
    "denial-items": lambda: _page(
        "<ul>"
        + "<li>You have no permission to edit this page. Ask an admin.</li>" * 40_000
        + "</ul>"
    ),
    "json-ld-deep": lambda: _page(
        "<p>Hello</p>", head='<script type="application/ld+json">' + "[" * 49_000 + "</script>"
    ),
    "header-ids": lambda: _page(
        '<div id="header-nav">Sign in</div>' * 20_000 + "<p>Page not found</p>"
    ),
    "error-title": lambda: _page("<p>Hello</p>", title="Site Error | " * 10_000),
    "records": _records,
    "prices": lambda: _page("<p>" + "Price: $19.99 USD, €5,00 " * 60_000 + "</p>"),
    "headings": lambda: _page("<h1>Access denied</h1><h2>Sign in</h2>" * 20_000),
    "forms": lambda: _page(
        '<form action="/login"><input type="password" name="p"></form>' * 20_000
    ),
    "nested-answers": lambda: _page(  # (an error title makes the answers be counted)
        "<h1>ERROR: relation does not exist</h1>"
        + '<div class="answer">' * 1500
        + "word " * 200_000
        + "</div>" * 1500,
        title="ERROR: relation does not exist",
    ),
    # (an error dialog's boxes nested thousands deep, each hidden: their dialog is looked for)
    "error-dialogs": lambda: _page(
        '<div id="ErrorMsg" role="dialog" aria-hidden="true"><div class="alert">' * 3_000
        + "ERROR () - List 'x' does not exist."
        + "</div></div>" * 3_000
    ),
    # (90,000 boxes in nested page chrome, on a page with an error dialog: each box not in the
    # main content would be looked at for its dialog)
    "chrome-boxes": lambda: _page(
        '<div id="ErrorMsg" role="dialog" aria-hidden="true"><div class="alert">ERROR - No'
        " such list.</div></div><main><p>t</p></main><nav>"
        + "<div>" * 39
        + '<b class="alert">x</b>' * 90_000
        + "</div>" * 39
        + "</nav>"
    ),
    # (a denial asking whether the visitor signed in: the page's controls are read)
    "denial-controls": lambda: _page(
        '<div class="error">ERROR - Authorization rejected. Maybe you forgot to log in?</div>'
        + '<a href="/p/x">x</a><button name="action_login">Go</button>' * 20_000,
        title="Error",
    ),
}


def measure(name: str) -> dict:
    """One page: its size, the seconds of process time and the peak bytes traced."""
    from gatewatch.crawler.detectors import conclude, signals
    from gatewatch.crawler.parse import parse_html

    body = PAGES[name]()
    url = "http://127.0.0.1:8000/page"
    tracemalloc.start()
    started = time.process_time()
    found = signals(url, 200, {}, parse_html(body), "http://127.0.0.1:8000/")
    verdicts = conclude(found, [], home=None)
    seconds = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    flags = sorted({v.flag for v in verdicts})
    return {
        "page": name,
        "kb": len(body) // 1024,
        "seconds": round(seconds, 2),
        "peak_mb": round(peak / MB, 1),
        "flags": flags,
    }


def main(argv: list[str]) -> None:
    if "--title" in argv:
        at = argv.index("--title")
        TITLE[0] = argv[at + 1]
        del argv[at : at + 2]
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(argv[1])))
        return
    timeout = 120.0
    if "--timeout" in argv:
        at = argv.index("--timeout")
        timeout = float(argv[at + 1])
        del argv[at : at + 2]
    names = argv or list(PAGES)
    print(f"{'page':<16} {'KB':>6} {'seconds':>8} {'peak MB':>8}  flags")
    for name in names:
        try:
            command = [sys.executable, __file__, "--one", name, "--title", TITLE[0]]
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=True
            )
            row = json.loads(done.stdout)
        except subprocess.TimeoutExpired:
            print(f"{name:<16} {'':>6} {'>' + str(int(timeout)):>8}")
            continue
        except subprocess.CalledProcessError as failed:
            print(f"{name:<16} failed: {failed.stderr.strip().splitlines()[-1:]}")
            continue
        print(
            f"{row['page']:<16} {row['kb']:>6} {row['seconds']:>8} {row['peak_mb']:>8}  "
            f"{','.join(row['flags']) or '-'}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
