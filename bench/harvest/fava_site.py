"""Fava (Beancount's web interface) from PyPI, each version in an environment of its own under
~/.cache/gatewatch-harvest/, serving a small Beancount ledger made here (a bakery's bank, cash,
sales, flour and rent; a note, a balance assertion, an event, a tag) with `fava -H 127.0.0.1`.
Two versions: Fava 1.24.4 (with Beancount 2), which still draws most of its reports on the
server (taken for that; the releases between were not tried), and the current Fava 1.30
(with Beancount 3), whose every report is one page of the same text (the ledger's data and
the translations in scripts; the report is drawn in the browser). The language:
Accept-Language, each of Fava's translations in turn (Flask-Babel chooses by it when the
ledger sets no language).

Pages, in each language whose text differs from English's: Werkzeug's "Not Found" (served
404) for a report, a ledger, a help page and an extension that do not exist (one text, kept
once), the journal of an account that does not exist (an empty account page, no message) and
"No entry found for hash" for an entry that does not exist (soft_404); healthy pages: the
income statement, balance sheet, trial balance, journal, holdings, statistics, errors,
options, the help pages, an account's journal, changes and balances, a journal filtered by a
tag and one filtered to a year without entries (ok). Fava 1.24.4 already draws its
commodities, documents, events, editor, import and query pages in the browser: one page of
the same text, kept once. From the current Fava: its one report page and its "No entry found
for hash" (served 500).

Fava has no sign-in and no access control (nothing to refuse): no soft_401 or soft_403."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.harvest import pyenv
from bench.harvest.core import Page, range_port, running
from bench.harvest.web_session import Keeper, Session

GROUP = "fava"
PORTS = range(18650, 18700)  # this harvester's range (the machine is shared)
# version -> (its environment, what it needs)
VERSIONS = {
    "1.24.4": (pyenv.HOME.parent / "fava124-venv", ("fava==1.24.4",)),
    "1.30.16": (pyenv.HOME.parent / "fava-venv", ("fava==1.30.16",)),
}
SLUG = "harbour-street-bakery"
LEDGER = """option "title" "Harbour Street Bakery"
option "operating_currency" "EUR"

2024-01-01 open Assets:Bank:Checking EUR
2024-01-01 open Assets:Cash EUR
2024-01-01 open Income:Sales EUR
2024-01-01 open Expenses:Flour EUR
2024-01-01 open Expenses:Rent EUR
2024-01-01 open Equity:Opening-Balances EUR

2024-01-01 * "Opening balance"
  Assets:Bank:Checking  5000.00 EUR
  Equity:Opening-Balances

2024-02-03 * "Mill Brothers" "Rye and spelt flour"
  Expenses:Flour  320.50 EUR
  Assets:Bank:Checking

2024-02-05 * "Market stall" "Saturday sales"
  Assets:Cash  845.20 EUR
  Income:Sales

2024-03-01 * "Harbour Estates" "Rent for March" #rent
  Expenses:Rent  1200.00 EUR
  Assets:Bank:Checking

2024-03-02 note Assets:Bank:Checking "Asked the bank about a lower fee"
2024-03-31 balance Assets:Bank:Checking 3479.50 EUR
2024-04-01 event "location" "Harbour Street 12"
"""
QUERY = "SELECT account, sum(position) GROUP BY account"
# (path under the ledger, label, name, note)
REPORTS = (
    ("income_statement/", "ok", "income-statement", "the income statement"),
    ("balance_sheet/", "ok", "balance-sheet", "the balance sheet"),
    ("trial_balance/", "ok", "trial-balance", "the trial balance"),
    ("journal/", "ok", "journal", "the journal"),
    ("holdings/", "ok", "holdings", "the holdings"),
    ("commodities/", "ok", "commodities", "the commodities"),
    ("documents/", "ok", "documents", "the documents"),
    ("events/", "ok", "events", "the events"),
    ("statistics/", "ok", "statistics", "the statistics"),
    ("editor/", "ok", "editor", "the editor"),
    ("errors/", "ok", "errors", "the errors (none)"),
    ("import/", "ok", "import", "the import page"),
    ("options/", "ok", "options", "the options"),
    ("query/", "ok", "query", "the query page"),
    (f"query/?query_string={QUERY.replace(' ', '+')}", "ok", "query-result",
     "a query with a result"),
    ("help/", "ok", "help", "the help index"),
    ("help/beancount_syntax", "ok", "help-syntax", "the help page on Beancount's syntax"),
    ("help/filters", "ok", "help-filters", "the help page on filters"),
    ("account/Assets:Bank:Checking/", "ok", "account", "an account's journal"),
    ("account/Assets:Bank:Checking/changes/", "ok", "account-changes", "an account's changes"),
    ("account/Assets:Bank:Checking/balances/", "ok", "account-balances",
     "an account's balances"),
    ("journal/?filter=%23rent", "ok", "journal-filtered", "the journal filtered by a tag"),
    ("journal/?time=1999", "ok", "journal-empty", "the journal of a year without entries"),
    ("nosuchreport/", "soft_404", "no-such-report", "a report that does not exist: 'Not Found'"),
    ("help/nosuchpage", "soft_404", "no-such-help-page",
     "a help page that does not exist: 'Not Found'"),
    ("extension/NoSuchExtension/", "soft_404", "no-such-extension",
     "an extension that does not exist: 'Not Found'"),
    ("account/Assets:Bank:Savings/", "soft_404", "no-such-account",
     "an account that does not exist: an empty account journal (no message)"),
    ("statement/?entry_hash=0123456789abcdef&key=document", "soft_404", "no-such-entry",
     "an entry that does not exist: 'No entry found for hash'"),
)  # fmt: skip
# the current Fava: its report page (the same for every report) and its error for an entry
CURRENT = (
    (
        "income_statement/",
        "ok",
        "report-page",
        "a report (the page every report serves: drawn in the browser)",
    ),
    (
        "statement/?entry_hash=0123456789abcdef&key=document",
        "soft_404",
        "no-such-entry",
        "an entry that does not exist: 'No entry found for hash' (500)",
    ),
)
# Fava's translations (both versions ship these) -> Accept-Language
LANGUAGES = ("en", "bg", "ca", "de", "es", "fa", "fr", "nl", "pt", "ru", "sk", "sv", "uk", "zh",
             "zh-TW")  # fmt: skip
# the version in the help page and the mtimes in links change with the install
NOISE = re.compile(r"\d")


def harvest(work: Path) -> list[Page]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ledger = work / "ledger.beancount"
    ledger.write_text(LEDGER)
    pages: list[Page] = []
    for offset, (version, (home, requirements)) in enumerate(VERSIONS.items()):
        interpreter = pyenv.python(*requirements, home=home)
        found = pyenv.versions(interpreter, "fava", "beancount")
        source = f"fava {found['fava']}, beancount {found['beancount']} (PyPI)"
        keeper = Keeper(GROUP, source, NOISE)
        port = range_port(PORTS, 10 + offset)
        fava = [str(interpreter.parent / "fava"), "-H", "127.0.0.1", "-p", str(port), str(ledger)]
        with running(fava, port, work / f"fava-{version}.log"):
            requests = REPORTS if version == "1.24.4" else CURRENT
            for language in LANGUAGES:
                _pages(keeper, f"http://127.0.0.1:{port}", language, requests, version)
        pages += keeper.pages
    return pages


def _pages(keeper: Keeper, base: str, language: str, requests: tuple, version: str) -> None:
    browser = Session(base, language)
    suffix = "" if version == "1.24.4" else "-current"
    for path, label, name, note in requests:
        status, _, kind, body = browser.get(f"/{SLUG}/{path}")
        how = f"GET /{SLUG}/{path} (Accept-Language: {language})"
        keeper.keep(name + suffix, body, status, label, language, how, note, kind)
    if version == "1.24.4":
        status, _, kind, body = browser.get("/no-such-ledger/income_statement/")
        how = f"GET /no-such-ledger/income_statement/ (Accept-Language: {language})"
        keeper.keep("no-such-ledger", body, status, "soft_404", language, how,
                    "a ledger that does not exist: 'Not Found'", kind)  # fmt: skip
