"""Debian gitweb, run as a CGI under a real apache2 on 127.0.0.1 over a repository made here
(its files: licence texts the system ships): the project list and a project's pages
(healthy), and its "404 - No such project", unknown-commit and missing-file pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

MODULES = Path("/usr/lib/apache2/modules")
CONFIG = """
ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
User www-data
Group www-data
LoadModule mpm_prefork_module {modules}/mod_mpm_prefork.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule alias_module {modules}/mod_alias.so
LoadModule cgi_module {modules}/mod_cgi.so
LoadModule env_module {modules}/mod_env.so
LoadModule dir_module {modules}/mod_dir.so
TypesConfig /etc/mime.types
DocumentRoot /usr/share/gitweb
<Directory /usr/share/gitweb>
    Options +FollowSymLinks +ExecCGI
    AddHandler cgi-script .cgi
    DirectoryIndex gitweb.cgi
    Require all granted
</Directory>
SetEnv GITWEB_CONFIG {work}/gitweb.conf
"""
# query -> (label, name, note)
REQUESTS = {
    "": ("ok", "projects", "the project list"),
    "?p=licences.git;a=summary": ("ok", "summary", "a project's summary"),
    "?p=licences.git;a=tree": ("ok", "tree", "a project's file tree"),
    "?p=licences.git;a=log": ("ok", "log", "a project's log"),
    "?p=no-such-project.git": ("soft_404", "no-such-project", "404 - No such project"),
    "?p=licences.git;a=commit;h=0123456789abcdef": (
        "soft_404",
        "unknown-commit",
        "unknown commit object",
    ),
    "?p=licences.git;a=blob;f=NO-SUCH-FILE;hb=HEAD": (
        "soft_404",
        "missing-file",
        "cannot find file",
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("gitweb", "apache2", "git")
    source = deb_version("gitweb")
    shutil.rmtree(work, ignore_errors=True)
    _repository(work / "repositories" / "licences.git", work / "checkout")
    (work / "gitweb.conf").write_text(
        f'$projectroot = "{work / "repositories"}";\n$git_temp = "/tmp";\n'
        '$site_name = "Projects";\n'
    )
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
    port = free_port()
    config = work / "apache2.conf"
    config.write_text(CONFIG.format(work=work, port=port, modules=MODULES))
    environment = {"PATH": "/usr/sbin:/usr/bin:/bin"}
    pages = []
    with running(
        ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"],
        port,
        work / "server.log",
        env=environment,
    ):
        for query, (label, name, note) in REQUESTS.items():
            status, headers, body = fetch(f"http://127.0.0.1:{port}/{query}")
            if "html" not in headers.get("content-type", ""):
                continue
            pages.append(
                Page(
                    f"{name}.html",
                    body,
                    source,
                    "gitweb",
                    f"GET /{query}",
                    "en",
                    label,
                    status,
                    note,
                )
            )
    return pages


def _repository(bare: Path, checkout: Path) -> None:
    checkout.mkdir(parents=True)
    for name in ("Apache-2.0", "MIT", "BSD"):
        licence = Path("/usr/share/common-licenses") / name
        if licence.exists():
            shutil.copy(licence, checkout / name)
    (checkout / "README").write_text("Licence texts as Debian ships them.\n")
    environment = dict(
        os.environ,
        GIT_AUTHOR_NAME="Harvest",
        GIT_AUTHOR_EMAIL="h@example.org",
        GIT_COMMITTER_NAME="Harvest",
        GIT_COMMITTER_EMAIL="h@example.org",
    )
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "."],
        ["git", "commit", "-q", "-m", "Licence texts"],
    ):
        subprocess.run(command, cwd=checkout, check=True, env=environment)
    subprocess.run(["git", "clone", "-q", "--bare", str(checkout), str(bare)], check=True)
    (bare / "description").write_text("Licence texts\n")
