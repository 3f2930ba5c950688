"""Debian ledgersmb (LedgerSMB 1.6, an accounting system, Perl) under Starman on 127.0.0.1, run
as the package's ledgersmb user from /usr/share/ledgersmb as its systemd unit does, with a
ledgersmb.conf of our own (Debian's copied: the database host 127.0.0.1, the default company
ours; /etc is not read). `-MTemplate` is given to Starman: Debian's LedgerSMB::Template calls
Template->new without loading Template Toolkit (every page is a 500 without it). The company
database `h2_ledgersmb` is made in LedgerSMB's own setup wizard (setup.pl, signed in as the
database superuser: create, the US "General" chart of accounts, the demo templates, an
administrator "h2_lsmb_admin" with full permissions); it and LedgerSMB's roles of it are dropped
after the harvest. The language: the administrator's preference, saved in his preferences form
(user.pl), each language the form offers in turn; the sign-in pages, the inactivity page and
the page after signing out follow the installation's language instead (`language` in
ledgersmb.conf, read when Starman starts; not Accept-Language): Starman is started again with
each language for them.

Pages, in each language whose text differs from English's: the sign-in page and the setup
wizard's database administrator sign-in page (asked for), "Logged out due to inactivity" where
a request is sent whose session was unused for longer than LedgerSMB's 90 minutes (its row
aged in the database) (soft_401); the blank forms LedgerSMB draws for an asset class, a time
card and a reconciliation report whose id does not exist (no message: the page of nothing)
(soft_404); "Access to the (postgres) database is Forbidden!" (served 454) where the setup
wizard is asked for a system database (soft_403); healthy pages: the main screen, the screens
of the menu that Debian's package can draw (contacts, reports, searches, payments, assets,
budgets, tax forms, time cards, reconciliation, configuration, templates, the chart of
accounts, sessions, preferences), the administrator's employee record, the setup wizard's
pages for the company, and the page after signing out (ok).

Left out: a wrong password (PostgreSQL here trusts 127.0.0.1, and LedgerSMB's users are
PostgreSQL's: any password signs in; an unknown user is a text/plain 401, the sign-in form
shows it in a script's dialog), a request without a session or credentials (a text/plain
"Please enter your credentials", 401), a user without permissions (a text/plain "Internal
Server Error": the "Access Denied" message is never drawn), an unknown script or file (a
text/plain "not found", 404), an unknown action (a 500 "Action Not Defined"), every screen of
LedgerSMB's older code (ar.pl, is.pl, gl.pl, ic.pl, oe.pl, am.pl, pe.pl: Debian's package has
no old/bin/old-handler.pl, 500 with an empty body). A customer, an asset and an account whose
id does not exist get the very form of a new one (the same text as the healthy page asked
before them): kept once, as that healthy page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bench.harvest.cgi_apache import signed_in
from bench.harvest.core import Page, apt_install, deb_version, range_port, running
from bench.harvest.web_session import Keeper, Session

GROUP = "ledgersmb"
DATABASE = "h2_ledgersmb"
PORTS = range(18650, 18700)  # this harvester's range (the machine is shared)
SHARE = Path("/usr/share/ledgersmb")
ADMIN = ("h2_lsmb_admin", "harvest-admin-42")
SUPERUSER = ("postgres", "trusted-here")
# (path, label, name, note): the administrator's, signed in
SIGNED_IN = (
    ("/login.pl?action=login&company=h2_ledgersmb", "ok", "main", "the main screen"),
    ("/user.pl?action=preference_screen", "ok", "preferences", "the preferences"),
    ("/contact.pl?action=add&entity_class=2", "ok", "add-customer", "the new customer form"),
    (
        "/contact.pl?action=get&entity_class=3&entity_id=1",
        "ok",
        "employee",
        "the administrator's employee record",
    ),
    (
        "/reports.pl?action=start_report&module_name=gl&report_name=contact_search",
        "ok",
        "contact-search",
        "the contact search form",
    ),
    (
        "/invoice.pl?action=start_report&entity_class=2&report_name=invoice_search",
        "ok",
        "invoice-search",
        "the AR invoice search form",
    ),
    (
        "/reports.pl?action=start_report&entity_class=2&module_name=gl&report_name=aging",
        "ok",
        "aging",
        "the AR aging form",
    ),
    ("/import_csv.pl?action=begin_import&type=gl", "ok", "import", "the GL import form"),
    (
        "/payment.pl?account_class=2&action=payment&type=receipt",
        "ok",
        "receipt",
        "the receipt form",
    ),
    (
        "/payment.pl?account_class=1&action=get_search_criteria",
        "ok",
        "payments",
        "the payment search form",
    ),
    (
        "/recon.pl?action=search&report=1",
        "ok",
        "reconciliation-search",
        "the reconciliation search",
    ),
    (
        "/order.pl?action=get_criteria&oe_class_id=1&search_type=search",
        "ok",
        "orders",
        "the sales order search",
    ),
    (
        "/reports.pl?action=start_report&module_name=gl&report_name=gl",
        "ok",
        "gl-search",
        "the general ledger search",
    ),
    ("/goods.pl?action=search_screen", "ok", "goods-search", "the goods and services search"),
    (
        "/timecard.pl?action=new&project=project&type=timecard",
        "ok",
        "timecard-new",
        "a new time card",
    ),
    ("/journal.pl?action=chart_of_accounts", "ok", "chart", "the chart of accounts"),
    (
        "/reports.pl?action=start_report&module_name=gl&report_name=trial_balance",
        "ok",
        "trial-balance",
        "the trial balance form",
    ),
    (
        "/reports.pl?action=start_report&report_name=balance_sheet",
        "ok",
        "balance-sheet",
        "the balance sheet form",
    ),
    ("/configuration.pl?action=defaults_screen", "ok", "defaults", "the system defaults"),
    ("/account.pl?action=new", "ok", "add-account", "the new account form"),
    ("/account.pl?action=yearend_info", "ok", "year-end", "the year end screen"),
    ("/reports.pl?action=list_gifi", "ok", "gifi", "the GIFI list"),
    ("/business_unit.pl?action=list_classes", "ok", "reporting-units", "the reporting units"),
    (
        "/template.pl?action=display&format=html&template_name=invoice",
        "ok",
        "template",
        "the invoice's HTML template",
    ),
    (
        "/vouchers.pl?action=create_batch&batch_type=ar",
        "ok",
        "voucher-batch",
        "a new AR voucher batch",
    ),
    ("/taxform.pl?action=add_taxform", "ok", "add-taxform", "the new tax form form"),
    ("/taxform.pl?action=list_all", "ok", "taxforms", "the tax forms"),
    ("/admin.pl?action=list_sessions", "ok", "sessions", "the active sessions"),
    ("/asset.pl?action=asset_category_search", "ok", "asset-classes", "the asset classes"),
    ("/asset.pl?action=asset_screen", "ok", "add-asset", "the new asset form"),
    ("/asset.pl?action=display_nbv", "ok", "net-book-value", "the net book value report"),
    ("/budgets.pl?action=new_budget", "ok", "add-budget", "the new budget form"),
    (
        "/contact.pl?action=get&entity_class=2&entity_id=9999",
        "soft_404",
        "no-such-customer",
        "a customer whose id does not exist: the blank new customer form (no message)",
    ),
    (
        "/asset.pl?action=asset_edit&id=9999",
        "soft_404",
        "no-such-asset",
        "an asset whose id does not exist: the blank 'Add Asset' form (no message)",
    ),
    (
        "/account.pl?action=edit&id=9999&charttype=A",
        "soft_404",
        "no-such-account",
        "an account whose id does not exist: a blank account form (no message)",
    ),
    (
        "/asset.pl?action=edit_asset_class&id=9999",
        "soft_404",
        "no-such-asset-class",
        "an asset class whose id does not exist: a blank 'Edit Asset Class' form (no message)",
    ),
    (
        "/timecard.pl?action=display&id=9999",
        "soft_404",
        "no-such-timecard",
        "a time card whose id does not exist: a blank time card (no message)",
    ),
    (
        "/recon.pl?action=display_report&report_id=9999",
        "soft_404",
        "no-such-reconciliation",
        "a reconciliation report whose id does not exist: a blank report (no message)",
    ),
)
# (path, form, label, name, note): the setup wizard, signed in as the database superuser
SETUP = (
    (
        "/setup.pl",
        {"action": "login", "database": DATABASE},
        "ok",
        "setup-company",
        "the setup wizard's page for the company",
    ),
    (
        "/setup.pl",
        {"action": "list_users", "database": DATABASE},
        "ok",
        "setup-users",
        "the setup wizard's users of the company",
    ),
    (
        "/setup.pl",
        {"action": "login", "database": "postgres"},
        "soft_403",
        "setup-forbidden",
        "the setup wizard asked for the postgres database: 'Access to the (postgres) database "
        "is Forbidden!' (454)",
    ),
)
# dates, times and counts of a request's moment (sessions, password expiry, statement dates)
NOISE = re.compile(r"\d[\d.,:/ -]*\d|\d")


def harvest(work: Path) -> list[Page]:
    apt_install("ledgersmb")
    source = deb_version("ledgersmb")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = _configure(work)
    port = range_port(PORTS, 0)
    base = f"http://127.0.0.1:{port}"
    command = ["runuser", "-u", "ledgersmb", "--", "env", f"LSMB_CONFIG_FILE={config}",
               "starman", "--listen", f"127.0.0.1:{port}", "--workers", "2", "-MTemplate",
               "-I", "lib", "-I", "old/lib", "bin/ledgersmb-server.psgi"]  # fmt: skip
    _drop()
    try:
        with running(command, port, work / "starman.log", cwd=SHARE):
            _setup(base)
            keeper = Keeper(GROUP, source, NOISE)
            languages = _languages()
            for language in languages:
                _pages(keeper, base, language)
        # the sign-in pages follow only the installation's language (read at start)
        for language in languages[1:]:
            _configure(work, language)
            with running(command, port, work / "starman.log", cwd=SHARE):
                _pages_outside(keeper, base, language, f"ledgersmb.conf language = {language}")
    finally:
        _drop()
    return keeper.pages


def _configure(work: Path, language: str = "") -> Path:
    text = Path("/etc/ledgersmb/ledgersmb.conf").read_text()
    text = text.replace("\nlanguage =\n", f"\nlanguage = {language}\n")
    text = text.replace("host = localhost", "host = 127.0.0.1")
    text = text.replace("default_db = lsmb16", f"default_db = {DATABASE}")
    config = work / "ledgersmb.conf"
    config.write_text(text)
    subprocess.run(["chmod", "-R", "a+rX", str(work)], check=True)
    subprocess.run(["chmod", "a+rx", *[str(p) for p in work.parents if str(p) != "/"]],
                   check=True)  # fmt: skip
    return config


def _languages() -> list[str]:
    """The languages the preferences form offers (the company's language table: LedgerSMB
    ships a few more translation files, ckb among them, that the table does not name)."""
    codes = _psql(f"\\c {DATABASE}\nSELECT code FROM language ORDER BY code;").split()
    return ["en", *[code for code in codes if code != "en"]]


def _psql(script: str) -> str:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atq"]
    return subprocess.run(command, input=script, text=True, check=True,
                          capture_output=True).stdout  # fmt: skip


def _drop() -> None:
    """The company database and the roles LedgerSMB made for it (roles are the cluster's)."""
    _psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE);")
    roles = _psql(
        f"SELECT rolname FROM pg_roles WHERE rolname LIKE 'lsmb\\_{DATABASE}\\_\\_%'"
        " OR rolname LIKE 'h2\\_lsmb\\_%';"
    ).split()
    if roles:
        _psql("".join(f'DROP ROLE IF EXISTS "{role}";' for role in roles))


def _setup(base: str) -> None:
    """The company made in the setup wizard, as an administrator of the database would."""
    wizard = Session(base)
    superuser = signed_in(*SUPERUSER)
    steps = (
        {"action": "create_db"},
        {"action": "select_coa", "coa_lc": "us", "chart": "General.sql"},
        {"action": "load_templates", "template_dir": "demo"},
        {"action": "save_user", "username": ADMIN[0], "password": ADMIN[1], "pls_import": "0",
         "salutation_id": "1", "first_name": "Mara", "last_name": "Holm",
         "employeenumber": "E-1", "dob": "", "ssn": "", "perms": "1"},
    )  # fmt: skip
    for fields in steps:
        if fields["action"] == "save_user":
            fields = {**fields, "country_id": _country()}  # the chart loaded the countries
        status, _, _, body = wizard.get("/setup.pl", {**fields, "database": DATABASE}, superuser)
        if status != 200:
            raise RuntimeError(f"setup.pl {fields['action']}: {status} {body[:300]!r}")


def _country() -> str:
    script = f"\\c {DATABASE}\nSELECT id FROM country WHERE short_name = 'US';"
    return _psql(script).strip()


def _signed_in(base: str, language: str) -> Session:
    browser = Session(base, language)
    headers = signed_in(*ADMIN)
    status, _, _, _ = browser.get(f"/login.pl?action=authenticate&company={DATABASE}", None,
                                  headers)  # fmt: skip
    if status != 200:
        raise RuntimeError(f"{ADMIN[0]} could not sign in: {status}")
    return browser


def _prefer(admin: Session, language: str) -> None:
    """The administrator's language, saved in his preferences form."""
    preferences = {"action": "save_preferences", "dateformat": "yyyy-mm-dd",
                   "numberformat": "1,000.00", "language": language,
                   "stylesheet": "ledgersmb.css", "printer": ""}  # fmt: skip
    status, _, _, _ = admin.get("/user.pl", preferences, signed_in(*ADMIN))
    if status != 200:
        raise RuntimeError(f"the preference {language} was not saved: {status}")


def _pages(keeper: Keeper, base: str, language: str) -> None:
    admin = _signed_in(base, language)
    headers = signed_in(*ADMIN)
    _prefer(admin, language)
    where = f"signed in as {ADMIN[0]}, language preference {language}"
    for path, label, name, note in SIGNED_IN:
        status, _, kind, body = admin.get(path, None, headers)
        keeper.keep(name, body, status, label, language, f"GET {path} ({where})", note, kind)
    wizard = Session(base, language)
    for path, fields, label, name, note in SETUP:
        status, _, kind, body = wizard.get(path, fields, signed_in(*SUPERUSER))
        how = (
            f"POST {path} action={fields['action']} database={fields['database']} "
            f"(signed in to the setup wizard as postgres, Accept-Language: {language})"
        )
        keeper.keep(name, body, status, label, language, how, note, kind)
    _pages_outside(keeper, base, language, f"Accept-Language: {language}")


def _pages_outside(keeper: Keeper, base: str, language: str, setting: str) -> None:
    """The sign-in pages, the inactivity page and the page after signing out."""
    admin = _signed_in(base, language)
    headers = signed_in(*ADMIN)
    _prefer(admin, language)
    visitor = Session(base, language)
    for path, name, note in (
        ("/login.pl", "sign-in", "the sign-in page, asked for"),
        ("/setup.pl", "setup-sign-in",
         "the setup wizard's sign-in page for database administrators, asked for"),
    ):  # fmt: skip
        status, _, kind, body = visitor.get(path)
        how = f"GET {path} (a visitor, {setting})"
        keeper.keep(name, body, status, "soft_401", language, how, note, kind)
    # a browser whose session was left unused: its session is aged past LedgerSMB's 90 minutes
    stale = _signed_in(base, language)
    cookie = next(cookie for cookie in stale.opener.handlers if hasattr(cookie, "cookiejar"))
    session_id = next(iter(cookie.cookiejar)).value.split(":")[0]
    _psql(f"\\c {DATABASE}\nUPDATE session SET last_used = now() - interval '1 day'"
          f" WHERE session_id = {int(session_id)};")  # fmt: skip
    path = "/contact.pl?action=add&entity_class=2"
    status, final, kind, body = stale.get(path, None, headers)
    how = f"GET {path} ({ADMIN[0]}, his session unused for a day, {setting}); to {final}"
    note = "a request whose session timed out: 'Logged out due to inactivity'"
    keeper.keep("session-expired", body, status, "soft_401", language, how, note, kind)
    status, final, kind, body = admin.get("/login.pl?action=logout", None, headers)
    keeper.keep("signed-out", body, status, "ok", language,
                f"GET /login.pl?action=logout (signed in as {ADMIN[0]}, {setting})",
                "the page after signing out: 'Logout Successful'", kind)  # fmt: skip
