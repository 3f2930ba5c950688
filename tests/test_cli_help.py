"""Every command, group and subcommand of `gatewatch` says what it does and shows an example in
its --help, and the examples name only options the command has: the help cannot lie."""

from __future__ import annotations

import shlex

import click
import pytest
from click.testing import CliRunner

from gatewatch.cli.main import main


def _commands(command: click.Command, path: tuple[str, ...]):
    yield path, command
    if isinstance(command, click.Group):
        for name, subcommand in sorted(command.commands.items()):
            yield from _commands(subcommand, (*path, name))


COMMANDS = dict(_commands(main, ("gatewatch",)))


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(main, [*path[1:], "--help"], prog_name="gatewatch")
    assert result.exit_code == 0, result.output
    return result.output


def _examples(help_text: str, path: tuple[str, ...]) -> list[list[str]]:
    """The example command lines of this command: its words, up to a pipe or a second command."""
    examples = []
    for line in help_text.splitlines():
        if not line.strip().startswith("gatewatch "):
            continue
        words = shlex.split(line.strip().split(" | ")[0].split(" && ")[0], comments=True)
        if tuple(words[: len(path)]) == path:
            examples.append(words)
    return examples


def test_the_walk_finds_every_command():
    assert {"crawl", "report", "check", "backlinks", "db"} <= set(main.commands)
    assert ("gatewatch", "backlinks", "import") in COMMANDS
    assert ("gatewatch", "db", "upgrade") in COMMANDS


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_each_command_says_what_it_does_and_shows_an_example(path):
    help_text = _help(path)
    command = COMMANDS[path]
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    assert "Example" in help_text, f"{' '.join(path)} --help shows no example"
    assert _examples(help_text, path), f"no example in {' '.join(path)} --help starts with its name"


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_the_examples_use_only_options_the_command_has(path):
    for words in _examples(_help(path), path):
        command, rest = main, words[1:]
        while isinstance(command, click.Group) and rest and rest[0] in command.commands:
            command, rest = command.commands[rest[0]], rest[1:]
        known = {name for parameter in command.params for name in parameter.opts}
        unknown = [
            word.split("=")[0] for word in rest if word.startswith("-") and word.split("=")[0]
            not in known | {"-h", "--help"}
        ]  # fmt: skip
        assert not unknown, f"{' '.join(words)}: no such option {unknown}"
