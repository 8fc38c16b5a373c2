"""The plugin host: registration, block list, start-up failures, listing."""

from __future__ import annotations

import sys
import textwrap
import types
from pathlib import Path

import pytest

from _plugin_support import FuncPlugin, mini_ruleset
from disclosure_rules.collect.collectors import CollectConfig, Collector
from disclosure_rules.collect.plugins import (
    BLOCK_ENV,
    get_collectors,
    get_plugin_manager,
    plugin_infos,
    unknown_plugin_sections,
)
from disclosure_rules.errors import PluginError
from disclosure_rules.markers import hookimpl


def nothing(context):
    return []


def test_in_process_plugin_registers_collectors_with_its_name_and_unit_ids():
    def body(register):
        register(Collector("demo:tech", "科技科", ("publication",), nothing, version="1.2"))
        register(Collector("demo:office", "办公室", ["attestation"], nothing))

    pm = get_plugin_manager(load_entrypoints=False, plugins=[("demo", FuncPlugin(body))])
    collectors = get_collectors(pm, CollectConfig(), mini_ruleset())
    assert [(c.name, c.plugin, c.unit, c.kinds) for c in collectors] == [
        ("demo:tech", "demo", "tech", ("publication",)),
        ("demo:office", "demo", "office", ("attestation",)),
    ]
    [info] = plugin_infos(pm)
    assert (info.name, info.distribution, info.hooks) == ("demo", None,
                                                          ("disclosure_rules_collectors",))


def test_module_plugin_gets_settings_from_config(tmp_path):
    module = types.ModuleType("my_module_plugin")

    @hookimpl
    def disclosure_rules_collectors(register, config):
        for unit in config.settings("my_module_plugin").get("units", []):
            register(Collector(f"m:{unit}", unit, ("publication",), nothing))

    module.disclosure_rules_collectors = disclosure_rules_collectors
    config = CollectConfig.from_text(
        "plugins:\n  my_module_plugin:\n    units: [tech, port]\n", path=tmp_path / "c.yaml"
    )
    pm = get_plugin_manager(load_entrypoints=False, plugins=[module])
    assert [c.unit for c in get_collectors(pm, config, mini_ruleset())] == ["tech", "port"]
    assert unknown_plugin_sections(pm, config) == []


@pytest.mark.parametrize(
    ("collector", "expected"),
    [
        (
            Collector("x:1", "科技课", ("publication",), nothing),
            "没有单位“科技课”（是否想写：科技科",
        ),
        (Collector("x:1", "局属各单位", ("publication",), nothing), "是单位组"),
        (Collector("x:1", "tech", ("publicaton",), nothing), "未声明证据类型“publicaton”"),
        (Collector("x:1", "tech", (), nothing), "kinds 为空"),
        (Collector("x:1", "tech", ("publication",), "not callable"), "collect 不可调用"),
        (Collector("x:1", "tech", ("publication",), nothing, timeout=0), "timeout 应为正数"),
        (Collector("", "tech", ("publication",), nothing), "缺少名称"),
        ({"name": "x"}, "需要 disclosure_rules.collectors.Collector 对象"),
    ],
)
def test_bad_registration_is_rejected_loudly(collector, expected):
    pm = get_plugin_manager(
        load_entrypoints=False, plugins=[("bad", FuncPlugin(lambda reg: reg(collector)))]
    )
    with pytest.raises(PluginError) as info:
        get_collectors(pm, CollectConfig(), mini_ruleset())
    assert "插件 bad" in str(info.value)
    assert expected in str(info.value)


def test_duplicate_collector_name_across_plugins_names_both():
    one = FuncPlugin(lambda reg: reg(Collector("same", "tech", ("publication",), nothing)))
    two = FuncPlugin(lambda reg: reg(Collector("same", "port", ("publication",), nothing)))
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("one", one), ("two", two)])
    with pytest.raises(PluginError, match=r"插件 (one|two) 的采集器“same”与插件 (one|two) 注册"):
        get_collectors(pm, CollectConfig(), mini_ruleset())


def test_hook_gets_the_ruleset_and_older_signatures_still_work():
    """``ruleset`` is the hook's third argument; implementations written for
    ``(register, config)`` or ``(register)`` keep working (pluggy passes what they name)."""
    seen = {}

    class Full:
        @hookimpl
        def disclosure_rules_collectors(self, register, config, ruleset):
            seen["full"] = (config, ruleset)
            unit = ruleset.units.resolve("科技科")[0] if ruleset is not None else "tech"
            register(Collector("full:tech", unit, ("publication",), nothing))

    class TwoArgs:
        @hookimpl
        def disclosure_rules_collectors(self, register, config):
            seen["two"] = config
            register(Collector("two:port", "port", ("publication",), nothing))

    class ByName:  # arguments are matched by name, not position
        @hookimpl
        def disclosure_rules_collectors(self, ruleset, register):
            seen["by_name"] = ruleset

    one_arg = FuncPlugin(lambda reg: reg(Collector("one:office", "办公室", ("attestation",),
                                                   nothing)))
    pm = get_plugin_manager(load_entrypoints=False, plugins=[
        ("full", Full()), ("two", TwoArgs()), ("by_name", ByName()), ("one", one_arg)])
    config = CollectConfig()
    collectors = get_collectors(pm, config, mini_ruleset())
    assert sorted((c.name, c.unit) for c in collectors) == [
        ("full:tech", "tech"), ("one:office", "office"), ("two:port", "port")]
    assert seen == {"full": (config, mini_ruleset()), "two": config,
                    "by_name": mini_ruleset()}

    seen.clear()
    assert len(get_collectors(pm, config, None)) == 3  # listing without a rule set
    assert seen["full"] == (config, None) and seen["by_name"] is None


def test_without_ruleset_units_and_kinds_are_not_checked():
    plugin = FuncPlugin(lambda reg: reg(Collector("a", "anything", ("whatever",), nothing)))
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("p", plugin)])
    [collector] = get_collectors(pm, CollectConfig(), None)
    assert collector.unit == "anything"


def test_exception_in_hook_names_the_plugin():
    def body(register):
        raise KeyError("folder")

    pm = get_plugin_manager(load_entrypoints=False, plugins=[("broken", FuncPlugin(body))])
    with pytest.raises(PluginError, match="插件 broken 在 disclosure_rules_collectors 中出错"):
        get_collectors(pm, CollectConfig(), mini_ruleset())


def test_misspelt_hook_fails_at_start_up():
    class Typo:
        @hookimpl
        def disclosure_rules_colectors(self, register):
            pass

    with pytest.raises(PluginError, match=r"typo.*未知的钩子.*disclosure_rules_colectors"):
        get_plugin_manager(load_entrypoints=False, plugins=[("typo", Typo())])


def test_hook_with_unknown_argument_fails_at_start_up():
    class WrongArgs:
        @hookimpl
        def disclosure_rules_collectors(self, register, rules):
            pass

    with pytest.raises(PluginError, match="无法注册插件 wrong"):
        get_plugin_manager(load_entrypoints=False, plugins=[("wrong", WrongArgs())])


def test_blocked_plugin_via_environment(monkeypatch):
    plugin = FuncPlugin(lambda reg: reg(Collector("b:tech", "tech", ("publication",), nothing)))
    monkeypatch.setenv(BLOCK_ENV, " other , blocked ")
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("blocked", plugin)])
    assert plugin_infos(pm) == ()
    assert get_collectors(pm, CollectConfig(), mini_ruleset()) == ()
    config = CollectConfig.from_mapping({"plugins": {"blocked": {}}})
    [warning] = unknown_plugin_sections(pm, config)
    assert "已被屏蔽" in str(warning)


def test_blocked_entry_point_plugin_is_not_loaded(monkeypatch):
    monkeypatch.setenv(BLOCK_ENV, "attestation")
    pm = get_plugin_manager()
    assert "attestation" not in [i.name for i in plugin_infos(pm)]
    assert pm.is_blocked("attestation")


def test_installed_attestation_plugin_is_listed_with_its_version():
    infos = {i.name: i for i in plugin_infos(get_plugin_manager())}
    info = infos["attestation"]
    assert info.distribution == "disclosure-rules-attestation"
    assert info.version == "0.1.0"
    assert info.hooks == ("disclosure_rules_collectors",)


def _fake_distribution(root: Path, name: str, module: str, code: str) -> None:
    (root / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = root / f"{name.replace('-', '_')}-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text(f"[disclosure_rules]\nbroken_probe = {module}\n")


def test_plugin_that_fails_to_import_is_reported_with_its_name(tmp_path, monkeypatch):
    module = "dr_broken_probe_plugin"
    _fake_distribution(tmp_path, "dr-broken-probe", module, "import no_such_module_here\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(PluginError) as info:
            get_plugin_manager()
        message = str(info.value)
        assert "无法加载插件 broken_probe" in message
        assert "ModuleNotFoundError" in message and "no_such_module_here" in message
        assert f"{BLOCK_ENV}=broken_probe" in message
        monkeypatch.setenv(BLOCK_ENV, "broken_probe")
        assert "broken_probe" not in [i.name for i in plugin_infos(get_plugin_manager())]
    finally:
        sys.modules.pop(module, None)
