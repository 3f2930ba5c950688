"""Calibre-Web (PyPI calibreweb, an environment of its own: it pins its libraries) on
127.0.0.1 (`cps -p <its settings database> -i 127.0.0.1`, the port by CALIBRE_PORT) over a
Calibre library of its own: an empty metadata.db made from Calibre-Web's own table
definitions (calibreweb.cps.db), filled by uploading three small EPUB files made here through
its upload form (as its administrator, admin/admin123, the account it creates). Its
settings database gets the library folder, uploads on and the failed-login limiter off (the
settings its admin screen offers), and one user without admin rights per language its
interface translates, with that language as the user's language (Calibre-Web shows a
signed-in user's pages in the user's language, a visitor's by Accept-Language).
Pages: the sign-in page (asked for, where a visitor is sent from the book list, a book and
an admin page (these two in the languages of the healthy pages), after a wrong password:
401), its error page for 404 (an unknown URL, a
series that does not exist) and 403 (a user without admin rights on the admin pages);
healthy pages signed in (the book list, a book, a search with results, an author, the
categories, About/statistics, the user's profile). A page is kept in a language only where
its text differs from the English page's, and once where two requests give the same page.
Left out: a book or shelf that does not exist (Calibre-Web redirects to the book list with
"Oops! Selected book is unavailable. File does not exist or is not accessible": it does not
say which, and it is the book list)."""

from __future__ import annotations

import http.cookiejar
import io
import re
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, free_port, running, wait_for_port

GROUP = "calibreweb"
HOME = pyenv.HOME.parent / "calibreweb-venv"
PASSWORD = "harvest-only-password-42"
ADMIN = ("admin", "admin123")  # the administrator Calibre-Web's new settings database has
# Calibre-Web's translations (calibreweb/cps/translations) -> the language recorded
LANGUAGES = {
    "en": "en",
    "ar": "ar",
    "cs": "cs",
    "de": "de",
    "el": "el",
    "es": "es",
    "fi": "fi",
    "fr": "fr",
    "gl": "gl",
    "hu": "hu",
    "id": "id",
    "it": "it",
    "ja": "ja",
    "km": "km",
    "ko": "ko",
    "nl": "nl",
    "no": "no",
    "pl": "pl",
    "pt": "pt",
    "pt_BR": "pt-br",
    "ru": "ru",
    "sk": "sk",
    "sl": "sl",
    "sv": "sv",
    "tr": "tr",
    "uk": "uk",
    "vi": "vi",
    "zh_Hans_CN": "zh-cn",
    "zh_Hant_TW": "zh-tw",
}
HEALTHY_LANGUAGES = ("en", "de", "fr", "es", "ru", "ja", "zh_Hans_CN", "ar")
# (path, label, name, note, who: "" for a visitor (Accept-Language) or "reader")
REQUESTS = (
    ("/login", "soft_401", "login", "the sign-in page", ""),
    ("/", "soft_401", "login-from-books", "a visitor opens the book list: sent to /login", ""),
    ("/no-such-page", "soft_404", "not-found-visitor", "an unknown URL, not signed in", ""),
    ("/no-such-page", "soft_404", "not-found", "an unknown URL, signed in", "reader"),
    (
        "/series/999",
        "soft_404",
        "no-such-series",
        "a series that does not exist (404), signed in",
        "reader",
    ),
    (
        "/admin/view",
        "soft_403",
        "forbidden-admin",
        "a user without admin rights opens the admin page (403)",
        "reader",
    ),
    (
        "/admin/user/1",
        "soft_403",
        "forbidden-admin-user",
        "a user without admin rights opens a user's admin page (403)",
        "reader",
    ),
)
HEALTHY = (
    ("/book/1", "soft_401", "login-from-book", "a visitor opens a book: sent to /login", ""),
    (
        "/admin/view",
        "soft_401",
        "login-from-admin",
        "a visitor opens the admin page: sent to /login",
        "",
    ),
    ("/", "ok", "books", "the book list", "reader"),
    ("/book/1", "ok", "book", "a book's page", "reader"),
    ("/search?query=lighthouse", "ok", "search", "a search with one result", "reader"),
    ("/author/1", "ok", "author", "an author's books", "reader"),
    ("/category", "ok", "categories", "the categories", "reader"),
    ("/stats", "ok", "about", "About: versions and library statistics", "reader"),
    ("/me", "ok", "profile", "the user's profile", "reader"),
)
BOOKS = (
    (
        "The Lighthouse Keeper",
        "Mara Lindqvist",
        "en",
        "A keeper of a lighthouse on a northern island writes letters to the mainland.",
        "Fiction",
    ),
    (
        "Gardens of the Old Town",
        "Jonas Weber",
        "en",
        "A walk through the courtyards and kitchen gardens of an old town, season by season.",
        "Gardening",
    ),
    (
        "A Short History of Bridges",
        "Elena Duarte",
        "en",
        "How people crossed rivers, from stepping stones to suspension bridges.",
        "History",
    ),
)
MAKE_LIBRARY = """import sys, sqlalchemy
from calibreweb.cps import db
engine = sqlalchemy.create_engine(
    "sqlite:///" + sys.argv[1], execution_options={"schema_translate_map": {"calibre": None}}
)
db.Base.metadata.create_all(engine)
"""
HASH = (
    "import sys; from werkzeug.security import generate_password_hash as g; print(g(sys.argv[1]))"
)


def harvest(work: Path) -> list[Page]:
    python = pyenv.python("calibreweb", home=HOME)
    version = pyenv.versions(python, "calibreweb")["calibreweb"]
    source = f"calibreweb {version} (PyPI)"
    shutil.rmtree(work, ignore_errors=True)
    library = work / "library"
    library.mkdir(parents=True)
    subprocess.run([str(python), "-c", MAKE_LIBRARY, str(library / "metadata.db")], check=True)
    settings = work / "app.db"
    port = free_port()
    command = [str(python.parent / "cps"), "-p", str(settings), "-i", "127.0.0.1"]
    command += ["-o", str(work / "calibre-web.log")]
    environment = {"CALIBRE_PORT": str(port), "PATH": "/usr/bin:/bin", "HOME": str(work)}
    # the first start makes the settings database; then it is given the library and users
    with running(command, port, work / "cps.log", timeout=120, cwd=work, env=environment):
        pass
    _configure(settings, library, python)
    pages = []
    with running(command, port, work / "cps.log", timeout=120, cwd=work, env=environment):
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        admin = _session(base, "en")
        if _sign_in(admin, *ADMIN)[1] != base + "/":
            raise RuntimeError("the administrator could not sign in")
        for book in BOOKS:
            _upload(admin, _epub(*book))
        english: dict[str, str] = {}
        for locale, language in LANGUAGES.items():
            kept: set[bytes] = set()
            visitor = _session(base, locale.replace("_", "-"))
            reader = _session(base, locale.replace("_", "-"))
            status, url, body = _sign_in(reader, f"reader-{language}", "not-the-password")
            pages += _keep(
                "login-failed", body, status, "soft_401", language, english, kept, source,
                "POST /login with a wrong password (Accept-Language: "
                f"{locale.replace('_', '-')})", "the sign-in page after a wrong password",
            )  # fmt: skip
            status, url, body = _sign_in(reader, f"reader-{language}", PASSWORD)
            if url != base + "/":
                raise RuntimeError(f"reader-{language} could not sign in ({status} {url})")
            requests = REQUESTS + (HEALTHY if locale in HEALTHY_LANGUAGES else ())
            for path, label, name, note, who in requests:
                status, url, body = _get(visitor if not who else reader, base + path)
                how = f"GET {path}"
                if who:
                    how += f" (signed in as a user without admin rights, language {locale})"
                else:
                    how += f" (not signed in, Accept-Language: {locale.replace('_', '-')})"
                if url != base + path:
                    how += f"; redirected to {url.removeprefix(base)}"
                pages += _keep(
                    name, body, status, label, language, english, kept, source, how, note
                )
    return pages


def _keep(
    name: str,
    body: bytes,
    status: int,
    label: str,
    language: str,
    english: dict[str, str],
    kept: set[bytes],
    source: str,
    how: str,
    note: str,
) -> list[Page]:
    """The page, unless its text is the English page's or the same page was kept already."""
    text = _text(body)
    if english.setdefault(name, text) == text and language != "en":
        return []  # not translated
    if body in kept:
        return []  # the same page as another request's in this language
    kept.add(body)
    page = Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                note)  # fmt: skip
    return [page]


def _configure(settings: Path, library: Path, python: Path) -> None:
    """The library folder, uploads on, the limiter off; a reader per language."""
    hashed = subprocess.run(
        [str(python), "-c", HASH, PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    with sqlite3.connect(settings) as connection:
        connection.execute(
            "UPDATE settings SET config_calibre_dir = ?, config_uploading = 1,"
            " config_ratelimiter = 0",
            (str(library),),
        )
        for locale, language in LANGUAGES.items():
            # role 338: download, change password, edit shelves, viewer; not admin
            connection.execute(
                "INSERT INTO user (name, email, role, password, kindle_mail, locale,"
                " sidebar_view, default_language, denied_tags, allowed_tags,"
                " denied_column_value, allowed_column_value, view_settings,"
                " kobo_only_shelves_sync) VALUES (?, ?, 338, ?, '', ?, 262143, 'all', '', '',"
                " '', '', '{}', 0)",
                (f"reader-{language}", f"reader-{language}@example.org", hashed, locale),
            )


def _session(base: str, language: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", language),
    ]
    opener.base = base  # type: ignore[attr-defined]
    return opener


def _get(
    opener: urllib.request.OpenerDirector,
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """(status, the URL answered after redirects, body); HTML only."""
    request = urllib.request.Request(url, data, headers or {})
    try:
        with opener.open(request, timeout=60) as response:
            status, final, kind, body = (
                response.status, response.geturl(), response.headers.get("Content-Type", ""),
                response.read(),
            )  # fmt: skip
    except urllib.error.HTTPError as error:
        status, final, kind, body = (
            error.code, error.geturl(), error.headers.get("Content-Type", ""), error.read()
        )  # fmt: skip
    if data is None and "html" not in kind:
        raise RuntimeError(f"{url} answered {status} {kind}")
    return status, final, body


def _token(body: bytes) -> str:
    found = re.search(rb'name="csrf_token" value="([^"]+)"', body)
    if not found:
        raise RuntimeError("no CSRF token in the page")
    return found.group(1).decode()


def _sign_in(
    opener: urllib.request.OpenerDirector, user: str, password: str
) -> tuple[int, str, bytes]:
    base = opener.base  # type: ignore[attr-defined]
    _, _, body = _get(opener, f"{base}/login")
    fields = {
        "next": "/",
        "csrf_token": _token(body),
        "username": user,
        "password": password,
        "remember_me": "on",
        "submit": "",
    }
    return _get(opener, f"{base}/login", urllib.parse.urlencode(fields).encode())


def _upload(opener: urllib.request.OpenerDirector, epub: tuple[str, bytes]) -> None:
    """One EPUB through Calibre-Web's upload form (as its page's script posts it)."""
    base = opener.base  # type: ignore[attr-defined]
    _, _, page = _get(opener, f"{base}/")
    token = _token(page)
    name, data = epub
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="btn-upload"; filename="{name}"'
        "\r\nContent-Type: application/epub+zip\r\n\r\n"
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRFToken": token}
    status, _, answer = _get(opener, f"{base}/upload", body, headers)
    if status != 200:
        raise RuntimeError(f"uploading {name} answered {status}: {answer[:200]!r}")


def _epub(title: str, author: str, language: str, description: str, subject: str):
    """A small EPUB 2 file: (its file name, its bytes)."""
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"gatewatch-harvest:{title}")
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>{title}</dc:title><dc:creator opf:role="aut">{author}</dc:creator>
<dc:language>{language}</dc:language><dc:description>{description}</dc:description>
<dc:subject>{subject}</dc:subject><dc:identifier id="id">urn:uuid:{identifier}</dc:identifier>
</metadata>
<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/></spine></package>"""
    container = (
        '<?xml version="1.0"?><container version="1.0"'
        ' xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile'
        ' full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
        "</container>"
    )
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{title}</title></head><body><h1>{title}</h1><p>{description}</p>"
        "</body></html>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("content.opf", opf)
        archive.writestr("c1.xhtml", chapter)
    name = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()
    return f"{name}.epub", buffer.getvalue()


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
