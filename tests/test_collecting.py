"""Running collectors: containment of faulty collectors, checking, output files, config."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import pytest

from _plugin_support import mini_ruleset
from disclosure_rules.collect.collectors import CollectConfig, CollectContext, Collector
from disclosure_rules.collect.running import output_paths, run_collectors, write_outputs
from disclosure_rules.errors import InputError, Location, Problem
from disclosure_rules.evidence.records import CollectionRun, Evidence, Provenance, load_evidence

AS_OF = date(2019, 12, 31)


def collector(name, unit, collect, kinds=("publication",), **kw):
    return Collector(name, unit, kinds, collect, plugin="test", **kw)


def good(context: CollectContext):
    yield context.record("publication", "https://x.gov.cn/1", title="一", source="list page",
                         published=date(2019, 3, 1), url="https://x.gov.cn/1")
    yield context.record("publication", "https://x.gov.cn/2", published="2019-04-01")


@pytest.fixture
def release():
    """An event a hanging collector waits on; set at teardown so no thread outlives the test."""
    event = threading.Event()
    yield event
    event.set()


def test_faults_are_contained_and_other_evidence_kept(release):
    def raises(context):
        yield context.record("publication", "half", published="2019-01-01")
        raise ValueError("栏目页结构变了")

    def hangs(context):
        release.wait(30)
        yield context.record("publication", "late", published="2019-01-01")

    def wrong(context):
        yield context.record("publication", "bad-date", published="去年")
        yield context.record("training_record", "undeclared", held="2019-05-05")
        yield {"kind": "publication", "unit": "office", "key": "k", "fields": {}}
        yield "not a record"
        yield context.record("publication", "fine", published="2019-06-01")

    collectors = [
        collector("test:tech", "tech", good),
        collector("test:office", "office", raises),
        collector("test:port", "port", hangs, timeout=0.5),
        collector("test:wrong", "office", wrong),
    ]
    started = time.monotonic()
    result = run_collectors(collectors, ruleset=mini_ruleset(), as_of=AS_OF)
    assert time.monotonic() - started < 5

    reports = {r.collector: r for r in result.run.reports}
    assert reports["test:tech"].error is None and reports["test:tech"].records == 2
    assert reports["test:office"].error == "采集器 test:office 出错：ValueError: 栏目页结构变了"
    assert reports["test:office"].records == 0  # a half batch is not kept
    assert reports["test:port"].error == "采集器 test:port 超时（0.5 秒），已放弃"
    wrong_report = reports["test:wrong"]
    assert (wrong_report.records, wrong_report.rejected) == (1, 4)
    assert wrong_report.error.startswith("采集器 test:wrong 有 4 条记录被拒绝：")
    assert "fields.published: 字段“公开日期”应为日期" in wrong_report.error
    assert "（另有" in wrong_report.error
    problems = [str(p) for p in result.problems["test:wrong"]]
    assert any("training_record" in p and "不在采集器声明的 kinds" in p for p in problems)
    assert any("缺少必填字段“公开日期”" in p for p in problems)
    assert any("证据应为 JSON 对象" in p for p in problems)

    assert sorted(e.key for e in result.evidence) == [
        "fine", "https://x.gov.cn/1", "https://x.gov.cn/2"
    ]
    failures = {f.collector: f for f in result.run.failures()}
    assert set(failures) == {"test:office", "test:port", "test:wrong"}
    assert failures["test:port"].unit == "port" and failures["test:port"].kinds == ("publication",)


def test_records_carry_unit_and_provenance():
    result = run_collectors([collector("test:tech", "tech", good, version="2.0")],
                            ruleset=mini_ruleset(), as_of=AS_OF)
    first = next(e for e in result.evidence if e.key == "https://x.gov.cn/1")
    assert first.unit == "tech" and first.title == "一"
    assert first.fields == {"published": date(2019, 3, 1), "url": "https://x.gov.cn/1"}
    assert first.provenance.collector == "test:tech"
    assert first.provenance.collector_version == "2.0"
    assert first.provenance.source == "list page"
    assert first.provenance.collected_at is not None


def test_evidence_objects_and_other_units_records():
    def yields_evidence(context):
        yield Evidence("publication", "tech", "e1", fields={"published": date(2019, 1, 2)},
                       provenance=Provenance(source="file.xlsx"))
        yield Evidence("publication", "port", "e2", fields={"published": date(2019, 1, 2)})

    result = run_collectors([collector("test:e", "tech", yields_evidence)],
                            ruleset=mini_ruleset(), as_of=AS_OF)
    [record] = result.evidence
    assert record.key == "e1" and record.provenance.source == "file.xlsx"
    assert record.provenance.collector == "test:e"
    [problem] = result.problems["test:e"]
    assert "记录属于单位“port”，但采集器代表单位“tech”" in str(problem)


def test_collect_returning_a_list_or_none():
    def as_list(context):
        return [context.record("publication", "l1", published="2019-02-02")]

    def returns_none(context):
        return None

    result = run_collectors(
        [collector("a", "tech", as_list), collector("b", "port", returns_none)],
        ruleset=mini_ruleset(), as_of=AS_OF,
    )
    assert [e.key for e in result.evidence] == ["l1"]
    assert "collect() 返回了 None" in result.run.reports[1].error


def test_config_timeouts_and_one_worker(release):
    def hangs(context):
        release.wait(30)
        return []

    config = CollectConfig.from_mapping({"timeouts": {"test": 0.3}, "workers": 1})
    collectors = [collector("h1", "tech", hangs), collector("h2", "port", hangs),
                  collector("ok", "office", good)]
    started = time.monotonic()
    result = run_collectors(collectors, ruleset=mini_ruleset(), as_of=AS_OF, config=config)
    assert time.monotonic() - started < 3
    assert [r.error for r in result.run.reports] == [
        "采集器 h1 超时（0.3 秒），已放弃", "采集器 h2 超时（0.3 秒），已放弃", None,
    ]
    assert len(result.evidence) == 2


def test_duplicate_records_are_written_once():
    result = run_collectors([collector("a", "tech", good), collector("b", "tech", good)],
                            ruleset=mini_ruleset(), as_of=AS_OF)
    assert len(result.evidence) == 2


def test_context_gives_settings_base_dir_and_http(tmp_path):
    seen = {}

    def inspect(context):
        seen["settings"] = dict(context.settings)
        seen["path"] = context.path("data/x.xlsx")
        seen["allowed"] = context.http.is_allowed("http://127.0.0.1:9/")
        seen["other"] = context.http.is_allowed("http://example.com/")
        seen["unit"] = context.unit
        return []

    config = CollectConfig.from_text(
        "plugins:\n  test:\n    folder: data\n    allowed_hosts: ['127.0.0.1:9']\n",
        path=tmp_path / "collect.yaml",
    )
    run_collectors([collector("i", "科技科", inspect)], ruleset=mini_ruleset(), as_of=AS_OF,
                   config=config)
    assert seen == {
        "settings": {"folder": "data", "allowed_hosts": ["127.0.0.1:9"]},
        "path": (tmp_path / "data/x.xlsx").resolve(),
        "allowed": True,
        "other": False,
        "unit": "科技科",  # run_collectors trusts get_collectors to have resolved it
    }


def test_outputs_are_written_atomically_and_read_back(tmp_path):
    result = run_collectors([collector("a", "tech", good)], ruleset=mini_ruleset(), as_of=AS_OF)
    out = tmp_path / "out" / "evidence.jsonl"
    jsonl, run_json = write_outputs(result, out)
    assert (jsonl, run_json) == (out, tmp_path / "out" / "evidence.run.json")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "evidence.jsonl", "evidence.run.json"
    ]
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e.id for e in result.evidence]
    batch = load_evidence([jsonl], mini_ruleset())
    assert batch.problems == () and [e.id for e in batch.records] == [
        e.id for e in result.evidence
    ]
    run = CollectionRun.read(run_json)
    assert run.ruleset_id == "mini-2019" and run.as_of == AS_OF
    assert [r.collector for r in run.reports] == ["a"]


def test_output_paths():
    assert output_paths("a/b") == output_paths("a/b.jsonl")
    assert [p.name for p in output_paths("x.jsonl")] == ["x.jsonl", "x.run.json"]


def test_config_load_reports_file_line(tmp_path):
    path = tmp_path / "collect.yaml"
    path.write_text(
        "as_of: 2019-12-31\n"
        "timeout: 5\n"
        "timeouts: {website: -1}\n"
        "http:\n  max_byte: 10\n"
        "plugins:\n  website: [1, 2]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        CollectConfig.load(path)
    text = str(info.value)
    assert f"{path}:2:1: timeout: 未知的键“timeout”（是否想写：timeouts" in text
    assert f"{path}:3:12: timeouts.website: 超时应为正数" in text
    assert f"{path}:5:3: http.max_byte: 未知的键“max_byte”（是否想写：max_bytes" in text
    assert f"{path}:7:3: plugins.website: 插件“website”的设置应为映射" in text


def test_config_load_values(tmp_path):
    path = tmp_path / "sub" / "collect.yaml"
    path.parent.mkdir()
    path.write_text(
        "as_of: 2019-06-30\nruleset: ../rules.yaml\nworkers: 2\n"
        "timeouts: {website: 300, 'ledger:office': 10}\n"
        "http: {timeout: {connect: 2, read: 15}, max_bytes: 1000, allowed_hosts: [a.gov.cn]}\n"
        "plugins:\n  website:\n    base_url: http://a.gov.cn/\n  attestation:\n",
        encoding="utf-8",
    )
    config = CollectConfig.load(path)
    assert config.as_of == date(2019, 6, 30)
    assert config.ruleset == path.parent / "../rules.yaml"
    assert config.base_dir == path.parent
    assert (config.http.connect_timeout, config.http.read_timeout) == (2, 15)
    assert config.http.allowed_hosts == ("a.gov.cn",)
    assert config.settings("website") == {"base_url": "http://a.gov.cn/"}
    assert config.settings("attestation") == {} and config.settings("nope") == {}
    assert config.timeout_for(Collector("ledger:office", "office", ("x",), good,
                                        plugin="ledger")) == 10
    assert config.timeout_for(Collector("website:tech", "tech", ("x",), good,
                                        plugin="website")) == 300
    assert config.location("plugins.website.base_url").line == 8
    with pytest.raises(TypeError):
        config.settings("website")["base_url"] = "changed"


def test_config_yaml_syntax_error_is_located(tmp_path):
    path = tmp_path / "collect.yaml"
    path.write_text("plugins:\n  website: {a: 1\n", encoding="utf-8")
    # an unclosed brace is shown where it opens, not where the file ended
    with pytest.raises(InputError, match=r"collect.yaml:2:12: YAML 语法错误：这里的“{”没有"):
        CollectConfig.load(path)


def test_record_takes_fields_named_like_its_own_parameters():
    context = CollectContext(AS_OF, "tech", {}, mini_ruleset(), None)  # type: ignore[arg-type]
    record = context.record(
        "publication", "k1", title="标题", source="台账.xlsx 第3行",
        fields={"source": "网站留言", "title": "字段标题", "kind": "k", "key": "v",
                "fields": "f"},
        published="2019-03-01",
    )
    assert record["fields"] == {"source": "网站留言", "title": "字段标题", "kind": "k",
                                "key": "v", "fields": "f", "published": "2019-03-01"}
    assert (record["kind"], record["key"], record["title"]) == ("publication", "k1", "标题")
    assert record["provenance"]["source"] == "台账.xlsx 第3行"
    assert context.record("publication", "k2", published="2019-03-01")["fields"] == {
        "published": "2019-03-01"}
    with pytest.raises(TypeError, match="'published' both in fields= and as a keyword"):
        context.record("publication", "k3", fields={"published": "2019-03-01"},
                       published="2019-03-02")


def test_a_yielded_problem_counts_as_a_rejected_record():
    def ledger_like(context):
        yield context.record("publication", "good", published="2019-06-01")
        yield Problem(
            Location("台账.xlsx", 5, 3, "工作表“网站公开信息” C列（公开日期）"),
            "应为日期（如 2019-10-08），实际为“十月八日”",
        )
        yield Problem(Location(path="第 7 页"), "无法读取页面")  # no file: the collector is named
        yield context.record("publication", "also good", published="2019-07-01")

    def host_rejects(context):  # the same fault found by the host instead
        yield context.record("publication", "good", published="2019-06-01")
        yield context.record("publication", "bad", published="十月八日")

    result = run_collectors(
        [collector("ledger:tech", "tech", ledger_like), collector("plain:port", "port",
                                                                   host_rejects)],
        ruleset=mini_ruleset(), as_of=AS_OF,
    )
    reports = {r.collector: r for r in result.run.reports}
    report = reports["ledger:tech"]
    assert (report.records, report.rejected) == (2, 2)
    assert report.error == (
        "采集器 ledger:tech 有 2 条记录被拒绝："
        "台账.xlsx:5:3: 工作表“网站公开信息” C列（公开日期）: "
        "应为日期（如 2019-10-08），实际为“十月八日”；采集器 ledger:tech: 第 7 页: 无法读取页面"
    )
    located, unnamed = result.problems["ledger:tech"]
    assert (located.location.file, located.location.line, located.location.column) == (
        "台账.xlsx", 5, 3)
    assert unnamed.location.file == "采集器 ledger:tech"
    # exactly like a record the host rejects: the unit's findings on the kinds become error
    assert (reports["plain:port"].records, reports["plain:port"].rejected) == (1, 1)
    failures = {f.collector: f for f in result.run.failures()}
    assert set(failures) == {"ledger:tech", "plain:port"}
    assert failures["ledger:tech"].unit == "tech"
    assert failures["ledger:tech"].kinds == ("publication",)
    assert sorted(e.key for e in result.evidence if e.unit == "tech") == ["also good", "good"]


def test_with_settings_overrides_one_plugin_section_in_a_copy():
    config = CollectConfig.from_text(
        "plugins:\n  website: {base_url: 'http://127.0.0.1:8000/', unit: tech}\n"
        "  ledger: {files: []}\n"
    )
    moved = config.with_settings("website", base_url="http://127.0.0.1:5555/")
    assert moved.settings("website") == {"base_url": "http://127.0.0.1:5555/", "unit": "tech"}
    assert config.settings("website")["base_url"] == "http://127.0.0.1:8000/"
    assert moved.settings("ledger") == {"files": []}
    with pytest.raises(TypeError):
        moved.settings("website")["unit"] = "office"  # type: ignore[index]
