"""A wiki's page that does not exist yet, served with 200: its heading says so in the wiki's
language, and its content offers to create this very page, which says so in any language."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

WIKI = "https://wiki.test/doku.php"


def wiki_page(heading: str, robots: str, offer: str, title: str = "new_page [Team Wiki]") -> bytes:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="robots" content="{robots}"></head><body>
<div id="header"><h1><a href="/doku.php?id=start">Team Wiki</a></h1>
<a href="/doku.php?id=new_page&amp;do=login">Log in</a></div>
<div id="content"><h1>{heading}</h1><p>Kuna kiungo hapa.</p>{offer}</div>
<nav><a href="/doku.php?id=new_page&amp;do=revisions">Old revisions</a></nav>
</body></html>""".encode()


CREATE_BUTTON = """<form action="/doku.php"><input type="hidden" name="do" value="edit">
<input type="hidden" name="id" value="new_page"><button>Unda ukurasa huu</button></form>"""
CREATE_LINK = '<a href="/index.php?title=New_page&amp;action=edit">unda ukurasa huu</a>'


def judge(url: str, body: bytes) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


@pytest.mark.parametrize("offer", [CREATE_BUTTON, CREATE_LINK])
def test_a_page_that_offers_to_create_itself_and_is_not_indexed_is_a_soft_404(offer):
    # (Swahili: in no phrase list; the page is named by its title, "new_page")
    body = wiki_page("Ukurasa huu haupo", "noindex,follow", offer)
    verdict = judge(f"{WIKI}?id=new_page", body)["soft_404"]
    assert verdict.reasons[0] == "create_offer"
    assert "noindex" in verdict.reasons


def test_the_page_is_named_by_its_own_url_too():
    body = wiki_page("Ukurasa huu haupo", "noindex", CREATE_LINK, title="Team Wiki")
    assert "soft_404" in judge("https://wiki.test/index.php/New_page", body)


def test_an_existing_page_offering_to_edit_itself_is_indexed_and_fine():
    body = wiki_page("Karibu", "index,follow", CREATE_LINK.replace("unda", "hariri"))
    assert judge(f"{WIKI}?id=new_page", body) == {}


@pytest.mark.parametrize(
    "offer",
    [
        '<a href="/index.php?title=Other_page&amp;action=edit&amp;redlink=1">Other page</a>',
        '<a href="/index.php?title=New_page&amp;action=edit&amp;section=2">hariri</a>',
        '<a href="/doku.php?id=new_page&amp;do=edit&amp;rev=1700000000">hariri</a>',
        '<a href="/index.php?title=Other_page&amp;action=edit">Other page</a>',
    ],
)
def test_an_offer_to_edit_another_page_a_section_or_an_old_revision_says_nothing(offer):
    found = signals(
        f"{WIKI}?id=new_page", 200, {}, parse_html(wiki_page("x", "noindex", offer)), START
    )
    assert "create_offer" not in found.found


def test_the_heading_of_a_missing_page_after_the_wikis_own_h1_is_read():
    body = wiki_page("This page does not exist yet", "noindex,follow", "")
    verdict = judge(f"{WIKI}?id=new_page", body)["soft_404"]
    assert verdict.evidence["heading_not_found"] == "h1 #2: this page does not exist yet"


def test_a_page_in_a_namespace_is_named_by_the_words_of_its_title():
    offer = CREATE_BUTTON.replace('value="new_page"', 'value="team:new_page"')
    body = wiki_page("Ukurasa huu haupo", "noindex", offer, title="team:new_page [Team Wiki]")
    assert "soft_404" in judge(f"{WIKI}?id=team:new_page", body)
    assert "soft_404" in judge("https://wiki.test/p/0123456789ab", body)


def test_a_link_that_is_no_url_does_not_stop_the_page_being_judged():
    """Found by the fuzzer: "a://[" makes urljoin raise; the page is still read."""
    html = b"<title>x</title><meta name=robots content=noindex><main><a href=a://[>edit</a></main>"
    found = signals("https://wiki.test/start", 200, {}, parse_html(html), START)
    assert "create_offer" not in found.found
    assert found.found.get("noindex") is True
