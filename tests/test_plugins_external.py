"""A plugin package created in a temporary folder, installed with pip, found by its entry
point; its collector runs.  The package is uninstalled even when the test fails."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from _plugin_support import installed_package, mini_ruleset, plugin_package
from disclosure_rules.collect.collectors import CollectConfig
from disclosure_rules.collect.plugins import get_collectors, get_plugin_manager, plugin_infos
from disclosure_rules.collect.running import run_collectors

DIST = "disclosure-rules-pytest-probe"
MODULE = "disclosure_rules_pytest_probe"

MODULE_CODE = '''\
from disclosure_rules import hookimpl
from disclosure_rules.collectors import Collector


def collect(context):
    for number, day in enumerate(context.settings["published"], start=1):
        yield context.record("publication", f"probe-{number}", published=day)


@hookimpl
def disclosure_rules_collectors(register, config):
    for unit in config.settings("probe").get("units", []):
        register(Collector(f"probe:{unit}", unit, ("publication",), collect, version="0.0.7"))
'''


@pytest.fixture
def installed_probe(tmp_path: Path) -> Iterator[Path]:
    package = plugin_package(tmp_path / "probe", DIST, MODULE, "probe", MODULE_CODE,
                             version="0.0.7")
    with installed_package(package, DIST, MODULE):
        yield package


def test_pip_installed_plugin_is_discovered_and_its_collector_runs(installed_probe, tmp_path):
    pm = get_plugin_manager()
    infos = {i.name: i for i in plugin_infos(pm)}
    assert (infos["probe"].distribution, infos["probe"].version) == (DIST, "0.0.7")
    assert infos["probe"].hooks == ("disclosure_rules_collectors",)

    config = CollectConfig.from_mapping(
        {"plugins": {"probe": {"units": ["科技科"], "published": ["2019-05-01", "2019-06-01"]}}}
    )
    collectors = [c for c in get_collectors(pm, config, mini_ruleset()) if c.plugin == "probe"]
    assert [(c.name, c.unit) for c in collectors] == [("probe:科技科", "tech")]
    result = run_collectors(collectors, ruleset=mini_ruleset(), as_of=date(2019, 12, 31),
                            config=config)
    assert [r.error for r in result.run.reports] == [None]
    assert [(e.key, e.unit, e.fields["published"]) for e in result.evidence] == [
        ("probe-1", "tech", date(2019, 5, 1)), ("probe-2", "tech", date(2019, 6, 1)),
    ]

    # and the command line sees it too, with its collectors
    (tmp_path / "collect.yaml").write_text(
        "plugins:\n  probe:\n    units: [tech]\n    published: [2019-05-01]\n", encoding="utf-8"
    )
    cli = Path(sys.executable).with_name("disclosure-rules")
    listing = subprocess.run(
        [str(cli), "plugins", "--json", "--config", str(tmp_path / "collect.yaml"),
         "--ruleset", str(Path(__file__).parent / "fixtures" / "mini.yaml")],
        capture_output=True, text=True, timeout=60, check=True,
    )
    data = json.loads(listing.stdout)
    assert {"name": "probe", "distribution": DIST, "version": "0.0.7",
            "hooks": ["disclosure_rules_collectors"]} in data["plugins"]
    assert [c for c in data["collectors"] if c["plugin"] == "probe"] == [
        {"name": "probe:tech", "plugin": "probe", "unit": "tech", "kinds": ["publication"],
         "version": "0.0.7", "timeout": 120.0}
    ]


def test_uninstalled_probe_is_gone():
    """Runs after the test above (file order): the fixture cleaned up."""
    assert "probe" not in [i.name for i in plugin_infos(get_plugin_manager())]
