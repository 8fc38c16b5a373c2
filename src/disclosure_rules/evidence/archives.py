"""Opening Office files (XLSX, DOCX) safely: a ZIP is checked before any library inflates it.

An ``.xlsx`` or ``.docx`` file is a ZIP archive.  A damaged one, junk renamed to ``.xlsx``, or
a decompression bomb (0.8 MB that inflates to an 800 MB sheet) would otherwise surface as a
``KeyError`` from deep inside openpyxl, or as minutes of work and gigabytes of memory.  Every
reader of such files — the ledger plugin's workbooks, the importer's tables — asks
:func:`zip_refusal` first, which looks only at the archive's directory (the sizes it declares;
Python's ``zipfile`` never inflates a member past its declared size).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["MAX_PARTS", "MAX_RATIO", "zip_refusal"]

#: Largest ratio of a member's inflated to compressed size, for members over 1 MiB (files saved
#: by Excel, WPS or Word: about 10; a decompression bomb: 1,000 and more).
MAX_RATIO = 200
#: Most members an Office file may have.
MAX_PARTS = 10_000

_MIB = 1024 * 1024


def zip_refusal(file: str | Path | bytes, *, required: Iterable[str], what: str,
                max_total: int, max_ratio: int = MAX_RATIO,
                max_parts: int = MAX_PARTS) -> str | None:
    """Why the Office file ``file`` (a path, or its bytes) must not be opened, in words the
    office can act on; None when it may be.

    :param required: members every such file has (``xl/workbook.xml`` for a workbook).
    :param what: the file type as the office knows it (``.xlsx``), for the messages.
    :param max_total: most bytes all members may inflate to together.
    """
    not_valid = f"不是有效的 {what} 文件（可能已损坏，或是改了扩展名的其他文件）"
    try:
        with zipfile.ZipFile(io.BytesIO(file) if isinstance(file, bytes) else file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return not_valid
    names = {p.filename for p in parts}
    if len(parts) > max_parts or not set(required) <= names:
        return not_valid
    total = sum(p.file_size for p in parts)
    if total > max_total:
        return f"解压后过大（{total // _MIB} MB，上限 {max_total // _MIB} MB）"
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _MIB and ratio > max_ratio:
            return (f"其中 {part.filename} 的压缩比异常（{ratio:.0f} 倍），"
                    f"不像正常保存的 {what} 文件，未读取")
    return None
