"""Debian prometheus and prometheus-alertmanager: their web interfaces' HTML pages.

prometheus (Debian builds the classic web interface only, not the React one) runs with a
configuration of its own (it scrapes itself; one rule file with an alert that always fires
and one that never does), its database in the work folder: the graph page, alerts, rules,
targets, service discovery, runtime and build information, command-line flags, configuration
(healthy). prometheus-alertmanager runs with a one-receiver configuration, clustering off:
its one HTML page (the shell its script fills; every view of the interface is this page).

Left out: every not-found answer of both ("404 page not found" for an unknown URL, "open
.../consoles/x.html: no such file or directory" for a missing console template) is
text/plain, no page; neither has a sign-in page (neither asks for credentials unless a
web configuration file is given, and then it answers a bare 401 with no body)."""

from __future__ import annotations

import time
from pathlib import Path

from bench.harvest.core import Page, apt_install, deb_version, fetch, free_port, running

PROMETHEUS_CONFIG = """global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - {work}/rules.yml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:{port}']
"""
RULES = """groups:
  - name: harvest
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        labels:
          severity: info
        annotations:
          summary: An alert that always fires
      - alert: InstanceDown
        expr: up == 0
        for: 1m
      - record: job:up:sum
        expr: sum by (job) (up)
"""
ALERTMANAGER_CONFIG = """route:
  receiver: default
receivers:
  - name: default
"""
# path -> (name, note)
PROMETHEUS_PAGES = {
    "/classic/graph": ("graph", "the graph page (classic interface)"),
    "/classic/graph?g0.expr=up&g0.tab=1": ("graph-query", "the graph page with a query"),
    "/classic/alerts": ("alerts", "alerts (one firing, one inactive)"),
    "/classic/rules": ("rules", "the rules"),
    "/classic/targets": ("targets", "the scrape targets"),
    "/classic/service-discovery": ("service-discovery", "service discovery"),
    "/classic/status": ("status", "runtime and build information"),
    "/classic/flags": ("flags", "the command-line flags"),
    "/classic/config": ("config", "the configuration"),
}


def prometheus(work: Path) -> list[Page]:
    apt_install("prometheus")
    source = deb_version("prometheus")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (work / "rules.yml").write_text(RULES)
    (work / "prometheus.yml").write_text(PROMETHEUS_CONFIG.format(work=work, port=port))
    command = [
        *("prometheus", f"--config.file={work / 'prometheus.yml'}"),
        *(f"--storage.tsdb.path={work / 'data'}", f"--web.listen-address=127.0.0.1:{port}"),
    ]
    pages = []
    with running(command, port, work / "prometheus.log"):
        _wait_for_firing(port)
        for path, (name, note) in PROMETHEUS_PAGES.items():
            pages.append(_page(port, path, name, note, "prometheus", source))
    return pages


def alertmanager(work: Path) -> list[Page]:
    apt_install("prometheus-alertmanager")
    source = deb_version("prometheus-alertmanager")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (work / "alertmanager.yml").write_text(ALERTMANAGER_CONFIG)
    command = [
        *("prometheus-alertmanager", f"--config.file={work / 'alertmanager.yml'}"),
        *(f"--storage.path={work / 'data'}", f"--web.listen-address=127.0.0.1:{port}"),
        "--cluster.listen-address=",
    ]
    with running(command, port, work / "alertmanager.log"):
        note = "the web interface (a shell its script fills: every view is this page)"
        return [_page(port, "/", "index", note, "prometheus-alertmanager", source)]


def _wait_for_firing(port: int) -> None:
    """Until the rule group has been evaluated once (the alerts page shows it firing)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, _, body = fetch(f"http://127.0.0.1:{port}/api/v1/alerts")
        if status == 200 and b"AlwaysFiring" in body:
            return
        time.sleep(1)
    raise RuntimeError("the alert AlwaysFiring did not fire within 60 s")


def _page(port: int, path: str, name: str, note: str, group: str, source: str) -> Page:
    status, answer, body = fetch(f"http://127.0.0.1:{port}{path}")
    if status != 200 or "html" not in answer.get("content-type", ""):
        raise RuntimeError(f"{group} {path} answered {status}: {body[:200]!r}")
    return Page(f"{name}.html", body, source, group, f"GET {path}", "en", "ok", status, note)
