"""What reading short messages with the model costs: the detectors' time per page on the tune
pages, with the model's reading (bench/message_reading.py) and without it, in
alternated rounds of one process (the pages parsed once, before the rounds).

    python -m bench.message_model_speed [--rounds 6]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import message_meaning, message_reading
from bench.real_accuracy import BASE, CORPUS, index_page, load_rows, page_path
from gatewatch.crawler.detectors import conclude, signals
from gatewatch.crawler.parse import parse_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    rows = [row for row in load_rows(CORPUS) if row["split"] == "tune"]
    start = f"{BASE}/"
    home = signals(start, 200, {}, parse_html(index_page(rows)), start)
    pages = [(BASE + page_path(row["file"]), (CORPUS / row["file"]).read_bytes()) for row in rows]
    message_meaning._model()  # (loaded once, before the rounds: 0.3-0.7 s)
    timings: dict[str, list[float]] = {"without": [], "with": []}
    for number in range(args.rounds * 2):
        name = ("without", "with")[number % 2]
        if name == "with":
            message_reading.install()
            message_meaning.probabilities.cache_clear()  # (no reading kept from a round before)
        else:
            message_reading.uninstall()
        parsed = [(url, parse_html(body)) for url, body in pages]  # (fresh caches each round)
        began = time.perf_counter()
        for url, page in parsed:
            conclude(signals(url, 200, {}, page, start), [], home=home)
        timings[name].append((time.perf_counter() - began) / len(parsed) * 1000)
    message_reading.uninstall()
    for name, values in timings.items():
        print(
            f"{name:8} model: {statistics.median(values):.3f} ms per page (median of "
            f"{len(values)} rounds; {', '.join(f'{v:.3f}' for v in values)})"
        )


if __name__ == "__main__":
    main()
