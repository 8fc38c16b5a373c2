"""Personal data in a page's text: 身份证号 and 手机号 shown in full.

- A **居民身份证号码** is 18 characters (GB 11643-1999): a 6-digit area code whose first two
  digits are a province's (11–65, 71, 81–83), the birth date ``YYYYMMDD`` (a real date from
  1900 on, not after the day of the check), a 3-digit sequence number and a check character:
  the sum of the first 17 digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, modulo 11,
  indexes ``10X98765432``.  Eighteen digits that fail any of these are not an ID number (an
  order number, a 统一社会信用代码, a mistyped number) and are not reported.
- A **手机号** is 11 digits ``1[3-9]xxxxxxxxx``, written together or grouped 3-4-4 by a space
  or a hyphen (``139 1234 5678``, ``139-1234-5678``).

A number counts only as a whole: not when it is part of a longer run of digits or letters
(``NO.813912345678``, an 18-digit number holding 11 digits that look like a mobile number).
A masked number (``139****5678``, ``4303**********1234``) has no run of digits long enough
and is never a finding.  Full-width digits (``１３９…``) are read as digits.  The 15-digit ID
numbers of before 1999 carry no check digit and are not looked for.

Findings carry the number **masked** (``139****5678``, ``4303**********123X``) and an excerpt
of the text around it in which every run of seven or more digits is masked too: the evidence
never holds a full number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from attrs import frozen

ID_NUMBER = "身份证号"
MOBILE = "手机号"
#: GB 11643-1999: the weights of the first 17 digits and the check character of each remainder.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
#: The first two digits of an area code (GB/T 2260 provinces; 71 台湾, 81 香港, 82 澳门,
#: 83 港澳台居民居住证).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
     51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
EARLIEST_BIRTH = date(1900, 1, 1)
#: Characters of the excerpt kept on each side of a finding.
EXCERPT_SIDE = 15

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_ANY_FULL_WIDTH = re.compile("[０-９Ｘｘ]")
# Each pattern opens with the digit it starts on (the regular expression engine then skips
# quickly to digits) and looks behind it: no digit or Latin letter may come before, nor after.
_AFTER = r"(?![0-9A-Za-z])"
_ID = re.compile(r"(?P<id>[0-9](?<![0-9A-Za-z][0-9])[0-9]{16}[0-9Xx])" + _AFTER)
_MOBILE = re.compile(
    r"(?P<mobile>1(?<![0-9A-Za-z]1)[3-9][0-9](?P<sep>[ \-]?)[0-9]{4}(?P=sep)[0-9]{4})" + _AFTER
)
_LONG_DIGITS = re.compile(r"[0-9]{7,}")


@frozen
class PersonalData:
    """One number found in a text: its type (:data:`ID_NUMBER` or :data:`MOBILE`), the number
    masked, the text around it with every long number masked, and where it starts."""

    data_type: str
    masked: str
    excerpt: str
    start: int


def check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def is_id_number(text: str, *, today: date | None = None) -> bool:
    """True when ``text`` is an 18-character 居民身份证号码: a province's area code, a real
    birth date from 1900 to ``today`` and the right check character (``x`` read as ``X``)."""
    text = text.translate(_FULL_WIDTH)
    if len(text) != 18 or not text[:17].isascii() or not text[:17].isdigit():
        return False
    if int(text[:2]) not in PROVINCES:
        return False
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not EARLIEST_BIRTH <= born <= (today or date.today()):
        return False
    return text[17].upper() == check_character(text[:17])


def mask_id(number: str) -> str:
    """``430302199001011234`` → ``4303**********1234``: the province and city, and the last
    four characters."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:].upper()


def mask_mobile(number: str) -> str:
    """``13912345678`` → ``139****5678`` (separators dropped)."""
    digits = re.sub(r"\D", "", number)
    return digits[:3] + "****" + digits[-4:]


def mask_numbers(text: str) -> str:
    """``text`` with every run of seven or more digits masked: a run of 11 or more keeps its
    first three and last four digits, a shorter one none (an excerpt may hold other numbers
    than the one it is about)."""
    def mask(match: re.Match[str]) -> str:
        run = match[0]
        return run[:3] + "*" * (len(run) - 7) + run[-4:] if len(run) >= 11 else "*" * len(run)

    return _LONG_DIGITS.sub(mask, text)


def find_personal_data(text: str, *, today: date | None = None) -> Iterator[PersonalData]:
    """The ID numbers and mobile numbers written in full in ``text``, in the order they
    appear."""
    if _ANY_FULL_WIDTH.search(text):
        text = text.translate(_FULL_WIDTH)
    found: list[tuple[int, int, str, str]] = []
    for match in _ID.finditer(text):
        if is_id_number(match["id"], today=today):
            found.append((match.start(), match.end(), ID_NUMBER, mask_id(match["id"])))
    for match in _MOBILE.finditer(text):
        found.append((match.start(), match.end(), MOBILE, mask_mobile(match["mobile"])))
    # the whole text with every finding and every other long number masked, then the
    # excerpts cut from it: no cut can uncover part of a number
    pieces: list[str] = []
    placed: list[tuple[int, int, str, str]] = []  # (start in safe text, start in text, …)
    position = 0
    for start, end, data_type, masked in sorted(found):
        if start < position:
            continue
        pieces.append(mask_numbers(text[position:start]))
        placed.append((sum(map(len, pieces)), start, data_type, masked))
        pieces.append(masked)
        position = end
    pieces.append(mask_numbers(text[position:]))
    safe = "".join(pieces)
    for at, start, data_type, masked in placed:
        window = safe[max(0, at - EXCERPT_SIDE):at + len(masked) + EXCERPT_SIDE]
        yield PersonalData(data_type, masked, " ".join(window.split()), start)
