"""Debian qbittorrent-nox: qBittorrent's Web UI with a profile folder of its own (peer
networking off: no DHT, local discovery, PeX or port forwarding; the session bound to lo), its
default Web UI user (admin): the sign-in page a visitor gets at / and the Web UI's main page
signed in, with the Web UI's language (the `locale` preference, set through its API) set to
each language its preferences offer. qBittorrent translates its HTML on the server; the main
page's torrent list and dialogs are drawn by script, its server-written text is the menus. A
page is kept in a language only where its text differs from the English page's. Its other
answers have no HTML: 404 "Not Found", 403 "Forbidden" (the API without a session), 401
"Unauthorized" (a Host header not in its domain list, a cross-site request), the banned-IP
message (after failed sign-ins) are text/plain: left out."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "qbittorrent-nox"
USER = {"username": "admin", "password": "adminadmin"}  # 4.5's default Web UI user
CONFIG = """[LegalNotice]
Accepted=true

[BitTorrent]
Session\\DHTEnabled=false
Session\\LSDEnabled=false
Session\\PeXEnabled=false
Session\\Interface=lo
Session\\InterfaceName=lo

[Network]
PortForwardingEnabled=false

[Preferences]
Connection\\UPnP=false
General\\Locale=en
WebUI\\Address=127.0.0.1
WebUI\\Port={port}
WebUI\\LocalHostAuth=true
"""
# qBittorrent's locale -> the language recorded
LANGUAGE_NAMES = {
    "az@latin": "az-latn",
    "uz@Latn": "uz-latn",
    "hi_IN": "hi",
    "lv_LV": "lv",
    "mn_MN": "mn",
    "ms_MY": "ms",
}
# path -> (label, name, note, signed in?)
REQUESTS = {
    "/": ("soft_401", "signin", "the sign-in page a visitor gets at /", False),
    "/?signed-in": (
        "ok",
        "main",
        "the Web UI's main page signed in (its menus server-written, the torrent list drawn by"
        " script)",
        True,
    ),
}


def harvest(work: Path) -> list[Page]:
    apt_install("qbittorrent-nox")
    source = deb_version("qbittorrent-nox")
    shutil.rmtree(work, ignore_errors=True)
    port = free_port()
    config = work / "profile" / "qBittorrent" / "config" / "qBittorrent.conf"
    config.parent.mkdir(parents=True)
    config.write_text(CONFIG.format(port=port))
    command = ["qbittorrent-nox", f"--profile={work / 'profile'}"]
    environment = {"HOME": str(work), "PATH": "/usr/bin:/bin"}
    pages = []
    with running(command, port, work / "server.log", env=environment):
        base = f"http://127.0.0.1:{port}"
        cookie = _sign_in(base)
        status, _, body = fetch(base + "/views/preferences.html", headers={"Cookie": cookie})
        select = re.search(rb'(?s)<select id="locale_select">(.*?)</select>', body)
        if status != 200 or not select:
            raise RuntimeError(f"no language list in the preferences ({status})")
        locales = [value.decode() for value in re.findall(rb'value="([^"]+)"', select.group(1))]
        locales.remove("en")
        english: dict[str, str] = {}  # name -> the English page's text
        for locale in ["en", *locales]:
            _set_locale(base, cookie, locale)
            language = LANGUAGE_NAMES.get(locale, locale.lower().replace("_", "-"))
            for path, (label, name, note, signed_in) in REQUESTS.items():
                sent = path.removesuffix("?signed-in")
                headers = {"Cookie": cookie} if signed_in else {}
                status, answer, body = fetch(base + sent, headers=headers)
                if status != 200 or "html" not in answer.get("content-type", ""):
                    raise RuntimeError(f"{sent} ({locale}) answered {status}")
                if english.setdefault(name, _text(body)) == _text(body) and locale != "en":
                    continue  # not translated
                how = f"GET {sent} with the Web UI's locale preference {locale}"
                how += f" (signed in as {USER['username']})" if signed_in else " (not signed in)"
                pages.append(
                    Page(f"{name}.{language}.html", body, source, GROUP, how, language, label,
                         status, note)
                )  # fmt: skip
    return pages


def _sign_in(base: str) -> str:
    status, headers, body = _post(base + "/api/v2/auth/login", USER)
    cookie = headers.get("set-cookie", "")
    if status != 200 or body.strip() != b"Ok." or not cookie.startswith("SID="):
        raise RuntimeError(f"signing in answered {status} {body[:100]!r}")
    return cookie.split(";")[0]


def _set_locale(base: str, cookie: str, locale: str) -> None:
    fields = {"json": json.dumps({"locale": locale})}
    status, _, body = _post(base + "/api/v2/app/setPreferences", fields, cookie)
    if status != 200:
        raise RuntimeError(f"setting the locale {locale} answered {status} {body[:100]!r}")


def _post(url: str, fields: dict[str, str], cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    request.add_header("Referer", url.split("/api/")[0] + "/")  # its cross-site check
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            headers = {name.lower(): value for name, value in response.headers.items()}
            return response.status, headers, response.read()
    except urllib.error.HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return error.code, headers, error.read()


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
