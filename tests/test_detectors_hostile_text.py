"""Hostile pages against the text the detectors read from elements: each read is bounded
(characters and elements), so a page of megabytes in one element, or of thousands of list
items, costs no more than a page of ordinary size. The bounds are asserted, not timed; the
readings are the same as unbounded ones on ordinary markup."""

from __future__ import annotations

import lxml.html
import pytest

from gatewatch.crawler import forms, lines, parse
from gatewatch.crawler.detectors import healthy_context, partial_prompts
from gatewatch.crawler.lines import MAX_LEADING_NODES, leading_text
from gatewatch.crawler.parse import parse_html

ORDINARY = (
    "<div>Start <b>bold<!-- a comment --> text</b> tail of b <i>it<u>under</u></i> "
    "end<ul><li>one</li><li>two <a href='/x'>link</a></li></ul> after</div>"
)


@pytest.mark.parametrize("limit", [1, 5, 12, 30, 1000])
def test_leading_text_is_text_content_cut(limit):
    root = lxml.html.fromstring(ORDINARY)
    for element in root.iter():
        if isinstance(element.tag, str):
            assert leading_text(element, limit) == element.text_content()[:limit]


def test_leading_text_reads_no_further_than_its_limit():
    # one element of a megabyte read for its first 300 characters: the pieces after the
    # limit is reached are not joined (the result is the cut, not the whole text)
    root = lxml.html.fromstring("<div><p>" + "a" * 1_000_000 + "</p><p>late</p></div>")
    assert leading_text(root, 300) == "a" * 300


def test_leading_text_walks_at_most_its_elements():
    # text after MAX_LEADING_NODES empty elements is not reached
    root = lxml.html.fromstring(
        "<div>" + "<span></span>" * (MAX_LEADING_NODES + 10) + "<p>late</p></div>"
    )
    assert leading_text(root, 300) == ""
    root = lxml.html.fromstring("<div>" + "<span></span>" * 10 + "<p>early</p></div>")
    assert leading_text(root, 300) == "early"


def _counting(monkeypatch, module):
    calls: list[int] = []

    def counted(element, limit):
        calls.append(limit)
        return lines.leading_text(element, limit)

    monkeypatch.setattr(module, "leading_text", counted)
    return calls


def test_numbered_lists_are_read_for_at_most_max_items(monkeypatch):
    items = "".join(f"<li>Step {i}: open the settings.</li>" for i in range(5_000))
    page = parse_html(
        f"<html><head><title>Help</title></head><body><main><h2>One</h2><h2>Two</h2>"
        f"<ol>{items}</ol><ol>{items}</ol></main></body></html>".encode()
    )
    calls = _counting(monkeypatch, healthy_context)
    explained = healthy_context.explains_message(page, "")
    assert explained.startswith("2 sections")  # the verdict: sections and steps
    assert len(calls) == healthy_context.MAX_ITEMS
    assert set(calls) == {healthy_context.ITEM_CHARS}


def test_a_button_is_read_for_its_label_only(monkeypatch):
    page = parse_html(
        b"<html><body><main><p>Text.</p><button>" + b"Go " * 100_000 + b"</button></main>"
        b"</body></html>"
    )
    calls = _counting(monkeypatch, partial_prompts)
    label = partial_prompts._own_control(page)
    assert calls == [partial_prompts.LABEL_CHARS]
    assert len(label) <= partial_prompts.LABEL_CHARS


def test_header_ids_are_read_for_at_most_max_chrome_ids():
    page = parse_html(
        b"<html><body>"
        + b'<div id="header-nav"><a href="/a">A</a></div>' * 2_000
        + b"<p>Page not found</p></body></html>"
    )
    assert len(page._containers) == parse.MAX_CHROME_IDS
    assert "Page not found" in page.main_text


def test_navigation_containers_are_at_most_max_containers():
    page = parse_html(
        b"<html><body>"
        + b'<nav><a href="/a">A</a></nav><aside role="navigation">B</aside>' * 2_000
        + b"<p>Page not found</p></body></html>"
    )
    assert len(page._containers) <= 2 * parse.MAX_CONTAINERS
    assert "Page not found" in page.main_text


def test_a_layouts_header_id_is_still_its_header():
    page = parse_html(
        b'<html><body><div id="header"><a href="/login">Sign in</a></div>'
        b"<div id='content'><p>Page not found</p></div></body></html>"
    )
    assert "Sign in" not in page.main_text
    assert "Page not found" in page.main_text


def test_forms_are_read_for_at_most_max_forms():
    page = parse_html(
        b"<html><body>"
        + b'<form action="/login"><input type="password" name="p"></form>' * 300
        + b"</body></html>"
    )
    assert len(page.forms) == forms.MAX_FORMS
    assert all(form.password_inputs == 1 for form in page.forms)


def test_controls_are_read_for_at_most_max_controls():
    page = parse_html(
        b'<html><body><form action="/s">'
        + b'<input name="q">' * (forms.MAX_CONTROLS + 500)
        + b"</form></body></html>"
    )
    assert [form.fields for form in page.forms] == [forms.MAX_CONTROLS]


def test_the_heading_cache_never_keeps_a_hostile_title_whole():
    """Titles of 1 MB, one a page: what the cache of headings keeps stays small (before the
    cut it kept the last 512 titles whole: 512 MB)."""
    import tracemalloc

    from gatewatch.crawler.detectors import text

    text._heading_segments.cache_clear()
    filler = "Not found " * 100_000
    tracemalloc.start()
    try:
        for number in range(600):
            text.heading_segments(f"{number} {filler}")
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        text._heading_segments.cache_clear()
    assert held < 50_000_000
    assert text.heading_segments(filler) == text.heading_segments(filler[:10_000])
