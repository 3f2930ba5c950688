"""Whether a run can vouch for a fix. Pure.

A run that did not end and conclude (still running, interrupted, failed, or its detectors did
not finish) has not judged every page it fetched: soft 404s, login walls, redirects to the home
page and loops are concluded only when a crawl ends. Such a run never claims a fix: a previous
finding it does not show again is "not checked", and its report says the run is incomplete.
"""

from __future__ import annotations

from gatewatch.storage.runs import Run

DETECTION_ERROR = "gatewatch/detection_error"  # the stat a crawl sets when its detectors failed


def incomplete_reason(run: Run) -> str | None:
    """Why the run cannot vouch for a fix, in a few words; None when it can."""
    if run.status == "running":
        return "the crawl is still running"
    if run.status in ("interrupted", "failed"):
        why = " ".join((run.error or "no reason recorded").split())[:300]
        return f"the crawl {'was interrupted' if run.status == 'interrupted' else 'failed'}: {why}"
    if run.status != "completed":
        return f"the run is {run.status}"
    detection_error = (run.stats or {}).get(DETECTION_ERROR)
    if detection_error:
        return f"the detectors did not conclude: {str(detection_error)[:300]}"
    return None
