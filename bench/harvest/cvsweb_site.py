"""Debian cvsweb (FreeBSD-CVSweb 3.0.6): Debian's /usr/lib/cgi-bin/cvsweb copied into a CGI
folder of ours, next to a cvsweb.conf of ours (Debian's /etc/cvsweb/cvsweb.conf copied, its
repositories and one more forbidden file changed): the CGI reads the cvsweb.conf beside it
before /etc/cvsweb/cvsweb.conf, so nothing of the machine's /etc is read or changed. Served by
an apache2 of our own (mod_cgi) on 127.0.0.1, the icons and style sheet where Debian's
configuration puts them (/cvsweb/). Two CVS repositories made here with Debian's cvs: "local"
(a widgets module: three files imported, then revisions, a tag, a file removed, a file the
configuration forbids) and "archive" (a tools module).

Pages: "Error: ...: no such file or directory" for a file, a folder and a file in a folder
that do not exist (404), "Error: ... is not (any longer) pertinent" for a revision that does
not exist (404) and 'Error: Tag "..." is not defined.' for a tag that does not exist (served
"404 Tag not found") (soft_404); "Error: Access to widgets/passwords.txt forbidden." for a file
the configuration's @ForbiddenFiles names (403) (soft_403); the repositories' top pages, the
module's folders (a removed file's Attic shown), the logs of files, a revision's view and
markup, an annotation, a colored diff, the other repository's module (ok, 200).
CVSweb is not translated: English only.

Left out: an unknown repository (cvsroot=nosuch: CVSweb shows the default repository, saying
nothing), a diff or an annotation of a revision that does not exist (a text/plain line of
rcsdiff's, or an annotation page without lines, saying nothing), a plain diff (text/plain),
the redirects CVSweb answers for a folder without its slash and for a removed file (to its
Attic)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import cgi_apache, cgi_ports
from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.kept_pages import Kept

GROUP = "cvsweb"
SCRIPT = Path("/usr/lib/cgi-bin/cvsweb")
REPOSITORIES = """@CVSrepositories = (
        'local'   => ['Widgets Repository', '{work}/cvsroot'],
        'archive' => ['Archive of old tools', '{work}/archive'],
);"""
FORBIDDEN = "qr|/passwords\\.txt(,v)?$|o, # a file of the harvest's, forbidden"
APACHE = """ScriptAlias /cgi-bin/cvsweb.cgi {work}/cgi/cvsweb.cgi
<Directory {work}/cgi>
    Require all granted
</Directory>
Alias /cvsweb/ /usr/share/cvsweb/
<Directory /usr/share/cvsweb>
    Require all granted
</Directory>
"""
# (path and query, label, name, note)
REQUESTS = (
    ("/", "ok", "top", "the default repository's top page (CVSweb's introduction)"),
    ("/widgets/", "ok", "module", "the widgets module's folder"),
    ("/widgets/docs/?hideattic=0", "ok", "folder-attic",
     "a folder whose only file was removed, removed files shown"),
    ("/widgets/main.c", "ok", "log", "the log of main.c"),
    ("/widgets/README", "ok", "log-readme", "the log of README"),
    ("/widgets/docs/Attic/INSTALL", "ok", "log-removed", "the log of a removed file"),
    ("/widgets/main.c?rev=1.2", "ok", "revision", "main.c at revision 1.2"),
    ("/widgets/main.c?rev=1.3;content-type=text%2Fx-cvsweb-markup", "ok", "markup",
     "main.c's markup view"),
    ("/widgets/main.c?annotate=1.3", "ok", "annotate", "the annotation of main.c"),
    ("/widgets/main.c.diff?r1=1.1&r2=1.2&f=h", "ok", "diff", "a colored diff"),
    ("/?cvsroot=archive", "ok", "archive-top", "the other repository's top page"),
    ("/tools/?cvsroot=archive", "ok", "archive-module", "the other repository's module"),
    ("/widgets/nosuch.c", "soft_404", "unknown-file",
     "a file that does not exist: 'Error: ...: no such file or directory' (404)"),
    ("/nosuchdir", "soft_404", "unknown-folder",
     "a folder that does not exist: 'Error: ...: no such file or directory' (404)"),
    ("/widgets/nosuchdir/x.c", "soft_404", "unknown-file-in-folder",
     "a file in a folder that does not exist (404)"),
    ("/widgets/main.c?rev=9.9", "soft_404", "unknown-revision",
     "a revision that does not exist: 'Error: ... is not (any longer) pertinent' (404)"),
    ("/widgets/main.c?only_with_tag=nosuch", "soft_404", "unknown-tag",
     "a tag that does not exist: 'Error: Tag \"nosuch\" is not defined.' (404 Tag not found)"),
    ("/widgets/passwords.txt", "soft_403", "forbidden-file",
     "a file the configuration forbids: 'Error: Access to widgets/passwords.txt forbidden.'"
     " (403)"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("cvsweb", "cvs", "rcs", "apache2-bin")
    source = f"{deb_version('cvsweb')}, {deb_version('cvs')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _repositories(work)
    _configure(work)
    port = cgi_ports.port(10)
    config = cgi_apache.write_config(work, port, APACHE.format(work=work))
    cgi_apache.open_to_www_data(work)
    found = Kept(GROUP, source, noise=r"\d+ (?:seconds?|minutes?|hours?)")
    environment = {"PATH": "/usr/sbin:/usr/bin:/bin"}
    with running(cgi_apache.command(config), port, work / "server.log", env=environment):
        base = f"http://127.0.0.1:{port}/cgi-bin/cvsweb.cgi"
        for path, label, name, note in REQUESTS:
            status, answer, body = fetch(base + path)
            expected = {"ok": 200, "soft_404": 404, "soft_403": 403}[label]
            if status != expected:
                raise RuntimeError(f"{path} answered {status}, not {expected}")
            found.keep(name, "en", body, status, answer.get("content-type", ""), label,
                       f"GET /cgi-bin/cvsweb.cgi{path}", note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _configure(work: Path) -> None:
    """The CGI in a folder of ours, its cvsweb.conf beside it (read before /etc/cvsweb's)."""
    (work / "cgi").mkdir()
    shutil.copy(SCRIPT, work / "cgi" / "cvsweb.cgi")
    debian = Path("/etc/cvsweb/cvsweb.conf").read_text(encoding="latin-1")
    ours, count = re.subn(
        r"(?s)@CVSrepositories = \(.*?\);", REPOSITORIES.format(work=work), debian, count=1
    )
    anchor = "qr|/\\.cvspass$|o,       # Ditto.  Just in case."
    if count != 1 or anchor not in ours:
        raise RuntimeError("Debian's cvsweb.conf is not the one this harvest knows")
    ours = ours.replace(anchor, f"{anchor}\n    {FORBIDDEN}")
    (work / "cgi" / "cvsweb.conf").write_text(ours, encoding="latin-1")


def _repositories(work: Path) -> None:
    """Two CVS repositories, with files, revisions, a tag and a removed file."""
    environment = dict(os.environ, CVSROOT=str(work / "cvsroot"), CVS_RSH="false")

    def cvs(folder: Path, *arguments: str) -> None:
        subprocess.run(["cvs", "-Q", *arguments], cwd=folder, env=environment, check=True,
                       capture_output=True)  # fmt: skip

    imported = work / "import" / "widgets"
    (imported / "docs").mkdir(parents=True)
    (imported / "README").write_text("Widgets\n=======\n\nA small library of widgets.\n")
    (imported / "main.c").write_text(
        '#include <stdio.h>\n\nint main(void)\n{\n\tputs("widgets");\n\treturn 0;\n}\n'
    )
    (imported / "docs" / "INSTALL").write_text("Installing\n\nRun make.\n")
    cvs(work, "init")
    cvs(imported, "import", "-m", "Initial import of the widgets library", "widgets",
        "harvest", "start")  # fmt: skip
    checkout = work / "checkout"
    checkout.mkdir()
    cvs(checkout, "checkout", "widgets")
    module = checkout / "widgets"
    with (module / "README").open("a") as readme:
        readme.write("\nSee docs/INSTALL.\n")
    cvs(module, "commit", "-m", "README: point to the installation notes")
    main = module / "main.c"
    main.write_text(main.read_text().replace('puts("widgets")', 'puts("widgets 1.1")'))
    cvs(module, "commit", "-m", "main: print the version")
    cvs(module, "tag", "release-1-1")
    with main.open("a") as source:
        source.write("static int count;\n")
    cvs(module, "commit", "-m", "main: a counter")
    (module / "passwords.txt").write_text("not for the web\n")
    cvs(module, "add", "passwords.txt")
    cvs(module, "commit", "-m", "credentials (should not be here)")
    cvs(module, "remove", "-f", "docs/INSTALL")
    cvs(module, "commit", "-m", "docs: INSTALL folded into README")
    tools = work / "import" / "tools"
    tools.mkdir()
    (tools / "Makefile").write_text("all:\n\t@echo nothing to build\n")
    cvs(work, "-d", str(work / "archive"), "init")
    cvs(tools, "-d", str(work / "archive"), "import", "-m", "Old build tools", "tools",
        "harvest", "start")  # fmt: skip
