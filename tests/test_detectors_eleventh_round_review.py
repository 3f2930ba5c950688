"""Healthy pages the eleventh round's new rules could misread, written by its last read as an
adversary: pages in many languages that speak of access, denial, blocking and actions for
some people only, with a site's chrome around them (navigation, a sign-in link or the name of
the account signed in, a cookie banner, a footer). Each is judged as
bench/real_accuracy.judge_offline judges the real corpus and must get no finding
(tests/fixtures/review_healthy7, 67 pages in 20 languages); beside them, the error page each
narrowed rule was written for still gets its flag."""

from pathlib import Path

import pytest

from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.detectors.requested_pages import requested_page_absent
from gatewatch.crawler.detectors.restated_denials import restated_denial
from gatewatch.crawler.detectors.signed_in_denials import signed_in_denial
from gatewatch.crawler.detectors.unopened_files import unopened_file
from gatewatch.crawler.parse import parse_html
from tests.review_sets import page_names, review_params, verdicts_of

FINDINGS = {"soft_404", "soft_401", "soft_403"}
PAGES = Path(__file__).parent / "fixtures" / "review_healthy7"
NAMES = page_names(PAGES)


# Flagged before this round (on 2ee62bee too), most by a title's segment the phrase lists read
# as a denial over a thin page (a film's, a novel's, a song's, a sign's, a help article's page
# named by the words): older rules, left for a later round.
EARLIER: dict[str, str] = {
    "episode-de-zugriff-verweigert": "soft_403: access_denied (title: zugriff verweigert)",
    "forum-tr-erisim-engellendi-hatasi": "soft_403: access_denied (title: erişim engellendi)",
    "help-fr-acces-refuse-banque": "soft_403: access_denied (title: accès refusé)",
    "law-zh-tw-wuquan-chufen": "soft_403: access_denied (title: 無權)",
    "episode-nl-toegang-geweigerd": "soft_403: access_denied (title: toegang geweigerd)",
    "shop-pl-tablica-dostep-zabroniony": "soft_403: access_denied (title: dostęp zabroniony)",
    "shop-en-no-access-sign": "soft_403: access_denied_text (access is denied)",
    "help-ar-rafd-alwusul": "soft_403: access_denied (title: تم رفض الوصول)",
    "help-vi-truy-cap-bi-tu-choi": "soft_403: access_denied (title: truy cập bị từ chối)",
    "novel-it-accesso-negato": "soft_403: access_denied (title: accesso negato)",
    "song-pt-acesso-negado": "soft_403: access_denied (title: acesso negado)",
    "docs-zh-roles-table": "soft_403: permission_denied (无 ... 权限: 无权限), a table's cell",
    "question-en-relation-does-not-exist": (
        "soft_404: heading_not_found_words (title: does not exist), error_heading (title)"
    ),
    "router-en-access-denied-faq": "soft_403: access_denied (title: access denied)",
    "tutorial-de-pre-error": "soft_404: heading_not_found (title: datei nicht gefunden)",
}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[set[str], str]]:
    return verdicts_of(PAGES)


@pytest.mark.parametrize("name", review_params(NAMES, EARLIER))
def test_a_healthy_page_gets_no_finding(verdicts, name):
    flags, explained = verdicts[name]
    assert FINDINGS.isdisjoint(flags), explained


def test_every_earlier_entry_names_a_page():
    assert {f"{name}.html" for name in EARLIER} <= set(NAMES)
    assert len(NAMES) == 67


# -- the narrowed rules, each beside the error page it was written for


def block_page(title: str, line: str, reasons: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><table><tr>"
        f"<td><b>{line}</b></td></tr><tr><td>{reasons}</td></tr></table></body></html>"
    ).encode()


REASONS = (
    "<p>Access to the page {} was denied for this reason: the site is in a category the"
    " network's policy does not allow. Ask your network administrator if you have"
    " questions.</p><p>Powered by a web filter</p>"
)


@pytest.mark.parametrize("address", ["http://shop.example.com/", "10.0.0.7"])
def test_a_block_page_that_names_the_address_it_refused_is_a_restated_denial(address):
    page = parse_html(
        block_page("Filter - Access denied", "Access denied", REASONS.format(address))
    )
    assert restated_denial(page)


def test_a_block_page_text_without_an_address_is_no_restated_denial():
    page = parse_html(block_page("Filter - Access denied", "Access denied", REASONS.format("")))
    assert restated_denial(page) is None


def test_a_denial_said_as_the_condition_of_advice_is_no_restated_denial():
    advice = (
        "<p>If the admin page at http://192.168.0.1 says access is denied, join the main"
        " network: the guest network cannot open it.</p>"
    )
    assert (
        restated_denial(parse_html(block_page("FAQ - Access denied", "Access denied", advice)))
        is None
    )


@pytest.mark.parametrize(
    "sentence",
    ["无权代理是指行为人没有代理权的行为。", "您无权转让您的账户。", "你无权查看他人的工资单。"],
)
def test_no_right_in_law_or_to_other_peoples_things_is_no_denial(sentence):
    assert permission_denied([sentence]) is None


@pytest.mark.parametrize("sentence", ["您无权访问此页面。", "你無權查看此內容", "无权限"])
def test_no_right_to_see_this_is_still_a_denial(sentence):
    assert permission_denied([sentence]) is not None


def test_an_item_said_absent_from_a_world_is_no_requested_page():
    assert (
        requested_page_absent(["The item you are thinking of does not exist in Java Edition."])
        is None
    )
    assert requested_page_absent(["The item you requested does not exist."])
    assert requested_page_absent(["The page you requested was not found on this server."])


@pytest.mark.parametrize(
    ("line", "denied"),
    [
        ("you are logged in as paul. guests are not allowed to comment.", False),
        ("you are authenticated as bob, but are not authorized to access this page.", True),
        ("sie sind als bob angemeldet. zugriff verweigert.", True),
    ],
)
def test_a_denial_beside_the_session_counts_only_when_it_is_the_visitors(line, denied):
    found: dict = {"access_denied_text": "a denial read before"}
    page = parse_html(f"<html><body><main><p>{line}</p></main></body></html>".encode())
    signed_in_denial(page, found)
    assert ("signed_in_denial" in found) is denied


def test_a_file_that_cannot_be_opened_is_a_missing_page_only_when_the_page_names_it():
    path = "/var/lib/backups/pc/web-01/XferLOG.99"
    assert unopened_file(f"File {path} Can't open log file {path}")
    assert unopened_file(f"Release 2.3.1 Fixed: cannot open {path} on Windows.") is None
