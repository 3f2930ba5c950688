"""bench/real_accuracy.py --crawl: the corpus served on 127.0.0.1 and crawled by gatewatch,
each page judged by its own record, not by a link it holds to the same path with a query."""

import pytest

from bench.real_accuracy import judge_crawl

pytestmark = pytest.mark.crawl

DELETED = """<!doctype html><html lang="en"><head><title>Article deleted - Wiki</title></head>
<body><main><h1>Article deleted</h1><p>This article has been deleted.</p>
<p><a href="?restore=1">Restore it</a></p></main></body></html>"""
HEALTHY = """<!doctype html><html lang="en"><head><title>Bread - Wiki</title></head>
<body><main><h1>Bread</h1><p>Rye, wheat and spelt, baked on Fridays at the old mill,
with a sour dough kept since 1982 and flour from the valley's own fields.</p>
<p><a href="?edit=1">Edit</a></p></main></body></html>"""


def test_a_page_is_judged_by_its_own_record_not_by_its_links_with_a_query(tmp_path):
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "deleted.en.html").write_text(DELETED)
    (tmp_path / "wiki" / "bread.en.html").write_text(HEALTHY)
    rows = [
        {"file": "wiki/deleted.en.html", "label": "soft_404"},
        {"file": "wiki/bread.en.html", "label": "ok"},
    ]
    results = {result.row["file"]: result.flags for result in judge_crawl(rows, tmp_path)}
    assert results == {"wiki/deleted.en.html": {"soft_404"}, "wiki/bread.en.html": set()}
