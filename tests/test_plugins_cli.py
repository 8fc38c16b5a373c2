"""``disclosure-rules collect`` and ``disclosure-rules plugins`` with the attestation plugin."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from _plugin_support import MINI
from disclosure_rules.cli import main
from disclosure_rules.evidence.records import CollectionRun
from disclosure_rules.testing import make_ruleset


def setup_config(tmp_path: Path, *, missing_scan: bool = False, typo: bool = False) -> Path:
    folder = tmp_path / "attestations"
    folder.mkdir()
    if not missing_scan:
        (folder / "scan.pdf").write_bytes(b"scan")
    (folder / "office.yaml").write_text(
        "unit: office\ntopic: 网站域名清理\nsigned_by: 李四\nsigned_on: 2019-11-20\n"
        "files: [scan.pdf]\n", encoding="utf-8")
    config = tmp_path / "collect.yaml"
    config.write_text(
        f"ruleset: {MINI}\nas_of: 2019-12-31\n"
        "plugins:\n  attestation:\n    folder: attestations\n"
        + ("  atestation: {}\n" if typo else ""),
        encoding="utf-8",
    )
    return config


def test_collect_writes_evidence_and_run(tmp_path, capsys):
    config = setup_config(tmp_path)
    code = main(["collect", str(config), "--out", str(tmp_path / "out" / "evidence")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "attestation:office" in captured.out and "局办公室" in captured.out
    [line] = (tmp_path / "out" / "evidence.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["key"] == "office.yaml"
    run = CollectionRun.read(tmp_path / "out" / "evidence.run.json")
    assert run.as_of == date(2019, 12, 31) and run.failures() == ()
    digest = hashlib.sha256((tmp_path / "out" / "evidence.jsonl").read_bytes()).hexdigest()
    assert run.evidence_sha256 == digest


def test_collect_exits_2_for_a_configured_plugin_that_is_not_installed(tmp_path, capsys):
    config = setup_config(tmp_path, typo=True)
    code = main(["collect", str(config), "--out", str(tmp_path / "ev")])
    captured = capsys.readouterr()
    assert code == 2
    assert "插件“atestation”未安装" in captured.err and "是否想写：attestation" in captured.err
    # the other collectors' evidence is written all the same
    [line] = (tmp_path / "ev.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["key"] == "office.yaml"
    # its settings name no unit, so every unit's findings on every kind become error
    failures = CollectionRun.read(tmp_path / "ev.run.json").failures()
    assert {f.unit for f in failures} == {"office", "tech", "port"}
    assert all(f.kinds == () and "atestation" in f.reason for f in failures)


def test_collect_failing_collector_exits_1(tmp_path, capsys):
    config = setup_config(tmp_path, missing_scan=True)
    code = main(["collect", str(config), "--ruleset", str(MINI), "--as-of", "2019-12-01",
                 "--out", str(tmp_path / "ev.jsonl")])
    captured = capsys.readouterr()
    assert code == 1
    [failure] = CollectionRun.read(tmp_path / "ev.run.json").failures()
    assert failure.unit == "office" and "附件 scan.pdf 不存在" in failure.reason
    assert "1 个采集器出错" in captured.out


def test_collect_bad_input(tmp_path, capsys):
    config = tmp_path / "collect.yaml"
    config.write_text("plugins: {}\n", encoding="utf-8")
    assert main(["collect", str(config), "--out", str(tmp_path / "x")]) == 2
    assert "未指定规则集" in capsys.readouterr().err
    assert main(["collect", str(config), "--ruleset", str(MINI), "--as-of", "明天",
                 "--out", str(tmp_path / "x")]) == 2


def test_plugins_lists_plugins_and_collectors(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    config = setup_config(tmp_path, typo=True)
    assert main(["plugins", "--json", "--config", str(config)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"name": "attestation", "distribution": "disclosure-rules-attestation",
            "version": "0.1.0", "hooks": ["disclosure_rules_collectors"]} in data["plugins"]
    assert [c for c in data["collectors"] if c["plugin"] == "attestation"] == [
        {"name": "attestation:office", "plugin": "attestation", "unit": "office",
         "kinds": ["attestation"], "version": "0.1.0", "timeout": 60.0}
    ]
    assert main(["plugins", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "disclosure-rules-attestation" in out and "局办公室（office）" in out


def test_make_ruleset():
    ruleset = make_ruleset(units=["a", "b"], kinds={"k": {"d": "date!", "n": "int"}})
    assert list(ruleset.units.by_id) == ["a", "b"]
    kind = ruleset.kind_map["k"]
    assert kind.date_field == "d" and kind.field_map["d"].required
    assert not kind.field_map["n"].required
