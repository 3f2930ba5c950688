"""The simhash of a page's text: near-identical pages a few bits apart, stable everywhere (its
speed: bench/parts_speed.py)."""

import random
import subprocess
import sys

from gatewatch.crawler.fingerprint import distance, simhash

GARDEN = "garden tools hedge trimmer battery spare blades warranty delivery returns pruning"
WORDS = GARDEN.split(" ")


def text_of(words: int, seed: int) -> str:
    chooser = random.Random(seed)
    return " ".join(chooser.choice(WORDS) + str(chooser.randint(0, 50)) for _ in range(words))


def test_identical_texts_have_the_same_fingerprint():
    assert simhash("Page not found. Try the search.") == simhash("Page not found. Try the search.")


def test_case_and_spacing_do_not_matter():
    assert simhash("Page  NOT found\n try  the search") == simhash("page not found try the search")


def test_a_small_edit_moves_a_few_bits_and_an_unrelated_text_many():
    base = text_of(300, seed=1)
    words = base.split()
    words[150] = "echoedpath"
    assert distance(simhash(base), simhash(" ".join(words))) <= 6
    assert distance(simhash(base), simhash(text_of(300, seed=2))) >= 16


def test_fingerprints_fit_a_signed_bigint_column():
    for seed in range(200):
        value = simhash(text_of(40, seed))
        assert -(2**63) <= value < 2**63


def test_empty_and_tiny_texts():
    assert simhash("") == 0
    assert simhash("   ") == 0
    assert simhash("one") != simhash("two")
    assert simhash("one two") != simhash("two one")


def test_distance_accepts_signed_values():
    assert distance(-1, 0) == 64
    assert distance(simhash("a b c d"), simhash("a b c d")) == 0


def test_stable_across_processes_whatever_the_hash_seed():
    """Python's hash() changes per process; a stored fingerprint must not."""
    text = text_of(100, seed=3)
    script = f"from gatewatch.crawler.fingerprint import simhash; print(simhash({text!r}))"
    values = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=str(__import__("pathlib").Path(__file__).parent.parent),
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert values == {str(simhash(text))}
