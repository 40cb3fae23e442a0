"""Rebuild eval/realnews/articles from local git mirrors of the source repositories.

Written for this repository; it copies no code from the source repositories.
It reads three public repositories (fetched as bare git mirrors under /work/.mirror)
at fixed commits, extracts the selected articles and writes
articles/<id>.txt, articles/<id>.meta.json and sources.tsv.

Sources (see README.md for licences):
  * airKlizz/WikinewsSum      endataset.json       (Wikinews wikitext, 2004-2005)
  * amir-zeldes/gum           dep/GUM_news_*.conllu (Wikinews, sentence text + paragraph marks)
  * mediacloud/backend        t/data/crawler/gv/index_N.html (Global Voices pages, June 2009)

Usage: python eval/realnews/collect.py [MIRROR_ROOT]
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
MIRRORS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/.mirror")

WSUM = ("airKlizz/WikinewsSum", "1d985031625909c908766812e8a18d0c88116ec8", "endataset.json")
GUM = ("amir-zeldes/gum", "72ce5ac14978a324c2fd18d49484e65292cbe316")
MC = ("mediacloud/backend", "bb126a81080cef8fc0213fc87d314ef065516dbb")

# Wikinews articles kept from WikinewsSum: only those whose text starts intact
# (many items in that file lost their first sentence to a broken {{byline}} template).
WSUM_PICK = {
    "Chinese submarine enters Japanese waters": ("wn_20041118_chinese_submarine_japan", "2004-11-18", "Japan/China"),
    "MST attack in Rondonia kills one man": ("wn_20041204_mst_attack_rondonia", "2004-12-04", "Brazil"),
    "Police deactivate explosive device in Andalucía, Spain": ("wn_20041205_eta_device_almeria", "2004-12-05", "Spain (ETA)"),
    "Mozambique's ruling party retains control in elections": ("wn_20041222_mozambique_election", "2004-12-22", "Mozambique"),
    "Yushchenko claims victory in re-run": ("wn_20041227_yushchenko_victory", "2004-12-27", "Ukraine"),
    "Pinochet arrested after Supreme Court ruling": ("wn_20050106_pinochet_arrested", "2005-01-06", "Chile"),
}
GUM_PICK = {
    "GUM_news_korea": ("wn_20150821_north_korea_quasi_war", "Korean Peninsula"),
}
# Global Voices pages in mediacloud/backend test data (index_N.html)
GV_PICK = {
    3: ("gv_20090610_iran_vote_boycott", "Iran"),
    5: ("gv_20090609_nk_journalists_sentenced", "North Korea"),
    8: ("gv_20090608_peru_amazon_casualties", "Peru"),
    13: ("gv_20090605_peru_amazon_clashes", "Peru"),
    14: ("gv_20090605_mideast_obama_address", "Israel/Palestine, Middle East"),
    15: ("gv_20090605_myanmar_suu_kyi", "Myanmar"),
}

WN_LIC_PD = ("Public domain as first published (Wikinews before 2005-09-25, {{PD-Article}}); "
             "later edits CC BY 2.5; attribution: Wikinews contributors, en.wikinews.org")
WN_LIC_BY = "CC BY 2.5 (Wikinews contributors, en.wikinews.org)"
GV_LIC = "CC BY 3.0 (Global Voices, globalvoices.org)"


def git_show(repo: str, commit: str, path: str) -> str:
    gitdir = MIRRORS / repo.replace("/", "+") / "repo"
    if (gitdir / ".git").is_dir():
        gitdir = gitdir / ".git"
    out = subprocess.run(["git", "-C", str(gitdir), "show", f"{commit}:{path}"],
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


# ---------------------------------------------------------------- wikitext

def _strip_bracketed(text: str, opener: str, closer: str, keep) -> str:
    """Replace balanced opener...closer spans by keep(inner) (handles nesting)."""
    out, i = [], 0
    while i < len(text):
        j = text.find(opener, i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        depth, k = 0, j
        while k < len(text):
            if text.startswith(opener, k):
                depth += 1
                k += len(opener)
            elif text.startswith(closer, k):
                depth -= 1
                k += len(closer)
                if depth == 0:
                    break
            else:
                k += 1
        out.append(keep(text[j + len(opener):k - len(closer)]))
        i = k
    return "".join(out)


def _template(inner: str) -> str:
    parts = inner.split("|")
    name = parts[0].strip().lower()
    if name == "w":
        return parts[-1] if len(parts) > 1 else ""
    if name == "date" and len(parts) > 1:
        return parts[1]
    return ""


def _link(inner: str) -> str:
    target = inner.split("|")[0].strip().lower()
    if target.startswith(("file:", "image:", "category:")):
        return ""
    return inner.split("|")[-1]


def wikitext_to_paragraphs(chunks: list[str]) -> list[str]:
    text = "\n\n".join(chunks)
    text = text.split("== Sources ==")[0].split("==Sources==")[0].split("{{haveyoursay}}")[0]
    # the WikinewsSum file has some end-of-page templates with a lost first brace: "{publish}}"
    text = re.sub(r"(?<!\{)\{[A-Za-z-]+\}\}", "", text)
    text = _strip_bracketed(text, "[[", "]]", _link)
    text = _strip_bracketed(text, "{{", "}}", _template)
    text = re.sub(r"\[(?:https?|ftp)://\S+ ([^\]]+)\]", r"\1", text)
    text = re.sub(r"\[(?:https?|ftp)://\S+\]", "", text)
    text = re.sub(r"'{2,}", "", text)
    text = html.unescape(text)
    paras = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"\s+", " ", block).strip()
        if block and not re.fullmatch(r"-{3,}", block):
            paras.append(block)
    return paras


def wikinews_url(title: str) -> str:
    return "https://en.wikinews.org/wiki/" + quote(title.replace(" ", "_"), safe="_(),'-.:!")


# ---------------------------------------------------------------- GUM conllu

def gum_doc(conllu: str) -> tuple[dict, list[str]]:
    meta, paras, cur = {}, [], None
    for line in conllu.splitlines():
        if line.startswith("# meta::"):
            k, _, v = line[len("# meta::"):].partition(" = ")
            meta[k] = v
        elif line.startswith("# newpar") and not line.startswith("# newpar_block"):
            cur = []
            paras.append(cur)
        elif line.startswith("# text = "):
            if cur is None:
                cur = []
                paras.append(cur)
            cur.append(line[len("# text = "):])
    return meta, [" ".join(p) for p in paras if p]


# ---------------------------------------------------------------- Global Voices HTML

class _GVEntry(HTMLParser):
    """Collects the paragraphs of <div class="entry" id="single"> and the post title/link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.url, self.paras = "", "", []
        self._in_title = False
        self._entry_depth = 0  # >0 while inside the entry div (counts nested divs)
        self._buf: list[str] | None = None
        self._skip = 0  # inside <object>/<script>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2" and "post-title" in (a.get("class") or ""):
            self._in_title = True
        elif tag == "a" and self._in_title and not self.url:
            self.url = a.get("href", "")
        elif tag == "div":
            if self._entry_depth:
                self._entry_depth += 1
            elif a.get("class") == "entry" and a.get("id") == "single":
                self._entry_depth = 1
        elif self._entry_depth and tag in ("object", "script", "style"):
            self._skip += 1
        elif self._entry_depth and tag in ("p", "li", "h3", "h4"):
            self._flush()
            self._buf = []
        elif self._entry_depth and tag == "br" and self._buf is not None:
            self._buf.append(" ")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_title = False
        elif tag == "div" and self._entry_depth:
            self._entry_depth -= 1
            if not self._entry_depth:
                self._flush()
        elif self._entry_depth and tag in ("object", "script", "style"):
            self._skip = max(0, self._skip - 1)
        elif self._entry_depth and tag in ("p", "li", "h3", "h4", "blockquote"):
            self._flush()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._entry_depth and not self._skip:
            if self._buf is None:
                self._buf = []
            self._buf.append(data)

    def _flush(self):
        if self._buf:
            t = re.sub(r"\s+", " ", "".join(self._buf)).strip()
            if t:
                self.paras.append(t)
        self._buf = None


# ---------------------------------------------------------------- output

def write(aid: str, title: str, publisher: str, published: str, url: str | None, paras: list[str]) -> None:
    body = "\n\n".join(paras)
    (HERE / "articles" / f"{aid}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    meta = {"title": title, "publisher": publisher, "published": published, "url": url}
    (HERE / "articles" / f"{aid}.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    (HERE / "articles").mkdir(exist_ok=True)
    rows = []

    repo, commit, path = WSUM
    for line in git_show(repo, commit, path).splitlines():
        d = json.loads(line)
        if d["title"] not in WSUM_PICK:
            continue
        aid, date, region = WSUM_PICK[d["title"]]
        url = wikinews_url(d["title"])
        write(aid, d["title"], "Wikinews", date, url, wikitext_to_paragraphs(d["text"]))
        rows.append((aid, "Wikinews", date, region, d["title"], WN_LIC_PD, repo, path, commit, url))

    repo, commit = GUM
    for doc, (aid, region) in GUM_PICK.items():
        path = f"dep/{doc}.conllu"
        meta, paras = gum_doc(git_show(repo, commit, path))
        title = meta["title"]
        if paras and paras[0] == title:
            paras = paras[1:]
        date, url = meta["dateCreated"], meta["sourceURL"]
        write(aid, title, "Wikinews", date, url, paras)
        rows.append((aid, "Wikinews", date, region, title, WN_LIC_BY, repo, path, commit, url))

    repo, commit = MC
    for n, (aid, region) in GV_PICK.items():
        path = f"t/data/crawler/gv/index_{n}.html"
        p = _GVEntry()
        p.feed(git_show(repo, commit, path))
        m = re.search(r"/(\d{4})/(\d{2})/(\d{2})/", p.url)
        date = "-".join(m.groups())
        title = p.title.strip()
        write(aid, title, "Global Voices", date, p.url, p.paras)
        rows.append((aid, "Global Voices", date, region, title, GV_LIC, repo, path, commit, p.url))

    header = "id\tpublisher\tpublished\tregion\ttitle\tlicence\trepository\tpath\tcommit\turl"
    lines = [header] + ["\t".join(str(x) for x in r) for r in sorted(rows)]
    (HERE / "sources.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} articles written")


if __name__ == "__main__":
    main()
