"""darkstat (Debian), a network statistics daemon with its own web server, on 127.0.0.1:
capturing on the loopback interface with a filter that keeps only its own port's traffic
(`-f "tcp port ..."`), chrooted to a folder of the work folder as nobody; the harvest's own
requests are the traffic it counts.

Pages: its 404 page ("Not Found / The page you requested could not be found.") for an
unknown URL and for a host it has not seen (the same page: kept once) (soft_404); the
graphs page, the hosts list (sorted by traffic in, out, total and last seen, and in full),
the page of a host it has seen (ok). darkstat is not translated: English only. Left out:
graphs.xml and the style sheet and script (not pages)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.web_session import Keeper

GROUP = "darkstat"
PORT = 18520
# path -> (label, name, note)
REQUESTS = {
    "/": ("ok", "graphs", "the graphs page (the front page)"),
    "/hosts/": ("ok", "hosts", "the hosts list"),
    "/hosts/?sort=in": ("ok", "hosts-by-in", "the hosts list sorted by traffic in"),
    "/hosts/?sort=out": ("ok", "hosts-by-out", "the hosts list sorted by traffic out"),
    "/hosts/?sort=lastseen": ("ok", "hosts-by-last-seen", "the hosts list by last seen"),
    "/hosts/?full=yes": ("ok", "hosts-full", "the full hosts list"),
    "/hosts/127.0.0.1/": ("ok", "host", "a host it has seen (127.0.0.1)"),
    "/no-such-page": ("soft_404", "not-found", "an unknown URL (404)"),
    "/hosts/192.0.2.7/": ("soft_404", "no-such-host", "a host it has not seen (404)"),
}


def harvest(work: Path) -> list[Page]:
    apt_install("darkstat")
    shutil.rmtree(work, ignore_errors=True)
    jail = work / "chroot"
    jail.mkdir(parents=True)
    command = ["darkstat", "-i", "lo", "-f", f"tcp port {PORT}", "--no-daemon", "--no-promisc"]
    command += ["--no-dns", "-b", "127.0.0.1", "-p", str(PORT), "--chroot", str(jail)]
    command += ["--user", "nobody"]
    keeper = Keeper(GROUP, deb_version("darkstat"))
    base = f"http://127.0.0.1:{PORT}"
    with running(command, PORT, work / "darkstat.log"):
        for _ in range(5):  # traffic for it to count
            fetch(base + "/")
        time.sleep(3)
        for path, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(base + path)
            kind = headers.get("content-type", "")
            keeper.keep(name, body, status, label, "en", f"GET {path}", note, kind)
    return keeper.pages
