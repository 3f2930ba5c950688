"""Debian sympa 6.2 (a mailing-list manager, Perl): its web interface, wwsympa.fcgi, under a
lighttpd of our own (FastCGI, run as the sympa user, on a free port of 127.0.0.1), with a
sympa.conf of our own (SYMPA_CONFIG: the domain lists.example.org, SQLite, list data and
spools in a folder of its own, mail sent nowhere: `sendmail /bin/true`, no aliases). Three
lists made by `sympa create` from Sympa's own templates (news: news-letter; team:
private_working_group; garden: discussion_list), alice (owner of the three, member of team)
and bob (member of garden) added by `sympa add`, their passwords set by Sympa::User. Every
request names the host lists.example.org; the language is asked by Accept-Language, in each
of the 26 languages Sympa supports by default (supported_lang).

Pages: "List 'nosuchlist' does not exist." (a list that does not exist, a visitor), "Unknown
action" (an unknown action, a visitor), "E-mail address ... was not found in list garden."
(the owner editing a member who does not exist) (soft_404); the sign-in page (asked for),
"You need to login" above the sign-in form (a list's admin page, a visitor), "Authorization
rejected. Maybe you forgot to log in?" (a private list's members, a visitor) (soft_401);
"Authorization rejected." for bob, signed in, on the private list's members (soft_403); the
home page, the list index, a list's info page, the help page, and signed in the home page and
the owner's view of a list's members (healthy, in eight languages). A page is kept in a
language only where its text differs from the English page's; all pages are served with
200."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

GROUP = "sympa"
DOMAIN = "lists.example.org"
PASSWORD = "harvest-Pass-42"
# Sympa's default supported_lang (Accept-Language) -> the language recorded
LANGUAGES = {
    code: code.lower()
    for code in (
        *("en-US", "ca", "cs", "de", "el", "es", "et", "eu", "fi", "fr", "gl", "hu", "it"),
        *("ja", "ko", "nb", "nl", "oc", "pl", "pt-BR", "ru", "sv", "tr", "vi", "zh-CN", "zh-TW"),
    )
}
LANGUAGES["en-US"] = "en"
HEALTHY_LANGUAGES = ("en-US", "de", "es", "fr", "it", "ja", "ru", "zh-CN")
CONFIG = """domain\t{domain}
listmaster\tlistmaster@{domain}
db_type\tSQLite
db_name\t{home}/sympa.sqlite
home\t{home}/list_data
spool\t{home}/spool
lang\ten-US
wwsympa_url\thttp://{domain}/wws
static_content_path\t/usr/share/sympa/static_content
css_path\t/var/lib/sympa/css
css_url\t/css-sympa
pictures_path\t/var/lib/sympa/pictures
pictures_url\t/pictures-sympa
sendmail\t/bin/true
sendmail_aliases\tnone
cookie\tharvest-cookie-secret
"""
LIGHTTPD = """server.modules = ("mod_fastcgi")
server.document-root = "{home}/www"
server.bind = "127.0.0.1"
server.port = {port}
server.username = "sympa"
server.groupname = "sympa"
server.errorlog = "{home}/lighttpd-error.log"
fastcgi.server = ("/wws" => ((
  "socket" => "{home}/wwsympa.socket",
  "bin-path" => "/usr/lib/cgi-bin/sympa/wwsympa.fcgi",
  "bin-environment" => ("SYMPA_CONFIG" => "{home}/sympa.conf"),
  "check-local" => "disable",
  "max-procs" => 1,
)))
"""
# list -> (create_list_template, subject, description)
LISTS = {
    "news": ("news-letter", "Orchard Notes announcements", "Pruning days and workshops."),
    "team": ("private_working_group", "Orchard Notes working group", "The orchard team."),
    "garden": ("discussion_list", "Orchard Notes garden talk", "Talk about cold gardens."),
}
MEMBERS = {"team": "alice@example.org", "garden": "bob@example.org"}
SET_PASSWORDS = """use lib '/usr/share/sympa/lib'; use Conf; use Sympa::User;
Conf::load($ENV{SYMPA_CONFIG}) or die "no configuration";
for my $email (@ARGV) {
    Sympa::User::update_global_user($email, {password => $ENV{HARVEST_PASSWORD}})
        or die "could not set the password of $email";
}
"""
# path -> (label, name, note, who: None for a visitor, or the user signed in)
ERRORS = {
    "/wws/review/nosuchlist": (
        "soft_404",
        "unknown-list",
        "a list that does not exist (its members, a visitor)",
        None,
    ),
    "/wws/nosuchaction": ("soft_404", "unknown-action", "an unknown action (a visitor)", None),
    "/wws?action=editsubscriber&list=garden&email=nobody%40example.org": (
        "soft_404",
        "unknown-member",
        "the list owner editing a member who does not exist (signed in)",
        "alice@example.org",
    ),
    "/wws/login": ("soft_401", "login", "the sign-in page, asked for", None),
    "/wws/admin/garden": (
        "soft_401",
        "need-login",
        "a list's admin page (a visitor): 'You need to login' above the sign-in form",
        None,
    ),
    "/wws/review/team": (
        "soft_401",
        "rejected-visitor",
        "a private list's members (a visitor): 'Maybe you forgot to log in?'",
        None,
    ),
    "/wws/review/team#bob": (
        "soft_403",
        "rejected",
        "a private list's members, bob signed in and no member of it",
        "bob@example.org",
    ),
}
HEALTHY = {
    "/wws/home": ("ok", "home", "the home page (a visitor)", None),
    "/wws/lists": ("ok", "lists", "the list index", None),
    "/wws/info/news": ("ok", "info", "a list's info page", None),
    "/wws/help/": ("ok", "help", "the help page", None),
    "/wws/home#alice": ("ok", "home-signed-in", "the home page, signed in", "alice@example.org"),
    "/wws/review/news": (
        "ok",
        "members",
        "the owner's view of a list's members (signed in)",
        "alice@example.org",
    ),
}


def harvest(work: Path) -> list[Page]:
    _install()
    source = f"{deb_version('sympa')} (wwsympa), {deb_version('lighttpd')}"
    # the sympa user must reach the folder: not under the (private) work folder
    home = Path(tempfile.mkdtemp(prefix="gatewatch-sympa-"))
    try:
        port = _prepare(home)
        work.mkdir(parents=True, exist_ok=True)
        command = ["lighttpd", "-D", "-f", str(home / "lighttpd.conf")]
        with running(command, port, work / "lighttpd.log"):
            return _pages(f"http://127.0.0.1:{port}", source)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _install() -> None:
    """Sympa's package asks its domain (from /etc/mailname, which may hold a bare host name
    Sympa then refuses) and its database: both answered before it is installed."""
    answers = (
        f"sympa sympa/hostname string {DOMAIN}\n"
        f"sympa sympa/listmaster string listmaster@{DOMAIN}\n"
        "sympa sympa/database-type select sqlite3\n"
        "sympa sympa/dbconfig-install boolean true\n"
    )
    subprocess.run(["debconf-set-selections"], input=answers, text=True, check=True)
    apt_install("sympa", "dbconfig-sqlite3", "lighttpd")


def _prepare(home: Path) -> int:
    home.chmod(0o755)
    port = free_port()
    for folder in ("list_data", "spool", "www"):
        (home / folder).mkdir()
    (home / "sympa.conf").write_text(CONFIG.format(domain=DOMAIN, home=home))
    (home / "lighttpd.conf").write_text(LIGHTTPD.format(home=home, port=port))
    for name, (template, subject, description) in LISTS.items():
        (home / f"{name}.xml").write_text(
            f'<?xml version="1.0" ?>\n<list><listname>{name}</listname><type>{template}</type>'
            f"<subject>{subject}</subject><description>{description}</description>"
            '<status>open</status><topic>art</topic><owner multiple="1">'
            "<email>alice@example.org</email></owner></list>\n"
        )
    subprocess.run(["chown", "-R", "sympa:sympa", str(home)], check=True)
    config = f"--config={home}/sympa.conf"
    _as_sympa(home, "/usr/lib/sympa/bin/sympa.pl", "--health_check")  # makes the tables
    for name in LISTS:
        _as_sympa(home, "sympa", "create", config, f"--input_file={home}/{name}.xml")
    for name, member in MEMBERS.items():
        _as_sympa(home, "sympa", "add", config, "--quiet", f"{name}@{DOMAIN}", stdin=member)
    _as_sympa(home, "perl", "-e", SET_PASSWORDS, "alice@example.org", "bob@example.org")
    return port


def _as_sympa(home: Path, *command: str, stdin: str = "") -> None:
    environment = {
        "PATH": "/usr/bin:/bin",
        "SYMPA_CONFIG": str(home / "sympa.conf"),
        "HARVEST_PASSWORD": PASSWORD,
    }
    subprocess.run(
        ["runuser", "-u", "sympa", "--", "env", *(f"{k}={v}" for k, v in environment.items()),
         *command],
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
        cwd=home,
    )  # fmt: skip


def _pages(base: str, source: str) -> list[Page]:
    pages, english = [], {}
    for code, language in LANGUAGES.items():
        wanted = dict(ERRORS, **(HEALTHY if code in HEALTHY_LANGUAGES else {}))
        sessions: dict[str, str] = {}
        for request, (label, name, note, who) in wanted.items():
            path = request.split("#")[0]
            headers = {"Host": DOMAIN}
            if who:
                if who not in sessions:
                    sessions[who] = _sign_in(base, who, code)
                headers["Cookie"] = sessions[who]
            status, answer, body = fetch(base + path, code, headers)
            if "html" not in answer.get("content-type", ""):
                continue
            text = _text(body)
            if english.setdefault(name, text) == text and code != "en-US":
                continue  # not translated
            obtained = f"GET {path} (Host: {DOMAIN}, Accept-Language: {code}"
            obtained += f", signed in as {who})" if who else ")"
            pages.append(
                Page(f"{name}.{language}.html", body, source, GROUP, obtained, language, label,
                     status, note)
            )  # fmt: skip
    return pages


def _sign_in(base: str, email: str, language: str) -> str:
    """The session cookie of `email`, signed in through the sign-in form."""
    _, headers, body = fetch(f"{base}/wws/login", language, {"Host": DOMAIN})
    cookie = headers["set-cookie"].split(";")[0]
    token = re.search(rb'name="csrftoken" value="([^"]+)"', body).group(1).decode()
    form = {"csrftoken": token, "action": "login", "email": email, "passwd": PASSWORD}
    request = urllib.request.Request(
        f"{base}/wws",
        data=urllib.parse.urlencode(dict(form, submit="submit")).encode(),
        headers={"Host": DOMAIN, "Cookie": cookie, "Accept-Language": language},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            renewed = response.headers.get("set-cookie")
    except urllib.error.HTTPError as redirect:  # 302 to the home page: signed in
        renewed = redirect.headers.get("set-cookie")
    return renewed.split(";")[0] if renewed else cookie


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *arguments, **keywords):
        return None


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
