"""bench/probe_servers_tune.py: its groups registered on ports of its own, and each row's
crawl (language, user) read from `obtained` as the harvest wrote it (no software started)."""

from bench import probe_fetch
from bench.probe_rows import context_of, user_of
from bench.probe_servers_tune import PORTS, SERVERS
from bench.real_accuracy import load_rows

OWN_PORTS = range(18800, 18850)


def test_every_server_has_a_port_of_its_own_range():
    assert set(SERVERS) == set(PORTS)
    used = [*PORTS.values(), PORTS["changedetection-io"] + 1]  # its watched site
    assert all(port in OWN_PORTS for port in used)
    assert len(set(used)) == len(used)
    assert not set(used) & set(probe_fetch.PORTS.values())


def test_the_groups_are_tune_groups_of_the_corpus():
    splits = {row["split"] for row in load_rows() if row["source_group"] in SERVERS}
    assert splits == {"tune"}
    assert set(SERVERS) <= {row["source_group"] for row in load_rows()}


def _row(obtained: str, language: str = "en") -> dict:
    return {"obtained": obtained, "language": language}


def test_a_crawl_is_one_language_and_one_user():
    assert context_of(_row(
        "GET /backuppc/index.cgi?action=queue (Basic authentication as bob),"
        " $Conf{Language} = 'cz'", "cs"
    )) == "cz|bob"  # fmt: skip
    assert context_of(_row(
        "GET /wws/review/team (Host: lists.example.org, Accept-Language: de,"
        " signed in as bob@example.org)", "de"
    )) == "de|bob@example.org"  # fmt: skip
    assert context_of(_row("POST /index.php with a wrong password (language cs_CZ)")) == (
        "cs_CZ|anonymous"
    )
    assert context_of(_row("GET /about.php?language=de-DE (signed in as admin)")) == ("de-DE|admin")


def test_signed_in_without_a_name_is_not_a_visitor():
    assert user_of(_row("GET /backups/ (signed in, Accept-Language: de)")) == "signed-in"
    assert user_of(_row("GET /accounts/email/ Accept-Language: de with a signed-in session"
                        " cookie")) == "signed-in"  # fmt: skip
    assert user_of(_row("GET /settings (not signed in, Accept-Language: de)")) == "anonymous"


def test_every_backuppc_row_names_a_user_with_a_password():
    """Its headers send Basic credentials of the row's user: each must be a harvest user."""
    from bench.harvest.backuppc_site import USERS

    users = {user_of(row) for row in load_rows() if row["source_group"] == "backuppc"}
    assert users == set(USERS)
