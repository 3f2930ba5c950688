"""Debian sogo (SOGo, a groupware server, Objective-C): sogod run in the foreground as the sogo
user the package makes, on a free port, its settings given on its command line (GNUstep
defaults: they take precedence over /etc/sogo/sogo.conf), over a database of its own
(PostgreSQL, 127.0.0.1:5432) holding its profile tables and an SQL user source with one user
(alice). No memcached (SOGo logs that its cache is down and works without it). SOGo answers a
browser it does not know with a "your browser is not supported" page: the harvest sends a
Firefox User-Agent. The language follows Accept-Language, for each of its translations (the
language recorded is the one the page's html element names).

Not signed in: the sign-in page (/SOGo/) and the same page for a deep link into a user's
calendar (soft_401; every URL under /SOGo/ answers it). Signed in as alice (through SOGo's
/SOGo/connect): "An error occurred during object publishing - the requested object could not
be found!" for an unknown page under her folder (404; English only: not translated), her
calendar, address book and preferences (healthy; shells the script fills). Signed in, SOGo
keeps the language of a user's first visit (English here) whatever Accept-Language says
later: the signed-in pages are in English only.

A page is kept in a language only where its text differs from the English page's. Left out:
another user's calendar (403, an empty body), the mail view (it needs an IMAP server)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running

GROUP = "sogo"
DATABASE = "tune_c_harvest_sogo"
RESOURCES = Path("/usr/lib/GNUstep/SOGo/MainUI.SOGo/Resources")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PASSWORD = "harvest-alice-42"
# SOGo's translation (lproj) -> the Accept-Language asked
CODES = {
    "English": "en", "Arabic": "ar", "Basque": "eu", "Bosnian": "bs",
    "BrazilianPortuguese": "pt-BR", "Bulgarian": "bg", "Catalan": "ca", "ChineseChina": "zh-CN",
    "ChineseTaiwan": "zh-TW", "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl",
    "Finnish": "fi", "French": "fr", "German": "de", "Hebrew": "he", "Hungarian": "hu",
    "Icelandic": "is", "Indonesian": "id", "Italian": "it", "Japanese": "ja", "Kazakh": "kk",
    "Latvian": "lv", "Lithuanian": "lt", "Macedonian": "mk", "Montenegrin": "cnr",
    "NorwegianBokmal": "nb", "NorwegianNynorsk": "nn", "Polish": "pl", "Portuguese": "pt",
    "Romanian": "ro", "Russian": "ru", "Serbian": "sr", "SerbianLatin": "sr-Latn",
    "Slovak": "sk", "Slovenian": "sl", "SpanishArgentina": "es-AR", "SpanishSpain": "es-ES",
    "Swedish": "sv", "TurkishTurkey": "tr", "Ukrainian": "uk", "Welsh": "cy",
}  # fmt: skip
# path -> (label, name, note)
VISITOR = {
    "/SOGo/": ("soft_401", "sign-in", "the sign-in page"),
    "/SOGo/so/alice/Calendar/view": (
        "soft_401",
        "sign-in-wall",
        "a user's calendar, not signed in: the sign-in page",
    ),
}
SIGNED_IN = {
    "/SOGo/so/alice/no-such-page": (
        "soft_404",
        "not-found",
        "an unknown page in alice's folder, signed in: 'the requested object could not be found!'",
    ),
    "/SOGo/so/alice/Calendar/view": ("ok", "calendar", "alice's calendar"),
    "/SOGo/so/alice/Contacts/view": ("ok", "contacts", "alice's address book"),
    "/SOGo/so/alice/Preferences": ("ok", "preferences", "alice's preferences"),
}
SIGNED_IN_CODES = ("en", "de", "fr", "ja", "ru")


def harvest(work: Path) -> list[Page]:
    apt_install("sogo")
    source = f"{deb_version('sogo')}, PostgreSQL"
    # the sogo user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-sogo-"))
    home.chmod(0o755)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["chown", "sogo", str(home)], check=True)
    _psql(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")
    try:
        _psql(
            "CREATE TABLE sogo_users (c_uid varchar(128) PRIMARY KEY, c_name varchar(128),"
            " c_password varchar(128), c_cn varchar(128), mail varchar(128))",
            f"INSERT INTO sogo_users VALUES ('alice', 'alice', md5('{PASSWORD}'),"
            " 'Alice Example', 'alice@example.org')",
            database=DATABASE,
        )
        url = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
        port = free_port()
        command = [
            *("runuser", "-u", "sogo", "--", "env", f"HOME={home}", "sogod"),
            *("-WOWorkersCount", "1", "-WOPort", f"127.0.0.1:{port}", "-WONoDetach", "YES"),
            *("-WOLogFile", str(home / "sogo.log"), "-WOPidFile", str(home / "sogo.pid")),
            *("-SOGoProfileURL", f"{url}/sogo_user_profile"),
            *("-OCSFolderInfoURL", f"{url}/sogo_folder_info"),
            *("-OCSSessionsFolderURL", f"{url}/sogo_sessions_folder"),
            "-SOGoUserSources",
            f'({{type = sql; id = users; viewURL = "{url}/sogo_users"; canAuthenticate = YES;'
            " isAddressBook = NO; userPasswordAlgorithm = md5;})",
        ]
        translations = sorted(path.stem for path in RESOURCES.glob("*.lproj"))
        codes = [
            "en",
            *(CODES[name] for name in translations if name in CODES and name != "English"),
        ]
        pages: list[Page] = []
        english: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        with running(command, port, work / "sogo.log", timeout=120):
            cookie = _sign_in(port)
            for code in codes:
                pages += _take(port, code, VISITOR, "", english, seen, source)
                if code in SIGNED_IN_CODES:
                    pages += _take(port, code, SIGNED_IN, cookie, english, seen, source)
        return pages
    finally:
        _psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        shutil.rmtree(home, ignore_errors=True)


def _take(
    port: int,
    code: str,
    requests: dict,
    cookie: str,
    english: dict[str, str],
    seen: set[tuple[str, str]],
    source: str,
) -> list[Page]:
    headers = {"User-Agent": FIREFOX}
    if cookie:
        headers["Cookie"] = cookie
    pages = []
    for path, (label, name, note) in requests.items():
        status, answer, body = _fetch(f"http://127.0.0.1:{port}{path}", code, headers)
        if "html" not in answer.get("content-type", "") or not body:
            raise RuntimeError(f"{path} ({code}) answered {status} without a page")
        if label == "ok" and status != 200:
            raise RuntimeError(f"{path} ({code}) answered {status}")
        if cookie and b'id="passwordField"' in body:
            raise RuntimeError(f"{path} ({code}) signed in answered the sign-in page")
        if english.setdefault(name, _text(body)) == _text(body) and code != "en":
            continue  # not translated
        found = re.search(rb'<html[^>]*\blang="([^"]+)"', body)
        language = found.group(1).decode().lower() if found else code.lower()
        if (name, language) in seen:
            continue  # the same translation reached by another code
        seen.add((name, language))
        how = f"GET {path} Accept-Language: {code} User-Agent: Firefox"
        how += " (signed in as alice)" if cookie else " (not signed in)"
        pages.append(
            Page(f"{name}.{language}.html", body, source, GROUP, how, language, label, status,
                 note)
        )  # fmt: skip
    return pages


def _fetch(url: str, language: str, headers: dict) -> tuple[int, dict, bytes]:
    """core.fetch, but with the User-Agent given (core.fetch sends its own)."""
    request = urllib.request.Request(url, headers=headers)
    request.add_header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
    request.add_header("Accept-Language", language)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _sign_in(port: int) -> str:
    """alice's session cookie, through SOGo's /SOGo/connect."""
    data = json.dumps({"userName": "alice", "password": PASSWORD, "rememberLogin": 0}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/SOGo/connect",
        data,
        {"Content-Type": "application/json", "User-Agent": FIREFOX},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    sessions = [cookie.split(";")[0] for cookie in cookies if cookie.startswith("0xHIGHFLYxSOGo=")]
    if not sessions:
        raise RuntimeError("signing in as alice gave no session cookie")
    return sessions[-1]


def _psql(*statements: str, database: str = "postgres") -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    for statement in statements:
        command += ["-c", statement]
    subprocess.run([*command, database], check=True, stdout=subprocess.DEVNULL)


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
