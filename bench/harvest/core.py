"""What a harvested page is, how pages are fetched and written, and the split by group."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LABELS = ("ok", "soft_404", "soft_401", "soft_403")
COLUMNS = (
    "file",
    "source",
    "source_group",
    "obtained",
    "language",
    "label",
    "split",
    "served_status",
    "note",
)
MAX_PAGE_BYTES = 400_000
# the servers run on a free port: written as 8080 so that a new harvest changes no page for it
STABLE_PORT = re.compile(rb"127\.0\.0\.1:\d+")

# The split is by source group, decided before the harvest (SPLIT.md says why). The last 25
# were the seventh and eighth fresh sides, each measured once blind (2026-12-07 and -08) and
# held out since; the second to sixth fresh sides were each held out for one round, then
# spent (tune).
HOLDOUT_GROUPS = frozenset(
    {
        "django",
        "tomcat",
        "dokuwiki",
        "lighttpd",
        "twisted",
        "pyramid",
        "http-server",
        "debian-reference",
        "sphinx-docs",
        "mkdocs",
        *("drf", "django-spirit", "django-cas-server", "klaus", "monitorix", "cvsweb"),
        *("zoph", "searx", "nut-cgi", "kiwitcms", "modoboa", "sqwebmail"),
        *("kiwix", "dwww", "dhelp", "approx", "ledgersmb", "sql-ledger", "fava"),
        *("ganglia", "phpsysinfo", "apcupsd-cgi", "glances", "shellinabox", "ocsigenserver"),
    }
)


# The fresh side: software nobody tuning the detectors has looked at, chosen before its harvest
# and measured once, without reading its misses (SPLIT.md); then it joins the holdout. The
# first six fresh sides were spent and are tune (symfony, which the seventh round's take-backs
# broke and which was then read to fix them, with the fourth); the seventh and the eighth are
# held out. Empty until the next one is chosen, before its harvest.
FRESH_GROUPS: frozenset[str] = frozenset()


def split_of(group: str) -> str:
    if group in FRESH_GROUPS:
        return "fresh"
    return "holdout" if group in HOLDOUT_GROUPS else "tune"


@dataclass
class Page:
    """One page as the software answered it, and what it is."""

    name: str  # file name inside the group's folder
    body: bytes
    source: str  # package and version
    group: str
    obtained: str  # how: the request made, or the file read
    language: str
    label: str
    served_status: int | str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"bad label {self.label!r} for {self.group}/{self.name}")


def fetch(
    url: str, language: str | None = None, headers: dict | None = None, timeout: float = 20
) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one GET; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    request.add_header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest")
    request.add_header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
    if language:
        request.add_header("Accept-Language", language)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@contextlib.contextmanager
def running(
    command: list[str], port: int, log: Path, timeout: float = 60, **popen
) -> Iterator[subprocess.Popen]:
    """A server process, started in its own process group and stopped (the group) after."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
    try:
        try:
            wait_for_port(port, timeout)
        except RuntimeError as error:
            tail = log.read_text(errors="replace")[-1500:]
            raise RuntimeError(f"{error}; {command[0]} said:\n{tail}") from None
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def deb_version(package: str) -> str:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
    )
    return f"{package} {result.stdout.strip() or '?'} (Debian)"


def apt_install(*packages: str) -> None:
    missing = [
        package
        for package in packages
        if subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        != "install ok installed"
    ]
    if missing:
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # one apt-get at a time: harvests may run side by side
        subprocess.run(
            [
                "flock",
                "/tmp/gatewatch-apt.lock",
                *("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing),
            ],
            check=True,
            env=environment,
            stdout=subprocess.DEVNULL,
        )


def write_pages(out: Path, pages: list[Page], groups: set[str]) -> None:
    """Replace the files and labels rows of `groups` by `pages`; keep every other group."""
    out.mkdir(parents=True, exist_ok=True)
    labels = out / "labels.csv"
    kept = []
    if labels.exists():
        with labels.open(newline="", encoding="utf-8") as handle:
            kept = [row for row in csv.DictReader(handle) if row["source_group"] not in groups]
    for group in groups:
        shutil.rmtree(out / group, ignore_errors=True)
    rows, seen = [], set()
    for page in pages:
        if len(page.body) > MAX_PAGE_BYTES:
            continue
        file = f"{page.group}/{page.name}"
        if file in seen:
            raise ValueError(f"two pages named {file}")
        seen.add(file)
        (out / page.group).mkdir(parents=True, exist_ok=True)
        (out / file).write_bytes(STABLE_PORT.sub(b"127.0.0.1:8080", page.body))
        rows.append(
            {
                "file": file,
                "source": page.source,
                "source_group": page.group,
                "obtained": page.obtained,
                "language": page.language,
                "label": page.label,
                "split": split_of(page.group),
                "served_status": page.served_status,
                "note": page.note,
            }
        )
    for row in kept:
        row["split"] = split_of(row["source_group"])
    every = sorted(kept + rows, key=lambda row: row["file"])
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(every)


def resplit(out: Path) -> None:
    """Rewrite the split column of labels.csv from HOLDOUT_GROUPS (no harvest)."""
    write_pages(out, [], set())


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def range_port(ports: range, offset: int) -> int:
    """The port `offset` of a harvest's range of ports, checked free (it raises if taken)."""
    number = ports[offset]
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", number))
    return number
