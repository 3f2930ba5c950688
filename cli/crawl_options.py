"""The `gatewatch crawl` flags, made from the options' declarations in crawler/options.py:
each flag keeps the name, help text and default its declaration gives."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from gatewatch.crawler.options import CRAWL_SETTINGS, Setting


class JsonObject(click.ParamType):
    """A JSON object given on the command line."""

    name = "json"

    def convert(self, value: Any, param, ctx) -> dict:
        if isinstance(value, dict):
            return value
        try:
            loaded = json.loads(value)
        except json.JSONDecodeError as error:
            self.fail(f"not JSON: {error}", param, ctx)
        if not isinstance(loaded, dict):
            self.fail("give a JSON object", param, ctx)
        return loaded


def _click_option(declared: Setting) -> Callable:
    """The click option of one declared crawl option; its value arrives under the option's
    name (`--concurrency` gives `concurrency_per_host`)."""
    flag, name = declared.flag_name, declared.name
    common = {"help": declared.help, "metavar": declared.metavar}
    if declared.kind is bool:  # a switch to the other value
        return click.option(
            flag, name, is_flag=True, flag_value=not declared.default, default=declared.default,
            **common,
        )  # fmt: skip
    if declared.kind is list:
        return click.option(flag, name, multiple=True, **common)
    if declared.kind is dict:
        return click.option(flag, name, type=JsonObject(), default="{}", **common)
    kind: Any = declared.kind
    if declared.choices and declared.kind is str:
        kind = click.Choice(declared.choices)
    elif declared.choices:
        kind = click.IntRange(min(declared.choices), max(declared.choices))
    return click.option(
        flag, name, type=kind, default=declared.default, show_default=declared.show_default,
        **common,
    )  # fmt: skip


def crawl_options(command: Callable) -> Callable:
    """Add a flag for each crawl option that has one, in the order they are declared."""
    for declared in reversed(CRAWL_SETTINGS):
        if declared.flag_name is not None:
            command = _click_option(declared)(command)
    return command


def flag_values(values: dict[str, Any]) -> dict[str, Any]:
    """The crawl options among a command's values, by option name."""
    return {
        declared.name: list(values[declared.name])
        if declared.kind is list
        else values[declared.name]
        for declared in CRAWL_SETTINGS
        if declared.name in values
    }


def typed_options(context: click.Context, values: dict[str, Any]) -> dict[str, Any]:
    """The crawl options typed on the command line (or from the environment), not the flags'
    defaults: those override a configured site's settings."""
    return {
        name: value
        for name, value in flag_values(values).items()
        if context.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }
