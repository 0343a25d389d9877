"""The ``luoshi`` command. Each stage registers its own commands from its own module, so the
modules stay small and the arrows point one way (cli -> tracking/storage/reading/extraction)."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="luoshi",
    help="落实 luoshi — read Chinese government reports, extract commitments, track them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules; each defines ``register(app)``. Missing modules are a packaging bug, not ignored.
_COMMAND_MODULES = [
    "luoshi.cli.reading_commands",  # ingest, articles, show, extract, export
    "luoshi.cli.eval_commands",  # eval
    "luoshi.cli.ledger_commands",  # items, item, remind, scorecard, import, backup, restore
    "luoshi.cli.user_commands",  # user add / list / token
    "luoshi.cli.serve_commands",  # serve, demo
    "luoshi.cli.research_commands",  # corpus run, outcomes, compare, glossary, query
]

for _name in _COMMAND_MODULES:
    importlib.import_module(_name).register(app)


if __name__ == "__main__":
    app()
