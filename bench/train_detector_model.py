"""A small trained model beside the rules? Measured by leave-one-group-out on the tune side.

    pip install scikit-learn   # training only: never a runtime dependency
    python bench/train_detector_model.py [--json]

Issue 15 asks to choose between rules, a small trained model, or both, by measurement. The
rules cannot be measured on software they have not seen inside the tune side (they were
tuned on all of it); a model can: train on every tune group but one, score the one left
out. Only tune rows of tests/fixtures/real/labels.csv are read (never holdout or fresh).

Features per page, from what the crawl already computes: the observation codes of
`signals(...)` (binary), character 3-5-grams of the lowercased title, h1s and the start of
the main content (hashed with zlib.crc32 into 2^14 buckets, L2-normalised), a bucket of main
content words, forms / password fields / search forms, and a bucket of links. One logistic
regression per flag (soft_404, soft_401, soft_403 against the rest).

Three verdicts are scored over the left-out groups, summed over all folds:
(a) the rules alone (today's verdicts; optimistic: the rules were tuned on every group),
(b) the model alone (the flag of highest probability, when it is >= 0.5),
(c) the rules, or else the model where its probability is >= a threshold chosen inside the
    training groups (by an inner group 5-fold) to keep precision >= 0.99 there.

Measured on 2026-12-07 (1,201 tune pages, 20 groups; 233 soft 404s, 213 soft 401s, 161
soft 403s, 594 healthy pages), `python bench/train_detector_model.py`, P / R:

| verdict | soft_404 | soft_401 | soft_403 | healthy flagged |
|---|---|---|---|---|
| (a) rules | 1.000 / 0.979 | 0.991 / 1.000 | 1.000 / 0.988 | 0 of 594 |
| (b) model | 1.000 / 0.661 | 1.000 / 0.784 | 0.963 / 0.814 | 0 of 594 |
| (c) rules or model | 1.000 / 0.979 | 0.991 / 1.000 | 1.000 / 0.988 | 0 of 594 |
| (b) codes only (`--features codes`) | 1.000 / 0.674 | 1.000 / 0.779 | 0.805 / 0.870 | 0 of 594 |
| (b) no codes (`--features text`) | 0.344 / 0.094 | 0.649 / 0.756 | 0.875 / 0.043 | 127 of 594 |

(`--C 1`, `--C 16`, `--balanced` move (b) a little and (c) not at all.) No threshold of
any fold keeps the model's extra flags >= 0.99 precise on its training groups, so (c) adds
nothing to (a): the pages the rules leave unflagged that the model scores highest are
Trac's soft 404s, scored as soft 403s (Trac's 403s share their template), then Roundup's
healthy search and issue-list pages. What a left-out group's model knows comes from the
observation codes; the character n-grams of other software's titles and text do not carry
over to software not seen (row 5). The rules were not shipped with a model (issue 15).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.real_accuracy import (  # noqa: E402
    BASE,
    CORPUS,
    FINDINGS,
    FLAGS,
    NOT_FOUND,
    PROBE_PATH,
    index_page,
    load_rows,
    page_path,
)
from gatewatch.crawler.detectors import conclude, probe_result, signals  # noqa: E402
from gatewatch.crawler.parse import parse_html  # noqa: E402

BUCKETS = 2**14
NGRAMS = (3, 4, 5)
TEXT_CHARS = 300  # of the main content
TARGET_PRECISION = 0.99
WORD_BUCKETS = (0, 2, 5, 10, 20, 50, 100, 200, 500)
LINK_BUCKETS = (0, 1, 3, 10, 30, 100)


def bucket(value: int, edges: tuple[int, ...]) -> int:
    return sum(1 for edge in edges if value > edge)


def page_features(page, found: dict) -> dict[str, float]:
    """Named features of one page: name -> value (hashed n-grams are "g<bucket>")."""
    features: dict[str, float] = {f"code:{code}": 1.0 for code in found}
    text = " ".join(
        part for part in (page.title, page.h1, *page.more_h1, page.main_text[:TEXT_CHARS]) if part
    )
    text = " ".join(text.lower().split())
    grams: dict[int, int] = defaultdict(int)
    for size in NGRAMS:
        for start in range(max(0, len(text) - size + 1)):
            grams[zlib.crc32(text[start : start + size].encode()) % BUCKETS] += 1
    norm = math.sqrt(sum(1 for _ in grams)) or 1.0
    for index in grams:
        features[f"g{index}"] = 1.0 / norm
    features[f"words:{bucket(page.main_word_count, WORD_BUCKETS)}"] = 1.0
    forms = page.forms
    features["forms:any"] = float(bool(forms))
    features["forms:password"] = float(any(form.password_inputs for form in forms))
    features["forms:search"] = float(any(form.search for form in forms))
    features[f"links:{bucket(len(page.links), LINK_BUCKETS)}"] = 1.0
    return features


def corpus_pages(rows: list[dict]) -> tuple[list[dict], list[set[str]], float, float]:
    """Features and the rules' flags of every tune page, as one offline crawl judges them;
    and the seconds spent on signals+conclude and on the features."""
    start = f"{BASE}/"
    home = signals(start, 200, {}, parse_html(index_page(rows)), start)
    probe_url = BASE + PROBE_PATH
    probe_signals = signals(probe_url, 404, {}, parse_html(NOT_FOUND), start)
    probes = [probe_result(probe_url, "random", 404, probe_url, 404, probe_signals)]
    features, rule_flags = [], []
    rule_seconds = feature_seconds = 0.0
    for row in rows:
        url = BASE + page_path(row["file"])
        page = parse_html((CORPUS / row["file"]).read_bytes())
        began = time.perf_counter()
        found = signals(url, 200, {}, page, start)
        rule_flags.append({v.flag for v in conclude(found, probes, home=home)})
        middle = time.perf_counter()
        features.append(page_features(page, found.found))
        rule_seconds += middle - began
        feature_seconds += time.perf_counter() - middle
    return features, rule_flags, rule_seconds, feature_seconds


class Matrix:
    """Named features to sparse matrix columns (fitted on training rows only)."""

    def __init__(self, rows: list[dict[str, float]]):
        names = sorted({name for row in rows for name in row if KEEP["features"](name)})
        self.columns = {name: i for i, name in enumerate(names)}

    def __call__(self, rows: list[dict[str, float]]):
        from scipy.sparse import csr_matrix

        data, indices, pointers = [], [], [0]
        for row in rows:
            for name, value in row.items():
                column = self.columns.get(name)
                if column is not None:
                    data.append(value)
                    indices.append(column)
            pointers.append(len(data))
        return csr_matrix((data, indices, pointers), shape=(len(rows), len(self.columns)))


# the regularisation and class weights of the logistic regressions (--C, --balanced)
OPTIONS = {"C": 4.0, "class_weight": None}
# which features the model sees (--features): all, the observation codes only, or the rest
FEATURE_SETS = {
    "all": lambda name: True,
    "codes": lambda name: name.startswith("code:"),
    "text": lambda name: not name.startswith("code:"),
}
KEEP = {"features": FEATURE_SETS["all"]}


def fit(features: list[dict], labels: list[str]) -> tuple[Matrix, dict]:
    from sklearn.linear_model import LogisticRegression

    matrix = Matrix(features)
    x = matrix(features)
    models = {}
    for flag in FLAGS:
        y = [label == flag for label in labels]
        model = LogisticRegression(solver="liblinear", max_iter=1000, **OPTIONS)
        models[flag] = model.fit(x, y)
    return matrix, models


def probabilities(matrix: Matrix, models: dict, features: list[dict]) -> list[dict[str, float]]:
    x = matrix(features)
    columns = {flag: models[flag].predict_proba(x)[:, 1] for flag in FLAGS}
    return [{flag: float(columns[flag][i]) for flag in FLAGS} for i in range(len(features))]


def model_flag(scores: dict[str, float], thresholds: dict[str, float]) -> str | None:
    flag = max(scores, key=scores.get)
    return flag if scores[flag] >= thresholds[flag] else None


def threshold_for_precision(scores: list[float], truth: list[bool]) -> float:
    """The lowest threshold whose precision on these scores is >= TARGET_PRECISION (at
    least 0.5; 1.01, never, when none is)."""
    best = 1.01
    pairs = sorted(zip(scores, truth, strict=True), reverse=True)
    tp = fp = 0
    for index, (score, true) in enumerate(pairs):
        tp += true
        fp += not true
        last_of_score = index + 1 == len(pairs) or pairs[index + 1][0] < score
        if last_of_score and tp / (tp + fp) >= TARGET_PRECISION and score >= 0.5:
            best = score
    return best


def inner_thresholds(features, labels, groups, rule_flags) -> dict[str, float]:
    """Per flag, the threshold that keeps (c) precise on the training groups, from scores
    the training groups get when their own group is left out (group 5-fold)."""
    names = sorted(set(groups))
    folds = [names[i::5] for i in range(5)]
    scored: dict[str, list[tuple[float, bool]]] = {flag: [] for flag in FLAGS}
    for fold in folds:
        inside = [i for i, g in enumerate(groups) if g not in fold]
        outside = [i for i, g in enumerate(groups) if g in fold]
        matrix, models = fit([features[i] for i in inside], [labels[i] for i in inside])
        for i, scores in zip(
            outside, probabilities(matrix, models, [features[i] for i in outside]), strict=True
        ):
            if rule_flags[i] & (set(FLAGS) | FINDINGS):
                continue  # (c) asks the model only where the rules flag nothing
            flag = max(scores, key=scores.get)
            scored[flag].append((scores[flag], labels[i] == flag))
    return {
        flag: threshold_for_precision([s for s, _ in pairs], [t for _, t in pairs])
        for flag, pairs in scored.items()
    }


def tally(labels: list[str], flagged: list[set[str]]) -> dict:
    figures = {}
    for flag in FLAGS:
        pairs = list(zip(labels, flagged, strict=True))
        tp = sum(1 for label, f in pairs if flag in f and label == flag)
        fp = sum(1 for label, f in pairs if flag in f and label != flag)
        fn = sum(1 for label, f in pairs if flag not in f and label == flag)
        figures[flag] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    healthy = [f for label, f in zip(labels, flagged, strict=True) if label == "ok"]
    figures["healthy_flagged"] = f"{sum(1 for f in healthy if f & FINDINGS)} of {len(healthy)}"
    return figures


def leave_one_group_out(features, labels, groups, rule_flags) -> tuple[dict, dict]:
    flagged: dict[str, list[set[str]]] = {
        name: [set() for _ in labels] for name in ("a_rules", "b_model", "c_rules_or_model")
    }
    chosen = {}
    for group in sorted(set(groups)):
        inside = [i for i, g in enumerate(groups) if g != group]
        outside = [i for i, g in enumerate(groups) if g == group]
        training = ([features[i] for i in inside], [labels[i] for i in inside])
        thresholds = inner_thresholds(
            *training, [groups[i] for i in inside], [rule_flags[i] for i in inside]
        )
        chosen[group] = thresholds
        matrix, models = fit(*training)
        scored = probabilities(matrix, models, [features[i] for i in outside])
        for i, scores in zip(outside, scored, strict=True):
            flagged["a_rules"][i] = rule_flags[i]
            half = model_flag(scores, dict.fromkeys(FLAGS, 0.5))
            flagged["b_model"][i] = {half} if half else set()
            confident = model_flag(scores, thresholds)
            rules_silent = not rule_flags[i] & (set(FLAGS) | FINDINGS)
            extra = {confident} if confident and rules_silent else set()
            flagged["c_rules_or_model"][i] = rule_flags[i] | extra
    table = {name: tally(labels, value) for name, value in flagged.items()}
    per_group = {}
    for group in sorted(set(groups)):
        part = [i for i, g in enumerate(groups) if g == group]
        per_group[group] = {
            name: sum(1 for i in part if _wrong(labels[i], value[i]))
            for name, value in flagged.items()
        }
    return table, {"thresholds": chosen, "wrong_by_group": per_group}


def _wrong(label: str, flags: set[str]) -> bool:
    if label == "ok":
        return bool(flags & FINDINGS)
    return label not in flags or bool(flags & (set(FLAGS) - {label}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--C", type=float, default=OPTIONS["C"], help="inverse regularisation")
    parser.add_argument("--balanced", action="store_true", help="balanced class weights")
    parser.add_argument("--features", choices=FEATURE_SETS, default="all")
    arguments = parser.parse_args(argv)
    KEEP["features"] = FEATURE_SETS[arguments.features]
    OPTIONS.update(C=arguments.C, class_weight="balanced" if arguments.balanced else None)
    rows = [row for row in load_rows() if row["split"] == "tune"]  # never holdout or fresh
    features, rule_flags, rule_seconds, feature_seconds = corpus_pages(rows)
    labels = [row["label"] for row in rows]
    groups = [row["source_group"] for row in rows]
    table, detail = leave_one_group_out(features, labels, groups, rule_flags)
    timing = {
        "pages": len(rows),
        "signals_and_conclude_ms_per_page": round(1000 * rule_seconds / len(rows), 3),
        "features_ms_per_page": round(1000 * feature_seconds / len(rows), 3),
    }
    if arguments.json:
        print(json.dumps({"leave_one_group_out": table, **detail, "timing": timing}))
        return 0
    print(f"{len(rows)} tune pages, {len(set(groups))} groups, leave one group out")
    print(f"   {'verdict':<18}" + "".join(f"{flag + ' P / R':>22}" for flag in FLAGS) + "  healthy")
    for name, figures in table.items():
        cells = "".join(
            f"{_figure(figures[f]['precision']):>13} / {_figure(figures[f]['recall']):<6}"
            for f in FLAGS
        )
        print(f"   {name:<18}{cells}  {figures['healthy_flagged']}")
    print("   wrong per left-out group (a / b / c):")
    for group, counts in detail["wrong_by_group"].items():
        print(f"     {group:<17} {' / '.join(str(v) for v in counts.values())}")
    print(f"   timing: {timing}")
    return 0


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
