"""The HTML report in a real headless chromium: it renders, filters, sorts, and runs no payload."""

from pathlib import Path

import pytest
from selenium.webdriver.support.ui import Select, WebDriverWait

from gatewatch.reports.render import render_html
from tests.report_samples import hostile_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt install chromium "
        "chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager never downloads anything.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report():
    return hostile_report()


@pytest.fixture
def page(browser, report, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    browser.get(path.as_uri())
    browser.get_log("browser")  # start each test with an empty console
    return browser


def visible_urls(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('tr.finding')).filter(row => !row.hidden)"
        ".map(row => row.cells[1].querySelector('a, .unsafe-url').textContent)"
    )


def choose(browser, select_id: str, value: str) -> None:
    Select(browser.find_element("id", select_id)).select_by_value(value)


def shown_text(browser) -> str:
    return browser.find_element("id", "shown").text


def test_the_report_renders_without_console_errors_and_no_payload_ran(browser, report, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    browser.get(path.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.execute_script("return window.pwned") is None
    assert browser.title.startswith("gatewatch report: shop.example<script>")  # shown, not run
    assert "pwned" not in browser.execute_script("return document.title.slice(-12)")
    assert browser.find_element("css selector", "h1").text.endswith("</script>")
    assert len(browser.find_elements("css selector", "tr.finding")) == len(report.findings)
    assert shown_text(browser) == f"{len(report.findings)} findings"
    screenshot = tmp_path / "report.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # painted, not blank


def test_clicking_every_link_and_evidence_runs_nothing(page):
    for summary in page.find_elements("css selector", "details.evidence summary"):
        page.execute_script("arguments[0].click()", summary)
    hrefs = page.execute_script("return Array.from(document.links).map(link => link.protocol)")
    assert set(hrefs) <= {"http:", "https:"}
    javascript_cells = page.find_elements("css selector", "span.unsafe-url")
    assert any(cell.text == "javascript:window.pwned=3" for cell in javascript_cells)
    assert page.execute_script("return window.pwned") is None


def test_the_text_box_filters_rows_in_every_section(page, report):
    box = page.find_element("id", "filter-text")
    box.send_keys("item-000002")
    WebDriverWait(page, 10).until(lambda driver: "of" in shown_text(driver))
    expected = [f.url for f in report.findings if "item-000002" in f.url]
    assert sorted(visible_urls(page)) == sorted(expected)
    assert shown_text(page) == f"{len(expected)} of {len(report.findings)} findings shown"
    box.clear()
    box.send_keys("no such finding anywhere")
    WebDriverWait(page, 10).until(lambda driver: shown_text(driver).startswith("0 of"))
    assert all(
        table.get_attribute("hidden")
        for table in page.find_elements("css selector", "table.findings")
    )


def test_the_selects_filter_by_bucket_kind_and_change(page, report):
    choose(page, "filter-bucket", "review")
    review = [f.url for f in report.findings if f.bucket == "review"]
    assert sorted(visible_urls(page)) == sorted(review)
    choose(page, "filter-change", "new")
    assert sorted(visible_urls(page)) == sorted(
        f.url for f in report.findings if f.bucket == "review" and f.change == "new"
    )
    choose(page, "filter-bucket", "")
    choose(page, "filter-change", "")
    choose(page, "filter-kind", "soft_404")
    assert sorted(visible_urls(page)) == sorted(
        f.url for f in report.findings if f.kind == "soft_404"
    )
    choose(page, "filter-kind", "")
    choose(page, "filter-bucket", "intentionally_private")
    assert page.find_element("id", "intentionally-private").get_attribute("open") is not None


def test_clicking_a_header_sorts_its_table_both_ways(page):
    header = page.find_element("css selector", "#review th:nth-child(10)")  # Inlinks
    inlinks = (
        "return Array.from(document.querySelectorAll('#review tbody tr'))"
        ".map(row => Number(row.cells[9].dataset.value))"
    )
    before = page.execute_script(inlinks)
    header.click()
    ascending = page.execute_script(inlinks)
    assert ascending == sorted(before)
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert page.execute_script(inlinks) == sorted(before, reverse=True)
    url_header = page.find_element("css selector", "#review th:nth-child(2)")
    url_header.click()
    urls = page.execute_script(
        "return Array.from(document.querySelectorAll('#review tbody tr'))"
        ".map(row => row.cells[1].textContent.trim().toLowerCase())"
    )
    assert urls == sorted(urls)
    assert page.execute_script("return window.pwned") is None
    assert not [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
