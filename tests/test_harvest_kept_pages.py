"""The rule the fifth fresh side's harvesters keep pages by (bench/harvest/kept_pages.py)."""

from bench.harvest.kept_pages import Kept, text

PAGE = b"<html><head><title>%s</title><script>var x = 1;</script></head><body>%s</body></html>"


def _keep(kept: Kept, name: str, language: str, title: bytes, body: bytes, kind="text/html"):
    return kept.keep(name, language, PAGE % (title, body), 200, kind, "ok", "GET /", "a note")


def test_a_translation_is_kept_only_where_its_text_differs_from_english():
    kept = Kept("group", "source 1.0 (Debian)")
    assert _keep(kept, "home", "en", b"Welcome", b"<p>Hello</p>")
    assert not _keep(kept, "home", "de", b"Welcome", b"<p>Hello</p>")  # not translated
    assert _keep(kept, "home", "fr", b"Bienvenue", b"<p>Bonjour</p>")
    assert [page.name for page in kept.pages] == ["home.en.html", "home.fr.html"]
    assert kept.pages[1].language == "fr"
    assert kept.pages[1].group == "group"


def test_two_requests_giving_the_same_text_in_one_language_are_kept_once():
    kept = Kept("group", "source")
    assert _keep(kept, "denied", "en", b"Error", b"No permission")
    assert not _keep(kept, "denied-again", "en", b"Error", b"No permission")
    assert len(kept.pages) == 1


def test_what_changes_at_every_request_is_left_out_of_the_comparison():
    kept = Kept("group", "source", noise=r"\b[0-9a-f]{10}\b")
    assert _keep(kept, "error", "en", b"Not found", b"tracking 0123456789")
    assert not _keep(kept, "error", "de", b"Not found", b"tracking abcdef0123")
    assert text(PAGE % (b"T", b"<p>a</p>\n<p>b</p>")) == "T a b"  # no script, one space


def test_an_empty_or_plain_text_answer_is_no_page_and_said_so():
    kept = Kept("group", "source")
    assert not _keep(kept, "plain", "en", b"x", b"y", kind="text/plain")
    assert not kept.keep("empty", "en", b"  ", 200, "text/html", "ok", "GET /", "")
    assert kept.pages == []
    assert len(kept.left_out) == 2
