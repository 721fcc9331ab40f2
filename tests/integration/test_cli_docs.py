"""Every command has help with an example and is named in the README (sqlite-utils' idea)."""

from pathlib import Path

import click
import pytest

from kiosk.cli.main import cli

README = (Path(__file__).parents[2] / "README.md").read_text("utf-8")


def all_commands(group: click.Group, prefix=("kiosk",)):
    yield prefix, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = list(all_commands(cli))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help_with_an_example(path, command):
    text = command.help or ""
    assert "Example" in text and " ".join(path[:2]) in text


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not isinstance(c, click.Group)])
def test_command_is_documented_in_the_readme(path):
    assert " ".join(path) in README
