"""Horde Groupware Webmail Edition with IMP (Debian php-horde-webmail, php-horde-imp) under
PHP's built-in server on 127.0.0.1: a private copy of Debian's /usr/share/horde in the work
folder, its configuration made from the applications' own conf.xml defaults (Horde_Config,
as Horde's installer writes them; the installer itself stops on PHP 8.2 in Horde_Form),
then SQLite (its tables made by Horde's migrations), authentication by IMP (`application`),
logging off, and IMP's IMAP server pointed at a private Dovecot (Debian dovecot-imapd, run
here on a free port with a passwd-file: one user per language, an empty inbox each).
The language: Accept-Language for a visitor (Horde picks it from the browser's list); a
user's language preference (horde_prefs) once signed in. Debian's locales-all gives PHP's
gettext the locales.

Pages: the sign-in page (asked for, after a wrong password: "Login failed because your
username or password was entered incorrectly."), in every language Horde lists whose text
differs from English's, and where a visitor is sent from the mail (/horde/imp/) in the
languages of the healthy pages; signed in (a user without administrator rights), in those
languages: the portal, the inbox (empty), the address book's search, tasks, notes,
IMP's preferences, help (ok); "Requested message not found." (a message that does not exist:
the inbox with that notice, 200), a note and a task list that do not exist ("A fatal error
has occurred / Not Found", "Share name ... not found", 500) (soft_404); the administration
pages: "A fatal error has occurred / Permission denied." (500, soft_403). A page is kept in
a language only where its text differs from English's, and once where two requests give the
same page.
Left out: a message (IMP's mailbox and message pages with a message in the inbox stop
with "A fatal error has occurred / Call to undefined function each()" on PHP 8.2: the inbox is
left empty); Horde has no page of its own for an unknown URL (PHP's built-in server answers
it); /horde/admin/ answers 200 with an empty body."""

from __future__ import annotations

import base64
import http.cookiejar
import re
import shutil
import sqlite3
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, free_port, running, wait_for_port

GROUP = "horde"
PACKAGES = (
    "php-cli",
    "php-sqlite3",
    "php-horde-webmail",
    "php-horde-imp",
    "dovecot-imapd",
    "locales-all",
)
HORDE = Path("/usr/share/horde")
APPLICATIONS = ("gollem", "imp", "ingo", "kronolith", "mnemo", "nag", "trean", "turba")
PASSWORD = "harvest-only-password-42"
# Horde's languages (config/nls.php) -> the language recorded
LANGUAGES = {
    "en_US": "en",
    "ar_SY": "ar",
    "bg_BG": "bg",
    "bs_BA": "bs",
    "ca_ES": "ca",
    "cs_CZ": "cs",
    "da_DK": "da",
    "de_DE": "de",
    "el_GR": "el",
    "es_ES": "es",
    "et_EE": "et",
    "eu_ES": "eu",
    "fa_IR": "fa",
    "fi_FI": "fi",
    "fr_FR": "fr",
    "gl_ES": "gl",
    "he_IL": "he",
    "hr_HR": "hr",
    "hu_HU": "hu",
    "id_ID": "id",
    "is_IS": "is",
    "it_IT": "it",
    "ja_JP": "ja",
    "km_KH": "km",
    "ko_KR": "ko",
    "lt_LT": "lt",
    "lv_LV": "lv",
    "mk_MK": "mk",
    "nb_NO": "nb",
    "nl_NL": "nl",
    "nn_NO": "nn",
    "pl_PL": "pl",
    "pt_BR": "pt-br",
    "pt_PT": "pt",
    "ro_RO": "ro",
    "ru_RU": "ru",
    "sk_SK": "sk",
    "sl_SI": "sl",
    "sv_SE": "sv",
    "tr_TR": "tr",
    "uk_UA": "uk",
    "zh_CN": "zh-cn",
    "zh_TW": "zh-tw",
}
HEALTHY_LANGUAGES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "ja_JP", "ru_RU", "zh_CN")
INBOX = "/horde/imp/basic.php?page=mailbox&mailbox=" + base64.urlsafe_b64encode(
    b"INBOX"
).decode().rstrip("=")
# (path, label, name, note), signed in
SIGNED_IN = (
    ("/horde/services/portal/", "ok", "portal", "the portal, signed in"),
    (INBOX, "ok", "inbox", "the inbox (empty)"),
    ("/horde/turba/", "ok", "addressbook", "the address book's search"),
    ("/horde/nag/", "ok", "tasks", "the task list (empty)"),
    ("/horde/mnemo/", "ok", "notes", "the notes (empty)"),
    ("/horde/services/prefs.php?app=imp", "ok", "mail-preferences", "IMP's preferences"),
    ("/horde/services/help/?module=imp", "ok", "help", "IMP's help"),
    (
        INBOX.replace("mailbox", "message", 1) + "&buid=999",
        "soft_404",
        "no-such-message",
        "a message that does not exist: the inbox with 'Requested message not found.' (200)",
    ),
    (
        "/horde/mnemo/view.php?memo=nosuch&memolist=nosuch",
        "soft_404",
        "no-such-note",
        "a note that does not exist: 'A fatal error has occurred / Not Found' (500)",
    ),
    (
        "/horde/nag/view.php?task=nosuch&tasklist=nosuch",
        "soft_404",
        "no-such-tasklist",
        "a task list that does not exist: 'Share name nosuch not found' (500)",
    ),
    (
        "/horde/admin/config/",
        "soft_403",
        "admin-denied",
        "the configuration admin page for a user without administrator rights:"
        " 'Permission denied.' (500)",
    ),
    (
        "/horde/admin/user.php",
        "soft_403",
        "admin-users-denied",
        "the user admin page for a user without administrator rights (500)",
    ),
)
CONFIG = """
$conf['sql']['phptype'] = 'sqlite';
$conf['sql']['database'] = '{work}/horde.db';
$conf['sql']['mode'] = '0640';
$conf['sql']['charset'] = 'utf-8';
$conf['sql']['split'] = false;
$conf['auth']['driver'] = 'application';
$conf['auth']['params']['app'] = 'imp';
$conf['auth']['admins'] = array();
$conf['log']['enabled'] = false;
$conf['testdisable'] = true;
$conf['use_ssl'] = 0;
$conf['server']['name'] = $_SERVER['SERVER_NAME'];
$conf['cookie']['domain'] = '';
$conf['cookie']['path'] = '/';
$conf['cache']['params']['dir'] = '{work}/tmp';
$conf['tmpdir'] = '{work}/tmp';
"""
BACKEND = """<?php
$servers['imap']['hostspec'] = '127.0.0.1';
$servers['imap']['port'] = {port};
$servers['imap']['secure'] = false;
"""
SETUP = r"""<?php
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
require_once $argv[1] . '/lib/Application.php';
Horde_Registry::appInit('horde', array('cli' => true, 'nocompress' => true,
                                       'authentication' => 'none'));
if ($argv[2] === 'config') {
    foreach (array_slice($argv, 3) as $app) {
        $config = new Horde_Config($app);
        if (!$config->writePHPConfig(new Horde_Variables())) {
            fwrite(STDERR, "cannot write the configuration of $app\n");
            exit(1);
        }
    }
    exit(0);
}
$migration = new Horde_Core_Db_Migration(null, null);
for ($i = 0; $i < 2; $i++) {  // twice, as Horde's installer does (dependencies)
    $error = null;
    foreach ($migration->apps as $app) {
        $migrator = $migration->getMigrator($app);
        if ($migrator->getTargetVersion() <= $migrator->getCurrentVersion()) {
            continue;
        }
        try {
            $migrator->up();
        } catch (Exception $error) {
            if ($i) {
                throw $error;
            }
        }
    }
    if (!$error) {
        break;
    }
}
"""
DOVECOT = """protocols = imap
listen = 127.0.0.1
base_dir = {mail}/run
state_dir = {mail}/run
log_path = {mail}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{mail}/mail/%u
first_valid_uid = 65534
default_internal_user = nobody
default_login_user = nobody
default_internal_group = nogroup
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {mail}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={mail}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def harvest(work: Path) -> list[Page]:
    apt_install(*PACKAGES)
    source = f"{deb_version('php-horde-webmail')}, {deb_version('php-horde-imp')}"
    source += f", {deb_version('dovecot-imapd')}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "tmp").mkdir(parents=True)
    horde = _copy_horde(work)
    users = {locale: f"user-{language}" for locale, language in LANGUAGES.items()}
    # Dovecot's processes run as nobody: its folder is one nobody may reach
    mail = Path(tempfile.mkdtemp(prefix="gatewatch-horde-mail-"))
    try:
        mail.chmod(0o755)
        imap_port = free_port()
        _configure(work, horde, imap_port)
        _mailboxes(mail, users.values(), imap_port)
        _preferences(work / "horde.db", users)
        dovecot = ["/usr/sbin/dovecot", "-F", "-c", str(mail / "dovecot.conf")]
        port = free_port()
        php = ["php", "-S", f"127.0.0.1:{port}", "-t", str(work / "www")]
        with (
            running(dovecot, imap_port, work / "dovecot.log"),
            running(php, port, work / "php.log", cwd=work, env={"PATH": "/usr/bin:/bin"}),
        ):
            wait_for_port(port)
            return _pages(f"http://127.0.0.1:{port}", users, source)
    finally:
        shutil.rmtree(mail, ignore_errors=True)


def _copy_horde(work: Path) -> Path:
    """Debian's Horde, its configuration folders copied (not the links into /etc/horde)."""
    horde = work / "www" / "horde"
    shutil.copytree(HORDE, horde, symlinks=True)
    for config in [horde / "config", *(horde / name / "config" for name in APPLICATIONS)]:
        if config.is_symlink():
            target = config.resolve()
            config.unlink()
            shutil.copytree(target, config, symlinks=True)
    (horde / "static").unlink()  # a link to /var/cache/horde/static
    (work / "static").mkdir()
    (horde / "static").symlink_to(work / "static")
    return horde


def _configure(work: Path, horde: Path, imap_port: int) -> None:
    """conf.php of Horde and its applications from their conf.xml; SQLite; the IMAP server."""
    shutil.copy(horde / "config/conf.php.dist", horde / "config/conf.php")
    script = work / "setup.php"
    script.write_text(SETUP)
    php = ["php", str(script), str(horde)]
    # Horde and IMP first: the other applications' configurations load (and fail) at start
    # unless Horde's own is complete
    subprocess.run([*php, "config", "horde", "imp"], check=True, capture_output=True)
    with (horde / "config/conf.php").open("a") as conf:
        conf.write(CONFIG.format(work=work))
    (horde / "imp/config/backends.local.php").write_text(BACKEND.format(port=imap_port))
    subprocess.run([*php, "migrate"], check=True, capture_output=True)
    others = [name for name in APPLICATIONS if name != "imp"]
    subprocess.run([*php, "config", *others], check=True, capture_output=True)


def _mailboxes(mail: Path, users, imap_port: int) -> None:
    (mail / "run").mkdir()
    (mail / "dovecot.conf").write_text(DOVECOT.format(mail=mail, port=imap_port))
    (mail / "users").write_text("".join(f"{user}:{{PLAIN}}{PASSWORD}\n" for user in users))
    for user in users:
        for folder in ("cur", "new", "tmp"):
            (mail / "mail" / user / folder).mkdir(parents=True)
    subprocess.run(["chown", "-R", "nobody:nogroup", str(mail / "mail")], check=True)


def _preferences(database: Path, users: dict[str, str]) -> None:
    """Each user's language (Horde's language preference)."""
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO horde_prefs (pref_uid, pref_scope, pref_name, pref_value)"
            " VALUES (?, 'horde', 'language', ?)",
            [(user, locale.encode()) for locale, user in users.items()],
        )


def _pages(base: str, users: dict[str, str], source: str) -> list[Page]:
    found = _Found(source)
    for locale, language in LANGUAGES.items():
        found.kept = set()
        found.language = language
        accept = locale.replace("_", "-")
        visitor = _session(accept)
        status, url, body = _get(visitor, base + "/horde/login.php")
        found.keep("login", body, status, "soft_401", f"GET /horde/login.php (Accept-Language: "
                   f"{accept})", "the sign-in page")  # fmt: skip
        status, url, body = _sign_in(visitor, base, users[locale], "not-the-password")
        found.keep("login-failed", body, status, "soft_401", "POST /horde/login.php with a "
                   f"wrong password (Accept-Language: {accept})",
                   "the sign-in page after a wrong password")  # fmt: skip
        if locale not in HEALTHY_LANGUAGES:
            continue
        status, url, body = _get(_session(accept), base + "/horde/imp/")
        found.keep("login-from-mail", body, status, "soft_401",
                   f"GET /horde/imp/ (not signed in, Accept-Language: {accept}); redirected "
                   f"to {url.removeprefix(base).split('?')[0]}",
                   "a visitor opens the mail: sent to the sign-in page")  # fmt: skip
        user = _session(accept)
        status, url, body = _sign_in(user, base, users[locale], PASSWORD)
        if "/login.php" in url:
            raise RuntimeError(f"{users[locale]} could not sign in ({status} {url})")
        for path, label, name, note in SIGNED_IN:
            status, url, body = _get(user, base + path)
            if label == "ok" and (status != 200 or b"Fatal Error" in body):
                raise RuntimeError(f"{path} ({locale}) answered {status}: an error page")
            how = f"GET {path} (signed in, a user without administrator rights, language "
            how += f"{locale})"
            found.keep(name, body, status, label, how, note)
    return found.pages


class _Found:
    """The pages kept: in a language only where the text differs from the English page's,
    and once where two requests of one language give the same page."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pages: list[Page] = []
        self.english: dict[str, str] = {}
        self.kept: set[bytes] = set()
        self.language = "en"

    def keep(self, name: str, body: bytes, status: int, label: str, how: str, note: str):
        text = _text(body)
        if self.english.setdefault(name, text) == text and self.language != "en":
            return  # not translated
        if body in self.kept:
            return  # the same page as another request's in this language
        self.kept.add(body)
        self.pages.append(Page(f"{name}.{self.language}.html", body, self.source, GROUP, how,
                               self.language, label, status, note))  # fmt: skip


def _session(language: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    opener.addheaders = [
        ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) gatewatch-harvest"),
        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("Accept-Language", language),
    ]
    return opener


def _get(
    opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None
) -> tuple[int, str, bytes]:
    """(status, the URL answered after redirects, body); HTML only."""
    try:
        with opener.open(urllib.request.Request(url, data), timeout=120) as response:
            status, final, kind, body = (
                response.status, response.geturl(), response.headers.get("Content-Type", ""),
                response.read(),
            )  # fmt: skip
    except urllib.error.HTTPError as error:
        status, final, kind, body = (
            error.code, error.geturl(), error.headers.get("Content-Type", ""), error.read()
        )  # fmt: skip
    if "html" not in kind or not body.strip():
        raise RuntimeError(f"{url} answered {status} {kind} with no page")
    return status, final, body


def _sign_in(
    opener: urllib.request.OpenerDirector, base: str, user: str, password: str
) -> tuple[int, str, bytes]:
    """The sign-in form posted as its page posts it (view: basic)."""
    _get(opener, base + "/horde/login.php")
    fields = {
        "app": "",
        "login_post": "1",
        "url": "",
        "anchor_string": "",
        "horde_user": user,
        "horde_pass": password,
        "horde_select_view": "basic",
        "login_button": "Log in",
    }
    return _get(opener, base + "/horde/login.php", urllib.parse.urlencode(fields).encode())


def _text(body: bytes) -> str:
    """What a reader sees of a page (and its title): no tags, scripts or styles."""
    text = re.sub(rb"(?s)<(script|style)\b.*?</\1>|<[^>]+>", b" ", body)
    return " ".join(text.decode("utf-8", "replace").split())
