"""The attestation plugin against real statement files."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import disclosure_rules_attestation as attestation
import pytest

from _plugin_support import mini_ruleset
from disclosure_rules.errors import PluginError
from disclosure_rules.testing import collectors_of, run_collector

AS_OF = date(2019, 12, 31)


def statement(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "attestations"
    (root / "scans").mkdir(parents=True)
    (root / "scans" / "confirm.pdf").write_bytes(b"%PDF-1.4 confirmation")
    (root / "scans" / "list.png").write_bytes(b"\x89PNG domain list")
    statement(root, "office/domains.yaml", (
        "unit: 局办公室\n"
        "topic: 网站域名清理\n"
        "signed_by: 李四（办公室主任）\n"
        "signed_on: 2019-11-20\n"
        "statement: 已完成域名清理。\n"
        "files: [../scans/confirm.pdf, ../scans/list.png]\n"
    ))
    statement(root, "tech.yml", (
        "unit: tech\ntopic: 集约化\nsigned_by: 张三\nsigned_on: '2019-10-01'\n"
        "files: scans/confirm.pdf\n"
    ))
    return root


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(collector, tmp_path, settings):
    return run_collector(collector, ruleset=mini_ruleset(), as_of=AS_OF, settings=settings,
                         base_dir=tmp_path)


def test_one_collector_per_unit_named_by_statements(folder, tmp_path):
    collectors = collectors_of(attestation, name="attestation", ruleset=mini_ruleset(),
                               settings={"folder": "attestations"}, base_dir=tmp_path)
    assert [(c.name, c.unit, c.kinds, c.plugin) for c in collectors] == [
        ("attestation:局办公室", "office", ("attestation",), "attestation"),
        ("attestation:tech", "tech", ("attestation",), "attestation"),
    ]


def test_records_carry_file_hashes(folder, tmp_path):
    [office, tech] = collectors_of(attestation, name="attestation", ruleset=mini_ruleset(),
                                   settings={"folder": "attestations"}, base_dir=tmp_path)
    result = run(office, tmp_path, {"folder": "attestations"})
    assert result.error is None, result.problems
    [record] = result.records
    assert (record.kind, record.unit, record.key, record.title) == (
        "attestation", "office", "office/domains.yaml", "网站域名清理"
    )
    assert record.fields == {
        "topic": "网站域名清理",
        "signed_by": "李四（办公室主任）",
        "signed_on": date(2019, 11, 20),
        "file_sha256": (
            f"{sha(folder / 'scans/confirm.pdf')}  ../scans/confirm.pdf\n"
            f"{sha(folder / 'scans/list.png')}  ../scans/list.png"
        ),
    }
    # named as collect.yaml names it, not by where this machine keeps it
    assert record.provenance.source == "attestations/office/domains.yaml"
    assert record.provenance.collector == "attestation:局办公室"
    assert record.provenance.collector_version == attestation.__version__

    [record] = run(tech, tmp_path, {"folder": "attestations"}).records
    assert record.key == "tech.yml" and record.fields["signed_on"] == date(2019, 10, 1)


def test_missing_attached_file_is_an_error_naming_the_statement(folder, tmp_path):
    bad = statement(folder, "tech-2.yaml", (
        "unit: 科技科\ntopic: 另一事项\nsigned_by: 张三\nsigned_on: 2019-12-01\n"
        "files: [scans/gone.pdf]\n"
    ))
    [tech] = collectors_of(attestation, name="attestation", ruleset=mini_ruleset(),
                           settings={"folder": "attestations", "units": ["tech"]},
                           base_dir=tmp_path)
    result = run(tech, tmp_path, {"folder": "attestations"})
    # the unusable statement fails the unit; its other statement is still kept as evidence
    assert [r.key for r in result.records] == ["tech.yml"]
    assert result.error.startswith("采集器 attestation:tech 有 1 条记录被拒绝：")
    assert f"{bad}: 附件 scans/gone.pdf 不存在（{folder / 'scans' / 'gone.pdf'}）" in result.error


def test_statement_without_files_is_rejected_by_the_rule_set(folder, tmp_path):
    statement(folder, "port.yaml",
              "unit: port\ntopic: 事项\nsigned_by: 王五\nsigned_on: 2019-12-01\n")
    [port] = collectors_of(attestation, name="attestation", ruleset=mini_ruleset(),
                           settings={"folder": "attestations", "units": ["port"]},
                           base_dir=tmp_path)
    result = run(port, tmp_path, {"folder": "attestations"})
    assert "缺少必填字段“扫描件 sha256”" in result.error


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit: tech\ntopic: [\n", "YAML 语法错误"),
        ("unit: tech\ntopic: x\nsigned_by: y\n", "缺少 signed_on"),
        ("unit: tech\ntopic: x\nsigned_by: y\nsigned_on: 明天\n", "signed_on 应为日期"),
        ("unit: tech\ntopic: x\nsigned_by: y\nsigned_on: 2019-01-01\nfile: [a]\n", "未知的键 file"),
    ],
)
def test_bad_statement_fails_the_unit_naming_the_file(tmp_path, text, message):
    root = tmp_path / "attestations"
    bad = statement(root, "bad.yaml", text)
    [tech] = collectors_of(attestation, name="attestation", ruleset=mini_ruleset(),
                           settings={"folder": "attestations", "units": ["tech"]},
                           base_dir=tmp_path)
    result = run(tech, tmp_path, {"folder": "attestations"})
    assert str(bad) in result.error and message in result.error


def test_configuration_errors(tmp_path):
    with pytest.raises(PluginError, match=r"plugins\.attestation\.folder"):
        collectors_of(attestation, name="attestation", settings={"units": ["tech"]})
    with pytest.raises(PluginError, match="说明文件目录不存在"):
        collectors_of(attestation, name="attestation", settings={"folder": "nope"},
                      base_dir=tmp_path)
    assert collectors_of(attestation, name="attestation") == ()
