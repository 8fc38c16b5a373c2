"""The columns of a 责任分工分解表, found by their meaning rather than their exact name.

Offices name the same column differently: 具体要求, 工作内容 or 主要内容; 责任部门, 责任单位,
责任科室 or 牵头单位 (with a separate 配合单位 column); 完成时间, 时限要求 or 完成时限.  A header
cell is given the column whose longest name it contains (``时限要求`` is a deadline, not a
requirement, though it contains 要求).
"""

from __future__ import annotations

import re

__all__ = ["COLUMN_LABELS", "REQUIRED", "column_of"]

#: column → names it goes by; checked by the longest name a header cell contains
_NAMES: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "heading": ("工作任务", "重点任务", "工作要点", "任务类别", "工作事项", "任务"),
    "requirement": ("具体要求", "工作内容", "主要内容", "具体内容", "工作措施", "任务内容",
                    "具体任务", "要求", "内容"),
    "responsible": ("责任部门", "责任单位", "责任科室", "责任处室", "责任股室", "责任主体",
                    "负责单位", "承办单位"),
    "lead": ("牵头单位", "牵头部门", "牵头科室"),
    "support": ("配合单位", "配合部门", "配合科室", "协办单位"),
    "deadline": ("完成时间", "时限要求", "完成时限", "时间要求", "时间节点", "完成期限", "时限",
                 "时间"),
    "city_note": ("备注", "说明"),
}

COLUMN_LABELS = {
    "number": "序号",
    "heading": "工作任务",
    "requirement": "具体要求",
    "responsible": "责任部门",
    "lead": "牵头单位",
    "support": "配合单位",
    "deadline": "完成时间",
    "city_note": "备注",
}

#: columns every table must have (one of responsible / lead stands for the 责任部门)
REQUIRED = ("number", "requirement", "deadline")

_SPACE = re.compile(r"[\s\u3000]+")


def column_of(header: str) -> str | None:
    """The column a header cell names, None when it names none of them."""
    text = _SPACE.sub("", header)
    best: tuple[int, str] | None = None
    for column, names in _NAMES.items():
        for name in names:
            if name in text and (best is None or len(name) > best[0]):
                best = (len(name), column)
    if best is None or len(text) > 4 * best[0] + 8:  # a sentence that mentions 要求 is no header
        return None
    return best[1]
