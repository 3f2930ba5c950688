"""Debian dwww (1.15): Debian's documentation browser, its CGI (/cgi-bin/dwww, Perl, running
dwww-convert and dwww-find) and the pages dwww-build made at its installation (/dwww/: the
home page, the documentation menu, the man page index) under a lighttpd of ours on 127.0.0.1,
as dwww's own configuration snippets serve them, reading the machine's installed
documentation. For the one refusal that needs it, a folder of ours is made in /usr/share/doc
for the harvest, with a file only root may read, and removed after.

Pages: "File not found ... dwww could not find the file ..." (404) for a documentation file,
folder or man page file that does not exist, "Man page not found ... dwww could not find the
man page ...(8)" (404) for a man page name that does not exist (soft_404); "Access denied ...
dwww will not allow you to read the file ..." (403) for files outside the documentation
folders (by path, by location, by a path that climbs out with ../, a file of /usr/share that
is no documentation) and "Access Denied ... The ... is not readable!" (403) for a
documentation file its user may not read (soft_403); the home page, the menu (a section, all
sections, its list of warnings), the man page index and a letter of it, folder listings,
documentation files (README, changelog, copyright, a licence), man pages (by file and by
name), a search for a package with results and without ("Not found!"), a menu search without
results (ok, 200). dwww is not translated: English only.

Left out: info pages (Debian's dwww has no info2www here: "Cannot convert info files", 500);
the full-text search (its index, made by dwww-index++ from a weekly cron job, was never made
here: "Error: Can't find generated index file"); lighttpd's own 404 pages for /dwww/ files
that do not exist (lighttpd's, not dwww's); pages over the corpus's size limit (the folder
listing of all of /usr/share/doc, the man index's letters of thousands of pages)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from bench.harvest import docs_servers
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "dwww"
PRIVATE = Path("/usr/share/doc/gatewatch-harvest-private")
CGI = "/cgi-bin/dwww"
# (path, expected status, label, name, note)
REQUESTS = (
    ("/dwww/", 200, "ok", "home", "dwww's home page"),
    ("/dwww/menu/sdebian.html", 200, "ok", "menu-section", "a section of the menu (Debian)"),
    ("/dwww/menu/all.html", 200, "ok", "menu-all", "all sections of the menu in one page"),
    ("/dwww/menu/errors.html", 200, "ok", "menu-warnings",
     "the list of dwww-build's warnings ('List of dwww errors/warnings')"),
    ("/dwww/man/", 200, "ok", "man-index", "the man page index"),
    ("/dwww/man/nB.html", 200, "ok", "man-index-letter", "the man pages of a letter (B)"),
    (f"{CGI}/usr/share/doc/dwww/", 200, "ok", "folder", "a package's documentation folder"),
    (f"{CGI}/usr/share/doc/lighttpd/?type=dir", 200, "ok", "folder-by-type",
     "a documentation folder (?type=dir)"),
    (f"{CGI}/usr/share/doc-base/", 200, "ok", "folder-doc-base", "the doc-base folder"),
    (f"{CGI}/usr/share/doc/dwww/README", 200, "ok", "readme", "a README"),
    (f"{CGI}/usr/share/doc/dwww/changelog.gz", 200, "ok", "changelog", "a changelog (gzip)"),
    (f"{CGI}/usr/share/doc/dwww/copyright", 200, "ok", "copyright", "a copyright file"),
    (f"{CGI}/usr/share/common-licenses/GPL-3", 200, "ok", "licence", "a common licence"),
    (f"{CGI}/usr/share/man/man8/lighttpd.8.gz?type=man", 200, "ok", "man-page",
     "a man page, by file"),
    (f"{CGI}?type=runman&location=lighttpd-angel/8", 200, "ok", "man-page-by-name",
     "a man page, by name and section"),
    (f"{CGI}?search=lighttpd", 200, "ok", "search", "the documentation of a package"),
    (f"{CGI}?search=harbourstreet", 200, "ok", "search-nothing",
     "the documentation of a package that does not exist: 'Not found!'"),
    (f"{CGI}?search=harbourstreet&searchtype=m", 200, "ok", "menu-search-nothing",
     "a menu search without results: 'Not found!'"),
    (f"{CGI}/usr/share/doc/dwww/INSTALL", 404, "soft_404", "file-not-found",
     "a documentation file that does not exist: 'File not found'"),
    (f"{CGI}/usr/share/doc/harbourstreet/README", 404, "soft_404", "package-not-found",
     "the README of a package that is not installed: 'File not found'"),
    (f"{CGI}?type=dir&location=/usr/share/doc/harbourstreet", 404, "soft_404",
     "folder-not-found", "a documentation folder that does not exist: 'File not found'"),
    (f"{CGI}/usr/share/man/man8/harbourstreet.8.gz?type=man", 404, "soft_404",
     "man-file-not-found", "a man page file that does not exist: 'File not found'"),
    (f"{CGI}?type=runman&location=harbourstreet/8", 404, "soft_404", "man-page-not-found",
     "a man page name that does not exist: 'Man page not found'"),
    (f"{CGI}/etc/passwd", 403, "soft_403", "outside-documentation",
     "a file outside the documentation folders: 'Access denied'"),
    (f"{CGI}?type=file&location=/etc/hostname", 403, "soft_403",
     "outside-documentation-by-location", "a file outside, by location: 'Access denied'"),
    (f"{CGI}/usr/share/doc/dwww/../../../../etc/shadow", 403, "soft_403", "climbs-out",
     "a path that climbs out of the documentation with ../: 'Access denied'"),
    (f"{CGI}/usr/share/lighttpd/create-mime.conf.pl", 403, "soft_403", "not-documentation",
     "a file of /usr/share that is no documentation: 'Access denied'"),
    (f"{CGI}{PRIVATE}/notes.txt", 403, "soft_403", "not-readable",
     "a documentation file www-data may not read: 'Access Denied ... is not readable!'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("dwww", "lighttpd")
    source = f"{deb_version('dwww')}, {deb_version('lighttpd')}"
    shutil.rmtree(work, ignore_errors=True)
    port = docs_servers.port(1)
    aliases = {"/dwww/": "/var/www/dwww/", "/cgi-bin/": "/usr/lib/cgi-bin/"}
    command = docs_servers.lighttpd(work, port, aliases)
    found = Kept(GROUP, source, noise=r"Generated by dwww version [^.]*? on [^.]*?\d{4}\.")
    with _private_file(), running(command, port, work / "lighttpd.log"):
        browser = session()
        for path, expected, label, name, note in REQUESTS:
            status, _, kind, body = get(browser, f"http://127.0.0.1:{port}{path}")
            if status != expected:
                raise RuntimeError(f"GET {path} answered {status}, not {expected}")
            found.keep(name, "en", body, status, kind, label, f"GET {path}", note)
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


@contextlib.contextmanager
def _private_file() -> Iterator[None]:
    """A documentation file only root may read, while the harvest runs."""
    PRIVATE.mkdir(exist_ok=True)
    notes = PRIVATE / "notes.txt"
    notes.write_text("Notes kept by root.\n")
    notes.chmod(0o600)
    try:
        yield
    finally:
        shutil.rmtree(PRIVATE, ignore_errors=True)
