"""advertools' SEO crawler (Scrapy-based, a peer tool) on the benchmark's site, for comparison.

    pip install advertools        # in any environment: this script imports nothing of gatewatch
    python bench/advertools_crawl.py http://127.0.0.1:PORT/

Follows every internal link with advertools' own settings, apart from the log level (and the
allowed domain: the host without its port), and
prints ``pages=N requests=N`` (one line of its output per URL crawled). advertools runs Scrapy
in a child process: the benchmark counts that process's CPU and memory too.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import advertools


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python bench/advertools_crawl.py START_URL", file=sys.stderr)
        return 2
    # advertools runs `scrapy runspider`: the scrapy of this Python's environment, not the first
    # one on PATH (gatewatch's, when the benchmark runs in gatewatch's environment)
    here = str(Path(sys.executable).parent)
    os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")
    with tempfile.TemporaryDirectory(prefix="advertools-") as folder:
        output = Path(folder) / "crawl.jl"
        advertools.crawl(
            sys.argv[1],
            str(output),
            follow_links=True,
            # its default takes host:port, and Scrapy then finds the start URL off site
            allowed_domains=[urlsplit(sys.argv[1]).hostname],
            custom_settings={"LOG_LEVEL": "WARNING"},
        )
        if not output.exists():
            print("advertools wrote nothing: see its error above", file=sys.stderr)
            return 1
        with output.open("rb") as lines:
            pages = sum(1 for _ in lines)
    print(f"pages={pages} requests={pages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
