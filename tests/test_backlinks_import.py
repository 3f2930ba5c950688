"""Reading backlink exports: every tool's format, every encoding, and broken files.

The fixtures under tests/fixtures/backlinks are modelled on the real exports' columns and
written in the encodings the tools use (tests/fixtures/backlinks/make_fixtures.py).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gatewatch.crawler.urls import normalize_url, url_key
from gatewatch.reports.backlinks import read_backlinks

EXPORTS = Path(__file__).parent / "fixtures" / "backlinks"
SITE = "https://www.example.com/"
TRAIL_X = "https://www.example.com/boots/trail-x"
ORDERS = "https://www.example.com/account/orders"
HOME = "https://www.example.com/"
MEMBERS = "https://www.example.com/members/"


def read(name: str, site: str = SITE, **options):
    return read_backlinks(EXPORTS / name, site, **options)


def targets(parsed) -> list[str]:
    return [row.target_url for row in parsed.rows]


@pytest.mark.parametrize(
    ("name", "tool", "encoding", "delimiter", "expected"),
    [
        ("ahrefs_backlinks.csv", "ahrefs", "utf-16-le", "\t", [TRAIL_X, TRAIL_X, ORDERS]),
        (
            "ahrefs_best_by_links.csv",
            "ahrefs_best_by_links",
            "utf-8-sig",
            ",",
            [TRAIL_X, ORDERS, HOME],
        ),
        (
            "gsc_top_linked_pages.csv",
            "gsc_top_linked_pages",
            "utf-8",
            ",",
            [HOME, TRAIL_X, MEMBERS],
        ),
        ("semrush_backlinks.csv", "semrush", "utf-8", ",", [TRAIL_X, TRAIL_X]),
        ("majestic_backlinks.csv", "majestic", "utf-8", ",", [TRAIL_X, TRAIL_X]),
        ("moz_inbound_links.csv", "moz", "utf-8", ",", [TRAIL_X, TRAIL_X]),
        ("moz_top_pages.csv", "moz_top_pages", "cp1252", ";", [HOME, TRAIL_X]),
        ("links_utf16be.txt", "csv", "utf-16-be", "\t", [TRAIL_X, ORDERS]),
    ],
)
def test_each_tool_export_is_recognised_by_its_header(name, tool, encoding, delimiter, expected):
    parsed = read(name)
    assert (parsed.format, parsed.encoding, parsed.delimiter) == (
        tool,
        encoding,
        delimiter,
    )
    assert targets(parsed) == expected
    assert parsed.problems == []


def test_targets_are_keyed_like_the_crawled_urls():
    """www/non-www and http/https variants count as the site; fragments are dropped."""
    parsed = read("ahrefs_backlinks.csv")
    forum_link = parsed.rows[1]
    assert forum_link.source_url == "https://forum.example.net/t/boots-thread?page=2"
    assert forum_link.target_url == TRAIL_X  # exported as http://example.com/boots/trail-x#reviews
    assert forum_link.target_key == url_key(normalize_url(TRAIL_X))
    assert parsed.skipped == {"other_host": 1, "other_subdomain": 1}


def test_ahrefs_links_carry_rating_anchor_follow_and_group_size():
    review, forum, wiki = read("ahrefs_backlinks.csv").rows
    assert (review.referring_domain, review.domain_rating, review.nofollow) == (
        "outdoor-news.example.org",
        71.0,
        False,
    )
    assert (review.links, review.followed, review.anchor) == (1, 1, "Trail X boot")
    assert (forum.links, forum.followed, forum.nofollow) == (3, 0, True)  # "Links in group" 3
    assert forum.anchor == "<b>this</b> shop"  # kept verbatim: escaping is the renderer's job
    assert wiki.referring_domain == "wiki.example.org"


def test_aggregate_exports_give_counts_per_page():
    trail_x, orders, home = read("ahrefs_best_by_links.csv").rows
    assert (trail_x.links, trail_x.referring_domains, trail_x.followed) == (1250, 42, 1100)
    assert (home.links, home.referring_domains, home.followed) == (12400, 310, 11000)
    assert orders.source_url is None
    home, trail_x, _members = read("gsc_top_linked_pages.csv").rows
    assert (home.links, home.referring_domains, home.followed) == (3100, 288, None)
    home, trail_x = read("moz_top_pages.csv").rows  # URLs without a scheme, cp1252, semicolons
    assert (trail_x.links, trail_x.referring_domains) == (1250, 42)


def test_each_tool_rating_is_read_on_its_own_0_to_100_scale():
    assert [row.domain_rating for row in read("semrush_backlinks.csv").rows] == [48.0, 15.0]
    assert [row.domain_rating for row in read("majestic_backlinks.csv").rows] == [58.0, 0.0]
    assert [row.domain_rating for row in read("moz_inbound_links.csv").rows] == [66.0, 33.0]
    assert [row.nofollow for row in read("majestic_backlinks.csv").rows] == [False, True]
    assert [row.nofollow for row in read("moz_inbound_links.csv").rows] == [False, True]


def test_search_console_latest_links_says_why_it_cannot_be_used():
    parsed = read("gsc_latest_links.csv")
    assert parsed.format == "gsc_latest_links"
    assert parsed.rows == []
    assert "cannot give per-page counts" in parsed.problems[0]
    assert "Top linked pages" in parsed.problems[0]


def test_latest_links_with_a_target_column_is_usable():
    export = (
        "Linking page,Target page,Last crawled\nhttps://a.example.org/,/boots/trail-x,2026-11-01\n"
    )
    parsed = read_backlinks(export.encode(), SITE)
    assert parsed.format == "gsc_latest_links"
    assert targets(parsed) == [TRAIL_X]
    assert parsed.rows[0].referring_domain == "a.example.org"


TABLE = [
    ["Target URL", "Source URL", "Anchor", "Domain rating"],
    ["/boots/trail-x", "https://www.blog.example.org/été", "Stiefel für Damen", "40,5"],
    ["http://example.com/account/orders", "https://b.example.org/", "Bestellungen", "7"],
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("cp1252", b""),
    ],
)
def test_the_same_export_reads_alike_in_every_encoding_and_delimiter(encoding, bom, delimiter):
    text = "\r\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in TABLE)
    parsed = read_backlinks(bom + text.encode(encoding), SITE)
    assert parsed.delimiter == delimiter
    assert parsed.problems == []
    first, second = parsed.rows
    assert (first.target_url, second.target_url) == (TRAIL_X, ORDERS)
    assert first.anchor == "Stiefel für Damen"
    assert first.referring_domain == "blog.example.org"
    assert first.domain_rating == 40.5


def test_a_broken_file_keeps_its_good_rows_and_names_the_bad_lines():
    parsed = read("broken.csv")
    assert [row.line for row in parsed.rows] == [2, 3, 6, 9]
    assert parsed.rows[1].anchor == "café crème"  # the one line saved as Windows-1252
    assert parsed.rows[0].anchor == "Stiefel für Damen"  # UTF-8 lines stay UTF-8
    assert parsed.skipped == {"wrong_field_count": 1, "not_a_url": 1, "other_host": 1}
    assert parsed.problems == [
        "line 3: not valid UTF-8, read as Windows-1252",
        "line 4: wrong number of fields (the header has 4)",
        "line 5: target is not a URL",
        "line 6: 'domain rating' is not a number from 0 to 100",
    ]


def test_many_bad_lines_are_summarised():
    lines = ["url"] + [f"not a url {number}" for number in range(30)] + ["/fine"]
    parsed = read_backlinks("\n".join(lines).encode(), SITE)
    assert targets(parsed) == ["https://www.example.com/fine"]
    assert parsed.problems == [
        "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 20 more: target is not a URL"
    ]


def test_a_row_too_large_to_read_is_skipped_and_reading_goes_on():
    export = f'Target URL,Anchor\n/a,ok\n/b,"{"x" * 200_000}"\n/c,ok\n'
    parsed = read_backlinks(export.encode(), SITE)
    assert targets(parsed) == ["https://www.example.com/a", "https://www.example.com/c"]
    assert parsed.skipped == {"unreadable": 1}
    assert parsed.problems[0].startswith("line 3: cannot be read as CSV (field larger")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"Target URL,Anchor\n", "the file has a header but no rows"),
        (EXPORTS.joinpath("no_target.csv").read_bytes(), "no target URL column"),
        (b"PK\x03\x04not really a zip", "cannot open the ZIP archive"),
    ],
)
def test_files_without_usable_rows_say_why(content, message):
    parsed = read_backlinks(content, SITE)
    assert parsed.rows == []
    assert message in parsed.problems[0]


def test_the_missing_column_message_lists_the_columns_found():
    problem = read("no_target.csv").problems[0]
    assert "'Keyword', 'Volume', 'Position'" in problem


def test_links_to_another_site_hint_at_a_wrong_site():
    parsed = read("semrush_backlinks.csv", site="https://shop.example.net/")
    assert parsed.rows == []
    assert parsed.skipped == {"other_host": 2}
    assert parsed.problems == [
        "no target is on shop.example.net: the targets are on www.example.com (2); is --site right?"
    ]


def test_links_from_the_site_itself_are_not_backlinks():
    export = "Source URL,Target URL\nhttps://example.com/blog,/boots/trail-x\nhttps://a.example.org/,/a\n"
    parsed = read_backlinks(export.encode(), SITE)
    assert targets(parsed) == ["https://www.example.com/a"]
    assert parsed.skipped == {"internal_source": 1}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/boots/trail-x", TRAIL_X),
        ("//example.com/boots/trail-x", TRAIL_X),
        ("example.com/boots/trail-x", TRAIL_X),
        ("HTTPS://WWW.EXAMPLE.COM:443/boots/trail-x", TRAIL_X),
        ("https://www.example.com/search?q=<script>", "https://www.example.com/search?q=%3Cscript%3E"),
        ("javascript:alert(1)", None),
        ("mailto:shop@example.com", None),
        ("trail-x.html", None),
        ("N/A", None),
        ("ftp://www.example.com/file", None),
    ],
)  # fmt: skip
def test_targets_are_normalised_or_refused(target, expected):
    parsed = read_backlinks(f"URL\n{target}\n".encode(), SITE)
    assert targets(parsed) == ([expected] if expected else [])


def test_a_site_on_a_port_keeps_only_its_own_port():
    export = "URL\nhttp://127.0.0.1:8765/a\nhttp://127.0.0.1:9999/b\nhttps://127.0.0.1/c\n"
    parsed = read_backlinks(export.encode(), "http://127.0.0.1:8765/")
    assert targets(parsed) == ["http://127.0.0.1:8765/a"]
    assert parsed.skipped == {"other_host": 2}


def test_excel_separator_hint_line_is_obeyed():
    parsed = read_backlinks(b"sep=;\r\nURL;Backlinks\r\n/a;1.234\r\n", SITE)
    assert parsed.delimiter == ";"
    assert [(row.target_url, row.links, row.line) for row in parsed.rows] == [
        ("https://www.example.com/a", 1234, 3)
    ]


def test_a_forced_format_that_does_not_fit_says_so():
    parsed = read("no_target.csv", format_name="semrush")
    assert parsed.rows == []
    assert parsed.problems == ["no target URL column for Semrush backlinks"]


def test_search_console_zip_is_read_from_its_top_linked_pages():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(EXPORTS / "gsc_latest_links.csv", "Latest links.csv")
        bundle.write(EXPORTS / "gsc_top_linked_pages.csv", "Top linked pages - externally.csv")
        bundle.writestr(
            "Top linked pages - internally.csv",
            "Target page,Incoming links\n/a,1\n/b,2\n/c,3\n/d,4\n",
        )
    parsed = read_backlinks(archive.getvalue(), SITE)
    assert parsed.member == "Top linked pages - externally.csv"
    assert parsed.format == "gsc_top_linked_pages"
    assert len(parsed.rows) == 3


def test_an_excel_workbook_asks_for_csv():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    parsed = read_backlinks(archive.getvalue(), SITE)
    assert parsed.rows == []
    assert "save as CSV" in parsed.problems[0]
