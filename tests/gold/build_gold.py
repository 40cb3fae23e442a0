"""Build the gold JSONL files from the hand-written ``seeds.yaml``.

Run with ``/work/main/.venv/bin/python tests/gold/build_gold.py`` (``--check`` only validates and
reports whether the committed JSONL files are up to date).  Annotations in ``seeds.yaml`` name
surface strings, never offsets; this script turns them into character offsets into the gold
article text and fails loudly when a string is missing or ambiguous, so a typo cannot slip into
the gold.

A span reference is one of:

* ``"Balawi's pointed suggestion"`` - a string that occurs exactly once as a whole word;
* ``{text: Mehsud, nth: 2}`` - the 2nd (1-based) whole-word occurrence in the article;
* ``{text: Haqqani, in: "Haqqani said"}`` - ``text`` inside a context string that occurs exactly
  once (``in_nth`` picks among several contexts, ``nth`` among several hits inside it).

"Whole word" means the character before and after the hit is not a letter or digit, so
``Pakistan`` never matches inside ``Pakistani`` but does match in ``Pakistan's``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from newsgraph.evaluate.gold import GoldError, iso_dates, occurrences, relation_record, resolve

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parents[1]
OUTPUTS = ("articles", "entities", "events", "relations", "timexes", "quotes", "corrections")


_date = iso_dates


class Builder:
    """Resolves every annotation of seeds.yaml against the gold article texts."""

    def __init__(self, seeds: dict[str, Any]) -> None:
        self.seeds = _date(seeds)
        self.texts: dict[str, str] = {}
        self.keys: dict[str, str] = {}  # short key ("cbs") -> article id
        self.errors: list[str] = []

    # -- helpers ---------------------------------------------------------------------------
    def article_id(self, key: str) -> str:
        return self.keys.get(key, key)

    def span(self, key: str, ref: Any) -> dict[str, Any]:
        aid = self.article_id(key)
        try:
            start, end, surface = resolve(self.texts[aid], ref)
        except (GoldError, KeyError) as exc:
            self.errors.append(f"{aid}: {exc}")
            return {"article_id": aid, "start": -1, "end": -1, "text": str(ref)}
        return {"article_id": aid, "start": start, "end": end, "text": surface}

    def spans(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``[{a: npr, ref...}]`` -> evidence spans."""
        out = []
        for item in items or []:
            ref = {k: v for k, v in item.items() if k != "a"}
            out.append(self.span(item["a"], ref))
        return out

    # -- stages ----------------------------------------------------------------------------
    def articles(self) -> list[dict[str, Any]]:
        out = []
        for art in self.seeds["articles"]:
            raw_lines = set((ROOT / art["source"]).read_text(encoding="utf-8").split("\n"))
            for para in art["paragraphs"]:
                if para not in raw_lines:  # the gold body is copied, never retyped
                    self.errors.append(f"{art['id']}: paragraph not verbatim: {para[:50]!r}")
            text = "\n\n".join(art["paragraphs"])
            self.texts[art["id"]] = text
            self.keys[art["key"]] = art["id"]
            out.append(
                {
                    "id": art["id"],
                    "source": art["source"],
                    "title": art["title"],
                    "publisher": art["publisher"],
                    "byline": art["byline"],
                    "dateline": art["dateline"],
                    "published": art["published"],
                    "published_range": art["published_range"],
                    "text": text,
                    "corrections": [],  # filled from corrections.jsonl, as Article.corrections
                }
            )
        return out

    def entities(self) -> list[dict[str, Any]]:
        out = []
        for ent in self.seeds["entities"]:
            mentions = []
            for key, refs in (ent.get("mentions") or {}).items():
                for ref in refs:
                    ref = {"text": ref} if isinstance(ref, str) else dict(ref)
                    kind = ref.pop("kind", "name")
                    mentions.append({**self.span(key, ref), "kind": kind})
            mentions.sort(key=lambda m: (m["article_id"], m["start"]))
            out.append(
                {
                    "id": ent["id"],
                    "name": ent["name"],
                    "type": ent["type"],
                    "aliases": ent.get("aliases", []),
                    "mentions": mentions,
                }
            )
        return out

    def events(self) -> list[dict[str, Any]]:
        out = []
        for ev in self.seeds["events"]:
            date = ev.get("date")
            if date is not None:
                date = {**date, "approx": date.get("approx", False)}
            roles = []
            for role in ev.get("roles", []):
                ref = {k: v for k, v in role.items() if k not in ("a", "role", "entity")}
                span = self.span(role["a"], ref)
                roles.append(
                    {
                        "role": role["role"],
                        "text": span["text"],
                        "entity_id": role.get("entity"),
                        "article_id": span["article_id"],
                        "start": span["start"],
                        "end": span["end"],
                    }
                )
            out.append(
                {
                    "id": ev["id"],
                    "type": ev["type"],
                    "subtype": ev["subtype"],
                    "date": date,
                    "location": ev.get("location"),
                    "roles": roles,
                    "killed": ev.get("killed"),
                    "injured": ev.get("injured"),
                    "modality": ev["modality"],
                    "attributed_to": ev.get("attributed_to"),
                    "triggers": self.spans(ev.get("triggers", [])),
                    "evidence": self.spans(ev["evidence"]),
                    "note": ev.get("note"),
                }
            )
        return out

    def relations(self) -> list[dict[str, Any]]:
        out = []
        for rel in self.seeds["relations"]:
            out.append(relation_record(rel, rel["id"], self.spans(rel["evidence"])))
        return out

    def timexes(self) -> list[dict[str, Any]]:
        out = []
        for tx in self.seeds["timexes"]:
            ref = {k: v for k, v in tx.items() if k not in ("a", "value", "precision")}
            span = self.span(tx["a"], ref)
            out.append({**span, "value": tx["value"], "precision": tx["precision"]})
        out.sort(key=lambda t: (t["article_id"], t["start"]))
        return out

    def quotes(self) -> list[dict[str, Any]]:
        out = []
        for q in self.seeds["quotes"]:
            content = self.span(q["a"], q["content"])
            cue = self.span(q["a"], q["cue"])
            out.append(
                {
                    "article_id": content["article_id"],
                    "speaker": q["speaker"],
                    "speaker_entity": q.get("speaker_entity"),
                    "cue": cue["text"],
                    "cue_start": cue["start"],
                    "cue_end": cue["end"],
                    "kind": q["kind"],
                    "content": content["text"],
                    "start": content["start"],
                    "end": content["end"],
                }
            )
        out.sort(key=lambda t: (t["article_id"], t["start"]))
        return out

    def corrections(self) -> list[dict[str, Any]]:
        out = []
        for c in self.seeds["corrections"]:
            heading = self.span(c["a"], c["heading"])
            notice = self.span(c["a"], c["notice"])
            out.append(
                {
                    "article_id": heading["article_id"],
                    "start": heading["start"],
                    "end": notice["end"],
                    "text": self.texts[heading["article_id"]][heading["start"] : notice["end"]],
                    "date": c["date"],
                    "retracted_claim": self.span(c["a"], c["retracted_claim"]),
                    "retracts": c["retracts"],
                }
            )
        return out

    # -- lints -----------------------------------------------------------------------------
    def lint_coverage(self, entities: list[dict[str, Any]]) -> None:
        """Every whole-word occurrence of an entity's name or alias must be annotated
        (covered by some mention) or listed under ``not_mentions`` with a reason."""
        covered: dict[str, list[tuple[int, int]]] = {aid: [] for aid in self.texts}
        for ent in entities:
            for m in ent["mentions"]:
                covered[m["article_id"]].append((m["start"], m["end"]))
        allowed: dict[str, set[tuple[int, int]]] = {aid: set() for aid in self.texts}
        for item in self.seeds.get("not_mentions", []):
            span = self.span(item["a"], {k: v for k, v in item.items() if k not in ("a", "why")})
            allowed[span["article_id"]].add((span["start"], span["end"]))
        for ent in entities:
            for form in {ent["name"], *ent["aliases"]}:
                for aid, text in self.texts.items():
                    for s in occurrences(text, form):
                        e = s + len(form)
                        if any(cs <= s and e <= ce for cs, ce in covered[aid]):
                            continue
                        if (s, e) in allowed[aid]:
                            continue
                        ctx = text[max(0, s - 30) : e + 30].replace("\n", " ")
                        self.errors.append(
                            f"{aid}: unannotated {form!r} of {ent['id']} at {s}: ...{ctx}..."
                        )

    def lint_name_overlap(self, entities: list[dict[str, Any]]) -> None:
        """Name mentions never nest or overlap (nominal/elliptical ones may contain names)."""
        names = sorted(
            (m["article_id"], m["start"], m["end"], ent["id"])
            for ent in entities
            for m in ent["mentions"]
            if m["kind"] == "name"
        )
        for a, b in itertools.pairwise(names):
            if a[0] == b[0] and b[1] < a[2]:
                self.errors.append(f"{a[0]}: overlapping name mentions {a} / {b}")

    def build(self) -> dict[str, list[dict[str, Any]]]:
        data = {"articles": self.articles()}
        data["entities"] = self.entities()
        data["events"] = self.events()
        data["relations"] = self.relations()
        data["timexes"] = self.timexes()
        data["quotes"] = self.quotes()
        data["corrections"] = self.corrections()
        for art in data["articles"]:
            art["corrections"] = [
                [c["start"], c["end"]] for c in data["corrections"] if c["article_id"] == art["id"]
            ]
        self.lint_coverage(data["entities"])
        self.lint_name_overlap(data["entities"])
        return data


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate; fail if JSONL is stale")
    args = parser.parse_args(argv)
    builder = Builder(yaml.safe_load((GOLD / "seeds.yaml").read_text(encoding="utf-8")))
    data = builder.build()
    if builder.errors:
        print("\n".join(builder.errors), file=sys.stderr)
        print(f"{len(builder.errors)} error(s); nothing written", file=sys.stderr)
        return 1
    stale = []
    for name in OUTPUTS:
        path = GOLD / f"{name}.jsonl"
        content = render(data[name])
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(path.name)
        else:
            path.write_text(content, encoding="utf-8")
    if stale:
        print(f"stale gold files (re-run build_gold.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name}={len(data[name])}" for name in OUTPUTS)
    print(("checked: " if args.check else "wrote: ") + counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
