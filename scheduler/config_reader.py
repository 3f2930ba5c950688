"""The checks of a config file: each key's type and meaning, with every problem collected (with
its line and a hint) instead of stopping at the first."""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from gatewatch.crawler.options import CRAWL_SETTINGS, CrawlOptions, OptionsError
from gatewatch.crawler.urls import InvalidURL, normalize_url
from gatewatch.reports.mailer import DEFAULT_ATTACHMENT_LIMIT, SECURITY_MODES, SmtpSettings
from gatewatch.scheduler.config import DEFAULT_CATCH_UP_HOURS, Config, Problem, SiteConfig
from gatewatch.scheduler.config_lines import line_of
from gatewatch.scheduler.schedules import ScheduleError, parse_schedule, timezone_named
from gatewatch.storage.url_identity import site_host

SECRET_HINT = (
    "put the password in an environment variable and name it instead, "
    'e.g. password_env = "GATEWATCH_SMTP_PASSWORD"'
)
_SITE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_ENVIRONMENT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ONE_SITE_PER_HOST_HINT = (
    "one site per host: use include/exclude patterns to split a host's crawl into one site, "
    "or crawl it once"
)

TOP_KEYS = {
    "database",
    "smtp",
    "reports",
    "scheduler",
    "recipients",
    "send_only_when_changed",
    "timezone",
    "rules",
    "sites",
}
# a site's keys besides its crawl options' (crawler/options.py declares those: CRAWL_KEYS)
SITE_KEYS = {
    "name",
    "start_url",
    "schedule",
    "timezone",
    "recipients",
    "send_only_when_changed",
    "backlinks",
    "rules",
}
CRAWL_KEYS = {declared.config_name: declared for declared in CRAWL_SETTINGS if declared.config_name}
CRAWL_KEYS_BY_OPTION = {declared.name: key for key, declared in CRAWL_KEYS.items()}
FLAG_KEYS = sorted(  # longest first: --max-sitemap-urls-per-file before --max-sitemap-urls
    ((declared.flag_name, key) for key, declared in CRAWL_KEYS.items() if declared.flag_name),
    key=lambda pair: -len(pair[0]),
)
KINDS = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "text",
    list: "list of texts",
    dict: "table",
}
SMTP_KEYS = {
    "host",
    "port",
    "security",
    "username",
    "password_env",
    "from",
    "timeout",
    "attempts",
    "retry_seconds",
}
SECTION_KEYS = {
    "database": {"url"},
    "reports": {"directory", "attachment_limit_mb"},
    "scheduler": {"catch_up_hours"},
    "smtp": SMTP_KEYS,
}


class ConfigReader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, lines: dict) -> None:
        self.lines = lines
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def problem(self, path: tuple, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(line_of(self.lines, path), message, hint))

    def value(self, table: dict, path: tuple, kind: str, default: Any = None) -> Any:
        key = path[-1]
        if key not in table:
            return default
        value = table[key]
        checks = {
            "text": lambda: isinstance(value, str) and value.strip() != "",
            "integer": lambda: isinstance(value, int) and not isinstance(value, bool),
            "number": lambda: isinstance(value, int | float) and not isinstance(value, bool),
            "boolean": lambda: isinstance(value, bool),
            "list of texts": lambda: (
                isinstance(value, list) and all(isinstance(item, str) for item in value)
            ),
            "table": lambda: isinstance(value, dict),
        }
        if not checks[kind]():
            article = "an" if kind[0] in "aeiou" else "a"
            self.problem(path, f"{_dotted(path)} must be {article} {kind}, not {value!r}")
            return default
        if kind in ("integer", "number") and value < 0:
            self.problem(path, f"{_dotted(path)} must be 0 or more, not {value}")
            return default
        return value

    def unknown_keys(self, table: dict, path: tuple, known: set[str]) -> None:
        for key in table:
            if key in known:
                continue
            if key == "password":
                self.problem(
                    (*path, key), f"{_dotted((*path, key))}: no passwords in this file", SECRET_HINT
                )
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(sorted(known))
            self.problem((*path, key), f"unknown key {_dotted((*path, key))}", hint)

    def config(self, path: Path, data: dict) -> Config:
        base = path.absolute().parent  # relative paths in the file are relative to it
        self.unknown_keys(data, (), TOP_KEYS)
        sections = {}
        for name, keys in SECTION_KEYS.items():
            table = self.value(data, (name,), "table", {})
            self.unknown_keys(table, (name,), keys)
            sections[name] = table
        smtp = self.smtp(sections["smtp"]) if "smtp" in data else None
        database_url = self.database(sections["database"], base)
        reports = sections["reports"]
        directory = self.value(reports, ("reports", "directory"), "text", "reports")
        limit_mb = self.value(reports, ("reports", "attachment_limit_mb"), "number", None)
        catch_up = self.value(
            sections["scheduler"], ("scheduler", "catch_up_hours"), "number", None
        )
        defaults = {
            "recipients": self.recipients(data, ("recipients",)),
            "send_only_when_changed": self.value(
                data, ("send_only_when_changed",), "boolean", False
            ),
            "timezone": self.value(data, ("timezone",), "text", "UTC"),
            "rules": self.value(data, ("rules",), "table", {}),
        }
        sites = self.sites(data, defaults, base, smtp is not None)
        return Config(
            path=path,
            sites=sites,
            smtp=smtp,
            database_url=database_url,
            reports_directory=base / directory,
            attachment_limit=int(limit_mb * 1_048_576)
            if limit_mb is not None
            else (DEFAULT_ATTACHMENT_LIMIT),
            catch_up_hours=catch_up if catch_up is not None else DEFAULT_CATCH_UP_HOURS,
        )

    def smtp(self, table: dict) -> SmtpSettings | None:
        host = self.value(table, ("smtp", "host"), "text")
        if host is None:
            self.problem(("smtp",), "[smtp] needs a host", 'e.g. host = "smtp.example.com"')
        security = self.value(table, ("smtp", "security"), "text", "starttls")
        if security not in SECURITY_MODES:
            self.problem(
                ("smtp", "security"),
                f"smtp.security must be one of {', '.join(SECURITY_MODES)}, not {security!r}",
                "starttls on port 587 is the usual choice; tls is port 465",
            )
            security = "starttls"
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        port = self.value(table, ("smtp", "port"), "integer", default_port)
        if not 0 < port < 65536:
            self.problem(("smtp", "port"), f"smtp.port {port} is not a port number (1-65535)")
        password_env = self.value(table, ("smtp", "password_env"), "text")
        if password_env is not None and not _ENVIRONMENT_NAME.match(password_env):
            self.problem(
                ("smtp", "password_env"),
                f"smtp.password_env must name an environment variable, not {password_env!r}",
                "the password itself goes in that variable, never in this file",
            )
        elif password_env and password_env not in os.environ:
            self.warnings.append(
                Problem(
                    line_of(self.lines, ("smtp", "password_env")),
                    f"${password_env} is not set in this environment; sending will fail",
                )
            )
        username = self.value(table, ("smtp", "username"), "text")
        sender = self.value(table, ("smtp", "from"), "text", "gatewatch@localhost")
        if "\n" in sender or "@" not in sender:
            self.problem(("smtp", "from"), f"smtp.from {sender!r} is not an e-mail address")
        timeout = self.value(table, ("smtp", "timeout"), "number", 30.0)
        attempts = self.value(table, ("smtp", "attempts"), "integer", 3)
        retry_seconds = self.value(table, ("smtp", "retry_seconds"), "number", 30.0)
        if host is None:
            return None
        return SmtpSettings(
            host, port, security, username, password_env, sender, timeout, attempts, retry_seconds
        )

    def database(self, table: dict, base: Path) -> str | None:
        """The database URL, a relative SQLite path made relative to the config file's folder
        (like reports.directory), so that the file means the same database from any folder."""
        url = self.value(table, ("database", "url"), "text")
        if url is None:
            return None
        if "://" not in url:  # a plain path: a SQLite file
            return sqlite_path_relative_to(url, base)
        try:
            has_password = make_url(url).password is not None
        except Exception as error:
            self.problem(("database", "url"), f"database.url cannot be read: {error}")
            return None
        if has_password:
            self.problem(
                ("database", "url"),
                "database.url contains a password",
                "leave [database] out and set $GATEWATCH_DATABASE_URL instead",
            )
        return sqlite_path_relative_to(url, base)

    def recipients(self, table: dict, path: tuple) -> list[str] | None:
        addresses = self.value(table, path, "list of texts")
        if addresses is None:
            return None
        for address in addresses:
            if "@" not in address or any(character.isspace() for character in address):
                self.problem(path, f"{address!r} in {_dotted(path)} is not an e-mail address")
        return addresses

    def sites(self, data: dict, defaults: dict, base: Path, mails: bool) -> dict[str, SiteConfig]:
        tables = data.get("sites")
        if not isinstance(tables, list) or not tables:
            self.problem(
                ("sites",),
                "no sites: add a [[sites]] table for each site to watch",
                'name = "shop", start_url = "https://shop.example.com/", schedule = ...',
            )
            return {}
        sites: dict[str, SiteConfig] = {}
        names: set[str] = set()
        hosts: dict[str, tuple[str, int | None]] = {}
        for index, table in enumerate(tables):
            if not isinstance(table, dict):
                self.problem(("sites",), "sites must be tables: write [[sites]]")
                continue
            name = table.get("name")
            if isinstance(name, str) and name in names:
                self.problem(("sites", index, "name"), f"two sites are named {name!r}")
            names.add(name)
            site = self.site(table, ("sites", index), defaults, base, mails)
            if site is not None:
                sites[site.name] = site
            self.one_site_per_host(table, index, hosts)
        return sites

    def one_site_per_host(
        self, table: dict, index: int, hosts: dict[str, tuple[str, int | None]]
    ) -> None:
        """Runs are kept per host (storage.runs): two sites on one host would share their
        runs, so `gatewatch run` of the second finds the first's run and never crawls; and
        a host and its www twin are one site (site_host), crawled as one."""
        start_url = table.get("start_url")
        if not isinstance(start_url, str):
            return  # reported by site()
        try:
            host = site_host(normalize_url(start_url))
        except InvalidURL:
            return  # reported by site()
        label = table.get("name") if isinstance(table.get("name"), str) else f"#{index + 1}"
        line = line_of(self.lines, ("sites", index, "start_url"))
        if host not in hosts:
            hosts[host] = (label, line)
            return
        other, other_line = hosts[host]
        self.problem(
            ("sites", index, "start_url"),
            f"sites {other!r} (line {other_line}) and {label!r} (line {line}) are both on "
            f"{host}: their runs and comparisons would be mixed up",
            ONE_SITE_PER_HOST_HINT,
        )

    def site(
        self, table: dict, path: tuple, defaults: dict, base: Path, mails: bool
    ) -> SiteConfig | None:
        self.unknown_keys(table, path, SITE_KEYS | set(CRAWL_KEYS))
        problems_before = len(self.problems)
        name = self.value(table, (*path, "name"), "text")
        if name is None:
            self.problem(
                path, "a site needs a name", 'e.g. name = "shop" (used in `gatewatch run`)'
            )
        elif not _SITE_NAME.match(name):
            self.problem(
                (*path, "name"),
                f"site name {name!r} may hold only letters, digits, '.', '_' and '-'",
            )
        label = name or f"site #{path[-1] + 1}"
        start_url = self.value(table, (*path, "start_url"), "text")
        if start_url is None:
            self.problem(
                path, f"{label} needs a start_url", 'e.g. start_url = "https://example.com/"'
            )
        zone = self.value(table, (*path, "timezone"), "text", defaults["timezone"])
        trigger = None
        schedule = self.value(table, (*path, "schedule"), "text")
        if schedule is None:
            self.problem(path, f"{label} needs a schedule", 'e.g. "weekly on monday at 06:00 UTC"')
        else:
            try:
                timezone_named(zone)
                trigger = parse_schedule(schedule, zone)
            except ScheduleError as error:
                self.problem((*path, "schedule"), f"{label}: {error}")
        recipients = self.recipients(table, (*path, "recipients"))
        if recipients is None:
            recipients = defaults["recipients"] or []
        if recipients and not mails:
            self.problem(
                (*path, "recipients") if "recipients" in table else ("recipients",),
                f"{label} has recipients but there is no [smtp] table to send through",
            )
        elif mails and not recipients:
            self.problem(
                path,
                f"{label} has no recipients",
                "set recipients = [...] on the site or at the top of the file",
            )
        backlinks = self.value(table, (*path, "backlinks"), "text")
        backlinks_path = base / backlinks if backlinks else None
        if backlinks_path is not None and not backlinks_path.is_file():
            self.warnings.append(
                Problem(
                    line_of(self.lines, (*path, "backlinks")),
                    f"{label}: backlinks file {backlinks_path} does not exist yet",
                )
            )
        rules = {**defaults["rules"], **self.value(table, (*path, "rules"), "table", {})}
        self.check_rules(rules, (*path, "rules") if "rules" in table else ("rules",), label)
        crawl = self.crawl_options(table, path, start_url, label)
        if len(self.problems) > problems_before or trigger is None or crawl is None:
            return None
        return SiteConfig(
            name=name,
            schedule=schedule,
            trigger=trigger,
            crawl=crawl,
            recipients=recipients,
            send_only_when_changed=self.value(
                table,
                (*path, "send_only_when_changed"),
                "boolean",
                defaults["send_only_when_changed"],
            ),
            backlinks=backlinks_path,
            rules=rules,
        )

    def crawl_options(
        self, table: dict, path: tuple, start_url: str | None, label: str
    ) -> CrawlOptions | None:
        """The site's crawl options: each key read and checked as its option's declaration
        says, in the config's unit (time_limit_minutes)."""
        options = {}
        for key, declared in CRAWL_KEYS.items():
            value = self.value(table, (*path, key), KINDS[declared.kind], declared.config_default)
            if value is None:
                continue  # left out (or wrong, and said): the option's own default
            problem = declared.problem(value)
            if problem is not None:
                self.problem((*path, key), f"{label}: {key} {problem}")
                continue
            if declared.config_unit != 1:
                value *= declared.config_unit
            options[declared.name] = value
        if start_url is None:
            return None
        try:
            return CrawlOptions(start_url=start_url, **options)
        except OptionsError as error:
            key = CRAWL_KEYS_BY_OPTION.get(error.option, "start_url")
            message = str(error)
            for flag, flag_key in FLAG_KEYS:  # the message names flags: name the keys instead
                message = message.replace(flag, flag_key)
            self.problem((*path, key), f"{label}: {message}")
            return None

    def check_rules(self, rules: dict, path: tuple, label: str) -> None:
        """Rules are read by reports.rules; passed through untouched when it is not there."""
        if not rules or importlib.util.find_spec("gatewatch.reports.rules") is None:
            return
        from gatewatch.reports.rules import Rules

        try:
            Rules.from_mapping(rules)
        except (ValueError, TypeError, KeyError) as error:
            self.problem(path, f"{label}: rules: {error}")


def sqlite_path_relative_to(url: str, base: Path) -> str:
    """A SQLite database given by a relative path (a plain path or a sqlite:/// URL) made
    relative to `base`; absolute paths, in-memory databases and other URLs as they are."""
    if "://" not in url:
        return url if url == ":memory:" else str(base / url)
    parsed = make_url(url)
    database = parsed.database
    if (
        parsed.get_backend_name() != "sqlite"
        or not database
        or database == ":memory:"
        or database.startswith("file:")  # a SQLite URI (?uri=true): left to the user
        or Path(database).is_absolute()
    ):
        return url
    return parsed.set(database=str(base / database)).render_as_string(hide_password=False)


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
