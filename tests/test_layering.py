"""The package's folders form layers, and a lower layer never imports a higher one.

Every module's imports are read with ``ast``: module level, under ``if TYPE_CHECKING:`` and
inside functions alike, since a type-only or deferred import is still a dependency of the
design.  The order below is the one docs/architecture.md draws.  No edge points upwards and no
modules import each other, even inside one folder: where a lower layer needs something of a
higher one (the rule kinds, the installed plugins), it is handed in from above
(``disclosure_rules/__init__.py`` wires the rule-kind registry).
"""

from __future__ import annotations

import ast
import graphlib
import re
from pathlib import Path

import disclosure_rules

PACKAGE = Path(disclosure_rules.__file__).parent
ROOT = "disclosure_rules"

#: Lowest first.  A module belongs to the layer one of whose prefixes it starts with; the package
#: itself (``disclosure_rules/__init__.py``) is in the top layer.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("disclosure_rules.errors", "disclosure_rules.markers", "disclosure_rules.version")),
    ("ruleset", ("disclosure_rules.ruleset",)),
    ("evidence", ("disclosure_rules.evidence",)),
    ("importing", ("disclosure_rules.importing",)),
    ("results", ("disclosure_rules.results",)),
    ("engine", ("disclosure_rules.engine",)),
    ("rules", ("disclosure_rules.rules",)),
    ("reports", ("disclosure_rules.reports",)),
    ("collect", ("disclosure_rules.collect",)),
    ("store", ("disclosure_rules.store",)),
    ("commands", ("disclosure_rules.commands",)),
    # The public surface: the package itself, the command line, the plugin test kit and the
    # old flat import paths kept as re-exports (_legacy/, named disclosure_rules.<old name>).
    ("entry", ("disclosure_rules.cli", "disclosure_rules.testing", "disclosure_rules._legacy")),
)

def _module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every project module ``name`` imports, wherever the import statement sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith(ROOT))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target != ROOT and not target.startswith(ROOT + "."):
                continue
            submodules = {f"{target}.{alias.name}" for alias in node.names
                          if f"{target}.{alias.name}" in MODULES}
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(target)
    found.discard(name)
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    if module == ROOT:
        return len(LAYERS) - 1
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no layer: add its folder to LAYERS")


def _upward_edges() -> set[tuple[str, str]]:
    return {(name, target) for name, targets in IMPORTS.items() for target in targets
            if _layer(target) > _layer(name)}


def test_every_module_belongs_to_a_layer() -> None:
    for name in MODULES:
        _layer(name)


def test_imports_are_read_under_type_checking_and_inside_functions() -> None:
    # lint.py imports the loader only inside a function, hookspecs.py RuleKind only for type
    # hints; both count.
    assert "disclosure_rules.ruleset.loader" in IMPORTS["disclosure_rules.ruleset.lint"]
    assert "disclosure_rules.ruleset.kinds" in IMPORTS["disclosure_rules.collect.hookspecs"]
    assert "disclosure_rules.collect.hookspecs" in IMPORTS["disclosure_rules.collect.plugins"]


def test_no_lower_layer_imports_a_higher_one() -> None:
    upward = sorted(_upward_edges())
    assert not upward, "lower layer imports a higher one:\n" + "\n".join(
        f"  {a} ({LAYERS[_layer(a)][0]}) → {b} ({LAYERS[_layer(b)][0]})" for a, b in upward)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def test_no_import_cycles_type_only_and_deferred_imports_included() -> None:
    graph = {name: {t for t in targets if t in MODULES} for name, targets in IMPORTS.items()}
    cycle = _cycle(graph)
    assert cycle is None, f"import cycle: {' → '.join(cycle)}"


def test_the_cycle_check_finds_a_cycle_when_there_is_one() -> None:
    # the check itself can fail: one edge back from the registry to the loader closes a cycle
    graph = {name: {t for t in targets if t in MODULES} for name, targets in IMPORTS.items()}
    graph["disclosure_rules.ruleset.kinds"] = graph["disclosure_rules.ruleset.kinds"] | {
        "disclosure_rules.ruleset.loader"}
    assert _cycle(graph) is not None


def test_the_collect_configuration_does_not_import_the_collectors() -> None:
    assert "disclosure_rules.collect.collectors" not in IMPORTS["disclosure_rules.collect.config"]
    assert "disclosure_rules.collect.config" in IMPORTS["disclosure_rules.collect.collectors"]


def test_no_project_module_imports_an_old_flat_path() -> None:
    legacy = {name for name in MODULES if name.startswith(f"{ROOT}._legacy.")}
    old_paths = {f"{ROOT}.{name.rsplit('.', 1)[1]}" for name in legacy}
    offenders = sorted((name, target) for name, targets in IMPORTS.items()
                       if not name.startswith(f"{ROOT}._legacy.")
                       for target in targets & old_paths)
    assert not offenders


def test_docs_architecture_draws_the_same_layer_order() -> None:
    text = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = re.findall(r"^\| (\d+) (\w+) \|", text, flags=re.MULTILINE)
    assert [(int(number), name) for number, name in drawn] == [
        (index, name) for index, (name, _) in enumerate(LAYERS, start=1)]
