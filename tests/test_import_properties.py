"""Laws of the importer and of diff, checked on generated tables and rule sets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_rules.importing.grid import parse_grid, to_grid
from disclosure_rules.ruleset.diff import diff_rulesets
from disclosure_rules.ruleset.loader import load_ruleset

RULESET = load_ruleset(Path(__file__).parent.parent / "rulesets" / "2019.yaml")

_WORDS = ["公开", "权力清单", "政务", "网站", "栏目", "办事指南", "信息", "解读", "制度", "工作"]
_UNITS = ["法规科", "科技科", "局办公室", "审批科", "运管处"]
_DEADLINES = ["及时公开", "常态化工作", "2021年6月底前", "按市里统一安排完成"]

rows = st.lists(
    st.tuples(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map("".join),
        st.lists(st.sampled_from(_UNITS), min_size=1, max_size=3, unique=True).map("、".join),
        st.sampled_from(_DEADLINES),
    ),
    min_size=1,
    max_size=12,
)
orders = st.permutations(["序号", "工作内容", "责任单位", "完成时限"])


@settings(max_examples=40)
@given(rows, orders)
def test_a_csv_table_in_any_column_order_imports_to_its_rows(data, order) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(order)
    for n, (requirement, units, deadline) in enumerate(data, start=1):
        value = {"序号": str(n), "工作内容": requirement, "责任单位": units, "完成时限": deadline}
        writer.writerow([value[name] for name in order])
    table = parse_grid(to_grid(out.getvalue().encode("utf-8"), "t.csv", "csv"))
    assert [(r.requirement, r.responsible, r.deadline) for r in table.rows] == data
    assert [r.number for r in table.rows] == list(range(1, len(data) + 1))
    assert [r.line for r in table.rows] == list(range(2, len(data) + 2))


@settings(max_examples=40)
@given(st.sets(st.integers(min_value=0, max_value=len(RULESET.tasks) - 1)))
def test_diff_lists_exactly_the_tasks_removed_and_mirrors_them_as_added(dropped) -> None:
    kept = tuple(t for i, t in enumerate(RULESET.tasks) if i not in dropped)
    smaller = attrs.evolve(RULESET, tasks=kept)
    forward = diff_rulesets(RULESET, smaller)
    backward = diff_rulesets(smaller, RULESET)
    removed = sorted(t.old_number for t in forward.tasks if t.status == "removed")
    added = sorted(t.new_number for t in backward.tasks if t.status == "added")
    expected = sorted(RULESET.tasks[i].number for i in dropped)
    assert removed == added == expected
    assert all(t.status in ("same", "removed") for t in forward.tasks)
    assert forward.empty == (not dropped)
