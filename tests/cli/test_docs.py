"""The documentation keeps up with the command line: every command has its section in
docs/commands.md (as sqlite-utils checks its README)."""

from __future__ import annotations

import re

import click
import pytest

from siteaudit.cli import main
from tests.helpers import REPO

COMMANDS_DOC = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"^## `siteaudit ([a-z-]+)", COMMANDS_DOC, re.M))


def _command_names(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(prefix + name)
        if isinstance(command, click.Group):
            names += _command_names(command, f"{prefix}{name} ")
    return names


@pytest.mark.parametrize("command", _command_names(main))
def test_every_command_has_a_section_in_docs_commands(command: str) -> None:
    assert command.split()[0] in DOCUMENTED, f"document `siteaudit {command}` in docs/commands.md"
    if " " in command:
        assert f"siteaudit {command}" in COMMANDS_DOC


def test_docs_commands_documents_no_command_that_does_not_exist() -> None:
    assert set(main.commands) == DOCUMENTED
