"""Telling a blank column (空白栏目) from a list that could not be read.

A column list page on which no entry was read is one of two things:

- **blank**: the page itself says the column has nothing — an element whose whole text is a
  placeholder (``暂无信息``, ``暂无内容``, ``该栏目暂无相关信息！``, ``栏目建设中``,
  ``敬请期待``…), or a list container (an ``ul``, ``ol``, ``table``, ``tbody`` or ``div``
  whose class or id names a list) with nothing in it: no text, no link, no image;
- **unreadable**: anything else — entries in a structure the parser does not know, entries
  without dates, a list that a script fills in.

A page is only taken for blank when it also shows no sign of a list loaded or paged by a
script (``ajax``, ``XMLHttpRequest``, ``fetch(``, ``$.get``, ``.load(``, 大汉 ``jpage``/
``dataproxy``/``<datastore>``, ``laypage``, Vue/React templates) and states no count of pages
or entries beyond none (``共 3 页``, ``共 25 条``) and has no link next to a date (an entry
in a structure not read as a list): in any of these cases the emptiness seen may be only what
the crawler could not read, and the column is reported as unreadable (its kinds'
findings become ``error``), never as blank.  A blank column is not a gap: it is read whole, and
has nothing.

This module is pure: a page's HTML in, a reason (or None) out.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from .parse import clean_text, parse_date

#: An element's whole text that declares the column empty (punctuation around it allowed).
_PLACEHOLDER = re.compile(
    r"^(?:抱歉|对不起|提示)?[，,：:！! ]*"
    r"(?:(?:该|本|此|当前)?栏目)?(?:下)?(?:暂无|暂时没有|目前没有|没有|尚无|无)"
    r"(?:任何|相关|可显示的|可公开的)?(?:的)?(?:信息|内容|数据|记录|文章|新闻|文件|条目|公开信息)"
    r"(?:发布|公开)?[。！!.…]*$"
    r"|^(?:该|本|此)?(?:栏目|页面)?(?:正在|尚在)?(?:建设中|维护中|完善中)[，,。！!.…]*(?:敬请期待)?[。！!.…]*$"
    r"|^敬请期待[。！!.…]*$"
)
#: Words of a script (its text or its address) that betray a list filled in or paged by it.
_DYNAMIC = re.compile(
    r"ajax|xmlhttprequest|\bfetch\s*\(|\$\.(?:get|post|getjson)\b|\.load\s*\(|jpage|dataproxy"
    r"|datastore|laypage|\bvue\b|react|angular|v-for|template",
    re.I,
)
_COUNT = re.compile(r"共\s*(?P<n>\d+)\s*(?P<unit>页|条)")
_CONTAINERS = "ul, ol, table, tbody, div"
_LIST_NAME = re.compile(r"list|lb|liebiao", re.I)
#: What a list container with content holds besides text (empty ``tbody``/``tr`` do not count).
_CONTENT = "a, img, input, iframe, video, audio, object, embed, svg, canvas"
#: The longest element text taken for a placeholder (a longer one is a paragraph about it).
_LONGEST = 30
#: The longest text of an element taken for one list entry.
_ENTRY = 200


def blank_reason(html: str) -> str | None:
    """Why the list page ``html`` (on which no entry was read) declares its column empty, as
    the office reads it (``页面显示“暂无信息”``, ``列表为空（ul.list 中没有任何内容）``);
    None when it does not, or when a script may fill the list in (see the module)."""
    tree = HTMLParser(html)
    if _dynamic(tree, html):
        return None
    body = tree.body
    if body is None:
        return None
    for script in body.css("script, style, noscript"):
        script.decompose()
    text = clean_text(body.text(deep=True, separator=" "))
    for count in _COUNT.finditer(text):
        if int(count["n"]) > (1 if count["unit"] == "页" else 0):
            return None
    if _dated_link(body):
        return None
    for node in body.css("*"):
        shown = clean_text(node.text(deep=True, separator=" "))
        if shown and len(shown) <= _LONGEST and _PLACEHOLDER.match(shown):
            return f"页面显示“{shown}”"
    for node in body.css(_CONTAINERS):
        name = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if not _LIST_NAME.search(name):
            continue
        if not clean_text(node.text(deep=True)) and node.css_first(_CONTENT) is None:
            label = node.tag + "".join(
                f".{c}" for c in (node.attributes.get("class") or "").split()[:1])
            return f"列表为空（{label} 中没有任何内容）"
    return None


def _dynamic(tree: HTMLParser, html: str) -> bool:
    if "<datastore" in html.lower():
        return True
    for script in tree.css("script"):
        if _DYNAMIC.search(script.text() or "") or _DYNAMIC.search(
                script.attributes.get("src") or ""):
            return True
    return tree.css_first("[v-for], [ng-repeat], [x-for]") is not None


def _dated_link(body: Node) -> bool:
    """True when a link sits, within three levels, in a short element that shows a date: an
    entry of a structure the parser did not take for a list."""
    for anchor in body.css("a[href]"):
        node: Node | None = anchor
        for _ in range(3):
            node = node.parent if node is not None else None
            if node is None:
                break
            text = clean_text(node.text(deep=True, separator=" "))
            if len(text) <= _ENTRY and parse_date(text) is not None:
                return True
    return False
