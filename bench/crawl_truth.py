"""Does a gatewatch run hold the generated site's truth? And how many rows did it write?"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Engine

from gatewatch.demo.generator import GeneratedSite
from gatewatch.storage.records import url_records


def request_target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_truth(engine: Engine, run_id: int, generated: GeneratedSite) -> dict:
    """Compare the run's records with what the generator says a correct crawler finds.

    ``ok`` is true when every reachable, allowed URL was fetched once with the status served,
    nothing else was fetched, and every disallowed URL was recorded and skipped for robots.
    """
    fetched: dict[str, int | None] = {}
    skipped: dict[str, str | None] = {}
    for record in url_records(engine, run_id):
        target = request_target(record["url"])
        if record["fetched"]:
            fetched[target] = record["status"]
        else:
            skipped[target] = record["skip_reason"]
    expected = generated.expected_pages
    missing = sorted(expected.keys() - fetched.keys())
    extra = sorted(fetched.keys() - expected.keys() - generated.support_files)
    wrong = sorted(
        (path, fetched[path], status)
        for path, status in expected.items()
        if path in fetched and fetched[path] != status
    )
    not_skipped = sorted(p for p in generated.disallowed if skipped.get(p) != "robots")
    return {
        "ok": not (missing or extra or wrong or not_skipped),
        "expected": len(expected),
        "fetched": len(fetched),
        "missing": len(missing),
        "extra": len(extra),
        "wrong_status": len(wrong),
        "disallowed_not_skipped": len(not_skipped),
        "examples": {
            "missing": missing[:5],
            "extra": extra[:5],
            "wrong_status": wrong[:5],
            "disallowed_not_skipped": not_skipped[:5],
        },
    }
