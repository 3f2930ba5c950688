# ruff: noqa: RUF001  (messages in their own scripts)
"""Rules of the eleventh round (side b), learnt from half of the sixth fresh side once it moved
to tune (e2guardian, Rails, motionEye, Review Board, OCS Inventory), each written as the
general form of what the page does to the visitor, each with a healthy look-alike: a sentence
that says what the visitor asked for does not exist is a not-found, even when it names the
access they tried ("The information you are trying to access does not exist"), and the
information, data or item asked for is the subject of such a sentence as a page is."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.permission_denials import permission_denied
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

URL = "https://inventory.example.org/p/abc"
MENU = (
    "<nav><ul><li><a href='/computers'>All computers</a></li><li><a href='/software'>All"
    " software</a></li><li><a href='/groups'>Groups</a></li></ul></nav>"
)


def judge(body: bytes, url: str = URL) -> dict:
    found = signals(url, 200, {}, parse_html(body), START)
    return {verdict.flag: verdict for verdict in conclude(found)}


def page(content: str, title: str = "Inventory") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{MENU}"
        f"<div class='content'>{content}</div></body></html>"
    ).encode()


# -- "what you tried to access does not exist": a not-found, not a refusal

ABSENT_INFORMATION = [
    "The information you are trying to access does not exist",
    "Die Information auf die Sie zugreifen möchten existiert nicht.",
    "A informação que você está tentando acessar não existe",
    "Информация, к которой Вы хотите получить доступ не существует",
    "The data you requested does not exist.",
]


@pytest.mark.parametrize("message", ABSENT_INFORMATION)
def test_information_the_visitor_tried_to_access_that_does_not_exist_is_a_soft_404(message):
    verdicts = judge(page(f"<p>{message}</p>"))
    assert "soft_404" in verdicts
    assert "soft_403" not in verdicts


@pytest.mark.parametrize("message", ABSENT_INFORMATION)
def test_a_sentence_that_says_something_does_not_exist_denies_no_permission(message):
    assert permission_denied([message]) is None


@pytest.mark.parametrize(
    "message",
    [
        "You don't have access to this page.",
        "Sie haben keinen Zugriff auf diese Seite.",
        "У вас нет доступа к этой странице.",
    ],
)
def test_a_denial_of_access_stays_a_denial(message):
    assert permission_denied([message]) is not None


def test_a_page_about_missing_data_in_general_is_healthy():
    article = (
        "<h1>Keeping an inventory</h1><p>An inventory tells you what exists on your network:"
        " the information you are trying to keep is only as good as the agents that send it."
        " When a computer no longer reports, its record stays until you remove it, so the"
        " list shows machines that may not exist any more. Review the list every month, and"
        " ask each team which machines they still run, which they retired, and which moved"
        " to another site. A tidy inventory makes audits quick and licences cheap.</p>"
    )
    assert judge(page(article, title="Keeping an inventory")) == {}
