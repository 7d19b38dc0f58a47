"""Every command and option of the CLI is documented in README.md or MAINTAINING.md, and every
option has help text (docs tested against the CLI, the sqlite-utils way)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from maritime_incidents.cli import cli

REPO = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "MAINTAINING.md")


def commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    for name, sub in sorted(group.commands.items()):
        if isinstance(sub, click.Group):
            yield from commands(sub, (*path, name))
        else:
            yield " ".join((*path, name)), sub


COMMANDS = list(commands())


def doc_lines(name: str) -> list[str]:
    """Lines of the docs that show `maritime-incidents NAME`."""
    text = "\n".join((REPO / f).read_text(encoding="utf-8") for f in DOCS)
    return [line for line in text.splitlines() if re.search(rf"maritime-incidents {re.escape(name)}(?![\w-])", line)]


SHARED_OPTIONS = {"quiet", "verbose"}


def shared_options_documented() -> bool:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return "Every command takes `-h`, `-q` (errors only) and `-v`" in readme


def test_the_walk_finds_the_commands():
    names = {n for n, _ in COMMANDS}
    assert {"validate", "map", "export", "import asam", "draft", "add", "correct"} <= names
    assert len(names) >= 12


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_and_its_options_are_documented(name: str, command: click.Command):
    lines = doc_lines(name)
    assert lines, f"neither {' nor '.join(DOCS)} shows `maritime-incidents {name}`"
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        names = [*param.opts, *param.secondary_opts]
        if param.name in SHARED_OPTIONS and shared_options_documented():
            continue  # -q/-v are every command's: the README's CLI conventions say so once
        shown = any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", line) for o in names for line in lines)
        assert shown, f"no line of the docs shows `maritime-incidents {name}` with {' or '.join(names)}"


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_has_help(name: str, command: click.Command):
    assert (command.help or "").strip(), name
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help"
