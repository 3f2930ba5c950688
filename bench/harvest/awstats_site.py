"""Debian awstats (AWStats 7.8): Debian's awstats.pl as a CGI under an apache2 of our own, its
configuration files in a folder of ours (Debian's awstats.conf copied, then our settings),
which the CGI reads through its configdir parameter (allowed by AWSTATS_ENABLE_CONFIG_DIR, as
AWStats documents); AWStats then looks for a configuration in that folder only (Debian's
/etc/awstats/awstats.conf, its fallback for any name, is not read). Three sites, their
statistics built by `awstats.pl -update` from a log of this month written here: "site"
(public), "members" (AllowAccessFromWebToAuthenticatedUsersOnly, only admin in
AllowAccessFromWebToFollowingAuthenticatedUsers; served under /private/, behind Basic
authentication, and under /cgi-bin/ without it) and "office" (statistics for addresses of
10.0.0.0/24 only, AllowAccessFromWebToFollowingIPAddresses). The language: AWStats' lang
parameter (which the CGI takes before its Lang setting and Accept-Language), each of the 47
message files Debian ships.

Pages, in each language whose text differs from English's: "Couldn't open config file ..."
for a site that has no configuration (soft_404); "Access to statistics is only allowed from
an authenticated session to authenticated users." for the members' statistics without
credentials (soft_401); "User 'bob' is not allowed to access statistics of this
domain/config." for bob, signed in, "Access to statistics is not allowed from your IP
Address 127.0.0.1" for the office's, "Update of statistics has not been allowed from a
browser" and "Full year view has not been allowed from a browser" (Debian's settings refuse
both from the CGI) (soft_403); healthy pages: the main report, and the reports on days,
domains, hosts, last visitors, pages, entry and exit pages, operating systems, browsers,
referring pages, search keyphrases, robots, the 404 errors' URLs, and the members' main report
for admin (ok; the main report in every language, the others in en, de, fr, es, ja, ru, zh-cn
and pt-br). AWStats' error messages are English in every language: only the title of the
page is translated, so an error page is kept in another language only where its body's text
differs from English's (none does).

Left out: Apache's own 401 page for /private/ without credentials (Apache's default page,
not AWStats': the tune group apache2 holds it); a month without statistics (a report of
zeros, nothing said); the frameset AWStats serves when UseFramesWhenCGI is on (no text: our
configuration turns frames off, so the main report is one page)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.kept_pages import Kept, text

GROUP = "awstats"
SCRIPT = Path("/usr/lib/cgi-bin/awstats.pl")
USERS = {"admin": "harvest-only-admin", "bob": "harvest-only-bob"}
# AWStats' message file code -> the language recorded
LANGUAGES = {
    "en": "en", "al": "sq", "ar": "ar", "ba": "bs", "be": "be", "bg": "bg", "br": "pt-br",
    "bzg": "br", "ca": "ca", "cn": "zh-cn", "cy": "cy", "cz": "cs", "de": "de", "dk": "da",
    "es": "es", "et": "et", "eu": "eu", "fi": "fi", "fr": "fr", "gl": "gl", "gr": "el",
    "he": "he", "hr": "hr", "hu": "hu", "id": "id", "is": "is", "it": "it", "jp": "ja",
    "ko": "ko", "lt": "lt", "lv": "lv", "mk": "mk", "nb": "nb", "nl": "nl", "nn": "nn",
    "pl": "pl", "pt": "pt", "ro": "ro", "ru": "ru", "se": "sv", "si": "sl", "sk": "sk",
    "sr": "sr", "th": "th", "tr": "tr", "tw": "zh-tw", "ua": "uk",
}  # fmt: skip
# the healthy report pages beyond the main one, asked in these languages only
REPORT_LANGUAGES = ("en", "de", "fr", "es", "jp", "ru", "cn", "br")
SETTINGS = """
LogFile="{work}/access.log"
LogFormat=1
SiteDomain="www.example.org"
HostAliases="example.org localhost 127.0.0.1"
DNSLookup=0
DirData="{work}/data"
DirIcons="/awstats-icon"
UseFramesWhenCGI=0
"""
SITES = {
    "site": "",
    "members": "AllowAccessFromWebToAuthenticatedUsersOnly=1\n"
    'AllowAccessFromWebToFollowingAuthenticatedUsers="admin"\n',
    "office": 'AllowAccessFromWebToFollowingIPAddresses="10.0.0.1-10.0.0.255"\n',
}
APACHE = """Alias /awstats-icon/ /usr/share/awstats/icon/
<Directory /usr/share/awstats/icon>
    Require all granted
</Directory>
ScriptAlias /cgi-bin/awstats.pl {script}
ScriptAlias /private/awstats.pl {script}
SetEnv AWSTATS_ENABLE_CONFIG_DIR {work}/conf
<Location /cgi-bin/>
    Require all granted
</Location>
<Location /private/>
    AuthType Basic
    AuthName "Statistics"
    AuthUserFile {work}/htpasswd
    Require valid-user
</Location>
"""
# the log: (address, path, status, referrer, user agent)
VISITS = (
    ("192.0.2.10", "/", 200, "https://www.google.com/search?q=example+widgets", "Firefox"),
    ("192.0.2.10", "/products.html", 200, "https://www.example.org/", "Firefox"),
    ("192.0.2.11", "/about.html", 200, "https://duckduckgo.com/?q=example+org+about", "Chrome"),
    ("192.0.2.12", "/old-page.html", 404, "https://blog.example.net/links.html", "Chrome"),
    ("192.0.2.13", "/contact.html", 200, "-", "Safari"),
    ("198.51.100.7", "/robots.txt", 200, "-", "Googlebot"),
    ("198.51.100.7", "/products.html", 200, "-", "Googlebot"),
    ("203.0.113.5", "/", 200, "https://www.bing.com/search?q=widgets", "Edge"),
    ("203.0.113.5", "/missing.png", 404, "https://www.example.org/", "Edge"),
    ("203.0.113.9", "/products/widget-1.html", 200, "https://www.example.org/products.html",
     "Firefox"),
)  # fmt: skip
AGENTS = {
    "Firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36",
    "Safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like"
    " Gecko) Version/17.5 Safari/605.1.15",
    "Edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
}
# output= -> (name, note) of the report pages
REPORTS = {
    "alldays": ("days", "the report by day"),
    "alldomains": ("domains", "the visitors' domains"),
    "allhosts": ("hosts", "the visitors' hosts"),
    "lasthosts": ("last-visitors", "the last visitors"),
    "urldetail": ("pages", "the pages viewed"),
    "urlentry": ("entry-pages", "the entry pages"),
    "urlexit": ("exit-pages", "the exit pages"),
    "osdetail": ("operating-systems", "the operating systems"),
    "browserdetail": ("browsers", "the browsers"),
    "refererpages": ("referring-pages", "the referring pages"),
    "keyphrases": ("keyphrases", "the search keyphrases"),
    "allrobots": ("robots", "the robots"),
    "errors404": ("errors-404", "the URLs answered with 404 (a healthy report)"),
}
# (path, query, user, label, name, note): asked in the REPORT_LANGUAGES
REPORT_REQUESTS = (
    *(("/cgi-bin/", f"config=site&output={output}", None, "ok", name, note)
      for output, (name, note) in REPORTS.items()),
    ("/private/", "config=members", "admin", "ok", "members-main",
     "the members' main report, for admin"),
)  # fmt: skip
# (path, query, user, label, name, note): asked in every language
REQUESTS = (
    ("/cgi-bin/", "config=site", None, "ok", "main", "the main report"),
    ("/cgi-bin/", "config=nosuch-site", None, "soft_404", "unknown-site",
     "a site without configuration: 'Couldn't open config file ...'"),
    ("/cgi-bin/", "config=members", None, "soft_401", "members-signed-out",
     "'Access to statistics is only allowed from an authenticated session to authenticated"
     " users.'"),
    ("/private/", "config=members", "bob", "soft_403", "members-refused",
     "bob, signed in: 'User 'bob' is not allowed to access statistics of this domain/config.'"),
    ("/cgi-bin/", "config=office", None, "soft_403", "office-refused",
     "'Access to statistics is not allowed from your IP Address 127.0.0.1'"),
    ("/cgi-bin/", "config=site&update=1", None, "soft_403", "update-refused",
     "'Update of statistics has not been allowed from a browser'"),
    ("/cgi-bin/", "config=site&month=all", None, "soft_403", "full-year-refused",
     "'Full year view has not been allowed from a browser'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("awstats", "apache2-bin")
    source = f"{deb_version('awstats')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    port = cgi_apache.port(0)
    config = cgi_apache.write_config(work, port, APACHE.format(work=work, script=SCRIPT))
    cgi_apache.write_passwords(work / "htpasswd", USERS)
    cgi_apache.open_to_www_data(work)
    found = Kept(GROUP, source)
    english_messages: dict[str, str] = {}
    environment = {"PATH": "/usr/sbin:/usr/bin:/bin"}
    with running(cgi_apache.command(config), port, work / "server.log", env=environment):
        base = f"http://127.0.0.1:{port}"
        for code, language in LANGUAGES.items():
            asked = REQUESTS + (REPORT_REQUESTS if code in REPORT_LANGUAGES else ())
            for path, query, user, label, name, note in asked:
                query = f"{query}&configdir={work}/conf&lang={code}"
                headers = cgi_apache.signed_in(user, USERS[user]) if user else {}
                url = f"{base}{path}awstats.pl?{query}"
                status, answer, body = fetch(url, headers=headers)
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
                if label != "ok":
                    message = _message(body)
                    if code == "en":
                        english_messages[name] = message
                    elif english_messages.get(name) == message:
                        continue  # the message is English: only the title is translated
                how = f"GET {path}awstats.pl?{query}"
                if user:
                    how += f" (Basic authentication as {user})"
                found.keep(name, language, body, status, answer.get("content-type", ""),
                           label, how, note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _message(body: bytes) -> str:
    """What an error page says: the text of its body (the head's title is translated)."""
    return text(re.sub(rb"(?s)^.*?<body", b"<body", body))


def _configure(work: Path) -> None:
    (work / "conf").mkdir(parents=True)
    (work / "data").mkdir()
    (work / "access.log").write_text(_log(time.time()))
    debian = Path("/etc/awstats/awstats.conf").read_text()
    for site, extra in SITES.items():
        path = work / "conf" / f"awstats.{site}.conf"
        path.write_text(debian + SETTINGS.format(work=work) + extra)
        subprocess.run(
            ["perl", str(SCRIPT), f"-config={site}", f"-configdir={work}/conf", "-update"],
            check=True,
            capture_output=True,
        )


def _log(now: float) -> str:
    """A combined-format log of this month: the visits, from the month's first day on."""
    first = time.gmtime(now)
    start = time.mktime((first.tm_year, first.tm_mon, 1, 8, 0, 0, 0, 0, -1))
    step = max(60.0, (now - start) / (3 * len(VISITS) + 1))
    lines, moment = [], start
    for _ in range(3):
        for address, path, status, referrer, agent in VISITS:
            moment += step
            stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(moment))
            size = 512 if status == 404 else 4096
            lines.append(
                f'{address} - - [{stamp}] "GET {path} HTTP/1.1" {status} {size}'
                f' "{referrer}" "{AGENTS[agent]}"'
            )
    return "\n".join(lines) + "\n"
