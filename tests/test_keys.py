"""The one normal form of keys and links (disclosure_rules.keys)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_rules.evidence.keys import canonical_doc_number, normalize_key


@pytest.mark.parametrize(
    "written",
    [
        "湘潭交通〔2019〕12号",
        "湘潭交通[2019]12号",
        "湘潭交通（2019）12号",
        "湘潭交通(2019)第12号",
        "湘潭交通【2019】012号",
        "湘潭交通［２０１９］１２号",
        " 湘潭交通〔2019〕 12 号\u3000",
        "湘潭 交通\xa0〔 2019 〕第 12 号",
    ],
)
def test_every_way_of_writing_a_doc_number_has_one_form(written: str) -> None:
    assert normalize_key(written) == "湘潭交通〔2019〕12号"


def test_keys_that_are_not_doc_numbers_keep_their_characters_and_case() -> None:
    assert normalize_key("  http://Example.org/A B.html ") == "http://Example.org/A B.html"
    assert normalize_key("法规科台账/第3行") == "法规科台账/第3行"
    assert normalize_key("ＡＢＣ－１") == "ABC-1"


def test_a_sentence_citing_a_doc_number_is_not_rewritten() -> None:
    text = "依据湘交安监〔2019〕33号 的通知"
    assert normalize_key(text) == text


def test_canonical_doc_number_from_parts() -> None:
    assert canonical_doc_number("湘潭交通", "2019", "007") == "湘潭交通〔2019〕7号"
    assert canonical_doc_number("ＸＴ交", 2019, 7) == "XT交〔2019〕7号"


@given(st.text(max_size=40))
def test_normal_form_is_idempotent(value: str) -> None:
    once = normalize_key(value)
    assert normalize_key(once) == once


@given(st.text(alphabet="湘潭交通安监 \u3000", min_size=2, max_size=6).filter(
    lambda s: s.strip() and s.strip()[0] != " "),
       st.integers(1990, 2099), st.integers(0, 99999),
       st.sampled_from(["〔〕", "[]", "()", "（）", "【】", "［］"]), st.booleans())
def test_bracket_and_spacing_variants_agree(prefix, year, number, brackets, di) -> None:
    written = f"{prefix}{brackets[0]}{year}{brackets[1]}{'第' if di else ''}{number}号"
    assert normalize_key(written) == canonical_doc_number(prefix, year, number)
