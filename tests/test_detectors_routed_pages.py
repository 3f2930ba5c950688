"""Software that routes every page through one program (`/index.php?view=events`,
`/host.php?filter=x`, `/?p=123`): met in a real crawl of OCS Inventory, ZoneMinder, Cacti and
phpLDAPadmin (bench/probe_answers.py), where its pages were taken for the home page and never
judged, and its script's name for a page's slug or a wiki page's name."""

from gatewatch.crawler.detectors import ProbeResult, Signals, conclude, signals
from gatewatch.crawler.detectors.settings import DEFAULT_SETTINGS
from gatewatch.crawler.detectors.soft404 import probe_match
from gatewatch.crawler.detectors.urls import is_home
from gatewatch.crawler.parse import parse_html

START = "https://ops.test/"
NOT_FOUND = (
    "<html><head><title>Inventory</title></head><body><nav><a href='/'>Home</a></nav>"
    "<main><h1>Computer not found</h1><p>The computer you asked for does not exist.</p>"
    "</main></body></html>"
)


def flags(url: str, html: str, probes=()) -> set[str]:
    found = signals(url, 200, {}, parse_html(html.encode()), START)
    return {verdict.flag for verdict in conclude(found, list(probes))}


def test_a_page_of_the_index_script_is_judged_not_taken_for_the_home_page():
    assert "soft_404" in flags("https://ops.test/index.php?function=computer&id=99", NOT_FOUND)
    assert "soft_404" in flags("https://ops.test/?p=123", NOT_FOUND)
    # the home page itself, with where the visitor came from or a language, stays the home
    for home in ("https://ops.test/index.php", "https://ops.test/?utm_source=mail&lang=de"):
        assert is_home(home, START, DEFAULT_SETTINGS)
        assert not flags(home, NOT_FOUND)
    # a start URL with a query string is the home page with it
    assert is_home("https://ops.test/?view=console", START + "?view=console", DEFAULT_SETTINGS)


def test_two_pages_without_text_are_not_one_template():
    url = "https://ops.test/index.php?view=events"
    empty = signals(url, 200, {}, parse_html(b"<html><body></body></html>"), START)
    probe = ProbeResult(
        "https://ops.test/index.php?view=qwertyuiopasdfghjklzxcvbn", "random", 200,
        "https://ops.test/index.php?view=qwertyuiopasdfghjklzxcvbn", 200, 0, "page",
    )  # fmt: skip
    assert empty.simhash == 0
    assert probe_match(empty, [probe], DEFAULT_SETTINGS) is None
    worded = Signals(url, 200, simhash=77, found={"thin_main": 3})
    assert probe_match(worded, [probe.__class__(**{**probe.to_json(), "simhash": 77})],
                       DEFAULT_SETTINGS)  # fmt: skip


NO_INDEX = "<meta name='robots' content='noindex'>"


def test_a_scripts_add_link_is_no_offer_to_create_the_page_itself():
    devices = (
        f"<html><head><title>Devices</title>{NO_INDEX}</head><body><main><h1>Devices</h1>"
        "<form><input name='filter' value='Local'></form><p>No devices match.</p>"
        "<a href='host.php?action=edit'>Add device</a></main></body></html>"
    )
    assert not flags("https://ops.test/host.php?filter=Local", devices)
    # a wiki's missing page offers to create itself: its name is its path
    missing = (
        f"<html><head><title>Garden Plan</title>{NO_INDEX}</head><body><main><h1>Garden Plan"
        "</h1><p>Nothing here.</p><a href='/Garden_Plan?action=edit'>Create</a></main>"
        "</body></html>"
    )
    assert "soft_404" in flags("https://ops.test/Garden_Plan", missing)


def test_a_scripts_name_is_no_slug_the_title_should_repeat():
    graphs = f"<html><head><title>Console</title>{NO_INDEX}</head><body><main></main></body></html>"
    assert "soft_404" not in flags("https://ops.test/graph_view.php?action=tree", graphs)
