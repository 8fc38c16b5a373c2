"""The website plugin's personal-data patterns: 身份证号 with a GB 11643-1999 check character,
手机号, and masked numbers that are never findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from disclosure_rules_website.personal import (
    CHECK_CHARACTERS,
    ID_NUMBER,
    MOBILE,
    PROVINCES,
    check_character,
    find_personal_data,
    is_id_number,
    mask_id,
    mask_mobile,
)
from hypothesis import given
from hypothesis import strategies as st

TODAY = date(2019, 12, 31)

births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
areas = st.tuples(st.sampled_from(sorted(PROVINCES)), st.integers(0, 9999))
sequences = st.integers(0, 999)
#: text around a number that cannot glue onto it (no digit or Latin letter at its edges)
around = st.text(alphabet="当事人联系电话身份证号：，。（） 、\n", max_size=12)


def id_number(area: tuple[int, int], born: date, sequence: int) -> str:
    first17 = f"{area[0]:02d}{area[1]:04d}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    return id_number(draw(areas), draw(births), draw(sequences))


mobiles = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.integers(3, 9),
                    st.integers(0, 999_999_999))


def test_the_check_character_of_the_standards_example():
    # GB 11643-1999, appendix: 11010519491231002X
    assert check_character("11010519491231002") == "X"
    assert is_id_number("11010519491231002X", today=TODAY)
    assert is_id_number("11010519491231002x", today=TODAY)
    assert not is_id_number("110105194912310021", today=TODAY)


@given(id_numbers(), around, around)
def test_a_valid_id_number_is_found_and_only_masked(number, before, after):
    found = list(find_personal_data(before + number + after, today=TODAY))
    assert [(f.data_type, f.masked) for f in found] == [(ID_NUMBER, mask_id(number))]
    assert number not in found[0].excerpt and number[4:14] not in found[0].masked


@given(id_numbers(), st.integers(1, 10))
def test_an_id_number_with_a_wrong_check_character_is_not_found(number, shift):
    wrong = CHECK_CHARACTERS[(CHECK_CHARACTERS.index(number[-1]) + shift) % 11]
    text = f"身份证号：{number[:17]}{wrong}。"
    assert not is_id_number(number[:17] + wrong, today=TODAY)
    assert list(find_personal_data(text, today=TODAY)) == []


@given(areas, sequences, st.dates(min_value=TODAY + timedelta(days=1)))
def test_an_id_number_born_after_the_check_date_is_not_one(area, sequence, born):
    assert not is_id_number(id_number(area, born, sequence), today=TODAY)


@pytest.mark.parametrize("birth", ["19900230", "19901301", "18991231", "19900000"])
def test_an_id_number_with_an_impossible_birth_date_is_not_one(birth):
    first17 = f"430302{birth}123"
    assert not is_id_number(first17 + check_character(first17), today=TODAY)


def test_an_id_number_of_an_unknown_province_is_not_one():
    first17 = "990302199001011234"[:17]
    assert not is_id_number(first17 + check_character(first17), today=TODAY)


@given(mobiles, around, around, st.sampled_from(["", " ", "-"]))
def test_a_mobile_number_is_found_written_together_or_grouped(number, before, after, sep):
    written = f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    found = list(find_personal_data(before + written + after, today=TODAY))
    assert [(f.data_type, f.masked) for f in found] == [(MOBILE, mask_mobile(number))]
    assert found[0].masked == number[:3] + "****" + number[7:]
    assert number not in found[0].excerpt and written not in found[0].excerpt


@given(mobiles, st.text(alphabet="0123456789AZaz", min_size=1, max_size=3),
       st.booleans())
def test_a_mobile_number_inside_a_longer_run_is_not_found(number, glued, in_front):
    text = glued + number if in_front else number + glued
    assert [f for f in find_personal_data(text, today=TODAY) if f.data_type == MOBILE] == []


@given(st.one_of(id_numbers(), mobiles), around, around, st.integers(1, 8))
def test_masked_numbers_are_never_found(number, before, after, hidden):
    # any stretch of the number's middle replaced by asterisks
    start = min(3, len(number) - 5)
    end = min(len(number) - 4, start + max(hidden, 4))
    masked = number[:start] + "*" * (end - start) + number[end:]
    assert list(find_personal_data(before + masked + after, today=TODAY)) == []


@pytest.mark.parametrize("text", ["联系电话：138****1234", "身份证号：4301**********1234",
                                  "身份证：430302********123X", "电话 0731-58581234",
                                  "统一社会信用代码：91430300MA4L12345X"])
def test_usual_masked_and_other_numbers_are_not_findings(text):
    assert list(find_personal_data(text, today=TODAY)) == []


def test_full_width_digits_are_read_and_every_number_in_an_excerpt_is_masked():
    text = "张某电话１３９１２３４５６７８，李某电话13812345678，王某身份证11010519491231002X。"
    found = list(find_personal_data(text, today=TODAY))
    assert [(f.data_type, f.masked) for f in found] == [
        (MOBILE, "139****5678"), (MOBILE, "138****5678"), (ID_NUMBER, "1101**********002X")]
    for finding in found:
        for full in ("13912345678", "13812345678", "11010519491231002X"):
            assert full not in finding.excerpt
    assert found[0].excerpt == "张某电话139****5678，李某电话138****567"  # 15 characters a side
