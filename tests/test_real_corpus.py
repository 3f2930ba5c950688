"""The real-page corpus (tests/fixtures/real): consistent, split by source group, and the
detectors measured on its held-out groups against the bar of issue 15."""

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from bench.harvest.core import FRESH_GROUPS, LABELS, MAX_PAGE_BYTES, split_of
from bench.real_accuracy import (
    BAR,
    Result,
    judge_offline,
    main,
    meets_bar,
    per_program,
    real_crawl,
    report,
    scores,
)

CORPUS = Path(__file__).parent / "fixtures" / "real"
KINDS = ("soft_404", "soft_401", "soft_403")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with (CORPUS / "labels.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_has_its_page_and_a_valid_label(rows):
    assert len(rows) >= 500
    problems = []
    for row in rows:
        page = CORPUS / row["file"]
        if not page.is_file():
            problems.append(f"{row['file']}: no such file")
        elif not 0 < page.stat().st_size <= MAX_PAGE_BYTES:
            problems.append(f"{row['file']}: {page.stat().st_size} bytes")
        if row["label"] not in LABELS:
            problems.append(f"{row['file']}: label {row['label']!r}")
        if row["split"] not in ("tune", "holdout", "fresh"):
            problems.append(f"{row['file']}: split {row['split']!r}")
        if not (row["source"] and row["obtained"] and row["language"]):
            problems.append(f"{row['file']}: source, how or language missing")
        if not row["file"].startswith(f"{row['source_group']}/"):
            problems.append(f"{row['file']}: not in its group's folder {row['source_group']}/")
    assert problems == []
    assert len({row["file"] for row in rows}) == len(rows)


def test_every_page_on_disk_is_labelled(rows):
    labelled = {row["file"] for row in rows}
    on_disk = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.glob("*/*")
        if path.is_file() and path.parent != CORPUS
    }
    assert on_disk - labelled == set()


def test_the_split_is_by_source_group_and_holds_out_a_fifth_or_more(rows):
    splits = defaultdict(set)
    for row in rows:
        splits[row["source_group"]].add(row["split"])
    assert {group: sides for group, sides in splits.items() if len(sides) > 1} == {}
    for group, (side,) in splits.items():
        assert side == split_of(group), group
    sides = [side for (side,) in splits.values()]
    never_tuned_on = sides.count("holdout") + sides.count("fresh")
    assert 0.2 <= never_tuned_on / len(sides) <= 0.5


def test_the_fresh_side_holds_new_groups_with_every_kind_and_healthy_pages(rows):
    fresh = [row for row in rows if row["split"] == "fresh"]
    assert {row["source_group"] for row in fresh} == FRESH_GROUPS
    if not FRESH_GROUPS:
        pytest.skip("no fresh side between rounds: the last one was measured and held out")
    for kind in (*KINDS, "ok"):
        pages = [row for row in fresh if row["label"] == kind]
        assert len({row["source_group"] for row in pages}) >= 2, kind
        assert len(pages) >= 5, kind  # soft_403: 6 pages since trac moved to tune
    assert len({row["language"] for row in fresh if row["label"] == "ok"}) >= 8


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_held_out_groups_in_several_languages(rows, kind):
    held_out = [row for row in rows if row["split"] == "holdout" and row["label"] == kind]
    tuned = [row for row in rows if row["split"] == "tune" and row["label"] == kind]
    assert len({row["source_group"] for row in held_out}) >= 3
    assert len({row["language"] for row in held_out}) >= 5
    assert len({row["language"] for row in tuned}) >= 5
    assert len(held_out) >= 40


def test_healthy_pages_of_both_splits_come_in_many_languages(rows):
    for split in ("tune", "holdout"):
        healthy = [row for row in rows if row["split"] == split and row["label"] == "ok"]
        assert len(healthy) >= 150
        assert len({row["language"] for row in healthy}) >= 8


def _result(label: str, *flags: str) -> Result:
    row = {"file": "x", "label": label, "language": "en", "source_group": "g", "split": "tune"}
    return Result(row, set(flags), "")


def test_a_soft_401_on_an_access_denied_page_counts_against_both_flags():
    figures = scores([_result("soft_403", "soft_401"), _result("soft_401", "soft_401")])
    assert figures["soft_401"]["false_positive"] == 1
    assert figures["soft_401"]["precision"] == 0.5
    assert figures["soft_403"]["false_negative"] == 1
    assert figures["soft_403"]["recall"] == 0.0


def test_a_flagged_healthy_page_counts_against_the_bar():
    results = [_result("ok")] * 199 + [_result("ok", "login_body")]
    results += [_result(kind, kind) for kind in KINDS]
    figures = scores(results)
    assert figures["healthy"]["flagged_rate"] == 0.005
    assert meets_bar(figures) == []
    figures = scores([*results, _result("ok", "login_body")])
    assert meets_bar(figures) == [f"healthy flagged 0.0100 > {BAR['healthy_flagged']}"]


def _served(status: str, label: str, *flags: str) -> Result:
    result = _result(label, *flags)
    return Result({**result.row, "served_status": status}, result.flags, "")


def test_a_crawl_reports_an_error_page_by_its_status_or_by_its_flag():
    crawl = real_crawl(
        [
            _served("404", "soft_404"),  # the software's own 404: the crawl records it
            _served("200", "soft_404", "redirect_home"),  # a removed page sent to the home
            _served("200", "soft_404", "soft_403"),  # the wrong kind of error: not reported
            _served("200", "soft_404"),  # missed
            _served("200", "soft_401", "soft_403"),  # an access error either way
            _served("200", "ok", "soft_404"),  # a false alarm is no error page reported
        ]
    )
    assert crawl["soft_404"] == {"pages": 4, "by_status": 1, "flagged": 1}
    assert crawl["soft_401"] == {"pages": 1, "by_status": 0, "flagged": 1}
    assert crawl["soft_403"] == {"pages": 0, "by_status": 0, "flagged": 0}


def _in_group(group: str, label: str, *flags: str) -> Result:
    result = _result(label, *flags)
    return Result({**result.row, "source_group": group}, result.flags, "")


def test_one_template_in_many_languages_weighs_as_one_program_in_the_per_program_figures():
    # a program serving one missed not-found template in 30 languages, two programs whose
    # not-found page is caught, and one healthy page of each
    results = [_in_group("many", "soft_404") for _ in range(30)]
    results += [_in_group(group, "soft_404", "soft_404") for group in ("one", "two")]
    results += [_in_group(group, "ok") for group in ("many", "one")]
    results.append(_in_group("two", "ok", "soft_404"))
    by_page, by_program = scores(results), per_program(results)
    assert by_page["soft_404"]["recall"] == round(2 / 32, 4)
    assert by_program["soft_404"]["recall"] == round(2 / 3, 4)
    assert by_page["healthy"]["flagged_rate"] == by_program["healthy"]["flagged_rate"]
    assert by_program["soft_404"]["precision"] == round(2 / 3, 4)


def test_a_part_of_a_split_is_judged_alone_and_a_misspelt_group_is_refused(capsys):
    # a half of a moved side is measured blind to the other half's teacher: the other
    # half's pages must not even be judged, and a typo must not measure nothing quietly
    main(["--split", "tune", "--groups", "darkstat,smokeping", "--json"])
    tune = json.loads(capsys.readouterr().out)["tune"]
    assert sorted(tune["groups"]) == ["darkstat", "smokeping"]
    assert tune["pages"] == 17
    with pytest.raises(SystemExit):
        main(["--split", "tune", "--groups", "darkstats"])
    assert "no such group in the corpus: darkstats" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--groups", "darkstat", "--without-groups", "darkstat"])
    assert "no page is left to judge" in capsys.readouterr().err


def test_a_healthy_page_left_unjudged_is_no_false_alarm_but_is_counted_apart():
    # needs_rendering is a note under the report's figures, rendered says what rendering
    # changed: neither is a finding a user is asked to fix
    results = [_result("ok", "needs_rendering", "rendered"), _result("ok", "rendered")]
    results += [_result("soft_401", "needs_rendering"), _result("ok", "<not crawled>")]
    figures = scores(results)
    assert figures["healthy"]["flagged"] == 1  # the page the crawl did not reach
    assert figures["not_judged"] == 2
    assert figures["soft_401"]["false_negative"] == 1


@pytest.mark.xfail(
    strict=False,
    reason="issue 15: the detectors do not reach the bar on held-out real pages yet "
    "(bench/real_accuracy.py prints where they stand)",
)
def test_the_detectors_meet_the_bar_on_held_out_groups(rows):
    held_out = [row for row in rows if row["split"] == "holdout"]
    figures = report(judge_offline(held_out, CORPUS))["holdout"]["figures"]
    assert meets_bar(figures) == []
