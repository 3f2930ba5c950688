"""gatewatch.toml: what a valid file gives, every problem of a bad one with its line, and
schedules that mean what cron means."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from gatewatch.cli.main import main
from gatewatch.scheduler.config import ConfigError, load_config
from gatewatch.scheduler.config_lines import key_lines
from gatewatch.scheduler.schedules import ScheduleError, cron_weekdays, latest_slot, parse_schedule

EXAMPLE = Path(__file__).parent.parent / "gatewatch.example.toml"
SUNDAY_NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

GOOD = """
recipients = ["team@example.com"]

[smtp]
host = "127.0.0.1"
port = 2525
security = "none"
from = "gatewatch@example.com"

[[sites]]
name = "shop"
start_url = "https://shop.example.com/"
schedule = "weekly on monday at 06:00 Europe/Berlin"
max_pages = 50
backlinks = "links.csv"

[sites.rules]
important_public_inlinks = 5

[[sites]]
name = "blog"
start_url = "https://blog.example.com/"
schedule = "30 3 * * 1"
recipients = ["editor@example.com"]
send_only_when_changed = true
"""

BAD = """\
recipients = ["not an address"]

[database]
url = "postgresql://gatewatch:hunter2@db/gatewatch"

[smtp]
host = "mail.example.com"
password = "hunter2"
security = "ssl"

[[sites]]
name = "shop"
start_url = "ftp://shop.example.com/"
schedule = "weekly on funday at 06:00"
max_pages = -5
concurency = 3

[sites.rules]
no_such_rule = 1

[[sites]]
name = "shop"
start_url = "https://shop.example.com/"
schedule = "0 6 * * 9"
"""


def write(tmp_path: Path, text: str, name: str = "gatewatch.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_example_is_valid():
    config = load_config(EXAMPLE)
    assert set(config.sites) == {"shop", "blog"}
    assert config.smtp.password_env == "GATEWATCH_SMTP_PASSWORD"
    assert config.sites["shop"].crawl.max_pages == 20000


def test_a_valid_file_gives_sites_with_their_options(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    shop, blog = config.sites["shop"], config.sites["blog"]
    assert shop.start_url == "https://shop.example.com/"
    assert shop.crawl.max_pages == 50
    assert shop.recipients == ["team@example.com"]  # the file's default list
    assert blog.recipients == ["editor@example.com"]  # its own list
    assert blog.send_only_when_changed
    assert not shop.send_only_when_changed
    assert shop.rules == {"important_public_inlinks": 5}  # handed to the bucket rules as is
    assert shop.backlinks == tmp_path / "links.csv"  # relative to the config file
    assert config.reports_directory == tmp_path / "reports"
    # Monday 06:00 in Berlin is 05:00 UTC in winter
    assert shop.trigger.get_next_fire_time(None, SUNDAY_NOON) == datetime(
        2026, 11, 23, 5, 0, tzinfo=UTC
    )
    assert "links.csv" in config.warnings[0].message  # not there yet: a warning, not an error


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, BAD))
    problems = raised.value.problems
    by_line: dict[int, list[str]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(f"{problem.message} {problem.hint or ''}")
    assert "not an e-mail address" in by_line[1][0]
    assert "contains a password" in by_line[4][0]
    assert "GATEWATCH_DATABASE_URL" in by_line[4][0]
    assert "no passwords in this file" in by_line[8][0]
    assert "password_env" in by_line[8][0]
    assert "starttls" in by_line[9][0]
    assert "http(s) URL" in by_line[13][0]
    assert "funday" in by_line[14][0]
    assert "0 or more" in by_line[15][0]
    assert "did you mean 'concurrency'" in by_line[16][0]
    assert "no_such_rule" in by_line[18][0]
    assert "two sites are named 'shop'" in by_line[22][0]
    assert "day of the week" in by_line[24][0]
    assert len(problems) == 11, [problem.message for problem in problems]
    assert "gatewatch.toml:8:" in str(raised.value)


def test_a_toml_syntax_error_names_its_line(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, '[[sites]]\nname = "shop"\nstart_url = https://x/\n'))
    assert raised.value.problems[0].line == 3


def test_a_missing_file_says_how_to_start(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "nope.toml")
    assert "gatewatch.example.toml" in str(raised.value)


def test_recipients_need_an_smtp_table_and_mail_needs_recipients(tmp_path):
    without_smtp = GOOD.split("[smtp]")[0] + "[[sites]]" + GOOD.split("[[sites]]", 1)[1]
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, without_smtp))
    assert "no [smtp] table" in str(raised.value)
    without_recipients = GOOD.replace('recipients = ["team@example.com"]', "")
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, without_recipients))
    assert "shop has no recipients" in str(raised.value)


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("1", "mon"),
        ("0", "sun"),
        ("7", "sun"),
        ("1-5", "mon,tue,wed,thu,fri"),
        ("5-0", "fri,sat,sun"),
        ("0,6", "sat,sun"),
        ("*/2", "tue,thu,sat,sun"),
        ("mon-wed", "mon,tue,wed"),
        ("*", "*"),
    ],
)
def test_cron_weekday_numbers_mean_what_they_mean_in_cron(field, names):
    assert cron_weekdays(field) == names


def test_cron_day_one_is_monday_unlike_apscheduler_from_crontab():
    trigger = parse_schedule("0 6 * * 1")
    assert trigger.get_next_fire_time(None, SUNDAY_NOON).strftime("%A %H:%M") == "Monday 06:00"


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ("daily at 03:30 UTC", datetime(2026, 11, 23, 3, 30, tzinfo=UTC)),
        ("weekly on tuesday and friday at 07:15", datetime(2026, 11, 24, 7, 15, tzinfo=UTC)),
        ("weekly on sunday at 18:00 America/New_York", datetime(2026, 11, 22, 23, 0, tzinfo=UTC)),
    ],
)
def test_schedules_in_words(schedule, expected):
    assert parse_schedule(schedule).get_next_fire_time(None, SUNDAY_NOON) == expected


@pytest.mark.parametrize(
    "schedule", ["sometimes", "daily at 25:00", "weekly on monday at 06:00 Mars/Base", "0 6 * *"]
)
def test_unreadable_schedules_are_refused_with_an_example(schedule):
    with pytest.raises(ScheduleError):
        parse_schedule(schedule)


def test_the_latest_slot_is_the_last_time_due_within_the_window():
    trigger = parse_schedule("daily at 06:00 UTC")
    from datetime import timedelta

    assert latest_slot(trigger, SUNDAY_NOON, timedelta(hours=12)) == datetime(
        2026, 11, 22, 6, 0, tzinfo=UTC
    )
    assert latest_slot(trigger, SUNDAY_NOON, timedelta(hours=3)) is None


def test_key_lines_follow_arrays_of_tables():
    lines = key_lines('a = 1\n[[sites]]\nname = "x"\n[[sites]]\nname = "y"\n[sites.rules]\nk = 2\n')
    assert lines[("a",)] == 1
    assert lines[("sites", 0, "name")] == 3
    assert lines[("sites", 1, "name")] == 5
    assert lines[("sites", 1, "rules", "k")] == 7


def test_config_check_prints_problems_and_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["config", "check", str(write(tmp_path, BAD))])
    assert result.exit_code == 2
    assert "gatewatch.toml:8" in result.output
    result = CliRunner().invoke(main, ["config", "check", str(write(tmp_path, BAD)), "--json"])
    assert result.exit_code == 2
    assert {problem["line"] for problem in json.loads(result.output)["problems"]} >= {1, 8, 24}


def test_config_check_lists_sites_and_their_next_run(tmp_path):
    result = CliRunner().invoke(main, ["config", "check", str(write(tmp_path, GOOD)), "--json"])
    assert result.exit_code == 0, result.output
    sites = {site["name"]: site for site in json.loads(result.output)["sites"]}
    assert datetime.fromisoformat(sites["blog"]["next_run"]).strftime("%a %H:%M") == "Mon 03:30"


def test_a_sites_detector_settings_reach_its_crawl_and_a_wrong_one_names_its_line(tmp_path):
    from gatewatch.scheduler.crawl_process import crawl_request, read_crawl_request

    path = tmp_path / "gatewatch.toml"
    path.write_text(
        '[[sites]]\nname = "shop"\nstart_url = "https://shop.test/"\n'
        'schedule = "daily at 03:00 UTC"\n[sites.detectors]\nnot_found = ["vergriffen"]\n',
        encoding="utf-8",
    )
    site = load_config(path).sites["shop"]
    options, _ = read_crawl_request(crawl_request(site.crawl, datetime(2026, 11, 23, tzinfo=UTC)))
    assert options.detector_settings == {"not_found": ["vergriffen"]}
    path.write_text(
        path.read_text(encoding="utf-8").replace("not_found", "not_fonud"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    (problem,) = raised.value.problems
    assert problem.line == 5
    assert "not_fonud" in problem.message


def test_a_sites_workers_reach_its_crawl_and_a_wrong_count_names_its_line(tmp_path):
    from gatewatch.scheduler.crawl_process import crawl_request, read_crawl_request

    path = tmp_path / "gatewatch.toml"
    site_text = (
        '[[sites]]\nname = "shop"\nstart_url = "https://shop.test/"\n'
        'schedule = "daily at 03:00 UTC"\nparse_workers = 0\nwrite_workers = 1\n'
    )
    path.write_text(site_text, encoding="utf-8")
    options, _ = read_crawl_request(
        crawl_request(load_config(path).sites["shop"].crawl, datetime(2026, 11, 23, tzinfo=UTC))
    )
    assert (options.parse_workers, options.write_workers) == (0, 1)
    path.write_text(site_text.replace("parse_workers = 0", "parse_workers = 99"), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert any(
        "parse_workers must be 0 or 1" in problem.message for problem in raised.value.problems
    )


TWO_SITES = """\
[[sites]]
name = "shop"
start_url = "{shop}"
schedule = "daily at 03:00 UTC"

[[sites]]
name = "blog"
start_url = "{blog}"
schedule = "daily at 03:00 UTC"
"""


@pytest.mark.parametrize(
    ("shop", "blog"),
    [
        ("http://127.0.0.1:8791/", "http://127.0.0.1:8791/blog/"),
        ("https://example.com/", "http://www.EXAMPLE.com/news/"),
        ("https://www.example.com/", "https://example.com:443/"),
    ],
)
def test_two_sites_on_one_host_are_refused_naming_both(tmp_path, shop, blog):
    """Runs are kept per host: two sites on one host would share their runs and comparisons."""
    path = write(tmp_path, TWO_SITES.format(shop=shop, blog=blog))
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    (problem,) = raised.value.problems
    assert problem.line == 8  # blog's start_url
    assert "'shop' (line 3)" in problem.message
    assert "'blog' (line 8)" in problem.message
    assert "one site per host" in problem.hint
    assert "include/exclude" in problem.hint
    result = CliRunner().invoke(main, ["config", "check", str(path)])
    assert result.exit_code == 2
    assert "gatewatch.toml:8" in result.output
    assert "one site per host" in result.output


def test_a_shared_host_is_reported_with_the_other_problems_of_the_site(tmp_path):
    text = TWO_SITES.format(shop="http://127.0.0.1:8791/", blog="http://127.0.0.1:8791/blog/")
    text = text.replace('schedule = "daily at 03:00 UTC"\n', 'schedule = "sometimes"\n', 1)
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert [problem.line for problem in raised.value.problems] == [4, 8]
    assert "one site per host" in raised.value.problems[1].hint


def test_sites_on_other_hosts_or_ports_of_one_machine_are_separate_sites(tmp_path):
    text = TWO_SITES.format(shop="http://127.0.0.1:8791/", blog="http://127.0.0.1:8792/")
    assert set(load_config(write(tmp_path, text)).sites) == {"shop", "blog"}


ONE_SITE = (
    '[[sites]]\nname = "shop"\nstart_url = "https://shop.test/"\nschedule = "daily at 03:00"\n'
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("gw.db", "{folder}/gw.db"),
        ("data/gw.db", "{folder}/data/gw.db"),
        ("sqlite:///gw.db", "sqlite:///{folder}/gw.db"),
        ("sqlite+pysqlite:///gw.db?timeout=5", "sqlite+pysqlite:///{folder}/gw.db?timeout=5"),
        ("/var/lib/gw.db", "/var/lib/gw.db"),
        ("sqlite:////var/lib/gw.db", "sqlite:////var/lib/gw.db"),
        (":memory:", ":memory:"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql://gatewatch@db/gatewatch", "postgresql://gatewatch@db/gatewatch"),
    ],
)
def test_a_relative_sqlite_path_is_relative_to_the_config_file(
    tmp_path, monkeypatch, url, expected
):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    write(folder, f'[database]\nurl = "{url}"\n' + ONE_SITE)
    config = load_config(Path("config") / "gatewatch.toml")  # a relative path to the file
    assert config.database_url == expected.format(folder=folder)


def test_the_database_of_a_config_is_the_same_file_from_any_folder(tmp_path, monkeypatch):
    from gatewatch.storage.database import open_database

    folder = tmp_path / "cfg"
    folder.mkdir()
    path = write(folder, '[database]\nurl = "gw.db"\n' + ONE_SITE)
    monkeypatch.chdir(tmp_path)
    open_database(load_config(path).database_url).dispose()
    assert (folder / "gw.db").is_file()
    assert not (tmp_path / "gw.db").exists()
