"""Bytes to text: byte-order marks, UTF-8, a declared charset, then detection.

Refuses what is not text (NUL bytes, known binary formats, mostly control
characters) with a reason that says what the file looks like and what to do.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from bot.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of formats people are likely to try, with what to do instead.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)

_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)
_FIX = "save it as UTF-8 text, HTML or JSON and try again"


def decode(data: bytes, source: str, content_type: str | None = None) -> str:
    """Decode `data`, or raise InputError saying why it is not readable text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), source)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source,
                    f"starts with a {codec} byte-order mark but is not valid "
                    f"{codec} (byte {exc.start}): {_FIX}",
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                source,
                f"is {what}, not an article: copy the article's text into a "
                ".txt file, or save the web page as .html",
            )
    if b"\x00" in data[:65536]:
        raise InputError(source, f"looks like a binary file (it contains NUL bytes), not text: {_FIX}")
    try:
        return _checked(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    for codec in _declared(data, content_type):
        try:
            return _checked(data.decode(codec), source)
        except (UnicodeDecodeError, LookupError):
            continue
    return _checked(_detect(data, source), source)


def _declared(data: bytes, content_type: str | None) -> list[str]:
    """Charsets named by an HTTP Content-Type or an HTML <meta>, valid codec names only."""
    names: list[str] = []
    if content_type and (m := _HEADER_CHARSET_RE.search(content_type)):
        names.append(m.group(1))
    if m2 := _CHARSET_RE.search(data[:4096]):
        names.append(m2.group(1).decode("ascii", "replace"))
    codecs_: list[str] = []
    for name in names:
        try:
            info = codecs.lookup(name)
        except LookupError:
            continue
        # Pages that say latin-1 nearly always mean Windows-1252 (as browsers assume).
        codecs_.append("cp1252" if info.name in {"latin-1", "iso8859-1", "ascii"} else info.name)
    return codecs_


def _detect(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    try:  # the commonest non-UTF-8 encoding of English text
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            source, f"is not UTF-8 and no other text encoding fits it (binary data?): {_FIX}"
        ) from None


def _checked(text: str, source: str) -> str:
    """Refuse decoded text that is mostly control or unassigned characters (binary data)."""
    sample = text[:65536]
    if not sample:
        return text
    bad = sum(1 for ch in sample if _is_junk(ch))
    if bad > max(8, len(sample) // 50):
        raise InputError(
            source, f"looks like a binary file (control characters in its text), not text: {_FIX}"
        )
    return text


def _is_junk(ch: str) -> bool:
    if ch in "\t\n\r\f\v":
        return False
    return unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
