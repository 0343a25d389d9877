"""The docs name everything a user can type or read (in the style of datasette's tests/test_docs.py):
every command and option of the ``luoshi`` CLI is in docs/cli.md, every field of the extraction model
is in docs/extraction-schema.md. Both lists are read from the code, so a new option or field without
its documentation fails here."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from luoshi.cli.main import app
from luoshi.extraction import model

DOCS = Path(__file__).resolve().parents[1] / "docs"
CLI_MD = (DOCS / "cli.md").read_text(encoding="utf-8")
SCHEMA_MD = (DOCS / "extraction-schema.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command (and command group) below ``group``, as (path of names, command)."""
    found = []
    for name, command in sorted(getattr(group, "commands", {}).items()):
        path = (*prefix, name)
        found.append((path, command))
        found.extend(_commands(command, path))
    return found


COMMANDS = _commands(typer.main.get_command(app))
OPTIONS = sorted({(" ".join(path), opt) for path, command in COMMANDS for param in command.params
                  if param.param_type_name == "option" for opt in param.opts + param.secondary_opts
                  if opt.startswith("--") and opt != "--help"})


def _sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, text up to the next heading) for every heading of the file; the text before the
    first heading under the title comes first, with heading ""."""
    parts = re.split(r"^(#{2,4} .*)$", markdown, flags=re.M)
    return [("", parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]


def _documentation_of(command: str) -> str:
    """What docs/cli.md says about ``luoshi COMMAND``: the opening (common options such as --db), every
    section whose heading names the command, and the opening of the chapter (##) holding such a section
    (options common to a group of commands, e.g. --as and --json of the ledger commands)."""
    named = re.compile(rf"`luoshi {re.escape(command)}(?=[ `])")
    kept, chapter = [], ""
    for heading, text in _sections(CLI_MD):
        if heading.startswith("## "):
            chapter = heading + text
        if not heading:
            kept.append(text)
        elif named.search(heading):
            kept += [chapter, heading + text]
    return "\n".join(kept)


def test_the_cli_has_commands_to_document():
    assert len(COMMANDS) > 20 and len(OPTIONS) > 20  # the reader of the CLI is not blind


@pytest.mark.parametrize("path", sorted(" ".join(p) for p, _ in COMMANDS))
def test_every_command_has_a_heading_in_cli_md(path):
    assert re.search(rf"^#{{2,4}} .*`luoshi {re.escape(path)}(?=[ `])", CLI_MD, flags=re.M), \
        f"`luoshi {path}` has no heading in docs/cli.md"


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_every_option_is_in_its_commands_section_of_cli_md(command, option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", _documentation_of(command)), \
        f"luoshi {command} {option} is not documented in docs/cli.md (under the command's heading)"


MODEL_CLASSES = [c for c in vars(model).values()
                 if dataclasses.is_dataclass(c) and isinstance(c, type) and c.__module__ == model.__name__]
FIELDS = sorted({(c.__name__, f.name) for c in MODEL_CLASSES for f in dataclasses.fields(c)})


def test_the_model_has_fields_to_document():
    assert len(MODEL_CLASSES) > 5 and len(FIELDS) > 30


@pytest.mark.parametrize(("cls", "name"), FIELDS)
def test_every_model_field_is_in_the_extraction_schema(cls, name):
    assert re.search(rf"`{re.escape(name)}`", SCHEMA_MD), \
        f"{cls}.{name} is not documented in docs/extraction-schema.md (as `{name}`)"
