"""Debian sqwebmail (Courier's SqWebMail 6.0.5): Debian's CGI (/usr/lib/cgi-bin/sqwebmail)
under an apache2 of our own (mod_cgi) on 127.0.0.1, talking to Courier's sqwebmaild, which
signs users in through courier-authlib's authdaemond. Those read /etc/courier and
/run/courier only (paths built into them): authdaemond, sqwebmaild and apache2 run in a mount
namespace of their own (`unshare -m`) where folders of ours are bind-mounted on /etc/courier
(a copy of Debian's, authdaemonrc's module list set to authuserdb alone), /run/courier and
/var/cache/sqwebmail; nothing of the machine's /etc, users or mail is changed. One mail user,
alice, a virtual user of Courier's userdb (`makeuserdb` in the namespace), mapped to the
uid and gid of nobody, her maildir in the work folder (two messages in INBOX, one in a
Projects folder).

Pages: the sign-in page ("Sqwebmail Login."), after a wrong password ("Sqwebmail. Invalid
Login.") and a session that is not (or no longer) valid ("Sqwebmail. Expired Login."), each
the sign-in form (soft_401); signed in as alice: the INBOX and Projects folders, the list of
folders, a message of each, the preferences, a new message's form, the INBOX's
permissions, the calendar's week and month (ok). All served with 200.
Debian ships SqWebMail's English templates only (html/en-us): English only.

Left out: a folder that does not exist ("ERROR: You do not have the permission to open this
folder": it says a refusal where it means not found: its template has that one message for a
folder it cannot open, whether missing or refused by the folder's ACL), a message number
beyond the folder's ("Internal error in maildir_posfind", with stray header lines in the
page), the frameset of the entry page (no text but "Your web browser does
not support frames ..."), the address book (Debian ships no template for it: "Can't open form
template."), a calendar event that does not exist (an empty event page, nothing said),
the calendar's day view without a date (an empty calendar)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import urllib.parse
from pathlib import Path

from bench.harvest import cgi_apache, cgi_ports
from bench.harvest.core import Page, apt_install, deb_version, running
from bench.harvest.kept_pages import Kept, get, session

GROUP = "sqwebmail"
USER, PASSWORD = "alice", "harvest-only-alice"
NOBODY = 65534
APACHE = """ScriptAlias /cgi-bin/sqwebmail /usr/lib/cgi-bin/sqwebmail
<Directory /usr/lib/cgi-bin>
    Require all granted
</Directory>
Alias /sqwebmail/ /usr/share/sqwebmail/
<Directory /usr/share/sqwebmail/>
    Require all granted
</Directory>
"""
MESSAGE = """From: Bob Example <bob@example.org>
To: Alice <alice@example.org>
Subject: {subject}
Date: Mon, 07 Dec 2026 09:30:00 +0000
Message-ID: <{name}@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello Alice,

{text}

Bob
"""
MESSAGES = (
    ("cur", "report-1", "Quarterly report, first draft",
     "here is the first draft of the quarterly report. The figures for the third quarter\n"
     "are in the spreadsheet; please check the totals before Friday."),
    ("cur", "report-2", "Quarterly report, second draft",
     "the second draft has the corrected totals and a new chapter on the warehouse."),
    (".Projects/cur", "kickoff", "Project kickoff on Tuesday",
     "the kickoff meeting for the new website is on Tuesday at ten, in the small room."),
)  # fmt: skip
# signed in: (query, label, name, note)
SIGNED_IN = (
    ("folder=INBOX&form=folder", "ok", "inbox", "alice's INBOX"),
    ("folder=INBOX.Projects&form=folder", "ok", "folder", "alice's Projects folder"),
    ("folder=INBOX&form=folders", "ok", "folders", "the list of folders"),
    ("folder=INBOX&form=readmsg&pos=0", "ok", "message", "a message of the INBOX"),
    ("folder=INBOX.Projects&form=readmsg&pos=0", "ok", "message-in-folder",
     "a message of the Projects folder"),
    ("folder=INBOX&form=preferences", "ok", "preferences", "the preferences"),
    ("folder=INBOX&form=newmsg", "ok", "new-message", "a new message's form"),
    ("folder=INBOX&form=acl", "ok", "folder-permissions", "the INBOX's permissions"),
    ("folder=INBOX&form=eventweekly", "ok", "calendar-week", "the calendar's week"),
    ("folder=INBOX&form=eventmonthly", "ok", "calendar-month", "the calendar's month"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("sqwebmail", "courier-authlib-userdb", "apache2-bin")
    source = (
        f"{deb_version('sqwebmail')}, {deb_version('courier-authlib')},"
        f" {deb_version('apache2-bin')}"
    )
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    port = cgi_ports.port(30)
    config = cgi_apache.write_config(work, port, APACHE)
    cgi_apache.open_to_www_data(work)
    _own(work)
    script = (
        # the mounts first, one after the other: nothing may start before they are made
        f"set -e; mount --bind {work}/etc /etc/courier;"
        f" mount --bind {work}/run /run/courier;"
        f" mount --bind {work}/cache /var/cache/sqwebmail;"
        " makeuserdb;"
        " /usr/bin/env -i /bin/sh -c '. /etc/courier/authdaemonrc;"
        f" exec /usr/lib/courier/courier-authlib/authdaemond' >{work}/authdaemond.log 2>&1 &"
        f" echo $! >{work}/authdaemond.started;"
        " /usr/bin/env -i /bin/sh -c 'set -a; . /etc/courier/sqwebmaild;"
        f" exec /usr/lib/courier/courier/sqwebmaild' >{work}/sqwebmaild.log 2>&1 &"
        f" echo $! >{work}/sqwebmaild.started;"
        # apache2 only when both daemons listen (a sign-in before fails)
        " for socket in /run/courier/authdaemon/socket /run/courier/sqwebmail.sock; do"
        " while [ ! -S $socket ]; do sleep 0.2; done; done; sleep 1;"
        f" exec {' '.join(cgi_apache.command(config))}"
    )
    found = Kept(GROUP, source)
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    try:
        with running(["unshare", "-m", "sh", "-c", script], port, work / "apache.log",
                     env=environment):  # fmt: skip
            _pages(f"http://127.0.0.1:{port}/cgi-bin/sqwebmail", found)
    finally:
        _stop(work)
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _pages(base: str, found: Kept) -> None:
    def keep(name, status, kind, body, label, how, note):
        if status != 200:
            raise RuntimeError(f"{how} answered {status}")
        found.keep(name, "en", body, status, kind, label, how, note)

    visitor = session()
    status, _, kind, body = get(visitor, f"{base}?noframes=1")
    keep("login", status, kind, body, "soft_401", "GET /cgi-bin/sqwebmail?noframes=1",
         "the sign-in page ('Sqwebmail Login.')")  # fmt: skip
    for user, password, name, note in (
        (USER, "wrong", "login-wrong-password",
         "after a wrong password: 'Sqwebmail. Invalid Login.' and the sign-in form"),
        ("nosuch", "wrong", "login-unknown-user", "after an unknown user name"),
    ):  # fmt: skip
        form = {"username": user, "password": password, "do.login": "Login"}
        status, _, kind, body = get(session(), base, urllib.parse.urlencode(form).encode())
        how = f"POST /cgi-bin/sqwebmail username={user}&password=(wrong)&do.login=Login"
        keep(name, status, kind, body, "soft_401", how, note)
    alice = session()
    form = {"username": USER, "password": PASSWORD, "do.login": "Login"}
    status, where, _, _ = get(alice, base, urllib.parse.urlencode(form).encode())
    if status != 200 or "/login/" not in where:
        raise RuntimeError(f"alice was not signed in: {status} {where}")
    signed = where.split("?")[0]  # .../login/alice/<session>/<time>
    path = "/cgi-bin/sqwebmail/login/alice/<session>/<time>"
    for query, label, name, note in SIGNED_IN:
        status, _, kind, body = get(alice, f"{signed}?{query}")
        keep(name, status, kind, body, label, f"GET {path}?{query} (signed in as alice)", note)
    forged = signed.rsplit("/", 2)
    forged[1] = "0" * len(forged[1])
    status, _, kind, body = get(session(), f"{'/'.join(forged)}?folder=INBOX&form=folder")
    keep("session-expired", status, kind, body, "soft_401",
         "GET /cgi-bin/sqwebmail/login/alice/<a session that does not exist>/<time>"
         "?folder=INBOX&form=folder",
         "a session that is not (or no longer) valid: 'Sqwebmail. Expired Login.'")  # fmt: skip
    get(alice, f"{signed}?folder=INBOX&form=logout")
    status, _, kind, body = get(alice, f"{signed}?folder=INBOX&form=folder")
    keep("after-logout", status, kind, body, "soft_401",
         f"GET {path}?folder=INBOX&form=folder (after alice signed out)",
         "alice's session after she signed out")  # fmt: skip


def _configure(work: Path) -> None:
    shutil.copytree("/etc/courier", work / "etc", symlinks=True)
    rc = work / "etc" / "authdaemonrc"
    lines = rc.read_text().splitlines(keepends=True)
    rc.write_text(
        "".join(
            'authmodulelist="authuserdb"\n' if line.startswith("authmodulelist=") else line
            for line in lines
        )
    )
    for folder in ("run/authdaemon", "run/calendar", "cache", "home"):
        (work / folder).mkdir(parents=True)
    home = work / "home" / USER
    home.mkdir()
    subprocess.run(["maildirmake", str(home / "Maildir")], check=True)
    subprocess.run(["maildirmake", "-f", "Projects", str(home / "Maildir")], check=True)
    for number, (folder, name, subject, text) in enumerate(MESSAGES, 1):
        message = home / "Maildir" / folder / f"17650000{number}.M1P1.harvest:2,S"
        message.write_text(MESSAGE.format(subject=subject, name=name, text=text))
    hashed = subprocess.run(
        ["perl", "-e", "print crypt($ARGV[0], q($6$harvestsalt$))", PASSWORD],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    userdb = work / "etc" / "userdb"
    userdb.write_text(
        f"{USER}\tuid={NOBODY}|gid={NOBODY}|home={home}|mail={home}/Maildir|systempw={hashed}\n"
    )


def _own(work: Path) -> None:
    """Modes and owners as Courier wants them (after the tree was opened to www-data)."""
    (work / "etc" / "userdb").chmod(0o600)
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(work / "home" / USER)], check=True)
    (work / "home" / USER).chmod(0o700)
    subprocess.run(
        ["chown", "courier:courier", str(work / "run" / "authdaemon"), str(work / "cache")],
        check=True,
    )


def _stop(work: Path) -> None:
    """authdaemond and sqwebmaild, if they outlived apache2's process group."""
    for name in ("authdaemond", "sqwebmaild"):
        started = work / f"{name}.started"
        if started.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(started.read_text()), signal.SIGTERM)
