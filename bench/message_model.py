"""A model of what a short message means, trained on translation catalogs (not on pages).

    pip install scikit-learn polib pyyaml            # training only: never a runtime dependency
    python -m bench.message_model extract /tmp/model-catalogs   # -> /tmp/model-catalogs/rows.tsv
    python -m bench.message_model validate /tmp/model-catalogs  # leave one package out
    python -m bench.message_model train /tmp/model-catalogs     # -> bench/message_meaning.json

Catalogs (under ROOT/pkgs/NAME, one folder a package; see bench/phrase_catalogs.py for how
the same packages are downloaded and unpacked): the gettext catalogs of wagtail, ckan,
plone.app.locales, flask-security-too, flask-appbuilder, Trac, weblate, pretix, django-cms,
misago, postorius, django-allauth, pretalx, indico, wiki (django-wiki), django-helpdesk,
hyperkitty, django-oscar, ihatemoney (PyPI wheels); mediawiki (its core i18n JSON), cups,
postfixadmin, roundcube (messages and labels), apache2's error documents, libc (Debian);
and the gettext catalogs Debian installed under /usr/share/locale on this machine (SYSTEM
below: git, glib, gtk, coreutils, apt, dpkg, PackageKit, polkit, PostgreSQL, systemd, PAM,
wget, gnupg...). None of them is a holdout or fresh program of the real-page corpus.

Each English message is labelled by bench/message_labels.py; each of its translations
inherits the label. Features and model: bench/message_meaning.py (character
2-5-grams of each word, words, word pairs, hashed by zlib.crc32), a multinomial logistic
regression (scikit-learn's SGDClassifier, log loss), pruned to the weights that matter.
"""

from __future__ import annotations

import base64
import collections
import csv
import json
import random
import sys
from pathlib import Path

from bench import message_meaning as mm
from bench.catalog_files import catalogs, entries, language_of
from bench.message_labels import clean, label

OUTPUT = Path(mm.__file__).with_name("message_meaning.json")
CLASSES = ("access_denied", "not_found", "other", "sign_in")
# Debian's gettext domains on this machine (/usr/share/locale/*/LC_MESSAGES/DOMAIN.mo),
# as they were when the model was trained (no software of the corpus's holdout or fresh side)
SYSTEM = (
    "Linux-PAM", "PackageKit", "adduser", "apt", "bash", "coreutils", "cups-pk-helper",
    "diffutils", "dpkg", "findutils", "gawk", "gdk-pixbuf", "git", "glib20", "gnupg2",
    "gnutls30", "grep", "gtk30", "libapt-pkg6.0", "libsecret", "make", "man-db", "mit-krb5",
    "net-tools", "polkit-1", "postgres-15", "psql-15", "libpq5-15", "procps-ng", "psmisc", "sed",
    "shadow", "software-properties", "system-config-printer", "systemd", "tar", "wget", "xz",
    "popt", "python-apt", "gettext-tools", "gettext-runtime", "iso_3166-1",
)  # fmt: skip
BUCKETS = 2**20
MAX_TEXT = 160


def package_catalogs(root: Path):  # noqa: C901  (one branch a catalog format)
    """(package, language, msgid -> text) of every catalog."""
    pkgs = root / "pkgs"
    keyed = {  # catalogs keyed by message names: English is the "en" catalog
        "mediawiki": ("usr/share/mediawiki/languages/i18n", "*.json", "en"),
        "postfixadmin": ("usr/share/postfixadmin/languages", "*.lang", "en"),
    }
    for folder in sorted(pkgs.iterdir()):
        name = folder.name
        if name in keyed:
            sub, pattern, _ = keyed[name]
            for path in sorted((folder / sub).glob(pattern)):
                if path.stem not in ("qqq", "qqx"):
                    yield name, language_of(path), entries(path)
        elif name == "roundcube-core":
            for path in sorted(folder.rglob("localization/*/*.inc")):
                if path.name in ("messages.inc", "labels.inc"):
                    yield name, path.parent.name, entries(path)
        elif name == "apache2-data":
            for path in sorted(folder.rglob("HTTP_*.html.var")):
                for language, catalog in catalogs(path):
                    yield name, language, catalog
        elif name == "squid-langpack":
            continue
        else:
            by_language: dict[str, Path] = {}
            for path in sorted(folder.rglob("*")):
                if path.suffix not in (".po", ".mo"):
                    continue
                if "djangojs" in path.name or "messages-js" in path.name:
                    continue
                key = f"{language_of(path)} {path.stem}"
                if key not in by_language or path.suffix == ".mo":
                    by_language[key] = path
            for key, path in sorted(by_language.items()):
                yield name, key.split()[0], _entries(path)
    for domain in SYSTEM:
        for path in sorted(Path("/usr/share/locale").glob(f"*/LC_MESSAGES/{domain}.mo")):
            yield f"sys:{domain}", language_of(path), _entries(path)


def _entries(path: Path) -> dict[str, str]:
    try:
        return entries(path)
    except Exception:  # a catalog that gettext cannot read (a broken plural header)
        return {}


def extract(root: Path) -> None:
    """rows.tsv: package, language, msgid, label, text (English messages once a package)."""
    english: dict[str, dict[str, str]] = collections.defaultdict(dict)
    translated = []
    for package, language, catalog in package_catalogs(root):
        if language.split("_")[0].split("-")[0] == "en" and package in (
            "mediawiki",
            "postfixadmin",
            "roundcube-core",
            "apache2-data",
        ):
            if language in ("en", "en_US"):
                english[package].update(catalog)
            continue
        translated.append((package, language, catalog))
    rows = []
    seen = set()
    for package, language, catalog in translated:
        source = english.get(package)
        for msgid, text in catalog.items():
            source_text = source.get(msgid) if source is not None else msgid
            if not source_text or not isinstance(text, str):
                continue
            meaning = label(clean(source_text))
            text = clean(text)
            if meaning is None or not text or len(text) > MAX_TEXT:
                continue
            for lang, shown in ((language, text), ("en", clean(source_text))):
                key = (package, " ".join(mm.words_of(shown)), meaning)
                if key[1] and key not in seen:
                    seen.add(key)
                    rows.append((package, lang, msgid[:80], meaning, shown))
    out = root / "rows.tsv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        writer.writerows(rows)
    counts = collections.Counter((row[0], row[3]) for row in rows)
    for package in sorted({row[0] for row in rows}):
        print(package, {c: counts[(package, c)] for c in CLASSES}, file=sys.stderr)
    print(len(rows), "rows", collections.Counter(row[3] for row in rows), file=sys.stderr)


def load(root: Path, other_share: float = 0.25, seed: int = 15):
    """The rows, "other" ones sampled (each package keeps other_share of them); the same
    text with two labels across packages is left out."""
    rows = []
    with (root / "rows.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [tuple(row) for row in csv.reader(handle, delimiter="\t")]
    labels_of = collections.defaultdict(set)
    for _, _, _, meaning, text in rows:
        labels_of[" ".join(mm.words_of(text))].add(meaning)
    rng = random.Random(seed)
    kept = []
    for row in rows:
        if len(labels_of[" ".join(mm.words_of(row[4]))]) > 1:
            continue
        if row[3] == "other" and rng.random() > other_share:
            continue
        kept.append(row)
    return kept


def matrix(texts):
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for text in texts:
        buckets = mm.hashed(mm.words_of(text), BUCKETS)
        value = 1.0 / (len(buckets) ** 0.5) if buckets else 0.0
        indices.extend(buckets)
        data.extend([value] * len(buckets))
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(texts), BUCKETS))


def dataset(root: Path):
    """The rows, their matrix and labels (cached in ROOT/matrix.npz beside rows.tsv)."""
    import numpy as np
    from scipy.sparse import load_npz, save_npz

    rows = load(root)
    cache = root / "matrix.npz"
    if cache.exists() and cache.stat().st_mtime > (root / "rows.tsv").stat().st_mtime:
        x = load_npz(cache)
    else:
        x = matrix([r[4] for r in rows])
        save_npz(cache, x)
    return rows, x, np.array([r[3] for r in rows])


def fit(x, y, alpha=2e-6, epochs=8):
    from sklearn.linear_model import SGDClassifier

    model = SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=15,
        class_weight=None,
    )  # fmt: skip
    model.fit(x, y)
    return model


def validate(root: Path, held=None) -> None:
    """Leave one package out: train on the others, score the package's rows; P/R per
    meaning at probability thresholds, summed over the folds."""
    import numpy as np

    rows, x, y = dataset(root)
    group = np.array([r[0] for r in rows])
    packages = held or sorted({row[0] for row in rows if row[3] != "other"})
    thresholds = (0.5, 0.7, 0.8, 0.9, 0.95)
    totals = {(c, t): [0, 0, 0] for c in CLASSES if c != "other" for t in thresholds}
    for package in packages:
        test = group == package
        model = fit(x[~test], y[~test])
        probs = model.predict_proba(x[test])
        truth = y[test]
        classes = list(model.classes_)
        line = []
        for c in CLASSES:
            if c == "other":
                continue
            p = probs[:, classes.index(c)]
            for t in thresholds:
                tp = int(((p >= t) & (truth == c)).sum())
                fp = int(((p >= t) & (truth != c)).sum())
                fn = int(((p < t) & (truth == c)).sum())
                cell = totals[(c, t)]
                cell[0] += tp
                cell[1] += fp
                cell[2] += fn
                if t == 0.9:
                    line.append(f"{c} tp {tp} fp {fp} fn {fn}")
        print(package, int(test.sum()), "; ".join(line), flush=True)
    print("| meaning | threshold | precision | recall | tp | fp | fn |")
    for (c, t), (tp, fp, fn) in totals.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"| {c} | {t} | {p:.3f} | {r:.3f} | {tp} | {fp} | {fn} |")


def train(root: Path, keep: int = 60_000) -> None:
    """Fit on every package, keep the `keep` buckets of largest weight, write the JSON."""
    rows, x, y = dataset(root)
    model = fit(x, y)
    coef = model.coef_  # classes x buckets
    import numpy as np

    strength = np.abs(coef).max(axis=0)
    kept = np.sort(np.argsort(-strength)[:keep])
    kept = kept[strength[kept] > 0]
    scale = float(np.abs(coef[:, kept]).max()) / 127
    quantised = np.clip(np.round(coef[:, kept].T / scale), -127, 127).astype("<i1")
    data = {
        "buckets": BUCKETS,
        "classes": [str(c) for c in model.classes_],
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "scale": scale,
        "trained_on": sorted({row[0] for row in rows}),
        "ids": base64.b64encode(kept.astype("<u4").tobytes()).decode(),
        "weights": base64.b64encode(quantised.tobytes()).decode(),
    }
    OUTPUT.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    print(OUTPUT, OUTPUT.stat().st_size, "bytes", len(kept), "buckets", file=sys.stderr)


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "validate":
        validate(folder, sys.argv[3:] or None)
    else:
        {"extract": extract, "train": train}[command](folder)
