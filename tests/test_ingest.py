"""ingest.py: every input format, sidecars, overrides, and bad input as one-line Failures."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from newsgraph.ingest.read import decode_bytes, iter_raw
from newsgraph.records import Failure, RawArticle
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (
    "Security forces killed four militants in a raid near the border on Monday, officials said.\n"
)
HTML = "<html><body><article><h1>Blast</h1><p>A car bomb exploded in Kabul, officials said.</p></article></body></html>"


def run(paths: list[str | Path], **kw: object) -> list[RawArticle | Failure]:
    items = list(iter_raw([str(p) for p in paths], **kw))  # type: ignore[arg-type]
    for item in items:
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason  # one line, always
    return items


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "name, content, field",
    [
        ("a.txt", TEXT, "text"),
        ("a.html", HTML, "html"),
        ("a.htm", HTML, "html"),
        ("A.HTML", HTML, "html"),
    ],
)
def test_single_files(tmp_path: Path, name: str, content: str, field: str) -> None:
    path = write(tmp_path / name, content)
    [item] = run([path])
    assert isinstance(item, RawArticle)
    assert getattr(item, field) == content and item.source == str(path) and item.line is None


def test_jsonl_good_and_bad_lines_fixture() -> None:
    path = FIXTURES / "ingest" / "mixed.jsonl"
    items = run([path])
    summary = [(type(i).__name__, i.line) for i in items]
    assert summary == [
        ("RawArticle", 1), ("Failure", 2), ("Failure", 4), ("RawArticle", 5), ("Failure", 6),
        ("Failure", 7), ("Failure", 8), ("RawArticle", 9),
    ]  # fmt: skip
    first, bad_json, wrong_shape, html, wrong_type, no_body, bad_date, last = items
    assert isinstance(first, RawArticle)
    assert (first.title, first.publisher, first.published, first.url) == (
        "Four militants killed",
        "Dawn",
        "2009-06-29",
        "https://example.org/a",
    )
    assert "malformed JSON" in bad_json.reason and bad_json.source == str(path)  # type: ignore[union-attr]
    assert "expected a JSON object" in wrong_shape.reason  # type: ignore[union-attr]
    assert (
        isinstance(html, RawArticle)
        and html.html
        and html.text is None
        and html.byline == "Jane Doe"
    )
    assert "'text' must be a string, got a number" in wrong_type.reason  # type: ignore[union-attr]
    assert "no 'text' or 'html'" in no_body.reason  # type: ignore[union-attr]
    assert "'published' is not a date" in bad_date.reason  # type: ignore[union-attr]
    assert isinstance(last, RawArticle) and last.published == "2009-06-30"


def test_jsonl_oversized_line_is_skipped_not_read_whole(tmp_path: Path) -> None:
    path = write(
        tmp_path / "big.jsonl",
        json.dumps({"text": "ok one"})
        + "\n"
        + json.dumps({"text": "x" * 5000})
        + "\n"
        + json.dumps({"text": "ok two"})
        + "\n",
    )
    items = run([path], settings=Settings(max_article_bytes=1000))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Failure", "RawArticle"]
    assert "larger than the 1000-byte limit" in items[1].reason  # type: ignore[union-attr]
    assert items[2].line == 3


def test_folder_is_walked_sorted_skipping_hidden_sidecars_and_other_types(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", TEXT)
    write(tmp_path / "a.html", HTML)
    write(tmp_path / "sub" / "c.jsonl", json.dumps({"text": TEXT}) + "\n")
    write(tmp_path / ".hidden.txt", TEXT)
    write(tmp_path / ".git" / "x.txt", TEXT)
    write(tmp_path / "b.meta.json", json.dumps({"publisher": "NPR"}))
    write(tmp_path / "notes.md", "# notes")
    items = run([tmp_path])
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == [
        "a.html",
        "b.txt",
        "sub/c.jsonl",
    ]
    assert items[1].publisher == "NPR"  # type: ignore[union-attr]


def test_samples_folder_with_sidecars() -> None:
    items = run([SAMPLES])
    assert [Path(i.source).name for i in items] == [
        "000_ade3ec06338c3c2f.txt",
        "003_146b48d1e1b73cbb.txt",
    ]
    cbs, npr = items
    assert isinstance(cbs, RawArticle) and (cbs.publisher, cbs.published) == (
        "CBS News",
        "2009-06-25",
    )
    assert isinstance(npr, RawArticle) and (npr.publisher, npr.published) == ("NPR", None)


def test_sidecar_named_after_full_filename(tmp_path: Path) -> None:
    path = write(tmp_path / "x.html", HTML)
    write(tmp_path / "x.html.meta.json", json.dumps({"published": "June 25, 2009", "title": "T"}))
    [item] = run([path])
    assert isinstance(item, RawArticle) and (item.published, item.title) == ("2009-06-25", "T")


@pytest.mark.parametrize(
    "sidecar, reason",
    [
        ("{not json", "unreadable metadata sidecar"),
        ("[1, 2]", "must be a JSON object"),
        ('{"published": 2009}', "must be a string"),
        ('{"published": "soon"}', "is not a date"),
    ],
)
def test_bad_sidecar_is_a_failure_but_the_article_loads(
    tmp_path: Path, sidecar: str, reason: str
) -> None:
    path = write(tmp_path / "x.txt", TEXT)
    write(tmp_path / "x.meta.json", sidecar)
    bad, item = run([path])
    assert isinstance(bad, Failure) and reason in bad.reason and bad.source.endswith("x.meta.json")
    assert isinstance(item, RawArticle) and item.text == TEXT and item.published is None


def test_overrides_win_over_sidecar_and_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "x.txt", TEXT)
    write(tmp_path / "x.meta.json", json.dumps({"publisher": "NPR", "byline": "A B"}))
    jl = write(tmp_path / "y.jsonl", json.dumps({"text": TEXT, "publisher": "Dawn"}) + "\n")
    items = run(
        [path, jl], overrides={"publisher": "Reuters", "published": "25 June 2009", "title": None}
    )
    assert [(i.publisher, i.published) for i in items] == [("Reuters", "2009-06-25")] * 2  # type: ignore[union-attr]
    assert items[0].byline == "A B"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content, field",
    [
        (TEXT, "text"),
        (
            'NPR logo\n\n  • <iframe src="" width="100%">\n' + TEXT,
            "text",
        ),  # scraped text with a stray tag
        ("<!DOCTYPE html>\n" + HTML, "html"),
        ("\n  <html><body><p>hi there</p></body></html>", "html"),
    ],
)
def test_stdin_sniffs_text_and_html(content: str, field: str) -> None:
    [item] = run(["-"], stdin=io.StringIO(content))
    assert isinstance(item, RawArticle) and item.source == "-" and getattr(item, field) == content


def test_stdin_jsonl_streams_and_keeps_good_lines() -> None:
    lines = (
        "\n"
        + json.dumps({"text": "one"})
        + "\n{oops\n"
        + json.dumps({"text": "two", "title": "T"})
        + "\n"
    )
    items = run(["-"], stdin=io.StringIO(lines))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("RawArticle", 2),
        ("Failure", 3),
        ("RawArticle", 4),
    ]
    assert items[2].title == "T"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "content, reason",
    [("", "empty input"), ("  \n\t\n", "only whitespace"), ("abc\x00def", "binary input")],
)
def test_stdin_bad_input(content: str, reason: str) -> None:
    [item] = run(["-"], stdin=io.StringIO(content))
    assert isinstance(item, Failure) and reason in item.reason and item.source == "-"


def test_stdin_over_limit() -> None:
    [item] = run(["-"], stdin=io.StringIO("word " * 1000), settings=Settings(max_article_bytes=100))
    assert isinstance(item, Failure) and "over the 100-byte limit" in item.reason


# --------------------------------------------------------------------------- bad input


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t \r\n", "only whitespace"),
    ("nul.txt", b"some text\x00\x00\x01 more", "binary file (contains NUL bytes)"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image)"),
    ("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (a JPEG image)"),
    ("archive.txt", b"PK\x03\x04\x14\x00\x00\x00", "binary file (a zip archive)"),
    ("archive.jsonl", b"PK\x03\x04\x14\x00\x00\x00", "binary file (a zip archive)"),
    ("latin.txt", b"Attack near caf\xe9 \x81\x8d kills two people", "undecodable bytes"),
    ("noise.txt", bytes(range(1, 32)) * 20 + b"\xff\xfe", "undecodable bytes"),
    ("bad16.txt", b"\xff\xfe\x00\xd8", "undecodable bytes"),
    ("empty.jsonl", b"", "empty file"),
    ("blank.jsonl", b"\n \n", "no JSON records"),
    ("doc.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
    ("README", b"text", "unsupported file type '(no extension)'"),
]


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_fail_with_a_reason_and_the_batch_goes_on(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    good1 = write(tmp_path / "good1.txt", TEXT)
    bad = write(tmp_path / name, data)
    good2 = write(tmp_path / "good2.txt", TEXT)
    first, failure, last = run([good1, bad, good2])
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    assert isinstance(failure, Failure) and failure.source == str(bad)
    assert reason in failure.reason, failure.reason


def test_missing_path_and_sidecar_passed_directly(tmp_path: Path) -> None:
    side = write(tmp_path / "x.meta.json", "{}")
    missing, sidecar = run([tmp_path / "nope.txt", side])
    assert isinstance(missing, Failure) and missing.reason == "no such file or folder"
    assert isinstance(sidecar, Failure) and "sidecar" in sidecar.reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", TEXT)
    path.chmod(0)
    try:
        [item] = run([path])
    finally:
        path.chmod(0o644)
    assert isinstance(item, Failure) and "cannot read file" in item.reason


def test_file_over_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:  # sparse: 21 MB on paper, nothing on disk
        f.truncate(21_000_000)
    good = write(tmp_path / "ok.txt", TEXT)
    opened: list[str] = []
    real_open = open

    def spy(file, *a, **kw):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr("builtins.open", spy)
    failure, item = run([big, good])
    assert (
        isinstance(failure, Failure)
        and "21,000,000 bytes, over the 20,000,000-byte limit" in failure.reason
    )
    assert str(big) not in opened
    assert isinstance(item, RawArticle)


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Kabul — café".encode(), "Kabul — café"),
        (b"\xef\xbb\xbf" + b"Kabul", "Kabul"),
        ("Kabul — café".encode("utf-16"), "Kabul — café"),
        ("Kabul — café".encode("utf-16-be").join([b"\xfe\xff", b""]), "Kabul — café"),
        (
            "Peshawar \u2014 caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
            "Peshawar — café “quoted”",
        ),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == (expected, None)


def test_decode_bytes_uses_declared_html_charset() -> None:
    data = '<html><head><meta charset="iso-8859-7"></head><body>Αθήνα</body></html>'.encode(
        "iso-8859-7"
    )
    text, reason = decode_bytes(data, html=True)
    assert reason is None and "Αθήνα" in (text or "")


def test_iter_raw_is_lazy(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", TEXT)
    gen = iter_raw([str(tmp_path), str(tmp_path / "missing")])
    first = next(gen)
    assert isinstance(first, RawArticle)


@pytest.mark.parametrize(
    "data, field, expected",
    [
        (
            "Kabul — café attack kills two\n".encode("utf-16"),
            "text",
            "Kabul — café attack kills two\n",
        ),
        (
            "Kabul \u2014 caf\u00e9 attack kills two\n".encode("cp1252"),
            "text",
            "Kabul — café attack kills two\n",
        ),
        (b"\xef\xbb\xbf" + json.dumps({"text": "caf\u00e9"}).encode() + b"\n", "text", "café"),
    ],
)
def test_stdin_bytes_are_decoded_like_files(data: bytes, field: str, expected: str) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    [item] = run(["-"], stdin=stream)
    assert isinstance(item, RawArticle) and getattr(item, field) == expected


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary input (a PNG image)"),
        (b"caf\xe9 \x81\x8d text", "undecodable bytes"),
        (b"", "empty input"),
    ],
)
def test_stdin_bad_bytes(data: bytes, reason: str) -> None:
    [item] = run(["-"], stdin=io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert isinstance(item, Failure) and reason in item.reason


def test_stdin_jsonl_from_a_byte_stream_keeps_line_numbers() -> None:
    data = (
        b"\n"
        + json.dumps({"text": "one"}).encode()
        + b"\n\xff\xfe bad\n"
        + json.dumps({"text": "two"}).encode()
        + b"\n"
    )
    items = run(["-"], stdin=io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("RawArticle", 2),
        ("Failure", 3),
        ("RawArticle", 4),
    ]
    assert "undecodable" in items[1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["locked.txt", "locked.jsonl"])
def test_unreadable_file_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = write(tmp_path / name, TEXT)
    good = write(tmp_path / "ok.txt", TEXT)
    real_open = open

    def deny(file, *a, **kw):  # type: ignore[no-untyped-def]
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr("builtins.open", deny)
    failure, item = run([path, good])
    assert isinstance(failure, Failure) and failure.reason == "cannot read file (Permission denied)"
    assert isinstance(item, RawArticle)
