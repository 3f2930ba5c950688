"""Debian apache2: its multilingual error documents served by a real apache2, one request per
language (Accept-Language), its default page; apache2-doc: the manual in its languages."""

from __future__ import annotations

import re
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

ERRORS = Path("/usr/share/apache2/error")
MANUAL = Path("/usr/share/doc/apache2-doc/manual")
MODULES = Path("/usr/lib/apache2/modules")

# path on the test server -> (label, the error document it triggers)
TRIGGERS = {
    "/no-such-page": ("soft_404", "HTTP_NOT_FOUND"),
    "/gone-page": ("soft_404", "HTTP_GONE"),
    "/members/": ("soft_401", "HTTP_UNAUTHORIZED"),
    "/private/": ("soft_403", "HTTP_FORBIDDEN"),
}

CONFIG = """
ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
ErrorLog {work}/error.log
User www-data
Group www-data
{modules}
TypesConfig /etc/mime.types
DocumentRoot {work}/htdocs
DirectoryIndex index.html
<Directory />
    Require all granted
</Directory>
Alias /error/ "{errors}/"
<Directory "{errors}">
    Options IncludesNoExec
    AddOutputFilter Includes html
    AddHandler type-map var
    Require all granted
    LanguagePriority en cs de es fr it nl sv pt-br ro
    ForceLanguagePriority Prefer Fallback
</Directory>
ErrorDocument 401 /error/HTTP_UNAUTHORIZED.html.var
ErrorDocument 403 /error/HTTP_FORBIDDEN.html.var
ErrorDocument 404 /error/HTTP_NOT_FOUND.html.var
ErrorDocument 410 /error/HTTP_GONE.html.var
Redirect gone /gone-page
<Directory "{work}/htdocs/private">
    Require all denied
</Directory>
<Directory "{work}/htdocs/members">
    AuthType Basic
    AuthName "Members"
    AuthUserFile {work}/htpasswd
    Require valid-user
</Directory>
"""

LOADED = (
    "mpm_prefork",
    "authz_core",
    "authn_core",
    "authn_file",
    "auth_basic",
    "authz_user",
    "mime",
    "negotiation",
    "include",
    "alias",
    "dir",
    "setenvif",
)


def languages() -> list[str]:
    text = (ERRORS / "HTTP_NOT_FOUND.html.var").read_text(encoding="utf-8")
    return re.findall(r"^Content-language:\s*(\S+)", text, flags=re.MULTILINE)


def harvest(work: Path) -> list[Page]:
    apt_install("apache2", "apache2-doc")
    return error_documents(work / "apache2") + default_page() + manual_pages()


def error_documents(work: Path) -> list[Page]:
    port = free_port()
    (work / "htdocs" / "private").mkdir(parents=True, exist_ok=True)
    (work / "htdocs" / "members").mkdir(parents=True, exist_ok=True)
    (work / "htdocs" / "index.html").write_text("<p>home</p>")
    (work / "htpasswd").write_text("someone:$apr1$x$invalid\n")
    modules = "\n".join(f"LoadModule {name}_module {MODULES}/mod_{name}.so" for name in LOADED)
    config = work / "apache2.conf"
    config.write_text(CONFIG.format(work=work, port=port, modules=modules, errors=ERRORS))
    source = deb_version("apache2")
    pages = []
    command = ["/usr/sbin/apache2", "-f", str(config), "-DFOREGROUND"]
    environment = {
        "APACHE_RUN_DIR": str(work),
        "APACHE_LOCK_DIR": str(work),
        "APACHE_LOG_DIR": str(work),
        "PATH": "/usr/sbin:/usr/bin:/bin",
    }
    with running(command, port, work / "server.log", env=environment):
        for language in languages():
            for path, (label, document) in TRIGGERS.items():
                asked = f"{language}, en;q=0.1" if "-" in language else f"{language}, *;q=0.01"
                status, headers, body = fetch(f"http://127.0.0.1:{port}{path}", asked)
                served = headers.get("content-language", "")
                if served != language:  # e.g. "pt" answered in pt-br: already had
                    continue
                pages.append(
                    Page(
                        f"{document}.{language}.html",
                        body,
                        source,
                        "apache2",
                        f"GET {path} Accept-Language: {language}",
                        language,
                        label,
                        status,
                        f"ErrorDocument {document}.html.var",
                    )
                )
    return pages


def default_page() -> list[Page]:
    body = (
        Path("/var/www/html/index.html").read_bytes()
        if Path("/var/www/html/index.html").exists()
        else Path("/usr/share/apache2/default-site/index.html").read_bytes()
    )
    return [
        Page(
            "default-site.en.html",
            body,
            deb_version("apache2"),
            "apache2",
            "file /usr/share/apache2/default-site/index.html (the page / serves)",
            "en",
            "ok",
            200,
            "Apache2 Debian Default Page: It works",
        )
    ]


# the manual's pages on errors, authentication and access control, and a few ordinary ones
MANUAL_PAGES = (
    "custom-error",
    "howto/auth",
    "howto/access",
    "howto/htaccess",
    "mod/mod_auth_basic",
    "mod/mod_authz_core",
    "getting-started",
    "content-negotiation",
    "howto/ssi",
    "urlmapping",
    "logs",
    "misc/security_tips",
    "programs/htpasswd",
    "mod/mod_alias",
    "howto/public_html",
    "configuring",
    "mod/mod_access_compat",
    "mod/mod_authz_host",
    "mod/mod_authn_core",
    "mod/mod_dir",
    "bind",
    "invoking",
    "stopping",
    "filter",
    "env",
    "handler",
)
PER_LANGUAGE = 14


def manual_pages() -> list[Page]:
    """Each language's translated pages (the folders also hold English copies: skipped)."""
    source = deb_version("apache2-doc")
    pages = []
    for folder in sorted(path for path in MANUAL.iterdir() if path.is_dir()):
        language = folder.name
        if language in ("images", "style"):
            continue
        names = [name for name in MANUAL_PAGES if _in_language(folder / f"{name}.html", language)]
        for name in names[:PER_LANGUAGE]:
            path = folder / f"{name}.html"
            pages.append(
                Page(
                    f"manual-{name.replace('/', '-')}.{language}.html",
                    path.read_bytes(),
                    source,
                    "apache2-doc",
                    f"file {path}",
                    language,
                    "ok",
                    200,
                    f"Apache manual: {name}",
                )
            )
    return pages


def _in_language(path: Path, language: str) -> bool:
    if not path.exists():
        return False
    head = path.read_bytes()[:400].decode("utf-8", "replace")
    found = re.search(r'<html[^>]*\blang="([^"]+)"', head)
    return bool(found) and found.group(1).lower() == language
