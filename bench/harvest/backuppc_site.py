"""Debian backuppc (BackupPC 4.4) with a configuration of its own: Debian's config.pl with
its folders (TopDir, LogDir, RunDir) in the work folder, its administrators the user admin,
a hosts file of three hosts (localhost, backed up by Debian's localhost.pl: tar of a small
folder of ours; web-01, alice's; an archive host). BackupPC reads its configuration from
/etc/backuppc only (a path built into BackupPC::Lib): the server and an apache2 of our own
run in a mount namespace of their own (`unshare -m`) where our folder is bind-mounted on
/etc/backuppc; nothing of the machine's /etc/backuppc is changed. The server (BackupPC, run
as the backuppc user) makes one full backup of localhost; the CGI is Debian's setuid
index.cgi, served as Debian's apache.conf serves it (/backuppc, Basic authentication from a
password file made here, admin, alice and bob). The language is BackupPC's setting
($Conf{Language}: the CGI does not read Accept-Language), set to each of the 13 it ships.

Pages, in each language whose text differs from English's: for admin, "Unknown host or user"
(an unknown host), "Restore number ... does not exist", "Archive number ... does not exist",
"Backup number ... does not exist" (browsing it) and "Can't open log file" (the transfer log
of a backup that does not exist) (soft_404); for bob, signed in but neither an administrator
nor a host's user, "Only privileged users can ..." (view a host, browse its backups, view its
restores, the queues, the log files, the admin options, the e-mail summaries, edit the
configuration, start a backup), and for alice the same on a host not hers (soft_403);
healthy pages: admin's status, host summary, a host's page, the browse page of its backup, a
directory's history, the queues, the log list and the server log, the configuration file,
the e-mail summaries, the admin options, the configuration editor, the confirmation asked
before a backup, the archive host's page; alice's status and her host's page (ok).

Left out: a visitor without credentials gets Apache's own 401 page (Apache's default page, not
BackupPC's: the tune group apache2 holds it; BackupPC has no sign-in page: without a
REMOTE_USER it takes the visitor for its BackupPC user, an administrator); the RSS and metrics
answers (XML, JSON); a file or folder that is not in a backup (a browse page that lists an
empty folder; "Can't restore bad file": not clearly a missing object); an administrator's
browse of an unknown host ("Only privileged users can browse ...": it says refusal, means
not found)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from bench.harvest import cgi_apache
from bench.harvest.core import Page, apt_install, deb_version, fetch, running
from bench.harvest.kept_pages import Kept

GROUP = "backuppc"
BIN = Path("/usr/share/backuppc/bin")
USERS = {"admin": "harvest-only-admin", "alice": "harvest-only-alice", "bob": "harvest-only-bob"}
# $Conf{Language} -> the language recorded
LANGUAGES = {
    "en": "en",
    "cz": "cs",
    "de": "de",
    "es": "es",
    "fr": "fr",
    "it": "it",
    "ja": "ja",
    "nl": "nl",
    "pl": "pl",
    "pt_br": "pt-br",
    "ru": "ru",
    "uk": "uk",
    "zh_CN": "zh-cn",
}
HOSTS = """host        dhcp    user    moreUsers
localhost   0       backuppc
web-01      0       alice
archive     0       backuppc
"""
OVERRIDES = """
$Conf{{ServerHost}} = '127.0.0.1';
$Conf{{TopDir}} = '{work}/top';
$Conf{{LogDir}} = '{work}/top/log';
$Conf{{RunDir}} = '{work}/run';
$Conf{{CgiAdminUserGroup}} = '';
$Conf{{CgiAdminUsers}} = 'admin';
$Conf{{CgiURL}} = 'http://127.0.0.1/backuppc/index.cgi';
$Conf{{PingCmd}} = '';
$Conf{{SmbClientPath}} = '';
$Conf{{NmbLookupPath}} = '';
$Conf{{RsyncBackupPCPath}} = '';
$Conf{{WakeupSchedule}} = [23];
$Conf{{Language}} = '{language}';
"""
LOCALHOST = """$Conf{{XferMethod}} = 'tar';
$Conf{{TarShareName}} = ['{work}/data'];
$Conf{{TarClientCmd}} = '/usr/bin/env LC_ALL=C $tarPath -c -v -f - -C $shareName --totals';
$Conf{{TarFullArgs}} = '$fileList';
$Conf{{TarIncrArgs}} = '--newer=$incrDate $fileList';
"""
ARCHIVE = "$Conf{XferMethod} = 'archive';\n"
SITE = """Alias /backuppc /usr/share/backuppc/cgi-bin/
<Directory /usr/share/backuppc/cgi-bin/>
    AllowOverride None
    Options ExecCGI FollowSymlinks
    AddHandler cgi-script .cgi
    DirectoryIndex index.cgi
    AuthUserFile {work}/htpasswd
    AuthType basic
    AuthName "BackupPC admin"
    <RequireAll>
        Require local
        Require valid-user
    </RequireAll>
</Directory>
"""
# (query, user, label, name, note)
REQUESTS = (
    ("", "admin", "ok", "status", "the server's status (general info)"),
    ("?action=summary", "admin", "ok", "host-summary", "the host summary"),
    ("?host=localhost", "admin", "ok", "host", "a host with one full backup"),
    ("?action=browse&host=localhost&num=0", "admin", "ok", "browse",
     "browsing the backup"),
    ("?action=dirHistory&host=localhost&share={share}&dir=/", "admin", "ok", "dir-history",
     "a directory's history"),
    ("?host=archive", "admin", "ok", "archive-host", "the archive host's page"),
    ("?action=queue", "admin", "ok", "queues", "the queues"),
    ("?action=LOGlist", "admin", "ok", "log-list", "the log files"),
    ("?action=view&type=LOG", "admin", "ok", "server-log", "the server's log"),
    ("?action=view&type=config", "admin", "ok", "config-file", "the configuration file"),
    ("?action=emailSummary", "admin", "ok", "email-summary", "the e-mail summaries"),
    ("?action=adminOpts", "admin", "ok", "admin-options", "the admin options"),
    ("?action=editConfig", "admin", "ok", "config-editor", "the configuration editor"),
    ("?action=Start_Incr_Backup&host=localhost", "admin", "ok", "start-backup-confirm",
     "the confirmation asked before starting a backup"),
    ("", "alice", "ok", "status-user", "the status, for alice (not an administrator)"),
    ("?host=web-01", "alice", "ok", "host-user", "alice's own host (no backups)"),
    ("?host=nosuch-host", "admin", "soft_404", "unknown-host",
     "a host that does not exist: 'Unknown host or user'"),
    ("?action=restoreInfo&host=localhost&num=99", "admin", "soft_404", "no-such-restore",
     "a restore that does not exist: 'Restore number 99 for host localhost does not exist.'"),
    ("?action=archiveInfo&host=archive&num=99", "admin", "soft_404", "no-such-archive",
     "an archive that does not exist: 'Archive number 99 for host archive does not exist.'"),
    ("?action=browse&host=localhost&num=99", "admin", "soft_404", "no-such-backup",
     "a backup that does not exist: 'Backup number 99 for host localhost does not exist.'"),
    ("?action=view&type=XferLOG&num=99&host=localhost", "admin", "soft_404", "no-such-log",
     "the transfer log of a backup that does not exist: 'Can't open log file ...XferLOG.99'"),
    ("?host=localhost", "bob", "soft_403", "host-refused",
     "bob, signed in, on a host not his: 'Only privileged users can view information about"
     " host localhost.'"),
    ("?host=localhost", "alice", "soft_403", "host-refused-alice",
     "alice, signed in, on a host not hers: 'Only privileged users can view information about"
     " host localhost.'"),
    ("?action=browse&host=localhost&num=0", "bob", "soft_403", "browse-refused",
     "'Only privileged users can browse backup files for host localhost.'"),
    ("?action=restoreInfo&host=localhost&num=0", "bob", "soft_403", "restore-info-refused",
     "'Only privileged users can view restore information.'"),
    ("?action=queue", "bob", "soft_403", "queues-refused",
     "'Only privileged users can view queues.'"),
    ("?action=LOGlist", "bob", "soft_403", "log-list-refused",
     "'Only privileged users can view log files.'"),
    ("?action=view&type=LOG", "bob", "soft_403", "log-refused",
     "'Only privileged users can view log or config files.'"),
    ("?action=adminOpts", "bob", "soft_403", "admin-options-refused",
     "'Only privileged users can view admin options.'"),
    ("?action=emailSummary", "bob", "soft_403", "email-summary-refused",
     "'Only privileged users can view email summaries.'"),
    ("?action=editConfig", "bob", "soft_403", "config-editor-refused",
     "'Only privileged users can edit configuration settings.'"),
    ("?action=Start_Full_Backup&host=localhost", "bob", "soft_403", "start-backup-refused",
     "'Only privileged users can stop or start backups on localhost.'"),
)  # fmt: skip


def harvest(work: Path) -> list[Page]:
    apt_install("backuppc", "apache2-bin")
    source = f"{deb_version('backuppc')}, {deb_version('apache2-bin')}"
    shutil.rmtree(work, ignore_errors=True)
    _configure(work)
    port = cgi_apache.port(1)
    config = cgi_apache.write_config(work, port, SITE.format(work=work))
    cgi_apache.write_passwords(work / "htpasswd", USERS)
    cgi_apache.open_to_www_data(work)
    _own(work)
    # the server and apache2 in one mount namespace, where /etc/backuppc is our folder
    script = (
        f"mount --bind {work}/etc /etc/backuppc"
        f" && (runuser -u backuppc -- {BIN}/BackupPC >{work}/server.log 2>&1 &)"
        f" && exec {' '.join(cgi_apache.command(config))}"
    )
    found = Kept(GROUP, source, noise=r"\d")
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    with running(["unshare", "-m", "sh", "-c", script], port, work / "apache.log",
                 env=environment):  # fmt: skip
        base = f"http://127.0.0.1:{port}/backuppc/index.cgi"
        share = _backup(work, base)
        for setting, language in LANGUAGES.items():
            _write_main_config(work, setting)
            for query, user, label, name, note in REQUESTS:
                query = query.format(share=share)
                headers = cgi_apache.signed_in(user, USERS[user])
                status, answer, body = fetch(base + query, headers=headers)
                if status != 200:
                    raise RuntimeError(f"{query} as {user} answered {status}")
                how = f"GET /backuppc/index.cgi{query} (Basic authentication as {user})"
                how += f", $Conf{{Language}} = '{setting}'"
                found.keep(name, language, body, status, answer.get("content-type", ""),
                           label, how, note)  # fmt: skip
    if found.left_out:
        raise RuntimeError(f"answers that are no page: {found.left_out}")
    return found.pages


def _configure(work: Path) -> None:
    for folder in ("etc", "top/pc", "top/cpool", "top/pool", "top/log", "top/trash", "run"):
        (work / folder).mkdir(parents=True)
    (work / "etc" / "pc").symlink_to("/etc/backuppc")  # as Debian's: per-host files beside
    (work / "etc" / "hosts").write_text(HOSTS)
    (work / "etc" / "localhost.pl").write_text(LOCALHOST.format(work=work))
    (work / "etc" / "archive.pl").write_text(ARCHIVE)
    data = work / "data"
    (data / "docs").mkdir(parents=True)
    (data / "notes.txt").write_text("Notes kept by the harvest's test host.\n")
    (data / "docs" / "readme.txt").write_text("A file in a folder, backed up.\n")
    _write_main_config(work, "en")


def _write_main_config(work: Path, language: str) -> None:
    debian = Path("/etc/backuppc/config.pl").read_text()  # read outside the namespace
    (work / "etc" / "config.pl").write_text(debian + OVERRIDES.format(work=work, language=language))


def _own(work: Path) -> None:
    subprocess.run(["chown", "-R", "backuppc:www-data", str(work / "etc")], check=True)
    subprocess.run(["chown", "-R", "backuppc", str(work / "top"), str(work / "run")], check=True)


def _backup(work: Path, base: str) -> str:
    """One full backup of localhost, asked of the server as the CGI's button asks it."""
    headers = cgi_apache.signed_in("admin", USERS["admin"])
    deadline = time.monotonic() + 60
    while not (work / "run" / "BackupPC.sock").exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the BackupPC server did not start: {work}/server.log")
        time.sleep(0.5)
    status, _, body = fetch(
        f"{base}?action=Start_Full_Backup&host=localhost&doit=1", headers=headers
    )
    if status != 200:
        raise RuntimeError(f"starting the backup answered {status}: {body[:300]!r}")
    backups = work / "top" / "pc" / "localhost" / "backups"
    deadline = time.monotonic() + 180
    while not (backups.exists() and backups.read_text().strip()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no backup of localhost after 180 s: {work}/top/log")
        time.sleep(1)
    time.sleep(2)
    return f"{work}/data"
