"""The one place that reads gatewatch.toml: the sites, their schedules, crawl limits, rules,
recipients, and how to reach the database and the SMTP server.

`load_config(path)` returns a Config or raises ConfigError listing every problem with its line
and a hint; a user fixes the file in one pass. See gatewatch.example.toml; the checks
themselves are in scheduler/config_reader.py.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apscheduler.triggers.cron import CronTrigger

from gatewatch.crawler.options import CrawlOptions
from gatewatch.reports.mailer import DEFAULT_ATTACHMENT_LIMIT, SmtpSettings
from gatewatch.scheduler.config_lines import decode_error_line, key_lines

CONFIG_ENVIRONMENT_VARIABLE = "GATEWATCH_CONFIG"
DEFAULT_CONFIG = "gatewatch.toml"
DEFAULT_CATCH_UP_HOURS = 12.0


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    hint: str | None = None

    def describe(self, file_name: str) -> str:
        where = f"{file_name}:{self.line}" if self.line else file_name
        return f"{where}: {self.message}" + (f" ({self.hint})" if self.hint else "")


class ConfigError(ValueError):
    """The config file cannot be used; `problems` lists every reason, each with its line."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = Path(path)
        self.problems = problems
        listed = "\n".join("  " + problem.describe(self.path.name) for problem in problems)
        super().__init__(f"{self.path} has {len(problems)} problem(s):\n{listed}")


@dataclass
class SiteConfig:
    name: str
    schedule: str
    trigger: CronTrigger
    crawl: CrawlOptions
    recipients: list[str] = field(default_factory=list)
    send_only_when_changed: bool = False
    backlinks: Path | None = None
    rules: dict[str, Any] = field(default_factory=dict)

    @property
    def start_url(self) -> str:
        return self.crawl.start_url


@dataclass
class Config:
    path: Path
    sites: dict[str, SiteConfig]
    smtp: SmtpSettings | None = None
    database_url: str | None = None
    reports_directory: Path = Path("reports")
    attachment_limit: int = DEFAULT_ATTACHMENT_LIMIT
    catch_up_hours: float = DEFAULT_CATCH_UP_HOURS
    warnings: list[Problem] = field(default_factory=list)

    def site(self, name: str) -> SiteConfig:
        if name not in self.sites:
            known = ", ".join(self.sites) or "none"
            raise ConfigError(
                self.path, [Problem(None, f"no site named {name!r}", f"known: {known}")]
            )
        return self.sites[name]


def default_config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENVIRONMENT_VARIABLE) or DEFAULT_CONFIG)


def load_config(path: Path | str) -> Config:
    """Read and check a config file; raises ConfigError with every problem found."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = "copy gatewatch.example.toml and edit it"
        raise ConfigError(path, [Problem(None, "file not found", hint)]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, [Problem(None, f"cannot read the file: {error}")]) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        problem = Problem(decode_error_line(str(error)), f"not valid TOML: {error}")
        raise ConfigError(path, [problem]) from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        problem = Problem(None, "not a usable config: arrays or tables nested too deeply")
        raise ConfigError(path, [problem]) from None
    from gatewatch.scheduler.config_reader import ConfigReader

    reader = ConfigReader(key_lines(source))
    config = reader.config(path, data)
    if reader.problems:
        raise ConfigError(path, sorted(reader.problems, key=lambda problem: problem.line or 0))
    config.warnings = reader.warnings
    return config
