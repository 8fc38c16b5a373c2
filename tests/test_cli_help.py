"""``disclosure-rules --help`` lists every command with what it does on the same line, so an
office worker (and the docs) can find each command by name."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from disclosure_rules import commands
from disclosure_rules.cli import main

MODULES = [importlib.import_module(f"{commands.__name__}.{info.name}")
           for info in pkgutil.iter_modules(commands.__path__)]


@pytest.mark.parametrize("columns", ["80", "200"])
def test_every_command_stands_beside_its_help(columns, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        main(["--help"])
    lines = capsys.readouterr().out.splitlines()
    for module in MODULES:
        [line] = [line for line in lines if line.split()[:1] == [module.NAME]]
        assert module.HELP[:10] in line, f"{module.NAME}: its help is not on its line"
    assert any(line.split()[:1] == ["import-evidence"] for line in lines)
