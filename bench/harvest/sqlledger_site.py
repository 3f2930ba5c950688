"""Debian sql-ledger (SQL-Ledger 3.2.6, an accounting system, Perl CGI) under an apache2 of our
own (mod_cgi) on 127.0.0.1, at /sql-ledger/ as Debian's sql-ledger-httpd.conf puts it. Debian's
/usr/share/sql-ledger is copied into the work folder (its scripts chdir to their folder: the
path is rewritten to the copy's), with its own users, spool, templates and css folders and a
sql-ledger.conf of ours (Debian's, mail sent nowhere); nothing of /etc or /var/lib is written.
Set up in SQL-Ledger's own administration as its README says: the root password set, a dataset
`h2_sqlledger` (a PostgreSQL database, the Default chart and templates, UTF-8) whose
administrator is "admin@h2_sqlledger"; the database is dropped after the harvest. The language:
the installation's ($language in sql-ledger.conf: the sign-in and administration pages) and
the user's (countrycode in the members file, which SQL-Ledger copies into the user's
configuration at each sign-in), each of SQL-Ledger's UTF-8 language folders in turn.

Pages, in each language whose text differs from English's: the sign-in page, the
administration sign-in page, "Incorrect Password!" and "Incorrect Username!" after a wrong
sign-in, the administration's password prompt after a wrong root password, "Session expired!"
where a signed-in user's page is asked for without his session cookie, "You are logged out!"
where a page is asked for without a user (soft_401); "Reference Document does not exist!" for
a reference document that does not exist, and the blank forms SQL-Ledger draws for a customer,
a sales invoice, a sales order, an employee and an account whose id does not exist (no
message: the page of nothing) (soft_404); "Access denied!" where the sign-in script is asked
to run another script (soft_403); healthy pages: the frames, the menu, the about page, the
preferences and some screens of SQL-Ledger's menu (an AR transaction, a sales invoice, the AR
search, a customer, the customer search, an employee, a sales order, a GL transaction, the GL
search, the goods and services search, the chart of accounts, the balance sheet, the system
defaults, the list of accounts) (ok).

Left out: a time card without projects ("Error! No open Projects!"), the templates' pages
(asked with menu.ini's query as written, file=templates=/invoice.html, SQL-Ledger answered
"You are logged out!": its query parser splits on "="), an unknown script (apache2's own 404
page, not SQL-Ledger's), an unknown action (a Perl "Undefined subroutine" error), a path
outside bin/ ("Invalid path!", an error), the administration's pages after its sign-in (they
list the PostgreSQL databases of the machine). Healthy screens were chosen, not all of the
menu's 300: every page comes in 44 languages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, range_port, running
from bench.harvest.web_session import Keeper, Session

GROUP = "sql-ledger"
DATABASE = "h2_sqlledger"
PORTS = range(18650, 18700)  # this harvester's range (the machine is shared)
SHARE = Path("/usr/share/sql-ledger")
ROOT_PASSWORD = "harvest-root-42"
ADMIN = (f"admin@{DATABASE}", "harvest-admin-42")
MOZILLA = "bin/mozilla"
SIGNED = f"login={ADMIN[0]}&path={MOZILLA}"
APACHE = """Alias /sql-ledger/ {app}/
<Directory {app}>
    AddHandler cgi-script .pl
    Options ExecCGI FollowSymlinks
    DirectoryIndex index.html
    Require all granted
</Directory>
"""
CONFIG = """use vars qw($userspath $spool $memberfile $templates $sendmail $images $language
 $charset $sid $latex $gzip $dvipdf $pdftk $xelatex);
$userspath = "users";
$spool = "spool";
$templates = "templates";
$memberfile = "users/members";
$sendmail = "| /bin/true";
$images = "images";
$language = "{language}";
$charset = "UTF8";
$latex = 0;
$gzip = "gzip -S .gz";
$dvipdf = 0;
$pdftk = 0;
1;
"""
# SQL-Ledger's UTF-8 language folders -> the language recorded
LANGUAGES = {
    "": "en",
    "befr_utf": "fr-BE", "benl_utf": "nl-BE", "bg_utf": "bg", "br_utf": "pt-BR",
    "caen_utf": "en-CA", "cafr_utf": "fr-CA", "ch_utf": "de-CH", "cn_utf": "zh-CN",
    "co_utf": "es-CO", "ct_utf": "ca", "cz_utf": "cs", "de_utf": "de", "dk_utf": "da",
    "ec_utf": "es-EC", "ee_utf": "et", "eg_utf": "ar-EG", "enGB_utf": "en-GB", "es_utf": "es",
    "fi_utf": "fi", "fr_utf": "fr", "gr_utf": "el", "hu_utf": "hu", "id_utf": "id",
    "is_utf": "is", "it_utf": "it", "ja_utf": "ja", "lt_utf": "lt", "lv_utf": "lv",
    "mx_utf": "es-MX", "nb_utf": "nb", "nl_utf": "nl", "pa_utf": "es-PA", "pl_utf": "pl",
    "pt_utf": "pt", "py_utf": "es-PY", "ru_utf": "ru", "se_utf": "sv", "sk_utf": "sk",
    "sv_utf": "es-SV", "tr_utf": "tr", "tw_utf": "zh-TW", "ua_utf": "uk", "ve_utf": "es-VE",
}  # fmt: skip
# (script and query, label, name, note): the administrator's, signed in (his login and path
# are added to each, as SQL-Ledger's links carry them)
SIGNED_IN = (
    ("menu.pl?action=display&main=company_logo", "ok", "frames", "the frames after sign-in"),
    ("menu.pl?action=acc_menu", "ok", "menu", "the menu"),
    ("am.pl?action=company_logo", "ok", "about", "the about page"),
    ("am.pl?action=config", "ok", "preferences", "the preferences"),
    ("ar.pl?action=add&type=transaction", "ok", "ar-transaction", "a new AR transaction"),
    ("is.pl?action=add&type=invoice", "ok", "sales-invoice", "a new sales invoice"),
    ("ar.pl?action=search&nextsub=transactions", "ok", "ar-search", "the AR transactions search"),
    ("ct.pl?action=add&db=customer", "ok", "add-customer", "a new customer"),
    ("ct.pl?action=search&db=customer", "ok", "customer-search", "the customer search"),
    ("hr.pl?action=add&db=employee", "ok", "add-employee", "a new employee"),
    ("oe.pl?action=add&type=sales_order", "ok", "sales-order", "a new sales order"),
    ("gl.pl?action=add", "ok", "gl-transaction", "a new GL transaction"),
    ("gl.pl?action=search", "ok", "gl-search", "the general ledger search"),
    ("ic.pl?action=search&searchitems=all", "ok", "items-search", "the goods and services search"),
    ("ca.pl?action=chart_of_accounts", "ok", "chart", "the chart of accounts"),
    ("rp.pl?action=report&reportcode=balance_sheet", "ok", "balance-sheet",
     "the balance sheet form"),
    ("am.pl?action=defaults", "ok", "defaults", "the system defaults"),
    ("am.pl?action=list_account", "ok", "accounts", "the list of accounts"),
    ("rd.pl?action=edit&id=9999", "soft_404", "no-such-document",
     "a reference document that does not exist: 'Reference Document does not exist!'"),
    ("ct.pl?action=edit&db=customer&id=9999", "soft_404", "no-such-customer",
     "a customer whose id does not exist: a blank 'Edit Customer' form (no message)"),
    ("is.pl?action=edit&type=invoice&id=9999", "soft_404", "no-such-invoice",
     "a sales invoice whose id does not exist: a blank 'Edit Sales Invoice' form (no message)"),
    ("oe.pl?action=edit&type=sales_order&id=9999", "soft_404", "no-such-order",
     "a sales order whose id does not exist: a blank 'Edit Sales Order' form (no message)"),
    ("hr.pl?action=edit&db=employee&id=9999", "soft_404", "no-such-employee",
     "an employee whose id does not exist: a blank 'Edit Employee' form (no message)"),
    ("am.pl?action=edit_account&id=9999", "soft_404", "no-such-account",
     "an account whose id does not exist: a blank 'Edit Account' form (no message)"),
)  # fmt: skip
# (path, form or None, label, name, note): a visitor's
VISITOR = (
    ("/login.pl", None, "soft_401", "sign-in", "the sign-in page, asked for"),
    ("/admin.pl", None, "soft_401", "admin-sign-in", "the administration's sign-in page"),
    ("/login.pl", {"action": "Login", "login": ADMIN[0], "password": "not-the-password",
                   "path": MOZILLA}, "soft_401", "wrong-password",
     "a sign-in with a wrong password: 'Incorrect Password!'"),
    ("/login.pl", {"action": "Login", "login": f"nobody@{DATABASE}", "password": "whatever",
                   "path": MOZILLA}, "soft_401", "unknown-user",
     "a sign-in with an unknown user: 'Incorrect Username!'"),
    ("/admin.pl", {"action": "Login", "password": "not-the-password", "path": MOZILLA},
     "soft_401", "admin-wrong-password",
     "the administration's sign-in with a wrong password: its password prompt again"),
    (f"/am.pl?action=company_logo&{SIGNED}", None, "soft_401", "session-expired",
     "a user's page asked for without his session cookie: 'Session expired!' and a password "
     "prompt"),
    (f"/ct.pl?action=search&db=customer&path={MOZILLA}", None, "soft_401", "logged-out",
     "a page asked for without a user: 'You are logged out!'"),
    ("/login.pl?script=ct.pl", None, "soft_403", "access-denied",
     "the sign-in script asked to run another script: 'Access denied!'"),
)  # fmt: skip
# dates and times of a request's moment
NOISE = re.compile(r"\d[\d.,:/ -]*\d|\d")


def harvest(work: Path) -> list[Page]:
    apt_install("sql-ledger", "apache2-bin", "libdbd-pg-perl")
    source = f"{deb_version('sql-ledger')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    app = _copy(work)
    port = range_port(PORTS, 1)
    config = cgi_apache.write_config(work, port, APACHE.format(app=app))
    cgi_apache.open_to_www_data(work)
    _chown(app)
    base = f"http://127.0.0.1:{port}/sql-ledger"
    _drop()
    try:
        with running(cgi_apache.command(config), port, work / "server.log"):
            _setup(base)
            keeper = Keeper(GROUP, source, NOISE)
            for folder, language in LANGUAGES.items():
                _language(app, folder)
                _pages(keeper, base, folder, language)
    finally:
        _drop()
    return keeper.pages


def _copy(work: Path) -> Path:
    """Debian's SQL-Ledger copied, its folders and configuration of our own."""
    app = work / "app"
    shutil.copytree(SHARE, app, symlinks=True)
    for name in ("css", "spool", "users", "templates", "sql-ledger.conf"):
        (app / name).unlink()
    shutil.copytree("/var/lib/sql-ledger/css", app / "css")
    shutil.copytree("/var/lib/sql-ledger/users", app / "users")
    (app / "spool").mkdir()
    (app / "templates").mkdir()
    (app / "sql-ledger.conf").write_text(CONFIG.replace("{language}", ""))
    for script in app.glob("*.pl"):
        text = script.read_text(encoding="latin-1")
        script.write_text(text.replace(str(SHARE), str(app)), encoding="latin-1")
    return app


def _chown(app: Path) -> None:
    folders = [str(app / name) for name in ("users", "spool", "templates")]
    subprocess.run(["chown", "-R", "www-data:www-data", *folders], check=True)


def _psql(script: str) -> None:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q"]
    subprocess.run(command, input=script, text=True, check=True, capture_output=True)


def _drop() -> None:
    _psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE);")


def _setup(base: str) -> None:
    """The root password and the dataset, made in SQL-Ledger's administration."""
    root = Session(base)
    database = {"dbdriver": "Pg", "dbhost": "127.0.0.1", "dbport": "5432", "dbuser": "postgres",
                "dbpasswd": "", "dbdefault": "template1", "path": MOZILLA}  # fmt: skip
    steps = (
        {"action": "Continue", "nextsub": "do_change_password", "new_password": ROOT_PASSWORD,
         "confirm_password": ROOT_PASSWORD, "path": MOZILLA},
        {"action": "Login", "password": ROOT_PASSWORD, "path": MOZILLA},
        {"action": "Continue", "nextsub": "create_dataset", **database},
        {"action": "Continue", "nextsub": "dbcreate", **database, "db": DATABASE,
         "company": "Harbour Street Bakery", "name": "Mara Holm", "email": "mara@example.org",
         "adminpassword": ADMIN[1], "mastertemplates": "Default", "encoding": "UTF8",
         "chart": "Default"},
    )  # fmt: skip
    for fields in steps:
        status, _, _, body = root.get("/admin.pl", fields)
        if status != 200 or b"Error" in body:
            step = fields.get("nextsub", fields["action"])
            raise RuntimeError(f"admin.pl {step}: {status} {body[:300]!r}")
    # the first sign-in upgrades the new dataset: sign in once before the pages are read
    _signed_in(base, "en")


def _language(app: Path, folder: str) -> None:
    """The installation's language and the administrator's (his countrycode)."""
    (app / "sql-ledger.conf").write_text(CONFIG.replace("{language}", folder))
    members = app / "users" / "members"
    text = re.sub(r"(?m)^countrycode=.*\n", "", members.read_text(encoding="latin-1"))
    line = f"countrycode={folder}\n" if folder else ""
    text = text.replace(f"[{ADMIN[0]}]\n", f"[{ADMIN[0]}]\n{line}")
    members.write_text(text, encoding="latin-1")


def _signed_in(base: str, language: str) -> Session:
    browser = Session(base, language)
    fields = {"action": "Login", "login": ADMIN[0], "password": ADMIN[1], "path": MOZILLA}
    status, _, _, body = browser.get("/login.pl", fields)
    if b"Upgrading" in body:  # the dataset's first sign-in
        status, _, _, body = browser.get("/login.pl", fields)
    if b"FRAMESET" not in body:
        raise RuntimeError(f"{ADMIN[0]} could not sign in: {status} {body[:300]!r}")
    return browser


def _pages(keeper: Keeper, base: str, folder: str, language: str) -> None:
    setting = f"$language and countrycode {folder}" if folder else "no language set: English"
    admin = _signed_in(base, language)
    for query, label, name, note in SIGNED_IN:
        path = f"/{query}&{SIGNED}"
        status, _, kind, body = admin.get(path)
        how = f"GET {path} (signed in as {ADMIN[0]}, {setting})"
        keeper.keep(name, body, status, label, language, how, note, kind)
    for path, fields, label, name, note in VISITOR:
        status, _, kind, body = Session(base, language).get(path, fields)
        verb = "GET" if fields is None else f"POST action={fields['action']} to"
        how = f"{verb} {path} (a visitor, {setting})"
        keeper.keep(name, body, status, label, language, how, note, kind)
