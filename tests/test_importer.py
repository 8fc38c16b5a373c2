"""The importer: a scraped 责任分工分解表 (the seed) → rows → a rule-set skeleton.

Expected texts below are typed by hand from the seed, in simplified Chinese, source typos kept
(row 5 依申清, row 20 形工, row 22 建筑).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import opencc
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from disclosure_rules.cli import main
from disclosure_rules.errors import InputError
from disclosure_rules.importing.importer import (
    ImportedTable,
    ResponsiblePart,
    heading_level,
    is_group_phrase,
    normalize_punctuation,
    parse_responsible,
    parse_table,
    split_heading,
    strip_pinyin,
    to_json_data,
    to_simplified,
    to_skeleton_yaml,
)
from disclosure_rules.ruleset.model import Role

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "import"
SEED = FIXTURES / "seed_2019.txt"
SMALL = FIXTURES / "small_table.txt"
RULESET = ROOT / "rulesets" / "2019.yaml"

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
T2S = opencc.OpenCC("t2s")

H1 = "一、夯实基础"
H3 = "三、强化政府信息主动公开"
H3_1 = "（一）围绕提升推进高质量发展，强化公开"
H3_2 = "（二）围绕持续优化营商环境，强化公开"
H4 = "四、加强政策解读，积极回应社会关切"
H5 = "五、强化公开平台建筑，优化服务功能"


@pytest.fixture(scope="module")
def seed() -> ImportedTable:
    return parse_table(SEED.read_text(encoding="utf-8"), source="seed_2019.txt")


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def all_texts(table: ImportedTable) -> list[str]:
    texts = [table.title, table.issuer, table.preamble]
    for row in table.rows:
        texts += [*row.heading, row.requirement, row.responsible, row.deadline, row.city_note]
    return texts


# -- text clean-up ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("關(guān)于", "關于"),
        ("常態(tài)化", "常態化"),
        ("法規(guī)科", "法規科"),
        ("機構(gòu)改革", "機構改革"),
        ("綠(lǜ)色", "綠色"),
        ("關(guān)(guān)", "關"),  # a run of annotations goes at once
        ("關（guān）", "關"),  # fullwidth brackets too
        ("(一)圍繞", "(一)圍繞"),
        ("責任部門(單位)", "責任部門(單位)"),
        ("水泥(瀝青)路", "水泥(瀝青)路"),
        ("附件(1)", "附件(1)"),
        ("選項(a)", "選項(a)"),  # no tone mark: not pinyin
        ("see (fā) here", "see (fā) here"),  # not after a Chinese character
        ("字(zhuàngg)", "字(zhuàngg)"),  # longer than any syllable
        ("字(Guān)", "字(Guān)"),  # pinyin annotations are lowercase
    ],
)
def test_strip_pinyin(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected


_BRACKET_GROUP = re.compile(r"[(（][^()（）]*[)）]")
_PROTECTED = re.compile(r"[\u4e00-\u9fff0-9]")
_ALPHABET = st.sampled_from(
    [*"關规一字1 9a zguānǚüǜ,", "(", ")", "（", "）", "(guān)", "(tài)", "(一)", "(12)"]
)


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_strip_pinyin_keeps_brackets_with_chinese_or_digits(text: str) -> None:
    stripped = strip_pinyin(text)
    for group in set(_BRACKET_GROUP.findall(text)):
        if _PROTECTED.search(group):
            assert stripped.count(group) >= text.count(group), (text, group)


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_strip_pinyin_is_idempotent(text: str) -> None:
    once = strip_pinyin(text)
    assert strip_pinyin(once) == once


_SYLLABLES = st.builds(
    lambda initial, vowel, final: f"({initial}{vowel}{final})",
    st.sampled_from(["", "b", "zh", "x", "gu", "l"]),
    st.sampled_from(list(TONED)),
    st.sampled_from(["", "n", "ng", "i", "o"]),
)


@given(st.sampled_from(list("關規態聯字")), st.lists(_SYLLABLES, min_size=1, max_size=3))
def test_strip_pinyin_removes_every_annotation_after_a_character(
    char: str, syllables: list[str]
) -> None:
    assert strip_pinyin(char + "".join(syllables) + "于") == char + "于"


def test_to_simplified_gets_the_seed_characters_right() -> None:
    assert to_simplified("規關態聯") == "规关态联"
    assert to_simplified("責任部門(單位) 瀝青 鄉村振興 輿情") == "责任部门(单位) 沥青 乡村振兴 舆情"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("专职人员,并报局办公室", "专职人员，并报局办公室"),
        ("政府网站:贯彻", "政府网站：贯彻"),
        ("局机关相关科室:", "局机关相关科室："),
        ("调整文件;定期公布", "调整文件；定期公布"),
        ("三、强化公开 (一)围绕", "三、强化公开（一）围绕"),
        ("责任部门(单位)", "责任部门（单位）"),
        ("备注 (市级安排)", "备注（市级安排）"),
        ("对 “四好农村公路”建设", "对“四好农村公路”建设"),
        ("  局审批科  ", "局审批科"),
        ("1,000 and (a) b", "1,000 and (a) b"),  # Latin text stays as it is
        ("see http://x.cn:80/a", "see http://x.cn:80/a"),
    ],
)
def test_normalize_punctuation(raw: str, expected: str) -> None:
    assert normalize_punctuation(raw) == expected


@given(st.lists(st.sampled_from(list("字a1 ,:;()（），")), max_size=30).map("".join))
def test_normalize_punctuation_is_idempotent(text: str) -> None:
    once = normalize_punctuation(text)
    assert normalize_punctuation(once) == once


# -- headings and the 责任部门 cell ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level"),
    [("一、夯实基础", 1), ("十二、其他", 1), ("（二）围绕", 2), ("3、深化", 3), ("12、x", 3)],
)
def test_heading_level(text: str, level: int) -> None:
    assert heading_level(text) == level


@pytest.mark.parametrize("text", ["依法依规", "2019年6月", "(一)ascii", "局科技科"])
def test_not_a_heading(text: str) -> None:
    assert heading_level(text) is None


def test_split_heading() -> None:
    assert split_heading(f"{H3}{H3_1}") == (H3, H3_1)
    assert split_heading(f"{H3_2}1、深化") == (H3_2, "1、深化")
    assert split_heading(H4) == (H4,)


def parts(*pairs: tuple[str, Role]) -> tuple[ResponsiblePart, ...]:
    return tuple(ResponsiblePart(name, role) for name, role in pairs)


LEAD, RESP, SUPPORT, SPLIT = Role.LEAD, Role.RESPONSIBLE, Role.SUPPORT, Role.SPLIT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "局法规科牵头，局机关相关科室、局属单位负责",
            parts(("局法规科", LEAD), ("局机关相关科室", RESP), ("局属单位", RESP)),
        ),
        (
            "局科技科牵头，运输科、水运科、基建科配合",
            parts(
                ("局科技科", LEAD), ("运输科", SUPPORT), ("水运科", SUPPORT), ("基建科", SUPPORT)
            ),
        ),
        (
            "局人事科、局办公室、局科技科分工负责",
            parts(("局人事科", SPLIT), ("局办公室", SPLIT), ("局科技科", SPLIT)),
        ),
        (
            "局办公室牵头、科技科配合，局属各单位负责",
            parts(("局办公室", LEAD), ("科技科", SUPPORT), ("局属各单位", RESP)),
        ),
        ("局计划科、基建科、科技科", parts(("局计划科", RESP), ("基建科", RESP), ("科技科", RESP))),
        ("局法规科牵头，局属执法单位", parts(("局法规科", LEAD), ("局属执法单位", RESP))),
        ("局属各单位按职责分工负责", parts(("局属各单位", SPLIT))),
        ("局审批科", parts(("局审批科", RESP))),
        ("", ()),
    ],
)
def test_parse_responsible(text: str, expected: tuple[ResponsiblePart, ...]) -> None:
    assert parse_responsible(text) == expected


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("局属各单位", True),
        ("局机关相关科室", True),
        ("局属执法单位", True),
        ("局属单位", True),
        ("局办公室", False),
        ("运管处", False),
    ],
)
def test_is_group_phrase(name: str, group: bool) -> None:
    assert is_group_phrase(name) is group


# -- the seed ---------------------------------------------------------------------------------


def test_seed_has_24_rows_numbered_in_order(seed: ImportedTable) -> None:
    assert [row.number for row in seed.rows] == list(range(1, 25))


def test_seed_front_matter(seed: ImportedTable) -> None:
    assert seed.title == "湘潭市交通运输局贯彻落实国、省、市2019年政务公开工作要点责任分工分解表"
    assert seed.issuer == "湘潭市交通运输局"
    assert seed.issued == date(2019, 6, 12)
    assert seed.year == 2019
    assert seed.source == "seed_2019.txt"
    lines = seed.preamble.splitlines()
    assert lines[0] == "局属各单位，局机关相关科室："
    assert lines[1].startswith("根据《湘潭市政务公开政务服务领导小组办公室关于印发〈湘潭市")
    assert lines[1].endswith("政务公开工作落实情况纳入2019年度绩效考核。")
    assert lines[2] == f"附件：{seed.title}"


EXPECTED = {
    1: dict(
        heading=(H1,),
        requirement="明确各级各部门政务公开分管领导、专职人员，并报局办公室",
        responsible="局办公室、局属各单位",
        deadline="2019年6月",
        city_note="各级各部门",
        merged=(),
        line=16,
    ),
    4: dict(
        heading=(H1,),
        requirement=(
            "依法公开本机关“三定”方案、建议提案，及时更新主动公开基本目录、政府信息公开指南，"
            "公开政府信息公开年报，按时报送政府信息公开情况统计表，设立《政务公开工作要点》专栏"
        ),
        responsible="局人事科、局办公室、局科技科分工负责",
        deadline="按市统一安排完成",
        city_note="各级各部门",
        merged=("heading",),
        line=35,
    ),
    5: dict(
        heading=("二、做好依申清公开工作",),  # sic: the source's typo is kept
        requirement="依法依规做好依申请公开工作",
        responsible="局法规科牵头，局机关相关科室、局属单位负责",
        deadline="常态化工作",
        city_note="各级各部门",
        merged=(),
        line=41,
    ),
    6: dict(
        heading=(H3, H3_1, "1、推进重大交通建设项目情况公开"),
        requirement="推进重大建设项目批准和实施信息公开，加大交通领域项目建设的公开力度",
        responsible="局计划科、基建科、科技科",
        deadline="及时公开",
        city_note="市发改委牵头，市交通局等部门按职责分工负责",
        merged=(),
        line=48,
    ),
    12: dict(
        heading=(H3, H3_2, "1、深化“放管服”改革信息公开"),
        requirement="加大对简政放权的公开力度，及时公开权力清单、责任清单并进行动态调整",
        responsible="局法规科",
        deadline="及时公开",
        city_note="市行政审批局牵头、各级各部门",
        merged=("heading",),
        line=90,
    ),
    17: dict(
        heading=(H3, H3_2, "3、深化“四带头，六公开”工作"),
        requirement="加强执行力建设、主动公开践行“四责四诺”、推进“四带头、六公开”工作",
        responsible="局办公室、科技科、局属各单位",
        deadline="及时公开",
        city_note="各级各部门",
        merged=(),
        line=121,
    ),
    19: dict(
        heading=(H3, H3_2, "4、强化事中事后监管信息公开"),
        requirement="清理规范行政处罚事项，建立完善企业“黑名单”制，依法打击违法行为。",
        responsible="局法规科牵头，局属执法单位",
        deadline="及时公开",
        city_note="市直各相关单位",
        merged=("heading",),
        line=135,
    ),
    20: dict(
        heading=(H4,),
        requirement=(
            "按照“谁起草谁解读”原则，政策性文件与解读方案、解读材料做到三同步，加强对政府工作报告、"
            "政府常务会议、重点工作、重要决策、重大部署、重大事件的主动解读，引导预期、进一步丰富"
            "解读形工，提高图片图表、音频视频、卡通动漫等解读形式所占比重"  # sic: 形工
        ),
        responsible="局法规科牵头、局机关相关科室、局属各单位",
        deadline="常态化工作",
        city_note="各级各部门",
        merged=(),
        line=141,
    ),
    22: dict(
        heading=(H5,),  # sic: 建筑
        requirement=(
            "1、政府网站：贯彻《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作"
            "年度考核指标的通知》精神、严格落实网络意识形态责任制，加强政府网站内容建设和信息发布"
            "审核，深化政府网站集约化建设，完成试点任务，抓紧完成政府网站域名集中清理"
        ),
        responsible="局科技科",
        deadline="按省里时间节点完成",
        city_note="各级各部门",
        merged=(),
        line=154,
    ),
    23: dict(
        heading=(H5,),
        requirement=(
            "2、政务新媒体：加强政务新媒体建设管理、提升信息发布、解读回应、政民互动、"
            "办事服务整体水平"
        ),
        responsible="局科技科",
        deadline="按省里时间节点完成",
        city_note="各级各部门",
        merged=("heading", "responsible", "deadline", "city_note"),
        line=161,
    ),
    24: dict(
        heading=(H5,),
        requirement=(
            "3、政务大厅：加快办事大厅线上线下融合发展，结合机构改革后的职责调整变化情况，"
            "及时梳理编制并公开进驻办理大厅的审批服务事项、办事指南、办事流程等"
        ),
        responsible="局审批科",
        deadline="2019年11月底前",
        city_note="市行政审批局牵头、市直各相关单位",
        merged=("heading",),
        line=164,
    ),
}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_seed_row(seed: ImportedTable, number: int) -> None:
    row = seed.rows[number - 1]
    assert row.number == number
    for name, expected in EXPECTED[number].items():
        assert getattr(row, name) == expected, name


def test_seed_row_lines_point_at_the_number_cell(seed: ImportedTable) -> None:
    lines = seed_lines()
    for row in seed.rows:
        assert lines[row.line - 1] == f"{row.number} |"


def test_headings_carry_down(seed: ImportedTable) -> None:
    by_number = {row.number: row.heading for row in seed.rows}
    assert all(by_number[n] == (H1,) for n in range(1, 5))
    assert all(by_number[n][:2] == (H3, H3_1) for n in range(6, 11))
    assert all(by_number[n][:2] == (H3, H3_2) for n in range(11, 20))
    assert by_number[16][2] == "2、推进清理涉企收费降低企业成本信息公开"
    assert by_number[21] == (H4,)


def test_seed_output_is_simplified_and_free_of_pinyin(seed: ImportedTable) -> None:
    for text in all_texts(seed):
        assert T2S.convert(text) == text
        assert not re.search(f"[{TONED}]", text), text
        assert not re.search(r"[(（][a-zü]+[)）]", text), text
        assert not re.search(r"[,:;()]", text), text  # punctuation is fullwidth throughout
        assert "分享到" not in text


def test_seed_responsible_parts(seed: ImportedTable) -> None:
    assert seed.rows[7].responsible_parts == parts(
        ("局科技科", LEAD), ("运输科", SUPPORT), ("水运科", SUPPORT), ("基建科", SUPPORT)
    )
    assert seed.rows[20].responsible_parts == parts(
        ("局办公室", LEAD), ("科技科", SUPPORT), ("局属各单位", RESP)
    )


def test_small_table() -> None:
    """Multi-line cells, two heading cells in a row, no signature, junk after the table."""
    table = parse_table(SMALL.read_text(encoding="utf-8"))
    assert (table.title, table.issuer, table.issued, table.preamble, table.year) == (
        "某某局2020年政务公开工作要点责任分工表",
        "",
        None,
        "",
        2020,
    )
    first, second, third, fourth = table.rows
    assert first.heading == second.heading == ("一、基础工作", "（一）制度建设")
    assert first.requirement == "建立政务公开制度，并报局办公室"
    assert first.line == 9
    assert second.requirement == "完善信息发布审核制度"
    assert third.heading == fourth.heading == ("二、平台建设",)
    assert third.deadline == "常态化工作"
    assert (fourth.responsible, fourth.deadline, fourth.city_note) == (
        "科技科",
        "常态化工作",
        "各级各部门",
    )
    assert fourth.merged == ("heading", "responsible", "deadline", "city_note")


# -- malformed tables ---------------------------------------------------------------------------


def broken(edit: dict[int, str | None]) -> str:
    """The seed with lines replaced (or removed, for None), 1-based line numbers."""
    lines = seed_lines()
    for number, text in sorted(edit.items(), reverse=True):
        if text is None:
            del lines[number - 1]
        else:
            lines[number - 1] = text
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        ({29: "4 |"}, 29, "序号应为 3，却是 4"),  # rows out of order
        ({96: "12 |"}, 96, "序号应为 13，却是 12"),  # a repeated number
        ({26: None}, 23, "无法判断缺的是哪一格"),  # row 2 lost its deadline: 3 cells
        ({53: None}, 52, "不像时间"),  # row 6 lost its deadline: 局计划科… in its place
        ({18: None}, 17, "像是标题"),  # row 1 lost its requirement: the heading slides in
        ({41: "5 |\n多出来的一格 |"}, 42, "不是标题"),  # a stray cell before the heading
        ({11: "附表 |"}, 9, "表头不是预期的列"),  # not a column name
        ({9: "编号 |"}, None, "找不到表头"),
        ({17: "一、夯实基础 |\n（一）x（二）y |"}, 18, "标题层级"),
    ],
)
def test_malformed_table_names_the_line(edit: dict[int, str | None], line: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_table(broken(edit), source="bad.txt")
    (problem,) = caught.value.problems
    assert problem.location.file == "bad.txt"
    assert problem.location.line == line
    assert words in str(caught.value)
    if line is not None:
        assert f"bad.txt:{line}:" in str(caught.value)


def test_empty_table() -> None:
    with pytest.raises(InputError, match="找不到序号 1"):
        parse_table("序号 |\n工作任务 |\n具体要求 |\n责任部门 |\n完成时间 |\n备注 |\n")


# -- skeleton and JSON ---------------------------------------------------------------------------


def test_skeleton_yaml(seed: ImportedTable) -> None:
    text = to_skeleton_yaml(seed)
    data = yaml.safe_load(text)
    assert list(data) == [
        *("schema", "id", "title", "year", "issuer", "issued", "source"),
        *("units", "groups", "evidence_kinds", "tasks"),
    ]
    assert (data["schema"], data["year"], data["issued"]) == (1, 2019, date(2019, 6, 12))
    assert data["units"] == [] and data["groups"] == [] and data["evidence_kinds"] == {}
    assert len(data["tasks"]) == 24
    for task, row in zip(data["tasks"], seed.rows, strict=True):
        assert task["number"] == row.number
        assert tuple(task["heading"]) == row.heading
        assert (task["requirement"], task["responsible"]) == (row.requirement, row.responsible)
        assert (task["deadline"], task["city_note"]) == (row.deadline, row.city_note)
        assert task["rules"] == []
    assert data["tasks"][7]["units"] == {
        "牵头": ["局科技科"],
        "配合": ["运输科", "水运科", "基建科"],
    }
    assert data["tasks"][3]["units"] == {"分工负责": ["局人事科", "局办公室", "局科技科"]}
    # Chinese unescaped; TODO comments list every name for the registry and every group phrase
    assert "湘潭市交通运输局" in text and "\\u" not in text
    units_todo = text.split("units: []")[0].rsplit("# TODO", 1)[1]
    groups_todo = text.split("groups: []")[0].rsplit("# TODO", 1)[1]
    for name in ("局办公室", "法规科", "局法规科", "运管处", "农村办", "局财务科"):
        assert name in units_todo
    for phrase in ("局属各单位", "局机关相关科室", "局相关科室", "局属执法单位", "局属相关单位"):
        assert phrase in groups_todo and phrase not in units_todo
    assert "# 合并单元格：责任部门、完成时间、备注（市级安排）沿用第 22 行" in text
    assert "deadline: 及时公开  # 事件发生后20个工作日内" in text
    assert to_skeleton_yaml(seed) == text  # stable


def test_json_data(seed: ImportedTable) -> None:
    data = json.loads(json.dumps(to_json_data(seed), ensure_ascii=False))
    assert data["issued"] == "2019-06-12"
    assert len(data["rows"]) == 24
    row23 = data["rows"][22]
    assert row23["merged"] == ["heading", "responsible", "deadline", "city_note"]
    assert row23["units"] == [{"name": "局科技科", "role": "负责"}]


# -- the CLI --------------------------------------------------------------------------------------


def test_cli_import_prints_the_skeleton(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert len(yaml.safe_load(out)["tasks"]) == 24


def test_cli_import_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SEED), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["number"] for r in rows] == list(range(1, 25))


def test_cli_import_out_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "skeleton.yaml"
    assert main(["import", str(SEED), "--out", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["title"].endswith("责任分工分解表")
    assert main(["import", str(SEED), "--out", str(out)]) == 2  # no silent overwrite
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(SEED), "--out", str(out), "--force"]) == 0


def test_cli_import_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(broken({29: "4 |"}), encoding="utf-8")
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:29:" in err and "序号应为 3" in err
    assert main(["import", str(tmp_path / "missing.txt")]) == 2
    assert "无法读取" in capsys.readouterr().err


def _console_script() -> str | None:
    beside = Path(sys.executable).with_name("disclosure-rules")
    return str(beside) if beside.exists() else shutil.which("disclosure-rules")


def test_cli_import_subprocess(tmp_path: Path) -> None:
    script = _console_script()
    if script is None:
        pytest.skip("the disclosure-rules console script is not installed (pip install -e .)")
    done = subprocess.run(
        [script, "import", str(SEED), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["rows"]) == 24
    bad = tmp_path / "bad.txt"
    bad.write_text(broken({26: None}), encoding="utf-8")
    done = subprocess.run(
        [script, "import", str(bad)], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 2
    assert f"{bad}:23:" in done.stderr and "Traceback" not in done.stderr


# -- cross-check with the hand-written rule set ----------------------------------------------------


def _corrections(tasks: list[dict]) -> dict[str, str]:
    """Corrected heading → source heading, from every task whose ``original`` is a heading.

    A corrected heading is shared by the rows under it; its source text is recorded once, at
    the first task that carries it."""
    found: dict[str, str] = {}
    for task in tasks:
        original = task.get("original")
        for heading in task["heading"]:
            same_level = original and heading_level(heading) == heading_level(original)
            if same_level and heading != original and heading_level(heading) is not None:
                found[heading] = original
    return found


def ruleset_mismatches(tasks: list[dict], table: ImportedTable) -> list[str]:
    """Where the rule set's task texts differ from the importer's rows (``original`` and
    heading corrections accounted for)."""
    if [t.get("number") for t in tasks] != [row.number for row in table.rows]:
        return [f"numbers: {[t.get('number') for t in tasks]}"]
    corrections = _corrections(tasks)
    problems = []
    for task, row in zip(tasks, table.rows, strict=True):
        requirement = task["requirement"]
        if requirement != row.requirement and task.get("original"):
            requirement = task["original"]
        if requirement != row.requirement:
            problems.append(f"{row.number} requirement: {task['requirement']!r}")
        heading = tuple(corrections.get(h, h) for h in task["heading"])
        if heading != row.heading:
            problems.append(f"{row.number} heading: {task['heading']!r} ≠ {row.heading!r}")
        for name in ("responsible", "deadline", "city_note"):
            if task[name] != getattr(row, name):
                problems.append(f"{row.number} {name}: {task[name]!r} ≠ {getattr(row, name)!r}")
        units = row.units_by_role
        if task.get("units") != units:
            problems.append(f"{row.number} units: {task.get('units')!r} ≠ {units!r}")
    return problems


def test_cross_check_catches_differences(seed: ImportedTable) -> None:
    tasks = yaml.safe_load(to_skeleton_yaml(seed))["tasks"]
    assert ruleset_mismatches(tasks, seed) == []
    tasks[4] |= {"heading": ["二、做好依申请公开工作"], "original": "二、做好依申清公开工作"}
    tasks[21] |= {"heading": ["五、强化公开平台建设，优化服务功能"]}  # no original: reported
    tasks[22] |= {"deadline": "2019年12月"}
    tasks[19] |= {"requirement": "改过的文字", "original": "另一段文字"}
    tasks[0] |= {"units": {"牵头": ["局办公室"], "负责": ["局属各单位"]}}
    assert [p.split(":")[0] for p in ruleset_mismatches(tasks, seed)] == [
        "1 units",
        "20 requirement",
        "22 heading",
        "23 deadline",
    ]


def test_ruleset_2019_matches_the_source_table(seed: ImportedTable) -> None:
    tasks = yaml.safe_load(RULESET.read_text(encoding="utf-8"))["tasks"]
    problems = ruleset_mismatches(tasks, seed)
    assert not problems, "\n".join(problems)
