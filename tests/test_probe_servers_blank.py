"""The held-out groups' probe servers (bench/probe_servers_blank.py) are known to
`probe_answers.py --fetch-only`, on ports of their own. Nothing here starts the software."""

from bench import probe_answers, probe_fetch, probe_servers_blank
from bench.harvest.core import split_of

OWN_PORTS = range(18700, 18750)  # this module's range (the machine is shared)


def test_every_server_has_a_port_of_its_range_that_no_tune_server_uses():
    assert set(probe_servers_blank.SERVERS) == set(probe_servers_blank.PORTS)
    ports = list(probe_servers_blank.PORTS.values())
    used = [*ports, *(probe_servers_blank.PORTS["ganglia"] + n for n in range(1, 7))]
    assert len(set(used)) == len(used)  # ganglia's daemons take the next six ports
    assert all(port in OWN_PORTS for port in used)
    assert not set(used) & set(probe_fetch.PORTS.values())


def test_the_fetch_knows_the_held_out_servers_and_no_tune_server_is_replaced():
    assert probe_answers.probe_servers_blank is probe_servers_blank
    assert not set(probe_servers_blank.SERVERS) & set(probe_fetch.SERVERS)
    assert {"zoph", "sql-ledger", "ledgersmb", "ganglia"} <= set(probe_servers_blank.SERVERS)
    # held out: fetched only, the judging path refuses them
    assert {split_of(group) for group in probe_servers_blank.SERVERS} == {"holdout"}
