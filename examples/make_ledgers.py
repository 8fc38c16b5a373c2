"""Write the demo bureau's 台账 under ``examples/ledgers/`` (run: python make_ledgers.py).

Each workbook is the unit's template from the rule set (``disclosure-rules template``), filled in
as the unit would.  Dates are in 2019 and many sit next to holidays so that working days
matter (国庆 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 worked):

- 潭交罚〔2019〕31号 decided Tue 09-24, published 10-08: 6 working days (双公示 7: pass);
- 潭交罚〔2019〕35号 decided Thu 10-10, published 10-21: 8 working days (fail);
- 潭交许〔2019〕12号 decided Fri 09-27, published Sun 09-29, a working day (pass);
- an application received Fri 09-20 and answered 10-25 without extension: due 10-23 (fail);
  the same delay with an approved extension passes;
- 行政处罚事项清单 changed 09-26, published 10-31: 22 working days (及时公开 20: fail);
- 科技科's 政务新媒体 posted until 10-28, then stopped (stale at 12-31; waived, see
  examples/waivers-2019.yaml);
- 科技科's account registry (账号名册) lists two accounts at the yearly review on Tue 10-15:
  the 微信公众号 湘潭交通, which posted on 10-08 (within 10 working days), and the 微博
  湘潭交通运输发布, opened in 2017 and never used (a 僵尸/空壳 account: fail).

审批科's ledger is a GBK-encoded CSV, as Excel on a Chinese Windows saves it.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from disclosure_rules.ruleset.loader import load_ruleset

HERE = Path(__file__).resolve().parent
RULESET = HERE.parent / "rulesets" / "2019.yaml"
OUT = HERE / "ledgers"

D = date

LEDGERS: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {
    "regulation": ("法规科台账.xlsx", {
        "enforcement_decision": [
            {"编号": "潭交罚〔2019〕31号", "标题": "超限运输行政处罚", "decided": D(2019, 9, 24),
             "decision_type": "行政处罚", "decision_number": "潭交罚〔2019〕31号",
             "published": D(2019, 10, 8), "url": "http://www.xtjt.gov.cn/xzzf/t31.html"},
            {"编号": "潭交罚〔2019〕35号", "标题": "非法营运行政处罚", "decided": D(2019, 10, 10),
             "decision_type": "行政处罚", "decision_number": "潭交罚〔2019〕35号",
             "published": D(2019, 10, 21)},
            {"编号": "潭交许〔2019〕12号", "标题": "道路运输经营许可", "decided": D(2019, 9, 27),
             "decision_type": "行政许可", "decision_number": "潭交许〔2019〕12号",
             "published": D(2019, 9, 29)},
            {"编号": "潭交强〔2019〕3号", "标题": "暂扣车辆", "decided": D(2019, 11, 4),
             "decision_type": "行政强制", "published": D(2019, 11, 20)},
        ],
        "application": [
            {"编号": "依申请〔2019〕1号", "received": D(2019, 9, 20), "channel": "网络",
             "replied": D(2019, 10, 25), "extended": False, "outcome": "予以公开"},
            {"编号": "依申请〔2019〕2号", "received": D(2019, 9, 20), "channel": "邮寄",
             "replied": D(2019, 10, 25), "extended": True, "outcome": "部分公开"},
            {"编号": "依申请〔2019〕3号", "received": D(2019, 12, 20), "channel": "当面"},
        ],
        "regulation_document": [
            {"编号": "湘潭交通办〔2019〕9号",
             "标题": "湘潭市交通运输局政府信息依申请公开工作制度（修订）",
             "issued": D(2019, 11, 15), "doc_number": "湘潭交通办〔2019〕9号",
             "topic": "依申请公开", "revision": True},
        ],
        "training_record": [
            {"标题": "新修订《政府信息公开条例》专题培训", "held": D(2019, 6, 28),
             "topic": "政府信息公开条例", "format": "专题培训", "participants": 46},
        ],
        "list_change": [
            {"标题": "湘潭市交通运输局权力清单（2019年版）", "changed": D(2019, 8, 1),
             "list_type": "权力清单", "published": D(2019, 8, 20)},
            {"标题": "行政处罚事项清单调整", "changed": D(2019, 9, 26),
             "list_type": "行政处罚事项清单", "published": D(2019, 10, 31)},
        ],
    }),
    "office": ("局办公室台账.xlsx", {
        "staff_designation": [
            {"标题": "政务公开分管领导", "designated": D(2019, 6, 20), "person": "王某某",
             "role": "分管领导", "reported": D(2019, 6, 25)},
            {"标题": "政务公开专职人员", "designated": D(2019, 6, 20), "person": "李某某",
             "role": "专职人员", "reported": D(2019, 6, 28)},
        ],
        "annual_report": [
            {"标题": "湘潭市交通运输局2018年政府信息公开工作年度报告",
             "published": D(2019, 1, 30), "report_year": 2018, "report_type": "年度报告"},
        ],
        "public_concern": [
            {"标题": "网民反映国庆期间客运站购票排队", "received": D(2019, 9, 30),
             "source": "网络舆情", "replied": D(2019, 10, 8)},
        ],
    }),
    "port": ("港航事务中心台账.xlsx", {
        "staff_designation": [
            {"designated": D(2019, 6, 24), "person": "赵某某", "role": "分管领导",
             "reported": D(2019, 7, 1)},
            {"designated": D(2019, 6, 24), "person": "钱某某", "role": "兼职人员"},
        ],
        "training_record": [
            {"held": D(2019, 10, 12), "topic": "政府信息公开条例", "format": "集中学习",
             "participants": 18},
        ],
    }),
    "tech": ("科技科台账.xlsx", {
        # 账号名册 at the yearly review: the 微信公众号 posts; the 微博 was opened and left
        # empty (no post at all: t23-accounts-posting fails for it)
        "new_media_account": [
            {"编号": "湘潭交通", "listed": D(2019, 10, 15), "opened": D(2016, 5, 20),
             "platform": "微信公众号"},
            {"编号": "湘潭交通运输发布", "listed": D(2019, 10, 15), "opened": D(2017, 3, 1),
             "platform": "微博"},
        ],
        # 政务新媒体: the account posted until late October, then moved into the city's matrix
        # (no posts since; an approved waiver covers it, examples/waivers-2019.yaml)
        "new_media_post": [
            {"标题": "国庆假期出行提示", "posted": D(2019, 9, 30), "account": "湘潭交通",
             "platform": "微信公众号"},
            {"标题": "节后返程高峰路况", "posted": D(2019, 10, 7), "account": "湘潭交通",
             "platform": "微信公众号"},
            {"标题": "网约车新规视频解读", "posted": D(2019, 10, 8), "account": "湘潭交通",
             "platform": "微信公众号"},
            {"标题": "“四好农村路”建设进展", "posted": D(2019, 10, 28), "account": "湘潭交通",
             "platform": "微信公众号"},
        ],
    }),
}

#: 审批科: a GBK CSV of 政务大厅公开事项 (机构改革 trigger 2019-03-31, deadline 2019-11-30).
HALL_ITEMS = [
    {"编号": "DT-2019-01", "updated": "2019-05-10", "item_type": "审批服务事项",
     "matter": "道路旅客运输经营许可"},
    {"编号": "DT-2019-02", "updated": "2019/11/28", "item_type": "办事指南",
     "matter": "道路货物运输经营许可"},
    {"编号": "DT-2019-03", "updated": "2019年12月5日", "item_type": "办事流程",
     "matter": "出租汽车驾驶员从业资格"},
]


def fill(path: Path, rows_by_kind: dict[str, list[dict[str, Any]]], ruleset: Any) -> None:
    """Append rows (field names or the headers 编号/标题 → value) under the template's headers."""
    from disclosure_rules_ledger.template import sheet_title

    workbook = load_workbook(path)
    for kind_name, rows in rows_by_kind.items():
        kind = ruleset.kind_map[kind_name]
        sheet = workbook[sheet_title(kind)]
        headers = [str(c.value or "").rstrip("*") for c in sheet[1]]
        by_label = {f.label or f.name: f.name for f in kind.fields}
        for number, row in enumerate(rows, start=2):
            for column, header in enumerate(headers, start=1):
                value = row.get(header, row.get(by_label.get(header, ""), None))
                if isinstance(value, bool):
                    value = "是" if value else "否"
                sheet.cell(row=number, column=column, value=value)
    workbook.save(path)


def main() -> int:
    from disclosure_rules_ledger import write_template

    ruleset = load_ruleset(RULESET)
    OUT.mkdir(exist_ok=True)
    for unit, (name, rows) in LEDGERS.items():
        path = write_template(ruleset, unit, OUT / name)
        fill(path, rows, ruleset)
        print(f"已写入 {path.relative_to(HERE)}")
    kind = ruleset.kind_map["hall_item"]
    labels = ["编号"] + [f.label for f in kind.fields]
    names = ["编号"] + [f.name for f in kind.fields]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(labels)
    for row in HALL_ITEMS:
        writer.writerow([row.get(n, "") for n in names])
    path = OUT / "政务大厅公开事项.csv"
    path.write_bytes(buffer.getvalue().encode("gbk"))
    print(f"已写入 {path.relative_to(HERE)}（GBK 编码）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
