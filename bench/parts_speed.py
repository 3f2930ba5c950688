"""How fast the small parts are: the site generator, the demo server, the page fingerprint.

    python -m bench.parts_speed            # a table for people
    python -m bench.parts_speed --json     # the same figures for scripts

These figures were once asserted in tests (a test asserts behaviour; a benchmark prints
figures): generating 5,000 pages took well under 2 s and 50,000 under 10 s, the demo server
answered over 500 pages/s to four keep-alive clients (1,500-2,500/s on a laptop), stopping it
with an idle keep-alive connection open took well under 2 s, and the simhash of 10 kB of text
took about 0.5 ms once the word cache was warm.
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import threading
import time

from bench.measure import describe_load, emit, load_average, table
from gatewatch.crawler.fingerprint import simhash
from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site

COLUMNS = (("part", "part", "s"), ("figure", "figure", ".3f"), ("unit", "unit", "s"))
WORDS = [
    "garden",
    "tools",
    "hedge",
    "trimmer",
    "battery",
    "spare",
    "blades",
    "warranty",
    "delivery",
    "returns",
]


def generator_seconds(pages: int) -> float:
    started = time.perf_counter()
    generate_site(pages, seed=7)
    return time.perf_counter() - started


def server_pages_per_second(clients: int = 4, pages: int = 250) -> float:
    """Pages/s the demo server answers to `clients` threads, each on one keep-alive connection."""
    generated = generate_site(200, seed=3)
    paths = [path for path, status in generated.expected_pages.items() if status == 200][:pages]
    with serve(generated.site) as server:

        def client() -> None:
            connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
            for path in paths:
                connection.request("GET", path)
                connection.getresponse().read()
            connection.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return clients * len(paths) / (time.perf_counter() - started)


def server_stop_seconds() -> float:
    """How long stopping the demo server takes with an idle keep-alive connection open."""
    server = serve(Site({"/": Page.html("x")}))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/")
    connection.getresponse().read()
    started = time.perf_counter()
    server.stop()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def simhash_milliseconds(runs: int = 20) -> float:
    """Median time of the simhash of 10 kB of text, the word cache warm as after a few pages."""
    chooser = random.Random(4)
    text = " ".join(chooser.choice(WORDS) + str(chooser.randint(0, 50)) for _ in range(1600))
    text = text[:10_000]
    simhash(text)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        simhash(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    arguments = parser.parse_args()
    load = load_average()
    rows = [
        {"part": "generate 5,000 pages", "figure": generator_seconds(5000), "unit": "s"},
        {"part": "generate 50,000 pages", "figure": generator_seconds(50_000), "unit": "s"},
        {"part": "demo server, 4 keep-alive clients", "figure": server_pages_per_second(),
         "unit": "pages/s"},
        {"part": "stop the server, a connection idle", "figure": server_stop_seconds(),
         "unit": "s"},
        {"part": "simhash of 10 kB (median of 20)", "figure": simhash_milliseconds(),
         "unit": "ms"},
    ]  # fmt: skip
    emit(
        {"load": load, "parts": rows},
        arguments.json,
        f"{table(rows, COLUMNS)}\n{describe_load(load)}",
    )


if __name__ == "__main__":
    main()
