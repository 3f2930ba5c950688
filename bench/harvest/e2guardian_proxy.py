"""e2guardian (Debian), a filtering web proxy, on 127.0.0.1: Debian's configuration copied
into the work folder (its paths, address, port, log folder, workers and language changed), a few
entries added to its lists, and a small site of our own on 127.0.0.1 for it to filter.

Pages: its block page ("Access Denied ... a website which has been deemed inappropriate",
soft_403) for each kind of block the lists give: a banned URL, site, site IP, URL pattern,
file extension, MIME type, user agent, phrase and phrase combination in a page's content,
and a banned client address ("Your IP address is not allowed to web browse"); its
network-error page for a host that does not exist ("The site requested does not exist",
soft_404). Both in every language it ships (`language = ...`, one run each), kept only
where the text differs from the English one. Left out: the small site's own pages passed
through unchanged (our HTML, not e2guardian's), and the network-error page for a site that
does not answer ("The site requested is not responding": a gateway error, none of our labels)."""

from __future__ import annotations

import http.client
import shutil
from pathlib import Path

from bench.harvest import web_session
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.web_session import Keeper

GROUP = "e2guardian"
PROXY_PORT, SITE_PORT, SILENT_PORT = 18510, 18511, 18512
LANGUAGES = Path("/usr/share/e2guardian/languages")
# e2guardian's language folder -> (language tag, suffix of the page's name)
TAGS = {
    "ukenglish": ("en", ""),
    "arspanish": ("es-ar", ""),
    "bulgarian": ("bg", ""),
    "chinesebig5": ("zh-tw", ""),
    "chinesegb2312": ("zh-cn", ""),
    "czech": ("cs", ""),
    "danish": ("da", ""),
    "dutch": ("nl", ""),
    "french": ("fr", ""),
    "german": ("de", ""),
    "hebrew": ("he", ""),
    "hungarian": ("hu", ""),
    "indonesian": ("id", ""),
    "italian": ("it", ""),
    "japanese": ("ja", ""),
    "lithuanian": ("lt", ""),
    "malay": ("ms", ""),
    "mxspanish": ("es-mx", ""),
    "polish": ("pl", ""),
    "portuguese": ("pt", ""),
    "ptbrazilian": ("pt-br", ""),
    "russian-1251": ("ru", ""),
    "russian-koi8-r": ("ru", "-koi8-r"),  # its own template, in KOI8-R
    "slovak": ("sk", ""),
    "spanish": ("es", ""),
    "swedish": ("sv", ""),
    "turkish": ("tr", ""),
}
SITE = f"http://127.0.0.1:{SITE_PORT}"
BANNED_AGENT = "HarbourGrabber/2.0"
BANNED_CLIENT = "127.0.0.2"  # a client address of bannediplist (the harvest binds to it)
# list file -> the lines added to it
LISTS = {
    "bannediplist": [BANNED_CLIENT],
    "bannedurllist": [f"127.0.0.1:{SITE_PORT}/private"],
    "bannedsitelist": ["blocked.example.org"],
    "bannedsiteiplist": ["127.0.0.2"],
    "bannedregexpurllist": ["(smuggl)"],
    "bannedregexpuseragentlist": ["(HarbourGrabber)"],
    "bannedphraselist": ["<harbour contraband>", "<smuggled>,<moonshine>"],
}
PAGES = {
    "notice.html": "Harbour notice: no harbour contraband beyond this quay.",
    "cellar.html": "Smuggled goods found in the cellar: barrels of moonshine.",
}
# (URL, label, name, note, user agent or client address asking)
REQUESTS = (
    (f"{SITE}/private/", "soft_403", "banned-url", "a URL of bannedurllist", ""),
    ("http://blocked.example.org/", "soft_403", "banned-site", "a site of bannedsitelist", ""),
    (f"http://127.0.0.2:{SITE_PORT}/", "soft_403", "banned-site-ip", "an address of "
     "bannedsiteiplist", ""),
    (f"{SITE}/smuggling-routes.html", "soft_403", "banned-url-pattern", "a URL matching "
     "bannedregexpurllist", ""),
    (f"{SITE}/setup.exe", "soft_403", "banned-extension", "a file extension of "
     "bannedextensionlist (.exe)", ""),
    (f"{SITE}/jingle.mp3", "soft_403", "banned-mime-type", "a MIME type of "
     "bannedmimetypelist (audio/mpeg)", ""),
    (f"{SITE}/index.html", "soft_403", "banned-user-agent", "a user agent of "
     "bannedregexpuseragentlist", BANNED_AGENT),
    (f"{SITE}/notice.html", "soft_403", "banned-phrase", "a page holding a phrase of "
     "bannedphraselist", ""),
    (f"{SITE}/cellar.html", "soft_403", "banned-phrase-combination", "a page holding a "
     "combination of bannedphraselist", ""),
    (f"{SITE}/index.html", "soft_403", "banned-client", "a client address of bannediplist",
     BANNED_CLIENT),
    ("http://no-such-host.invalid/", "soft_404", "no-such-host", "a host name that does not "
     "resolve: 'The site requested does not exist'", ""),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("e2guardian")
    shutil.rmtree(work, ignore_errors=True)
    site = web_session.write_site(work / "site")
    (site / "private").mkdir()
    (site / "private/index.html").write_text((site / "index.html").read_text())
    (site / "jingle.mp3").write_bytes(b"ID3" + bytes(64))
    for name, words in PAGES.items():
        (site / name).write_text(f"<html><body><h1>Notice</h1><p>{words}</p></body></html>")
    keeper = Keeper(GROUP, deb_version("e2guardian"))
    with web_session.serving(site, SITE_PORT):
        for folder, (language, suffix) in TAGS.items():
            config = _configure(work / "conf", work / "log", folder)
            command = ["e2guardian", "-N", "-c", str(config)]
            with running(command, PROXY_PORT, work / f"e2guardian-{folder}.log"):
                for url, label, name, note, who in REQUESTS:
                    status, kind, body = _through_proxy(url, who)
                    how = f"GET {url} through the proxy (language = '{folder}'"
                    if who:
                        how += f", from {who}" if who == BANNED_CLIENT else f", User-Agent: {who}"
                    how += ")"
                    keeper.keep(name + suffix, body, status, label, language, how, note, kind)
    return keeper.pages


def _configure(conf: Path, log: Path, language: str) -> Path:
    """Debian's configuration in `conf`, for the proxy's port and `language`."""
    if not conf.exists():
        shutil.copytree("/etc/e2guardian", conf)
        for file in conf.rglob("*"):
            if file.is_file() and b"/etc/e2guardian" in file.read_bytes():
                file.write_bytes(file.read_bytes().replace(b"/etc/e2guardian", str(conf).encode()))
        for name, lines in LISTS.items():
            with (conf / "lists" / name).open("a") as handle:
                handle.write("\n" + "\n".join(lines) + "\n")
        log.mkdir(parents=True, exist_ok=True)
        shutil.chown(log, "e2guardian")
    settings = {
        "language": f"'{language}'",
        "filterip": "127.0.0.1",
        "filterports": str(PROXY_PORT),
        "nodaemon": "on",
        "httpworkers": "20",
        "pidfilename": f"'{log}/e2guardian.pid'",
        "loglocation": f"'{log}/access.log'",
    }
    lines = []
    for line in (Path("/etc/e2guardian/e2guardian.conf").read_text()).splitlines():
        key = line.lstrip("#").split("=")[0].strip()
        if key in settings and "=" in line and not line.startswith("# "):
            line = f"{key} = {settings.pop(key)}"
        lines.append(line.replace("/etc/e2guardian", str(conf)))
    lines += [f"{key} = {value}" for key, value in settings.items()]
    config = conf / "e2guardian.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


def _through_proxy(url: str, who: str = "") -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET of an absolute URL through the proxy, from
    the banned client's address or with a user agent when `who` says so."""
    source = (BANNED_CLIENT, 0) if who == BANNED_CLIENT else None
    connection = http.client.HTTPConnection(
        "127.0.0.1", PROXY_PORT, timeout=60, source_address=source
    )
    agent = who if who == BANNED_AGENT else "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "User-Agent": agent}
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()
