"""The rendering feature against hostile pages and across runs (review of issue 16): a page
not judged is not "fixed", a hanging app does not hang the crawl, the browser keeps to the
site, and what it did is counted (tests marked `browser` start headless chromium)."""

from __future__ import annotations

import csv
import io

import pytest

from demo.spa import serve_spa
from tests.conftest import run_gatewatch


@pytest.mark.browser
def test_a_page_not_rendered_this_run_is_not_checked_rather_than_fixed(tmp_path):
    database = f"sqlite:///{tmp_path / 'two.db'}"
    with serve_spa() as site:
        run_gatewatch("crawl", site.url("/"), "--db", database, "--quiet")
        run_gatewatch("crawl", site.url("/"), "--db", database, "--quiet", "--render", "never")
        parka = site.url("/products/summit-parka")
    findings = tmp_path / "findings.csv"
    run_gatewatch(
        "report", "--db", database, "-o", str(tmp_path / "r.html"), "--csv", str(findings)
    )
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(findings.read_text()))}
    assert rows[parka]["kind"] == "soft_404"
    assert rows[parka]["change"] == "not_checked"
    assert not [row for row in rows.values() if row["change"] == "fixed"]
