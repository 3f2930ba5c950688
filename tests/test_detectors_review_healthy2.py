"""A second reviewer's healthy pages (tests/fixtures/review_healthy2, README there): products,
works, help articles, news, API references, status pages and event or course pages whose
words are those of error pages. None is an error or sign-in page."""

from pathlib import Path

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html
from tests.test_detectors import START

PAGES = Path(__file__).parent / "fixtures" / "review_healthy2"

# Pages the detectors still flag, each with the reason it is left.
PLACE = (
    "a place named 'Forbidden' and one word, on a short page without markup: the title reads"
    " as a 403's 'Forbidden' plus a word, and nothing read says it is a place's page"
)
LEFT = dict.fromkeys(("restaurant-en-forbidden-city.html", "trail-en-forbidden-lake.html"), PLACE)


def flags_of(name: str) -> set[str]:
    page = parse_html((PAGES / name).read_bytes())
    found = signals("https://shop.test/p/" + name.removesuffix(".html"), 200, {}, page, START)
    return {verdict.flag for verdict in conclude(found)} & {"soft_401", "soft_403", "soft_404"}


NAMES = sorted(path.name for path in PAGES.glob("*.html"))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=LEFT[name]))
        if name in LEFT
        else name
        for name in NAMES
    ],
)
def test_a_second_reviewers_healthy_page_is_not_flagged(name):
    assert not flags_of(name)


def test_the_set_is_large_and_in_many_languages():
    languages = {
        (PAGES / name).read_text(encoding="utf-8").split('lang="', 1)[1].split('"', 1)[0]
        for name in NAMES
    }
    assert len(NAMES) >= 80
    assert len(languages) >= 15
