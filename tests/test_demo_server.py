"""The live HTTP server that serves demo and test sites (its speed: bench/parts_speed.py)."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import replace

import pytest

from gatewatch.demo.generator import generate_site
from gatewatch.demo.server import serve
from gatewatch.demo.site import Page, Site
from tests.demo_support import (
    FIXTURE_DIR,
    REPO,
    KeepAliveFetcher,
    fetch,
)
from tests.waiting import wait_until

# -- the server ----------------------------------------------------------------------------


def test_get_head_keepalive_and_hits() -> None:
    site = Site()
    site.add("/", Page.html("<p>hello {{BASE}}</p>"))
    with serve(site) as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        status, headers, body = fetch(server.base_url + "/")
        assert status == 200
        assert body == f"<p>hello {server.base_url}</p>".encode()
        assert headers["content-length"] == str(len(body))
        assert headers["content-type"] == "text/html; charset=utf-8"
        get_length = headers["content-length"]
        status, headers, body = fetch(server.base_url + "/", method="HEAD")
        assert (status, body, headers["content-length"]) == (200, b"", get_length)
        assert fetch(server.base_url + "/nope?q=1")[0] == 404
        assert fetch(server.base_url + "/", method="POST")[0] == 405

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        for _ in range(3):
            conn.request("GET", "/")
            resp = conn.getresponse()
            assert resp.status == 200
            assert resp.version == 11
            resp.read()
        sock = conn.sock
        conn.request("GET", "/")
        conn.getresponse().read()
        assert conn.sock is sock  # the same connection was kept alive
        conn.close()

        hits = server.hits
        assert hits == Counter({"/": 7, "/nope?q=1": 1})
        server.reset_hits()
        assert server.hits == Counter()
    with pytest.raises(OSError, match="Connection refused"):  # stopped: nothing listens any more
        http.client.HTTPConnection("127.0.0.1", server.port, timeout=2).connect()


def test_stop_closes_idle_keepalive_connections() -> None:
    server = serve(Site({"/": Page.html("x")}))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/")
    conn.getresponse().read()
    stopping = threading.Thread(target=lambda: (server.stop(), server.stop()))  # idempotent
    stopping.start()
    # a bound for a hung stop, well under the server's 60 s idle timeout (which would end a
    # stop that waits on the idle connection, and let this test pass by chance)
    stopping.join(timeout=15)
    assert not stopping.is_alive(), "stop() waited on an idle keep-alive connection"
    assert conn.sock is not None
    assert conn.sock.recv(1) == b""


def test_fail_first_then_success_per_server_instance(fixture_site: Site) -> None:
    for _ in range(2):  # a new server starts with fresh counters
        with serve(fixture_site) as server:
            status, headers, _ = fetch(server.base_url + "/busy")
            assert (status, headers["retry-after"]) == (429, "1")
            status, headers, body = fetch(server.base_url + "/busy")
            assert status == 200
            assert "retry-after" not in headers
            assert b"Busy" in body
            assert server.hits["/busy"] == 2


def test_delay_does_not_block_other_requests() -> None:
    site = Site({"/slow": Page.html("slow"), "/fast": Page.html("fast")})
    site.add("/slow", replace(site.pages["/slow"], delay=3.0))
    with serve(site) as server:
        answered: list[str] = []

        def get_slow() -> None:
            fetch(server.base_url + "/slow")
            answered.append("slow")

        thread = threading.Thread(target=get_slow)
        thread.start()
        wait_until(lambda: server.hits["/slow"], message="/slow was never asked for")
        assert fetch(server.base_url + "/fast")[0] == 200
        answered.append("fast")
        thread.join()
    assert answered == ["fast", "slow"]  # the fast page did not wait for the slow one


def test_serves_concurrent_keepalive_clients_without_errors() -> None:
    generated = generate_site(200, seed=3)
    paths = [p for p, s in generated.expected_pages.items() if s == 200][:250]
    errors: list[str] = []
    with serve(generated.site) as server:

        def worker() -> None:
            get = KeepAliveFetcher(server)
            for path in paths:
                if get(path)[0] != 200:
                    errors.append(path)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        hits = server.hits
    assert not errors
    assert all(hits[path] == 4 for path in paths)


def test_no_output_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    with serve(Site()) as server:
        fetch(server.base_url + "/missing")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/")
        conn.close()  # hang up before reading the answer
        time.sleep(0.1)
    captured = capfd.readouterr()
    assert captured.err == ""


def test_standalone_server_prints_base_url_and_stops_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args in (["--demo"], ["--generated", "100"], [str(FIXTURE_DIR)]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "gatewatch.demo.server", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            base = proc.stdout.readline().strip()
            assert base.startswith("http://127.0.0.1:")
            status, _, body = fetch(base + "/robots.txt")
            assert status == 200
            assert f"Sitemap: {base}/".encode() in body
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=10) == 0, proc.communicate()[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
