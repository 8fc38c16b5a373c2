"""``disclosure_rules.importer``: the old import path of
:mod:`disclosure_rules.importing.importer`, kept so plugins written against it keep working.

Any other name of that module is looked up there on first use."""

from __future__ import annotations

from typing import Any

import disclosure_rules.importing.importer as _moved
from disclosure_rules.importing.importer import (
    Cell,
    ImportedRow,
    ImportedTable,
    ResponsiblePart,
    clean_text,
    heading_level,
    is_group_phrase,
    join_responsible,
    normalize_punctuation,
    parse_responsible,
    parse_table,
    read_cells,
    split_heading,
    strip_pinyin,
    to_json_data,
    to_simplified,
    to_skeleton_yaml,
)

__all__ = [
    "Cell",
    "ImportedRow",
    "ImportedTable",
    "ResponsiblePart",
    "clean_text",
    "heading_level",
    "is_group_phrase",
    "join_responsible",
    "normalize_punctuation",
    "parse_responsible",
    "parse_table",
    "read_cells",
    "split_heading",
    "strip_pinyin",
    "to_json_data",
    "to_simplified",
    "to_skeleton_yaml",
]


def __getattr__(name: str) -> Any:
    return getattr(_moved, name)
