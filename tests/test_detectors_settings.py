"""Thresholds and phrase lists are data: a site's config can add its own wording."""

import pytest

from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.detectors.settings import settings_from_mapping
from gatewatch.crawler.options import CrawlOptions, OptionsError
from gatewatch.crawler.parse import parse_html

PAGE = parse_html(
    b"<html><head><title>Artikel vergriffen | Laden</title></head><body><main>"
    b"<h1>Artikel vergriffen</h1><p>Dieser Artikel ist leider nicht mehr lieferbar. Schauen "
    b"Sie sich unsere anderen Lampen im Sortiment an, oder fragen Sie den Kundendienst.</p>"
    b"</main></body></html>"
)
URL, START = "https://laden.test/artikel/alte-lampe", "https://laden.test/"


def _flags(settings=None) -> set[str]:
    found = signals(URL, 200, {}, PAGE, START, *([settings] if settings else []))
    return {verdict.flag for verdict in conclude(found, (), *([settings] if settings else []))}


def test_a_sites_own_not_found_wording_can_be_added():
    assert "soft_404" not in _flags()
    settings = settings_from_mapping({"not_found": ["Artikel vergriffen"]})
    assert "soft_404" in _flags(settings)


def test_numbers_replace_the_default_and_lists_extend_it():
    settings = settings_from_mapping({"thin_words": 80, "not_found": ["vergriffen"]})
    assert settings.thin_words == 80
    assert "vergriffen" in settings.not_found
    assert "page not found" in settings.not_found


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"thin": 3}, "unknown detector setting 'thin'"),
        ({"thin_words": "many"}, "must be a whole number"),
        ({"not_found": "vergriffen"}, "must be a list of strings"),
    ],
)
def test_a_wrong_setting_is_refused_with_what_to_change(mapping, message):
    with pytest.raises(OptionsError, match=message):
        CrawlOptions("https://laden.test/", detector_settings=mapping)
