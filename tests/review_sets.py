"""What the review sets of healthy pages share (tests/fixtures/review_healthy3, 4): each page
judged as bench/real_accuracy.judge_offline judges the real corpus, and a page the detectors
flag today marked as a strict xfail whose reason is its flag and evidence, so that a fix
shows as a failure to remove from the set's FLAGGED."""

from pathlib import Path

import pytest

from bench.real_accuracy import judge_offline


def page_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.html"))


def verdicts_of(folder: Path) -> dict[str, tuple[set[str], str]]:
    """Each page's flags and the explanation of its verdicts."""
    rows = [{"file": name, "label": "healthy"} for name in page_names(folder)]
    return {
        result.row["file"]: (result.flags, result.explained)
        for result in judge_offline(rows, folder)
    }


def review_params(names: list[str], flagged: dict[str, str]) -> list:
    """One test parameter a page; a flagged one is a strict xfail with its reason."""
    params = []
    for name in names:
        reason = flagged.get(name.removesuffix(".html"))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name.removesuffix(".html")))
    return params
