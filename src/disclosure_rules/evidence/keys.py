"""One normal form for the keys and links that join evidence records.

A policy document's 文号 is its key; its interpretation names it in a ``ref`` field.  Records
come from a website, a ledger typed by hand and signed statements, so the same 文号 arrives as
``湘潭交通〔2019〕12号``, ``湘潭交通[2019]12号``, ``湘潭交通（2019）第12号 `` or with full-width
digits.  Joined as written they would never meet, and every backend would report the document
as never interpreted.  Everything that compares keys — the evidence door of the core, the
ledger's duplicate check, the website's 文号 reader — goes through :func:`normalize_key`; no
plugin keeps a copy of these rules.

The normal form:

- Unicode width folded (NFKC: full-width letters, digits and ASCII punctuation become
  half-width; ideographs are unchanged);
- white space (including the full-width space and no-break space) collapsed to one space and
  stripped at both ends;
- a key that *is* a 文号 (issuer, bracketed year, number, 号) written with the 六角括号 of
  GB/T 9704 — ``〔2019〕`` — whichever brackets it came with, without spaces inside, without
  ``第`` and without leading zeros in the number.

Nothing else changes: letter case is kept (URL paths are case-sensitive) and a key that is not a
文号 keeps its characters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["canonical_doc_number", "normalize_key"]

#: Brackets a 文号's year is written in, after NFKC (``（`` → ``(``, ``［`` → ``[``).
DOC_OPEN = "〔[(【"
DOC_CLOSE = "〕])】"

_SPACE = re.compile(r"\s+")
_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z ]{0,29}?)\s*"
    r"[" + re.escape(DOC_OPEN) + r"]\s*(?P<year>(?:19|20)\d{2})\s*[" + re.escape(DOC_CLOSE)
    + r"]\s*第?\s*(?P<number>\d{1,6})\s*号"
)


def canonical_doc_number(prefix: str, year: str | int, number: str | int) -> str:
    """A 文号 from its parts: ``("湘潭交通", 2019, "012")`` → ``湘潭交通〔2019〕12号``."""
    issuer = _SPACE.sub("", unicodedata.normalize("NFKC", prefix))
    return f"{issuer}〔{int(year)}〕{int(number)}号"


def normalize_key(value: str) -> str:
    """The normal form of a key or a link (see the module's docstring).  Idempotent:
    ``normalize_key(normalize_key(x)) == normalize_key(x)``."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    match = _DOC_NUMBER.fullmatch(text)
    if match is None:
        return text
    return canonical_doc_number(match["prefix"], match["year"], match["number"])
