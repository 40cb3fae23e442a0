"""Read article sources into :class:`RawArticle` records, one at a time.

Sources are paths to ``.txt``, ``.html``/``.htm`` or ``.jsonl`` files, folders (walked
recursively in sorted order, hidden entries skipped, files of other types ignored) or ``-`` for
standard input.  A ``<name>.meta.json`` sidecar next to a text or HTML file (``000_x.meta.json``
beside ``000_x.txt``; ``000_x.txt.meta.json`` works too) supplies its metadata.

Nothing here raises on bad input: each unusable file, JSONL line or sidecar becomes a
:class:`Failure` with a one-line reason and the batch goes on (trafilatura's ``core.py`` habit).
Memory stays bounded: folders are walked lazily, JSONL is read line by line, and a text or HTML
file larger than ``Settings.max_article_bytes`` is rejected from its size without being read (for
JSONL the limit applies to each record, so a large JSONL file of normal articles loads).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..records import Failure, RawArticle
from ..settings import Settings
from .metadata import normalize_date

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
META_FIELDS = ("title", "url", "published", "publisher", "byline")
SIDECAR_SUFFIX = ".meta.json"

# File signatures of things that are certainly not articles.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"RIFF", "a RIFF media file"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|body|article|div|p|section|main|!--|\?xml)\b", re.I
)
_HTML_TAG = re.compile(
    r"</?(?:html|body|p|div|article|h[1-6]|span|a|br|section|main)\b[^>]*>", re.I
)


def _sniff_binary(data: bytes) -> str | None:
    """Why ``data`` is binary, or None.  BOM-marked UTF-16/32 is text despite its NUL bytes."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary file ({what})"
    if data[4:8] == b"ftyp":
        return "binary file (an MP4/QuickTime video)"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:65536]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    return None


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason).  UTF-8 and BOM-marked UTF-8/16/32 first; then, only when
    the bytes look like text (few control characters), the charset an HTML page declares or
    cp1252, the usual encoding of legacy Western news text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError as e:
                return (
                    None,
                    f"undecodable bytes: starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} (byte {e.start})",
                )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        first_bad = e.start
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(sample) * 0.01:
        return None, (
            f"undecodable bytes: not UTF-8 (bad byte 0x{data[first_bad]:02x} at offset {first_bad})"
            " and too many control characters to be text"
        )
    codecs = []
    if html:
        m = _CHARSET.search(data[:8192])
        if m:
            codecs.append(m.group(1).decode("ascii", "replace"))
    codecs.append("cp1252")
    for codec in codecs:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            continue
    return None, (
        f"undecodable bytes: not UTF-8 (bad byte 0x{data[first_bad]:02x} at offset {first_bad})"
        f" nor {' or '.join(codecs)}; re-save the file as UTF-8"
    )


def _json_type(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), "null")


def _check_meta(obj: Mapping[str, Any], where: str) -> tuple[dict[str, str], str | None]:
    """Validated metadata fields of a JSONL record or sidecar, or a reason they are wrong."""
    out: dict[str, str] = {}
    for key in META_FIELDS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return {}, f"{where}field '{key}' must be a string, got {_json_type(value)}"
        value = value.strip()
        if not value:
            continue
        if key == "published":
            iso = normalize_date(value)
            if iso is None:
                return (
                    {},
                    f"{where}field 'published' is not a date: {value[:40]!r} (use YYYY-MM-DD)",
                )
            value = iso
        out[key] = value
    return out, None


def _make(
    source: str,
    meta: Mapping[str, str | None],
    *,
    text: str | None = None,
    html: str | None = None,
    line: int | None = None,
) -> RawArticle:
    return RawArticle(
        source=source,
        text=text,
        html=html,
        line=line,
        title=meta.get("title"),
        url=meta.get("url"),
        published=meta.get("published"),
        publisher=meta.get("publisher"),
        byline=meta.get("byline"),
    )


def _apply(
    meta: Mapping[str, str | None], overrides: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    merged = dict(meta)
    for key, value in (overrides or {}).items():
        if key in META_FIELDS and value is not None:
            merged[key] = normalize_date(value) or value if key == "published" else value
    return merged


def _record(
    obj: Any, source: str, line: int, overrides: Mapping[str, str | None] | None
) -> RawArticle | Failure:
    where = f"line {line}: "
    if not isinstance(obj, dict):
        return Failure(
            source,
            f"{where}expected a JSON object with 'text' or 'html', got {_json_type(obj)}",
            line,
        )
    for key in ("text", "html"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return Failure(
                source, f"{where}field '{key}' must be a string, got {_json_type(obj[key])}", line
            )
    for key, value in obj.items():
        if isinstance(value, str) and not _encodable(value):
            return Failure(source, f"{where}field '{key}' holds an invalid \\uD8xx surrogate escape", line)
    text, html = obj.get("text"), obj.get("html")
    if not (text and text.strip()) and not (html and html.strip()):
        return Failure(source, f"{where}no 'text' or 'html' field with content", line)
    meta, reason = _check_meta(obj, where)
    if reason:
        return Failure(source, reason, line)
    return _make(
        source,
        _apply(meta, overrides),
        text=text if text and text.strip() else None,
        html=html if html and html.strip() and not (text and text.strip()) else None,
        line=line,
    )


def _encodable(value: str) -> bool:
    """False for strings holding lone surrogates (JSON's "\\ud800"), which no store can keep."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_name(name: str) -> str:
    """A path as a printable, storable string: bytes that are not UTF-8 (legal in Linux file
    names, surrogate-escaped by Python) become backslash escapes; the real path is still opened."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _iter_jsonl_lines(
    lines: Iterator[tuple[int, str | None, str | None]],
    source: str,
    overrides: Mapping[str, str | None] | None,
) -> Iterator[RawArticle | Failure]:
    """Records from (line number, content or None, reason) triples."""
    for n, content, reason in lines:
        if reason:
            yield Failure(source, reason, n)
            continue
        if content is None or not content.strip():
            continue
        try:
            obj = json.loads(content)
        except json.JSONDecodeError as e:
            yield Failure(source, f"line {n}: malformed JSON ({e.msg} at column {e.colno})", n)
            continue
        except ValueError as e:  # e.g. an integer literal longer than Python will convert
            yield Failure(source, f"line {n}: unreadable JSON ({str(e).splitlines()[0][:120]})", n)
            continue
        except RecursionError:
            yield Failure(source, f"line {n}: malformed JSON (nested too deeply)", n)
            continue
        yield _record(obj, source, n, overrides)


def _jsonl_lines(
    readline: Callable[[int], bytes], limit: int, first: int = 1
) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, decoded line, None) or (line number, None, reason) for each line that
    ``readline`` (a binary ``readline(size)``) returns; never more than one bounded line in
    memory, an oversized line is skipped without being held."""
    n = first - 1
    while True:
        chunk = readline(limit + 1)
        if not chunk:
            return
        n += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            while True:  # skip the rest of the oversized line
                more = readline(1 << 20)
                if not more or more.endswith(b"\n"):
                    break
            yield (
                n,
                None,
                f"line {n}: record larger than the {limit}-byte limit (max_article_bytes)",
            )
            continue
        if n == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        try:
            yield n, chunk.decode("utf-8"), None
        except UnicodeDecodeError as e:
            yield (
                n,
                None,
                f"line {n}: undecodable bytes (not UTF-8, bad byte at column {e.start + 1})",
            )


def _jsonl_file_lines(path: Path, limit: int) -> Iterator[tuple[int, str | None, str | None]]:
    """Lines of a JSONL file; a binary file gives one (0, None, reason)."""
    with open(path, "rb") as f:
        why = _sniff_binary(f.read(8192))
        if why:
            yield 0, None, why
            return
        f.seek(0)
        yield from _jsonl_lines(f.readline, limit)


def _read_jsonl(
    path: Path, source: str, settings: Settings, overrides: Mapping[str, str | None] | None
) -> Iterator[RawArticle | Failure]:
    lines = _jsonl_file_lines(path, settings.max_article_bytes)
    any_line = False
    for item in _iter_jsonl_lines(lines, source, overrides):
        any_line = True
        if isinstance(item, Failure) and item.line == 0:
            yield Failure(source, item.reason)
            return
        yield item
    if not any_line:
        yield Failure(
            source,
            "empty file (no JSON lines)"
            if path.stat().st_size == 0
            else "file has no JSON records (only whitespace)",
        )


def _sidecar(path: Path) -> tuple[Path | None, dict[str, str], Failure | None]:
    for candidate in (
        path.with_name(path.stem + SIDECAR_SUFFIX),
        path.with_name(path.name + SIDECAR_SUFFIX),
    ):
        if not candidate.is_file():
            continue
        try:
            obj = json.loads(candidate.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError, RecursionError) as e:  # ValueError covers JSON and decoding errors
            reason = getattr(e, "msg", None) or (str(e).splitlines() or [type(e).__name__])[0][:120]
            return (
                candidate,
                {},
                Failure(
                    str(candidate),
                    f"unreadable metadata sidecar ({reason}); article loaded without it",
                ),
            )
        if not isinstance(obj, dict):
            return (
                candidate,
                {},
                Failure(
                    str(candidate),
                    f"metadata sidecar must be a JSON object, got {_json_type(obj)}; article loaded without it",
                ),
            )
        meta, reason = _check_meta(obj, "")
        if reason:
            return (
                candidate,
                {},
                Failure(str(candidate), f"metadata sidecar: {reason}; article loaded without it"),
            )
        return candidate, meta, None
    return None, {}, None


def _read_document(
    path: Path,
    source: str,
    kind: str,
    settings: Settings,
    overrides: Mapping[str, str | None] | None,
) -> Iterator[RawArticle | Failure]:
    limit = settings.max_article_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            yield Failure(
                source, f"file is {size:,} bytes, over the {limit:,}-byte limit (max_article_bytes)"
            )
            return
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        yield Failure(source, f"cannot read file ({e.strerror or e})")
        return
    if len(data) > limit:  # grew since stat
        yield Failure(source, f"file is over the {limit:,}-byte limit (max_article_bytes)")
        return
    if not data:
        yield Failure(source, "empty file")
        return
    why = _sniff_binary(data)
    if why:
        yield Failure(source, why)
        return
    text, reason = decode_bytes(data, html=kind == "html")
    if text is None:
        yield Failure(source, reason or "undecodable bytes")
        return
    if not text.strip():
        yield Failure(source, "file has only whitespace")
        return
    _, meta, bad = _sidecar(path)
    if bad:
        yield bad
    given = _apply(meta, overrides)
    if kind == "html":
        yield _make(source, given, html=text)
    else:
        yield _make(source, given, text=text)


def _read_path(
    path: Path, source: str, settings: Settings, overrides: Mapping[str, str | None] | None
) -> Iterator[RawArticle | Failure]:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        yield Failure(
            source,
            f"unsupported file type {path.suffix or '(no extension)'!r}; use .txt, .html, .htm or .jsonl",
        )
        return
    if kind == "jsonl":
        try:
            yield from _read_jsonl(path, source, settings, overrides)
        except OSError as e:
            yield Failure(source, f"cannot read file ({e.strerror or e})")
        return
    yield from _read_document(path, source, kind, settings, overrides)


def _walk(root: Path) -> Iterator[Path | Failure]:
    """Supported files under ``root`` in sorted order; hidden entries and sidecars skipped."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            e = errors.pop()
            yield Failure(display_name(str(e.filename or dirpath)), f"cannot read folder ({e.strerror or e})")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                continue
            if Path(name).suffix.lower() in KINDS:
                yield Path(dirpath) / name
    for e in errors:
        yield Failure(str(e.filename or root), f"cannot read folder ({e.strerror or e})")


# --------------------------------------------------------------------------- stdin


def _stdin_readers(stream: TextIO) -> tuple[Callable[[int], bytes], Callable[[int], bytes]]:
    """Binary readline/read over standard input.  The raw byte buffer when there is one, so
    the same decoding rules as for files apply (a text stream may have already replaced or
    surrogate-escaped bad bytes); else the text stream re-encoded as UTF-8."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer.readline, buffer.read

    def readline(size: int = -1) -> bytes:
        return stream.readline(size).encode("utf-8", "surrogatepass")

    def read(size: int = -1) -> bytes:
        return stream.read(size).encode("utf-8", "surrogatepass")

    return readline, read


def _read_stdin(
    stream: TextIO, settings: Settings, overrides: Mapping[str, str | None] | None
) -> Iterator[RawArticle | Failure]:
    """Standard input: JSONL when its first non-empty line is a JSON object (then streamed line
    by line, so a malformed later line is one Failure, as for files), HTML when it looks like
    markup, else plain text.  Text and HTML are bounded by ``max_article_bytes``."""
    source = "-"
    limit = settings.max_article_bytes
    meta = _apply({}, overrides)
    try:
        readline, read = _stdin_readers(stream)
        head: list[bytes] = []
        first = b""
        size = 0
        while size <= limit:
            line = readline(limit + 1)
            if not line:
                break
            head.append(line)
            size += len(line)
            if line.strip():
                first = line
                break
        why = _sniff_binary(b"".join(head))  # None for BOM-marked UTF-16/32
        if why:
            yield Failure(source, why.replace("file", "input"))
            return
        if _is_json_object(first):
            n = len(head)
            yield from _iter_jsonl_lines(
                itertools.chain(
                    _jsonl_lines(_replay(head), limit),
                    _jsonl_lines(readline, limit, first=n + 1),
                ),
                source,
                overrides,
            )
            return
        parts = head
        while size <= limit:
            chunk = read(1 << 16)
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
    except OSError as e:
        yield Failure(source, f"cannot read standard input ({e.strerror or e})")
        return
    if size > limit:
        yield Failure(
            source, f"standard input is over the {limit:,}-byte limit (max_article_bytes)"
        )
        return
    data = b"".join(parts)
    if not data:
        yield Failure(source, "empty input")
        return
    why = _sniff_binary(data)
    if why:
        yield Failure(source, why.replace("file", "input"))
        return
    text, reason = decode_bytes(data, html=True)
    if text is None:
        yield Failure(source, (reason or "undecodable bytes") + " (standard input)")
        return
    if not text.strip():
        yield Failure(source, "input has only whitespace")
        return
    if _HTML_START.match(text) or len(_HTML_TAG.findall(text[:65536])) >= 10:
        yield _make(source, meta, html=text)
    else:
        yield _make(source, meta, text=text)


def _replay(lines: list[bytes]) -> Callable[[int], bytes]:
    """A readline(size) over lines already read (the ones used to sniff the format)."""
    pending = list(lines)

    def readline(size: int = -1) -> bytes:
        return pending.pop(0) if pending else b""

    return readline


def _is_json_object(line: bytes) -> bool:
    stripped = line.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (ValueError, RecursionError):
        return False


# --------------------------------------------------------------------------- entry point


def iter_raw(
    paths: Sequence[str],
    *,
    stdin: TextIO | None = None,
    settings: Settings | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> Iterator[RawArticle | Failure]:
    """Yield one :class:`RawArticle` per article (or a :class:`Failure` per unusable input).

    ``paths``: files, folders, or ``-`` for ``stdin`` (default ``sys.stdin``).  ``overrides``
    (title, url, published, publisher, byline; e.g. from CLI flags) win over sidecar and JSONL
    values, which win over anything detected later from the text.
    """
    settings = settings or Settings()
    for name in paths:
        if name == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, settings, overrides)
            continue
        path = Path(name)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as e:
            yield Failure(display_name(name), f"cannot read path ({e.strerror or e})")
            continue
        if not exists:
            yield Failure(display_name(name), "no such file or folder")
        elif is_dir:
            for item in _walk(path):
                if isinstance(item, Failure):
                    yield item
                else:
                    yield from _read_path(item, display_name(str(item)), settings, overrides)
        elif path.name.endswith(SIDECAR_SUFFIX):
            yield Failure(name, "this is a metadata sidecar, not an article; pass the article file")
        else:
            yield from _read_path(path, display_name(name), settings, overrides)
