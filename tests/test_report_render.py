"""The HTML report, the e-mail and the findings CSV, rendered from hand-made Reports."""

import csv
import io
import re
from dataclasses import replace
from html.parser import HTMLParser

from gatewatch.reports.findings_csv import COLUMNS, write_findings_csv
from gatewatch.reports.model import Finding, Reason
from gatewatch.reports.render import email_subject, link_target, render_email, render_html
from tests.report_samples import (
    ATTRIBUTE_BREAKOUT,
    JAVASCRIPT_URL,
    SCRIPT_TITLE,
    hostile_report,
    make_report,
)


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attributes for tag, attributes in self.tags if tag == name]


SECTION_IDS = ("fix-now", "review", "intentionally-private", "fixed", "not-checked")


def section(page: str, section_id: str) -> str:
    """The part of the page from a section's start to the next section (or the footer)."""
    start = page.index(f'id="{section_id}"')
    ends = [page.find(f'id="{other}"', start + 1) for other in SECTION_IDS]
    ends.append(page.index("<footer", start))
    return page[start : min(end for end in ends if end > start)]


# The HTML report


def test_the_report_is_one_self_contained_file():
    page = render_html(make_report(60))
    elements = Elements(page)
    assert not elements.named("link")
    assert all("src" not in attributes for attributes in elements.named("script"))
    assert not [a for a in elements.named("img") if a.get("src")]
    assert "@import" not in page
    assert "url(" not in page
    assert "<svg" in page  # the trend chart is inline
    assert len(elements.named("script")) == 1


def test_summary_counts_every_bucket_and_change():
    report = make_report(60)
    page = render_html(report)
    counts, changes = report.counts(), report.changes()
    summary = page[page.index('id="summary"') : page.index("</svg>")]
    for bucket, label in (("fix_now", "Fix now"), ("review", "Review")):
        assert re.search(rf"{label}</small><b>{counts[bucket]}</b>", summary)
    assert f"Fixed</small><b>{changes['fixed']}</b>" in summary
    assert summary.count("<rect") >= len(report.trend)  # one bar per run, one rect per bucket
    assert f"run {report.trend[0].run_id}, " in summary  # each bar says which run it is


def test_fix_now_comes_first_sorted_by_impact_then_review_then_private_collapsed():
    report = make_report(80)
    page = render_html(report)
    positions = [
        page.index(f'id="{name}"') for name in ("fix-now", "review", "intentionally-private")
    ]
    assert positions == sorted(positions)
    assert re.search(r'<details class="section" id="intentionally-private">', page)
    fix_now_rows = section(page, "fix-now").split('<tr class="finding')[1:]
    impacts = [float(re.search(r'data-value="([\d.]+)"', row).group(1)) for row in fix_now_rows]
    fix_now = sorted(
        (f.impact for f in report.findings if f.bucket == "fix_now" and f.change != "fixed"),
        reverse=True,
    )
    assert impacts == fix_now


def test_fixed_findings_have_their_own_section_and_are_not_listed_as_open():
    report = make_report(60)
    fixed = [f for f in report.findings if f.change == "fixed"]
    assert fixed
    page = render_html(report)
    fixed_section = section(page, "fixed")
    for finding in fixed:
        assert finding.url in fixed_section
        bucket_section = section(page, finding.bucket.replace("_", "-"))
        assert f">{finding.url}<" not in bucket_section


def test_each_finding_shows_its_evidence_reasons_and_actions():
    report = make_report(10)
    finding = replace(
        report.findings[0],
        bucket="fix_now",
        change="new",
        impact=1000.0,
        reasons=(Reason("in_sitemap", "listed in sitemap https://shop.example/s.xml"),),
        actions=("remove from sitemap",),
        evidence={"probe_distance": 2},
        flags=("missing_challenge",),
    )
    report.findings.insert(0, finding)
    row = section(render_html(report), "fix-now").split("<tr class=")[1]
    for text in (
        "listed in sitemap https://shop.example/s.xml",
        "remove from sitemap",
        "probe_distance",
        "missing_challenge",
        finding.kind,
        "new",
    ):
        assert text in row


def test_filters_offer_exactly_the_kinds_and_changes_present():
    report = make_report(60)
    elements = Elements(render_html(report))
    options = [a["value"] for tag, a in elements.tags if tag == "option"]
    for kind in {f.kind for f in report.findings}:
        assert kind in options
    assert "not_checked" not in options  # no finding has it
    assert {a.get("data-kind") for a in elements.named("tr") if "data-kind" in a} == {
        f.kind for f in report.findings
    }


def test_huge_reports_are_capped_per_section_with_a_pointer_to_the_csv():
    report = make_report(3_000)
    page = render_html(report, row_limit=100, csv_name="findings.csv")
    assert page.count('<tr class="finding') == 400  # 100 in each of the four sections
    assert "All of them are in <b>findings.csv</b>" in page
    open_review = sum(1 for f in report.findings if f.bucket == "review" and f.change != "fixed")
    assert f"100 findings with the highest impact of {open_review:,}" in page


def test_a_report_without_findings_or_history_says_so():
    report = make_report(0, runs=0)
    report.previous_run_id = None
    page = render_html(report)
    assert "No runs to chart yet." in page
    assert page.count("No findings.") == 4
    assert "no previous run to compare with" in page


# Hostile content: titles, URLs, anchors, reasons, evidence, notes, even the site name


def test_crawled_text_is_escaped_everywhere_in_the_html_report():
    page = render_html(hostile_report())
    assert "<script>window.pwned" not in page
    assert "&lt;script&gt;window.pwned = 1" in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=" in page
    assert "<b>bold</b>" not in page
    elements = Elements(page)
    assert len(elements.named("script")) == 1  # ours
    assert not [a for _, a in elements.tags if any(name.startswith("on") for name in a)]


def test_javascript_urls_are_shown_as_text_never_as_links():
    page = render_html(hostile_report())
    hrefs = [a["href"] for a in Elements(page).named("a")]
    assert hrefs
    assert all(href.startswith(("https://", "http://")) for href in hrefs)
    assert JAVASCRIPT_URL in page  # still visible, as text
    for url in (
        JAVASCRIPT_URL,
        " javascript:x",
        "JaVaScRiPt:x",
        "java\tscript:x",
        "data:text/html,x",
        "//evil.example/",
        "/relative",
        "https://",
    ):
        assert link_target(url) is None, url
    assert link_target("https://shop.example/a?b=1") == "https://shop.example/a?b=1"


def test_an_attribute_breakout_in_a_url_stays_inside_the_href():
    page = render_html(hostile_report())
    for attributes in Elements(page).named("a"):
        assert set(attributes) == {"href", "rel", "target"}
    assert any(ATTRIBUTE_BREAKOUT in a["href"] for a in Elements(page).named("a"))


# The e-mail


def test_the_subject_names_the_site_and_what_changed():
    report = make_report(10)
    report.site = "shop.example"
    base = replace(report.findings[0], bucket="fix_now", change="new")
    report.findings = [replace(base, url=f"https://shop.example/{n}") for n in range(3)] + [
        replace(base, url=f"https://shop.example/f{n}", change="fixed") for n in range(5)
    ]
    assert email_subject(report) == "shop.example: 3 new fix-now, 5 fixed"
    report.findings = [replace(base, change="persisting")]
    assert email_subject(report) == "shop.example: no change, 1 fix-now open"
    report.site = "shop.example\r\nBcc: victim@example.com"
    assert "\n" not in email_subject(report)
    assert "\r" not in email_subject(report)


def test_the_email_summarises_and_points_to_the_attached_report():
    report = make_report(200)
    mail = render_email(report, "shop-run107.html")
    top = max(
        (f for f in report.findings if f.bucket == "fix_now" and f.change != "fixed"),
        key=lambda f: f.impact,
    )
    for body in (mail.html, mail.text):
        assert "shop-run107.html" in body
        assert top.url in body
        assert f"{report.counts()['review']}" in body
    assert mail.images == []
    assert 'style="' in mail.html  # the CSS is inlined
    assert "<style" not in mail.html


def test_the_email_stays_under_100_kb_with_20000_findings_and_has_no_svg_or_script():
    report = make_report(20_000, runs=26)
    for finding in report.findings[:500]:  # long hostile URLs and titles make rows heavy
        finding.url += "/" + "x" * 3000
        finding.title = SCRIPT_TITLE * 40
    mail = render_email(report, "report.html")
    assert len(mail.html.encode()) < 100_000
    assert len(mail.text.encode()) < 100_000
    lowered = mail.html.lower()
    assert "<svg" not in lowered
    assert "<script" not in lowered
    assert "fix now: the" in lowered  # still a summary of the top findings, not an empty mail


def test_crawled_text_is_escaped_in_the_email_and_never_a_javascript_link():
    mail = render_email(hostile_report(), "report.html")
    assert "<script>window.pwned" not in mail.html
    assert "<img" not in mail.html
    assert "&lt;script&gt;" in mail.html
    hrefs = [a["href"] for a in Elements(mail.html).named("a")]
    assert all(href.startswith(("https://", "http://")) for href in hrefs)
    assert SCRIPT_TITLE[:20] in mail.text  # plain text shows it as it is: it cannot run there


# The CSV


def read_csv(report) -> list[dict[str, str]]:
    stream = io.StringIO(newline="")
    count = write_findings_csv(report, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert count == len(rows) == len(report.findings)
    return rows


def test_the_csv_has_every_finding_with_the_table_columns():
    report = make_report(50)
    rows = read_csv(report)
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["bucket"] == "fix_now"
    by_url = {row["url"]: row for row in rows}
    finding = report.findings[0]
    row = by_url[finding.url]
    assert row["reasons"] == "; ".join(reason.text for reason in finding.reasons)
    assert row["actions"] == "; ".join(finding.actions)
    assert row["in_sitemap"] == ("yes" if finding.in_sitemap else "no")
    assert int(row["backlinks"]) == finding.backlinks
    assert {row["change"] for row in rows} >= {"fixed", "new"}


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted():
    report = make_report(1)
    payloads = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
    report.findings = [
        Finding(
            url=f"https://shop.example/{n}",
            kind="soft_404",
            bucket="review",
            title=payload,
            reasons=(Reason("anchor", payload),),
            actions=(payload,),
        )
        for n, payload in enumerate(payloads)
    ]
    for row, payload in zip(read_csv(report), payloads, strict=True):
        for column in ("title", "reasons", "actions"):
            assert row[column] == "'" + payload
    assert read_csv(make_report(5))[0]["url"].startswith("https://")  # ordinary text untouched


# Findings the run did not check, and a site that did not answer


def with_not_checked(report):
    """The report plus a fix-now finding of the previous run that this run did not fetch, with
    the highest impact of all: were it treated as open, it would head every list."""
    top = max(report.findings, key=lambda f: f.impact)
    gone = replace(
        top,
        url="https://shop.example/removed-from-sitemap-and-links",
        bucket="fix_now",
        change="not_checked",
        impact=top.impact + 1000,
    )
    report.findings.append(gone)
    return report, gone


def test_findings_not_checked_are_in_their_own_section_never_among_open_ones():
    report, gone = with_not_checked(make_report(60))
    page = render_html(report)
    for section_id in ("fix-now", "review", "intentionally-private", "fixed"):
        assert gone.url not in section(page, section_id)
    start = page.index('id="not-checked"')
    assert "Not checked this time" in page[start:]
    assert gone.url in page[start:]
    assert page.index('id="fixed"') < start
    counts = report.counts()
    summary = page[page.index('id="summary"') : page.index("</svg>")]
    assert f"Fix now</small><b>{counts['fix_now']}</b>" in summary


def test_the_email_counts_findings_not_checked_but_does_not_list_them():
    report, gone = with_not_checked(make_report(60))
    mail = render_email(report, "report.html")
    for body in (mail.html, mail.text):
        assert gone.url not in body
        assert "1 finding of the previous run was not checked this time" in body


def test_a_site_that_did_not_answer_says_so_in_the_subject_and_at_the_top_of_the_mail():
    report = make_report(5)
    down = Finding(
        url="https://shop.example/",
        kind="unreachable",
        bucket="fix_now",
        reasons=(Reason("unreachable", "the server did not answer: DNS lookup failed"),),
        actions=("check the server: it did not answer (timeout, DNS, connection refused)",),
        change="new",
    )
    report.findings = [down]
    assert email_subject(report).startswith("shop.example: the site did not answer")
    mail = render_email(report, "report.html")
    for body in (mail.html, mail.text):
        assert "did not answer" in body[: body.index("Fix now")]
        assert "DNS lookup failed" in body
    report.findings = [replace(down, url="https://shop.example/guide")]
    assert "did not answer" not in email_subject(report)


def test_a_soft_403_finding_is_listed_and_can_be_filtered_by_its_kind():
    from gatewatch.reports.classify import Context, classify
    from gatewatch.reports.rules import Rules

    report = make_report(5)
    record = {
        "url": "https://shop.example/reports/q3", "status": 200, "final_url": None,
        "final_status": 200, "redirects": [], "flags": ["soft_403"], "in_sitemap": True,
        "sitemaps": ["https://shop.example/sitemap.xml"], "inlinks": 0, "depth": 1,
        "fetched": True,
    }  # fmt: skip
    report.findings.append(classify(record, Context(), Rules()))
    page = render_html(report)
    options = {a.get("value") for a in Elements(page).named("option")}
    assert "soft_403" in options
    assert "answer 403 (or 404) instead of 200" in section(page, "fix-now")
