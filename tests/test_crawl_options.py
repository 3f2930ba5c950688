"""Crawl options are declared once (crawler/options.py): the `crawl` flags and a site's config
keys are made from the declarations, and every option a site's config sets reaches its crawl."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from gatewatch.cli.main import main
from gatewatch.crawler.options import CRAWL_SETTINGS, CrawlOptions
from gatewatch.scheduler.config import load_config
from gatewatch.scheduler.config_reader import CRAWL_KEYS

EXAMPLE = Path(__file__).parent.parent / "gatewatch.example.toml"

# the flags of `gatewatch crawl` as users' scripts and the README spell them
FLAGS = [
    "--sitemap", "--max-pages", "--max-depth", "--include", "--exclude", "--ignore-robots",
    "--user-agent", "--concurrency", "--delay", "--autothrottle", "--timeout", "--time-limit",
    "--retry-after-cap", "--strict-host", "--https-only", "--detector-settings", "--no-detect",
    "--render", "--render-max-pages", "--render-timeout", "--render-allow-host",
    "--parse-workers", "--write-workers", "--max-url-length", "--max-links-per-page",
    "--max-urls", "--max-sitemap-urls-per-file", "--max-sitemap-urls", "--max-sitemap-files",
    "--allow-private-addresses",
]  # fmt: skip

# every crawl option a site can set, none at its default
EVERY_KEY = """\
[[sites]]
name = "shop"
start_url = "{base}/"
schedule = "daily at 03:00 UTC"
sitemaps = ["{base}/extra-sitemap.xml"]
max_pages = 3
max_depth = 2
include = ["/"]
exclude = ["\\\\?sort="]
obey_robots = false
user_agent = "gatewatch-test/1.0"
concurrency = 2
delay = 0.01
autothrottle = true
timeout = 7.5
time_limit_minutes = 3
retry_after_cap = 4.5
www_equivalent = false
any_scheme = false
detect = false
render = "never"
render_max_pages = 7
render_timeout = 9.5
render_allow_hosts = ["cdn.example.com"]
parse_workers = 0
write_workers = 0
max_url_length = 1000
max_links_per_page = 500
max_urls = 5000
max_sitemap_urls_per_file = 400
max_sitemap_urls = 800
max_sitemap_files = 20
allow_private_addresses = true

[sites.detectors]
thin_words = 40
"""

TWO_SITES = """\
[database]
url = "{database}"

[[sites]]
name = "shop"
start_url = "https://shop.test/"
schedule = "daily at 03:00 UTC"
max_pages = 50
timeout = 12
exclude = ["/cart"]

[sites.rules]
extra_private_paths = ["partners"]

[sites.detectors]
not_found = ["vergriffen"]

[[sites]]
name = "blog"
start_url = "https://blog.test/"
schedule = "daily at 04:00 UTC"
"""


@pytest.fixture
def crawled(monkeypatch) -> list[dict]:
    """What `gatewatch crawl` would crawl, caught before it does."""
    calls: list[dict] = []

    def crawl_into_database(options, database, quiet, as_json, verbose, scheduled_for, rules):
        calls.append({"options": options, "database": database, "rules": rules})

    monkeypatch.setattr("gatewatch.cli.crawl.crawl_into_database", crawl_into_database)
    return calls


@pytest.mark.crawl
def test_every_option_set_in_a_sites_config_reaches_the_crawl(tmp_path, fixture_server):
    from gatewatch.scheduler.crawl_process import run_crawl_process
    from gatewatch.storage.database import open_database
    from gatewatch.storage.runs import latest_run

    config = tmp_path / "gatewatch.toml"
    config.write_text(EVERY_KEY.format(base=fixture_server.base_url), encoding="utf-8")
    assert set(tomllib.loads(config.read_text())["sites"][0]) - {
        "name", "start_url", "schedule"
    } == set(CRAWL_KEYS)  # fmt: skip
    options = load_config(config).sites["shop"].crawl
    for declared in CRAWL_SETTINGS:
        assert getattr(options, declared.name) != declared.default, declared.name
    assert (options.timeout, options.retry_after_cap, options.time_limit) == (7.5, 4.5, 180)
    database = f"sqlite:///{tmp_path / 'gatewatch.db'}"
    ended = run_crawl_process(options, datetime(2026, 12, 7, 3, tzinfo=UTC), database)
    run = latest_run(open_database(database))
    assert ended.exit_code == 0
    assert run.status == "completed"
    assert run.settings == json.loads(json.dumps(options.as_dict()))  # as the crawl had them


def test_each_flag_keeps_its_name_and_help_and_gives_the_declared_default(crawled):
    runner = CliRunner()
    help_text = " ".join(runner.invoke(main, ["crawl", "--help"]).output.split())
    declared = [setting for setting in CRAWL_SETTINGS if setting.flag_name]
    assert [setting.flag_name for setting in declared] == FLAGS
    for setting in declared:
        assert setting.flag_name in help_text
        assert setting.help[:30] in help_text
    result = runner.invoke(main, ["crawl", "https://shop.test/"])
    assert result.exit_code == 0, result.output
    assert crawled[0]["options"] == CrawlOptions("https://shop.test/")
    assert crawled[0]["rules"] is None


def test_flags_set_their_options_and_wrong_values_name_the_flag(crawled):
    result = CliRunner().invoke(
        main,
        ["crawl", "https://shop.test/", "--timeout", "5", "--retry-after-cap", "2",
         "--ignore-robots", "--strict-host", "--no-detect", "--autothrottle", "--concurrency", "3",
         "--sitemap", "https://shop.test/a.xml", "--sitemap", "https://shop.test/b.xml",
         "--detector-settings", '{"thin_words": 40}', "--parse-workers", "0",
         "--max-urls", "100", "--render", "never"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    options = crawled[0]["options"]
    assert (options.timeout, options.retry_after_cap, options.concurrency_per_host) == (5, 2, 3)
    assert not (options.obey_robots)
    assert not (options.www_equivalent)
    assert not (options.detect)
    assert options.autothrottle
    assert options.any_scheme
    assert options.sitemaps == ["https://shop.test/a.xml", "https://shop.test/b.xml"]
    assert options.detector_settings == {"thin_words": 40}
    assert (options.parse_workers, options.max_urls, options.render) == (0, 100, "never")
    for flags, said in [
        (["--timeout", "0"], "--timeout must be more than 0, not 0"),
        (["--max-urls", "0"], "--max-urls must be at least 1"),
        (["--detector-settings", "[1]"], "give a JSON object"),
        (["--include", "("], "--include '(' is not a valid regex"),
    ]:
        result = CliRunner().invoke(main, ["crawl", "https://shop.test/", *flags])
        assert result.exit_code == 2, result.output
        assert said in result.output, result.output


def test_crawl_with_config_crawls_the_named_site_with_its_settings_rules_and_database(
    tmp_path, crawled
):
    config = tmp_path / "gatewatch.toml"
    config.write_text(TWO_SITES.format(database=tmp_path / "sites.db"), encoding="utf-8")
    runner = CliRunner(env={"GATEWATCH_DATABASE_URL": None})
    result = runner.invoke(main, ["crawl", "--config", str(config), "shop", "--max-pages", "5"])
    assert result.exit_code == 0, result.output
    [call] = crawled
    options = call["options"]
    assert options.start_url == "https://shop.test/"
    assert options.max_pages == 5
    assert options.timeout == 12
    assert options.exclude == ["/cart"]
    assert options.detector_settings == {"not_found": ["vergriffen"]}
    assert options.time_limit == 240 * 60  # the config's default, not the command line's
    assert call["rules"] == {"extra_private_paths": ["partners"]}
    assert call["database"] == str(tmp_path / "sites.db")
    result = runner.invoke(
        main, ["crawl", "--config", str(config), "blog", "--db", str(tmp_path / "other.db")]
    )
    assert crawled[1]["options"].start_url == "https://blog.test/"
    assert crawled[1]["database"] == str(tmp_path / "other.db")


def test_crawl_with_config_needs_a_known_site_and_without_it_a_url(tmp_path, crawled):
    config = tmp_path / "gatewatch.toml"
    config.write_text(TWO_SITES.format(database=tmp_path / "sites.db"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["crawl", "--config", str(config)])
    assert result.exit_code == 2
    assert "name the one to crawl (shop, blog)" in result.output
    result = runner.invoke(main, ["crawl", "--config", str(config), "shoe"])
    assert result.exit_code == 1
    assert "no site named 'shoe'" in result.output
    result = runner.invoke(main, ["crawl"])
    assert result.exit_code == 2
    assert "give the URL to crawl" in result.output
    assert crawled == []


def test_the_example_config_documents_every_crawl_key():
    text = EXAMPLE.read_text(encoding="utf-8")
    for key in CRAWL_KEYS:
        assert f"\n{key} =" in text or f"\n# {key} =" in text or f"[sites.{key}]" in text, key


def test_the_example_configs_commented_settings_are_valid_and_show_the_defaults(tmp_path):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    uncommented = {}
    for number, line in enumerate(lines):
        key = line.removeprefix("# ").split(" = ")[0]
        if line.startswith("# ") and key in CRAWL_KEYS:
            lines[number] = line.removeprefix("# ")
            uncommented[key] = CRAWL_KEYS[key]
    path = tmp_path / "gatewatch.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    options = load_config(path).sites["shop"].crawl
    assert "timeout" in uncommented
    assert "max_urls" in uncommented
    not_defaults = {
        key for key, declared in uncommented.items()
        if getattr(options, declared.name) != declared.default
    }  # fmt: skip
    assert not_defaults == {"include", "parse_workers", "write_workers"}  # examples, said so


@pytest.mark.crawl
def test_crawl_with_config_classifies_the_findings_with_the_sites_rules(tmp_path, fixture_server):
    from tests.conftest import run_gatewatch

    config = tmp_path / "sites.toml"
    config.write_text(
        f'[[sites]]\nname = "shop"\nstart_url = "{fixture_server.base_url}/"\n'
        'schedule = "daily at 03:00 UTC"\nmax_pages = 40\n'
        "[sites.rules]\nimportant_public_inlinks = 1\n",
        encoding="utf-8",
    )
    database = str(tmp_path / "gatewatch.db")
    crawled = run_gatewatch("crawl", "--config", str(config), "--db", database, "--json")
    assert json.loads(crawled.stdout)["status"] == "completed"

    def bucket_of_forbidden(*rebuild: str) -> str:
        listed = run_gatewatch("findings", "--db", database, "--json", *rebuild, cwd=tmp_path)
        return {row["url"]: row["bucket"] for row in json.loads(listed.stdout)}[
            f"{fixture_server.base_url}/forbidden"
        ]

    assert bucket_of_forbidden() == "fix_now"  # linked from one public page: important here
    assert bucket_of_forbidden("--rebuild") == "review"  # by the default rules
    assert bucket_of_forbidden("--rebuild", "--config", str(config)) == "fix_now"
