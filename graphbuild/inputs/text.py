"""Reading a list file as text: UTF-8 first, then what the file says it is, never silently mangled.

Real lists arrive with a BOM, as UTF-16 from a Windows editor, or in a legacy 8-bit code page. The decoder tries,
in order: a BOM (UTF-8, UTF-16 LE/BE), strict UTF-8, UTF-16 without a BOM (recognised by its zero bytes), and
finally Windows-1252 (a superset of Latin-1 for printable text), saying which fallback it used. Binary files
(images, archives, anything with NUL bytes that is not UTF-16) and empty files are refused with one line.
"""

from __future__ import annotations

import codecs
from pathlib import Path


class UnreadableInput(Exception):
    """The input file cannot be read as a text list (missing, a folder, binary, empty)."""


def decode(raw: bytes, name: str) -> tuple[str, str | None]:
    """``raw`` as text and a note naming the encoding when it was not UTF-8 (None for UTF-8)."""
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise UnreadableInput(f"{name}: the file is empty")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), None if encoding == "utf-8-sig" else f"{name}: read as UTF-16"
            except UnicodeDecodeError:
                raise UnreadableInput(f"{name}: starts with a {encoding} byte-order mark but is not "
                                      f"{encoding}") from None
    if b"\x00" in raw[:4096]:
        sample = raw[:4096]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if zeros > len(sample) // 4:
                try:
                    return raw.decode(encoding), f"{name}: read as UTF-16"
                except UnicodeDecodeError:
                    break
        raise UnreadableInput(f"{name}: a binary file, not a text list")
    if raw[:8].startswith((b"\x89PNG", b"GIF8", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"\x1f\x8b")):
        raise UnreadableInput(f"{name}: a binary file (image, PDF or archive), not a text list")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("cp1252", errors="replace")
        return text, (f"{name}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); read as Windows-1252 (Latin-1): "
                      "check accented titles, or save the file as UTF-8")


def read_text(path: str | Path) -> tuple[str, str | None]:
    """The text of the file at ``path`` and a note when it was not UTF-8; :class:`UnreadableInput` otherwise."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UnreadableInput(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(raw, str(path))
