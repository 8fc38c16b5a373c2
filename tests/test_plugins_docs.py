"""docs/plugins.md stays true: every hook documented with its arguments; the walkthrough runs."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

from disclosure_rules.collect import hookspecs
from disclosure_rules.collect.collectors import CollectConfig
from disclosure_rules.collect.plugins import get_plugin_manager

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "plugins.md"
BLOCK = re.compile(r"```\w*\n# file: (?P<path>\S+)\n(?P<body>.*?)```", re.S)


def test_every_hook_is_documented_with_its_exact_arguments():
    text = DOC.read_text(encoding="utf-8")
    pm = get_plugin_manager(load_entrypoints=False)
    names = [n for n in vars(pm.hook) if n.startswith("disclosure_rules_")]
    assert names == hookspecs.__all__
    for name in names:
        arguments = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"### `{name}({arguments})`" in text, f"{name} 未在 docs/plugins.md 中说明"
        spec = getattr(pm.hook, name).spec
        assert spec is not None and ", ".join(spec.argnames) == arguments
        firstresult = spec.opts.get("firstresult", False)
        doc = inspect.getdoc(getattr(hookspecs, name)) or ""
        assert ("not a ``firstresult`` hook" in doc) != firstresult


def test_walkthrough_plugin_passes_its_own_tests(tmp_path):
    files = {m["path"]: m["body"] for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))}
    assert {"pyproject.toml", "src/disclosure_rules_training/__init__.py",
            "tests/test_training.py", "collect.yaml"} <= set(files)
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    config = CollectConfig.load(tmp_path / "collect.yaml")
    assert config.settings("training")["files"]["tech"] == "trainings/tech.csv"
    paths = [str(tmp_path / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
