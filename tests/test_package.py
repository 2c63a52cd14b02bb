"""The package surface: exports, packaged files, the CLI's help and the README's tour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph
from graph.cli import COMMANDS, main
from graph.resources import data_path, ontology_path

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", graph.__all__)
def test_every_export_resolves(name: str) -> None:
    assert getattr(graph, name) is not None


def test_packaged_folders_are_found() -> None:
    assert ontology_path("fkg.ttl").is_file()
    assert ontology_path("shapes.ttl").is_file()
    assert any(ontology_path("queries").glob("*.rq"))
    assert any(data_path("gazetteer").glob("*.yaml"))
    assert any(data_path("corpus").rglob("*.md"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Not available in this build" not in result.output
    # a real description, not just the usage line
    assert len(result.output.split("\n\n", 2)[1].strip()) > 20


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"^#+ .*`fkg {name}\b", README.read_text(encoding="utf-8"), re.M), (
        f"README.md has no section heading for `fkg {name}`"
    )


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
