"""Gold sets written by hand: span references and the builder of per-article annotation files.

Annotations name surface strings, never offsets; the builder turns them into character offsets
into the gold text and refuses a missing or ambiguous string, so a typo cannot slip into a gold
set.  Two gold sets use it: the seed gold (``tests/gold/build_gold.py``, one YAML file) and the
real-news development set (``eval/realnews``: one YAML file per article, built with
``python -m newsgraph.evaluate.gold eval/realnews``; the guide is ``docs/annotation.md``).

A span reference is one of:

* ``"Balawi's pointed suggestion"`` - a string that occurs exactly once as a whole word
  (in an entity's ``mentions`` of the per-article format: *every* whole-word occurrence);
* ``{text: Mehsud, nth: 2}`` - the 2nd (1-based) whole-word occurrence;
* ``{text: Haqqani, in: "Haqqani said"}`` - ``text`` inside a context string that occurs exactly
  once (``in_nth`` picks among several contexts, ``nth`` among several hits inside it).

"Whole word" means the character before and after the hit is not a letter or digit, so
``Pakistan`` never matches inside ``Pakistani`` but does match in ``Pakistan's``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

GOLD_OUTPUTS = ("articles", "entities", "events", "relations", "quotes")
ENTITY_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "MEDIA", "LOCATION", "FACILITY")
MODALITIES = ("asserted", "reported", "believed", "suspected", "speculated", "possible", "denied", "negated")
ROLES = ("perpetrator", "actor", "target", "victim", "instrument")
MENTION_KINDS = ("name", "nominal", "elliptical")


class GoldError(ValueError):
    """A reference that does not resolve to exactly one span."""


def occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of whole-word occurrences of ``needle`` in ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    found: list[int] = []
    if not needle:
        return found
    i = text.find(needle, lo, hi)
    while i != -1:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(needle)] if i + len(needle) < len(text) else " "
        ok_before = not (needle[0].isalnum() and before.isalnum())
        ok_after = not (needle[-1].isalnum() and after.isalnum())
        if ok_before and ok_after:
            found.append(i)
        i = text.find(needle, i + 1, hi)
    return found


def _pick(hits: list[int], nth: int | None, what: str) -> int:
    if not hits:
        raise GoldError(f"not found: {what}")
    if nth is None:
        if len(hits) > 1:
            raise GoldError(f"ambiguous ({len(hits)} hits), give nth or in: {what}")
        return hits[0]
    if not 1 <= nth <= len(hits):
        raise GoldError(f"nth={nth} but only {len(hits)} hits: {what}")
    return hits[nth - 1]


def resolve(text: str, ref: Any) -> tuple[int, int, str]:
    """Turn a span reference into ``(start, end, surface)`` in ``text``."""
    if isinstance(ref, str):
        ref = {"text": ref}
    if not isinstance(ref, dict) or not isinstance(ref.get("text"), str):
        raise GoldError(f"not a span reference: {ref!r}")
    needle = ref["text"]
    lo, hi = 0, len(text)
    if "in" in ref:
        ctx = str(ref["in"])
        lo = _pick(occurrences(text, ctx), ref.get("in_nth"), f"context {ctx!r}")
        hi = lo + len(ctx)
    start = _pick(occurrences(text, needle, lo, hi), ref.get("nth"), repr(ref))
    return start, start + len(needle), needle


def iso_dates(value: Any) -> Any:
    """YAML turns bare dates into ``date`` objects; gold files keep ISO strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [iso_dates(v) for v in value]
    if isinstance(value, dict):
        return {k: iso_dates(v) for k, v in value.items()}
    return value


def relation_record(rel: dict[str, Any], rel_id: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """A gold relation in the export's shape, from its annotation (defaults filled in)."""
    return {
        "id": rel_id,
        "type": rel.get("type"),
        "subject": rel.get("subject"),
        "object": rel.get("object"),
        "object_is_event": rel.get("type") == "responsible_for",
        "subtype": rel.get("subtype"),
        "polarity": rel.get("polarity", True),
        "modality": rel.get("modality", "asserted"),
        "valid_from": rel.get("valid_from"),
        "valid_to": rel.get("valid_to"),
        "attributed_to": rel.get("attributed_to"),
        "retracted": rel.get("retracted", False),
        "evidence": evidence,
        "note": rel.get("note"),
    }


def render_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


# --------------------------------------------------------------------------- real-news set


def article_body(raw: str) -> str:
    """The gold text of a stored article file: the body after the headline line and the blank
    line that follows it, paragraphs joined by one blank line, no trailing space."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    parts = [p.strip() for p in raw.split("\n\n")]
    parts = [p for p in parts if p]
    return "\n\n".join(parts[1:])


def default_split(article_id: str, publisher: str) -> str:
    """A stable split: about 40% of each publisher's articles go to ``test``.  Publishers are
    stratified so that both parts see every newsroom; the hash makes it independent of order."""
    h = int(hashlib.sha1(f"{publisher}|{article_id}".encode()).hexdigest(), 16)
    return "test" if h % 5 in (0, 1) else "dev"


def dateline_end(text: str) -> int:
    """Where the body starts after a wire dateline and its bracketed source notes ("NAIROBI,
    Kenya (AP) _", "BOGOTA, 20 FEB 90 (EFE) -- [TEXT]"), 0 when there is none.  Cleaning moves
    the dateline into the article's metadata, so names in it are not scored as mentions."""
    from ..ingest.metadata import match_dateline

    head = text.lstrip()
    offset = len(text) - len(head)
    dl = match_dateline(head + " ")
    if dl is None:
        return 0
    end = offset + dl.end
    notes = re.match(r"(?:\[[^\]\n]{1,60}\]\s*)+", text[end:])
    return end + (notes.end() if notes else 0)


class ArticleAnnotation:
    """One article's hand annotation resolved against its gold text."""

    def __init__(self, article_id: str, text: str, ann: dict[str, Any]) -> None:
        self.id = article_id
        self.text = text
        self.ann = iso_dates(ann or {})
        self.errors: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(f"{self.id}: {msg}")

    def span(self, ref: Any) -> dict[str, Any] | None:
        try:
            start, end, surface = resolve(self.text, ref)
        except GoldError as exc:
            self.err(str(exc))
            return None
        return {"article_id": self.id, "start": start, "end": end, "text": surface}

    def spans(self, refs: Any) -> list[dict[str, Any]]:
        if refs is None:
            return []
        if not isinstance(refs, list):
            refs = [refs]
        return [s for s in (self.span(r) for r in refs) if s]

    # -- entities --------------------------------------------------------------------------
    def not_mention_spans(self) -> set[tuple[int, int]]:
        out = set()
        for item in self.ann.get("not_mentions") or []:
            ref = {k: v for k, v in item.items() if k != "why"} if isinstance(item, dict) else item
            s = self.span(ref)
            if s:
                out.add((s["start"], s["end"]))
        return out

    def entities(self) -> list[dict[str, Any]]:
        """Explicit references claim their spans first; then plain strings take every
        whole-word occurrence, longest forms first, that no other mention covers."""
        ents = self.ann.get("entities") or []
        skip = self.not_mention_spans()
        claimed: list[tuple[int, int]] = []
        mentions: dict[int, list[dict[str, Any]]] = {i: [] for i in range(len(ents))}
        plain: list[tuple[str, int, str]] = []
        for i, ent in enumerate(ents):
            if not isinstance(ent, dict) or not ent.get("id") or not ent.get("name"):
                self.err(f"entity without id or name: {ent!r}")
                continue
            if ent.get("type") not in ENTITY_TYPES:
                self.err(f"entity {ent.get('id')}: type {ent.get('type')!r} not one of {ENTITY_TYPES}")
            for ref in ent.get("mentions") or []:
                if isinstance(ref, str):
                    plain.append((ref, i, "name"))
                    continue
                ref = dict(ref)
                kind = ref.pop("kind", "name")
                if kind not in MENTION_KINDS:
                    self.err(f"mention kind {kind!r} not one of {MENTION_KINDS}")
                if ref.get("all"):
                    plain.append((ref["text"], i, kind))
                    continue
                s = self.span(ref)
                if s:
                    mentions[i].append({**s, "kind": kind})
                    claimed.append((s["start"], s["end"]))
        for form, i, kind in sorted(plain, key=lambda x: -len(x[0])):
            hits = occurrences(self.text, form)
            added = 0
            for at in hits:
                e = at + len(form)
                if (at, e) in skip or any(cs < e and at < ce for cs, ce in claimed):
                    continue
                mentions[i].append({"article_id": self.id, "start": at, "end": e, "text": form, "kind": kind})
                claimed.append((at, e))
                added += 1
            if not hits:
                self.err(f"mention not found: {form!r} ({ents[i].get('id')})")
        out = []
        header = dateline_end(self.text)
        for i, ent in enumerate(ents):
            if not isinstance(ent, dict) or not ent.get("id"):
                continue
            # the wire dateline ("NAIROBI, Kenya (AP) _") is metadata, not text: not scored
            ms = sorted((m for m in mentions[i] if m["start"] >= header), key=lambda m: m["start"])
            if not mentions[i]:
                self.err(f"entity {ent['id']} has no mention")
            out.append({
                "id": ent["id"],
                "name": ent["name"],
                "type": ent.get("type"),
                "type_note": ent.get("note"),
                "aliases": list(ent.get("aliases") or []),
                "mentions": ms,
            })
        self._lint_mentions(out, skip)
        return out

    def _lint_mentions(self, entities: list[dict[str, Any]], skip: set[tuple[int, int]]) -> None:
        names = sorted(
            (m["start"], m["end"], e["id"]) for e in entities for m in e["mentions"] if m["kind"] == "name"
        )
        for a, b in itertools.pairwise(names):
            if b[0] < a[1]:
                self.err(f"overlapping name mentions {a} / {b}")
        covered = [(m["start"], m["end"]) for e in entities for m in e["mentions"]]
        header = dateline_end(self.text)
        for e in entities:
            for form in {e["name"], *e["aliases"]}:
                for s in occurrences(self.text, form):
                    end = s + len(form)
                    if s < header or (s, end) in skip or any(cs <= s and end <= ce for cs, ce in covered):
                        continue
                    ctx = self.text[max(0, s - 30): end + 30].replace("\n", " ")
                    self.err(f"unannotated {form!r} of {e['id']} at {s}: ...{ctx}... "
                             f"(annotate it or list it under not_mentions with a why)")

    # -- relations, events, quotes ---------------------------------------------------------
    def relations(self, entity_ids: set[str], event_ids: set[str]) -> list[dict[str, Any]]:
        out = []
        for n, rel in enumerate(self.ann.get("relations") or [], 1):
            to_event = rel.get("type") == "responsible_for"
            for arg in ("subject", "object"):
                known = event_ids if (arg == "object" and to_event) else entity_ids
                if rel.get(arg) not in known:
                    self.err(f"relation {n}: {arg} {rel.get(arg)!r} is not an annotated "
                             f"{'event' if arg == 'object' and to_event else 'entity'} of this article")
            self._check_modality(rel, f"relation {n}")
            evidence = self.spans(rel.get("evidence"))
            if not evidence:
                self.err(f"relation {n}: no evidence span")
            out.append(relation_record(rel, rel.get("id") or f"{self.id}:r{n}", evidence))
        return out

    def _check_modality(self, row: dict[str, Any], what: str) -> None:
        if row.get("modality", "asserted") not in MODALITIES:
            self.err(f"{what}: modality {row.get('modality')!r} not one of {MODALITIES}")

    def events(self, entity_ids: set[str]) -> list[dict[str, Any]]:
        out = []
        for n, ev in enumerate(self.ann.get("events") or [], 1):
            if not ev.get("id"):
                self.err(f"event {n}: no id")
            self._check_modality(ev, f"event {ev.get('id')}")
            date = ev.get("date")
            if isinstance(date, str):
                date = {"value": date}
            if date is not None:
                value = str(date.get("value"))
                precision = date.get("precision") or {4: "year", 7: "month", 10: "day"}.get(len(value), "day")
                date = {"value": value, "precision": precision, "approx": bool(date.get("approx", False))}
            roles = []
            for role in ev.get("roles") or []:
                if role.get("role") not in ROLES:
                    self.err(f"event {ev.get('id')}: role {role.get('role')!r} not one of {ROLES}")
                if role.get("entity") is not None and role["entity"] not in entity_ids:
                    self.err(f"event {ev.get('id')}: role entity {role['entity']!r} not annotated")
                s = self.span(role["text"]) if role.get("text") else None
                roles.append({
                    "role": role.get("role"),
                    "text": s["text"] if s else None,
                    "entity_id": role.get("entity"),
                    "article_id": self.id,
                    "start": s["start"] if s else None,
                    "end": s["end"] if s else None,
                })
            if ev.get("location") is not None and ev["location"] not in entity_ids:
                self.err(f"event {ev.get('id')}: location {ev['location']!r} not annotated")
            triggers = self.spans(ev.get("triggers"))
            if not triggers:
                self.err(f"event {ev.get('id')}: no trigger span")
            out.append({
                "id": ev.get("id"),
                "type": ev.get("type"),
                "subtype": ev.get("subtype"),
                "date": date,
                "location": ev.get("location"),
                "roles": roles,
                "killed": ev.get("killed"),
                "injured": ev.get("injured"),
                "modality": ev.get("modality", "asserted"),
                "attributed_to": ev.get("attributed_to"),
                "triggers": triggers,
                "evidence": self.spans(ev.get("evidence")),
                "note": ev.get("note"),
            })
        return out

    def quotes(self, entity_ids: set[str]) -> list[dict[str, Any]]:
        out = []
        for q in self.ann.get("quotes") or []:
            content = self.span(q.get("content"))
            cue = self.span(q.get("cue")) if q.get("cue") else None
            speaker = q.get("speaker")
            ent = speaker if speaker in entity_ids else None
            if content is None:
                continue
            out.append({
                "article_id": self.id,
                "speaker": q.get("speaker_text") or speaker,
                "speaker_entity": ent,
                "cue": cue["text"] if cue else None,
                "cue_start": cue["start"] if cue else None,
                "cue_end": cue["end"] if cue else None,
                "kind": q.get("kind", "direct"),
                "content": content["text"],
                "start": content["start"],
                "end": content["end"],
            })
        return out

    def build(self) -> dict[str, list[dict[str, Any]]]:
        entities = self.entities()
        ids = {e["id"] for e in entities}
        events = self.events(ids)
        return {
            "entities": entities,
            "events": events,
            "relations": self.relations(ids, {e["id"] for e in events}),
            "quotes": self.quotes(ids),
        }


def _merge_entities(rows: list[dict[str, Any]], errors: list[str]) -> list[dict[str, Any]]:
    """One cross-article cluster per entity id; types must agree across articles."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        cur = merged.get(row["id"])
        if cur is None:
            merged[row["id"]] = {**row, "aliases": list(row["aliases"]), "mentions": list(row["mentions"])}
            continue
        if cur["type"] != row["type"]:
            errors.append(f"entity {row['id']}: type {cur['type']} in one article, {row['type']} in another")
        cur["aliases"] = sorted(set(cur["aliases"]) | set(row["aliases"]) | ({row["name"]} - {cur["name"]}))
        cur["mentions"].extend(row["mentions"])
    return [merged[k] for k in sorted(merged)]


def _merge_events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events sharing an id across articles are one real-world event reported twice."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        cur = merged.get(row["id"])
        if cur is None:
            merged[row["id"]] = {**row}
            continue
        for key in ("roles", "triggers", "evidence"):
            cur[key] = cur[key] + row[key]
        for key in ("date", "location", "killed", "injured", "subtype"):
            if cur.get(key) is None:
                cur[key] = row.get(key)
    return [merged[k] for k in sorted(merged)]


def build_realnews(root: str | Path, only: str | None = None) -> tuple[dict[str, dict[str, list]], list[str]]:
    """Resolve every annotated article under ``root`` into ``{split: {output: rows}}``."""
    root = Path(root)
    errors: list[str] = []
    sources = _read_tsv(root / "sources.tsv")
    splits = {r["id"]: r["split"] for r in _read_tsv(root / "split.tsv")}
    per_split: dict[str, dict[str, list]] = {}
    for src in sources:
        aid = src["id"]
        if only and aid != only:
            continue
        ann_path = root / "annotations" / f"{aid}.yaml"
        if not ann_path.exists():
            continue
        try:
            text, meta, source = article_text(root, src)
        except (OSError, ValueError) as exc:
            errors.append(f"{aid}: article text unavailable: {exc}")
            continue
        try:
            ann = yaml.safe_load(ann_path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            errors.append(f"{aid}: YAML error: {str(exc).splitlines()[0]}")
            continue
        art = ArticleAnnotation(aid, text, ann)
        built = art.build()
        errors.extend(art.errors)
        split = splits.get(aid) or default_split(aid, src.get("publisher", ""))
        bucket = per_split.setdefault(split, {name: [] for name in GOLD_OUTPUTS})
        bucket["articles"].append({
            "id": aid,
            "source": source,
            "title": meta.get("title"),
            "publisher": meta.get("publisher"),
            "byline": None,
            "dateline": None,
            "published": meta.get("published"),
            "published_range": None,
            "text": text,
            "corrections": [],
        })
        for name in ("entities", "events", "relations", "quotes"):
            bucket[name].extend(built[name])
    for bucket in per_split.values():
        bucket["entities"] = _merge_entities(bucket["entities"], errors)
        bucket["events"] = _merge_events(bucket["events"])
    return per_split, errors


def write_gold(root: str | Path, out: str | Path) -> dict[str, Path]:
    """Build the set's gold JSONL into ``out/<split>/`` and return the split directories.
    Raises ValueError listing the annotation errors when the set does not build."""
    per_split, errors = build_realnews(Path(root))
    if errors:
        raise ValueError(f"{len(errors)} annotation error(s), first: {errors[0]}")
    dirs: dict[str, Path] = {}
    for split, bucket in per_split.items():
        d = Path(out) / split
        d.mkdir(parents=True, exist_ok=True)
        for name in GOLD_OUTPUTS:
            (d / f"{name}.jsonl").write_text(render_jsonl(bucket[name]), encoding="utf-8")
        dirs[split] = d
    return dirs


def shared_dir() -> Path:
    """The read-only shared material beside the repository (``$NEWSGRAPH_SHARED`` overrides)."""
    env = os.environ.get("NEWSGRAPH_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[4] / "shared"


def article_text(root: Path, src: dict[str, str]) -> tuple[str, dict[str, Any], str | None]:
    """``(gold text, metadata, source path or None)`` of one article of the set.  Articles whose
    licence lets them live in the repository are files under ``articles/``; the others
    (``repository`` = ``shared``, e.g. AQUAINT TimeML) are read from the shared folder and never
    copied into the repository."""
    aid = src["id"]
    if src.get("repository") == "shared" and "#" in src["path"]:
        from .muc4 import read_texts

        path, _, doc_id = src["path"].partition("#")
        doc = next((d for d in read_texts(shared_dir() / path) if d.id == doc_id), None)
        if doc is None:
            raise ValueError(f"no message {doc_id} in {path}")
        meta = {"title": None, "publisher": src.get("publisher"), "published": doc.date}
        return doc.text, meta, None
    if src.get("repository") == "shared":
        from .scoring import read_timeml

        tdoc = read_timeml(shared_dir() / src["path"])
        text = "\n\n".join(p.strip() for p in tdoc.text.strip().split("\n\n") if p.strip())
        meta = {"title": None, "publisher": src.get("publisher"), "published": (tdoc.dct or "")[:10] or None}
        return text, meta, None
    raw = (root / "articles" / f"{aid}.txt").read_text(encoding="utf-8")
    meta = json.loads((root / "articles" / f"{aid}.meta.json").read_text(encoding="utf-8"))
    return article_body(raw), meta, str((root / "articles" / f"{aid}.txt").resolve())


def _read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        return []
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t") + [""] * (len(head) - len(ln.split("\t"))), strict=False))
            for ln in lines[1:]]


def write_split_file(root: Path) -> None:
    """Assign each article in sources.tsv a split once; later runs keep earlier assignments."""
    path = root / "split.tsv"
    known = {r["id"]: r["split"] for r in _read_tsv(path)}
    rows = []
    for src in _read_tsv(root / "sources.tsv"):
        rows.append((src["id"], known.get(src["id"]) or default_split(src["id"], src.get("publisher", ""))))
    path.write_text("id\tsplit\n" + "".join(f"{a}\t{s}\n" for a, s in sorted(rows)), encoding="utf-8")


def summary(per_split: dict[str, dict[str, list]]) -> str:
    parts = []
    for split in sorted(per_split):
        b = per_split[split]
        pubs = Counter(a["publisher"] for a in b["articles"])
        mentions = sum(len(e["mentions"]) for e in b["entities"])
        parts.append(
            f"{split}: {len(b['articles'])} articles ({len(pubs)} publishers), {len(b['entities'])} entities, "
            f"{mentions} mentions, {len(b['relations'])} relations, {len(b['events'])} events, "
            f"{len(b['quotes'])} quotes"
        )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the real-news gold set from its annotation files.")
    parser.add_argument("root", nargs="?", default="eval/realnews")
    parser.add_argument("--check", action="store_true", help="validate; fail if the built JSONL is stale")
    parser.add_argument("--only", help="validate one article id (writes nothing)")
    parser.add_argument("--show", help="print one article's gold text (what spans refer to)")
    parser.add_argument("--out", help="where to write the gold JSONL (default ROOT/gold)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.show:
        src = next((r for r in _read_tsv(root / "sources.tsv") if r["id"] == args.show), None)
        if src is None:
            print(f"no article {args.show!r} in {root / 'sources.tsv'}", file=sys.stderr)
            return 1
        print(article_text(root, src)[0])
        return 0
    if not args.check and not args.only:
        write_split_file(root)
    per_split, errors = build_realnews(root, args.only)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} error(s); nothing written", file=sys.stderr)
        return 1
    if args.only:
        print(f"{args.only}: ok\n" + summary(per_split))
        return 0
    stale = []
    for split, bucket in per_split.items():
        out = (Path(args.out) if args.out else root / "gold") / split
        out.mkdir(parents=True, exist_ok=True)
        for name in GOLD_OUTPUTS:
            path = out / f"{name}.jsonl"
            content = render_jsonl(bucket[name])
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != content:
                    stale.append(str(path))
            else:
                path.write_text(content, encoding="utf-8")
    if stale:
        print(f"stale gold files (re-run python -m newsgraph.evaluate.gold): {', '.join(stale)}", file=sys.stderr)
        return 1
    print(("checked\n" if args.check else "wrote\n") + summary(per_split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
