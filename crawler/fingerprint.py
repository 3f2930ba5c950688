"""Simhash of a page's visible text: pages built from the same template land a few bits apart.

The fingerprint is 64 bits over three-word shingles. Words are hashed with blake2b (stable
across processes, unlike ``hash()``) and cached. The rest is done on whole arrays at once:
the word hashes are packed into one big integer with a 64-bit lane per word, a shingle is
the XOR of three neighbouring lanes (shifted by 0, 1 and 2 bits), and each bit's vote is a
popcount of a mask over a column of lanes: a few C-level operations, not a loop per word.
Only the first 256 words count (enough to tell an error template or a near-duplicate), so a
page costs at most about 0.15 ms.
"""

from __future__ import annotations

import sys
from array import array
from hashlib import blake2b

BITS = 64
MASK = (1 << BITS) - 1
SIGN = 1 << (BITS - 1)
MAX_CACHED_WORDS = 200_000
# Only the first words are hashed: enough to tell a template or a near-duplicate, and the
# cost stays flat on long pages (the bit vote is linear in the number of shingles).
MAX_WORDS = 256
MAX_CHARS = MAX_WORDS * 16

_word_hashes: dict[str, int] = {}


def _word_hash(word: str) -> int:
    if len(_word_hashes) >= MAX_CACHED_WORDS:
        _word_hashes.clear()
    digest = blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    value = _word_hashes[word] = int.from_bytes(digest, "little")
    return value


def _lanes(pattern: int, count: int) -> int:
    """A big integer holding `pattern` in each of `count` 64-bit lanes."""
    return int.from_bytes(pattern.to_bytes(8, "little") * count, "little")


def _signed(value: int) -> int:
    return value - (1 << BITS) if value & SIGN else value


def simhash(text: str) -> int:
    """64-bit simhash of the text's first `MAX_WORDS` lower-cased words, as a signed int.

    The signed range fits a BIGINT column. An empty text gives 0; a text of one or two
    words is hashed as a single shingle.
    """
    words = text[:MAX_CHARS].lower().split(None, MAX_WORDS)
    if not words:
        return 0
    if len(words) > MAX_WORDS:
        del words[MAX_WORDS:]
    hashes = list(map(_word_hashes.get, words))
    try:
        lanes = array("Q", hashes)
    except TypeError:  # some words are not cached yet
        hashes = [
            known if known is not None else _word_hash(word)
            for word, known in zip(words, hashes, strict=True)
        ]
        lanes = array("Q", hashes)
    count = len(hashes)
    if count < 3:
        return _signed(hashes[0] ^ (((hashes[1] << 1) & MASK) if count == 2 else 0))
    if sys.byteorder == "big":
        lanes.byteswap()
    packed = int.from_bytes(lanes.tobytes(), "little")
    # shingle i = word i ^ (word i+1 shifted by 1) ^ (word i+2 shifted by 2), each shift
    # kept inside its lane, so that "a b c" and "b a c" differ
    shingles_count = count - 2
    shifted_once = (packed << 1) & ~_lanes(1, count)
    shifted_twice = (packed << 2) & ~_lanes(3, count)
    shingles = (packed ^ (shifted_once >> BITS) ^ (shifted_twice >> (2 * BITS))) & (
        (1 << (BITS * shingles_count)) - 1
    )
    data = shingles.to_bytes(8 * shingles_count, "little")
    half = shingles_count / 2
    ones = int.from_bytes(b"\x01" * shingles_count, "little")
    masks = [ones << bit for bit in range(8)]
    value = 0
    for byte in range(8):
        column = int.from_bytes(data[byte::8], "little")
        for bit, mask in enumerate(masks):
            if (column & mask).bit_count() > half:
                value |= 1 << (byte * 8 + bit)
    return _signed(value)


def distance(a: int, b: int) -> int:
    """Number of differing bits between two simhashes (signed or unsigned)."""
    return ((a ^ b) & MASK).bit_count()
