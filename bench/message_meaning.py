"""What a short message means, in any language: a small linear model of its character n-grams.

Trained offline by bench/message_model.py on the translation catalogs of real software (each
translation labelled by what its English message means: not found, access denied, a request
to sign in, or something else), never on the corpus's pages. The weights are
message_meaning.json beside this file (kept in bench/: the model was not shipped into the
detectors, see bench/message_model.py): hashed features -> one weight per meaning.

`meaning(text)` returns (meaning, probability) of the most probable meaning that is not
"other", or None for a text that is no short message. Pure Python: lower case, plain quotes,
digits as 0, the words (\\w+); each word padded with spaces gives its character 2- to
5-grams, and each word and pair of neighbouring words is a feature of its own; every feature
is hashed with zlib.crc32 into BUCKETS buckets, the vector is binary and L2-normalised; each
meaning's logistic regression (one against the rest) gives a probability, and the four are
normalised to sum to 1.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
import sys
import zlib
from array import array
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("message_meaning.json")
WORDS = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
NGRAMS = (2, 3, 4, 5)
MAX_WORDS = 16  # a message this long at most (four CJK characters count as a word)
MAX_CHARS = 160


def words_of(text: str) -> list[str]:
    """The words of a message as training and inference read them."""
    text = DIGIT.sub("0", text.lower().translate(QUOTES))
    return WORDS.findall(text)


def features(words: list[str]) -> list[str]:
    """The features of a message's words: character n-grams of each padded word, the word,
    and each pair of neighbouring words."""
    found = set()
    for word in words:
        padded = f" {word} "
        for size in NGRAMS:
            for start in range(len(padded) - size + 1):
                found.add(padded[start : start + size])
        found.add(f"w:{word}")
    for first, second in itertools.pairwise(words):
        found.add(f"b:{first} {second}")
    return sorted(found)


def hashed(words: list[str], buckets: int) -> list[int]:
    """The buckets of a message's features (each once): `features`, hashed in one pass."""
    crc32 = zlib.crc32
    found = set()
    for word in words:
        padded = f" {word} "
        length = len(padded)
        for size in NGRAMS:
            for start in range(length - size + 1):
                found.add(crc32(padded[start : start + size].encode()) % buckets)
        found.add(crc32(f"w:{word}".encode()) % buckets)
    for first, second in itertools.pairwise(words):
        found.add(crc32(f"b:{first} {second}".encode()) % buckets)
    return sorted(found)


@lru_cache(maxsize=1)
def _model() -> tuple[int, tuple[str, ...], dict[int, tuple[float, ...]], tuple[float, ...]]:
    """The weights: `ids` (the kept buckets, uint32) and `weights` (one int8 per bucket and
    meaning, times `scale`), both little-endian and base64-encoded."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    ids = array("I", base64.b64decode(data["ids"]))
    quantised = array("b", base64.b64decode(data["weights"]))
    if sys.byteorder != "little":
        ids.byteswap()
    size, scale = len(data["classes"]), data["scale"]
    weights = {
        bucket: tuple(value * scale for value in quantised[index * size : (index + 1) * size])
        for index, bucket in enumerate(ids)
    }
    return data["buckets"], tuple(data["classes"]), weights, tuple(data["intercept"])


@lru_cache(maxsize=4096)  # (a site's pages repeat their titles and lines)
def probabilities(text: str) -> dict[str, float]:
    """meaning -> probability of a message (empty for no words, or a text too long)."""
    if not text or len(text) > MAX_CHARS:
        return {}
    words = words_of(text)
    if not words or _counted(words) > MAX_WORDS:
        return {}
    buckets, classes, weights, intercept = _model()
    present = hashed(words, buckets)
    scale = 1.0 / math.sqrt(len(present))
    scores = list(intercept)
    for bucket in present:
        row = weights.get(bucket)
        if row:
            for index, weight in enumerate(row):
                scores[index] += weight * scale
    # one-vs-rest: each meaning's logistic probability, normalised to sum to 1
    sigmoids = [1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score)))) for score in scores]
    total = sum(sigmoids) or 1.0
    return {name: value / total for name, value in zip(classes, sigmoids, strict=True)}


def meaning(text: str) -> tuple[str, float] | None:
    """(meaning, probability) of the likeliest meaning other than "other", if it is the
    likeliest of all."""
    probs = probabilities(text)
    if not probs:
        return None
    best = max(probs, key=probs.__getitem__)
    if best == "other":
        return None
    return best, probs[best]


def _counted(words: list[str]) -> int:
    return sum(max(1, len(word) // 4) if word[0] >= "\u2e80" else 1 for word in words)
