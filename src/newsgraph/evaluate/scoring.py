"""Scorers: newsgraph exports against gold, CoNLL-2003 NER, TimeML TIMEX3 and MUC-4 templates.

Every scorer returns plain JSON-serialisable dicts.  A *section* is
``{"per_type": {type: prf}, "micro": prf, "macro": prf, ...extra accuracies}`` where a ``prf`` is
``{"p", "r", "f1", "tp", "pred", "gold"}``.  Scorers never run the pipeline themselves: the
system output is either an export directory or comes from an injected ``system_fn``, so nothing
here can leak gold into extraction.  :func:`render_table` turns any scores dict into a Rich table.
"""

from __future__ import annotations

import difflib
import html
import itertools
import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from newsgraph.evaluate import muc4 as _muc4

# --------------------------------------------------------------------------- counting


@dataclass
class PRF:
    """Counts for one type; ``tp`` is the size of a one-to-one matching."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f1, "tp": self.tp, "pred": self.pred, "gold": self.gold}


def prf(p: float, r: float) -> dict[str, float]:
    """A section entry from precision and recall alone (B-cubed, CEAF)."""
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def summarize(per_type: dict[str, PRF], **extra: Any) -> dict[str, Any]:
    """Per-type counts -> section with micro (pooled counts) and macro (mean of per-type F1,
    P and R over types that occur in gold or system) averages."""
    micro = PRF()
    for c in per_type.values():
        micro.add(c)
    rows = {t: c.as_dict() for t, c in sorted(per_type.items())}
    live = [v for v in rows.values() if v["pred"] or v["gold"]]
    macro = {k: (sum(v[k] for v in live) / len(live) if live else 0.0) for k in ("p", "r", "f1")}
    return {"per_type": rows, "micro": micro.as_dict(), "macro": macro, **extra}


def accuracy(correct: int, total: int) -> dict[str, float | int]:
    return {"accuracy": correct / total if total else 0.0, "correct": correct, "total": total}


# --------------------------------------------------------------------------- matching helpers


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def greedy_match(
    gold: Sequence[Any], pred: Sequence[Any], score: Callable[[Any, Any], float]
) -> list[tuple[int, int]]:
    """One-to-one matching, best-scoring pairs first; pairs scoring <= 0 never match.

    Greedy on sorted scores is exact for the interval-overlap cases used here in practice and
    keeps the scorers dependency-free.
    """
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s > 0:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def hungarian(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment on a rectangular matrix (Kuhn-Munkres, O(n^3)).

    Returns (row, col) pairs; rows or columns left over are unassigned.
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    n = max(n_rows, n_cols)
    big = max(max(r) for r in weights)
    # minimise cost = big - weight on a square matrix padded with zeros weight
    cost = [
        [big - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    out = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] > 0:
            out.append((i, j - 1))
    return sorted(out)


# --------------------------------------------------------------------------- offset alignment


def _fold(text: str) -> str:
    """Lower-case, one character for one (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class OffsetAligner:
    """Map character offsets of a system text onto a gold text of the same article.

    The two may differ in boilerplate, whitespace or quotes; offsets are carried through the
    matching blocks of :class:`difflib.SequenceMatcher`.  Identical texts and texts that
    contain each other take a fast path.
    """

    def __init__(self, gold_text: str, sys_text: str) -> None:
        self.blocks: list[tuple[int, int, int]]  # (sys_start, gold_start, size)
        # case never matters for alignment (all-capitals wire copy is truecased for analysis)
        gold_text, sys_text = _fold(gold_text), _fold(sys_text)
        if gold_text == sys_text:
            self.blocks = [(0, 0, len(sys_text))]
        elif sys_text and sys_text in gold_text:
            self.blocks = [(0, gold_text.index(sys_text), len(sys_text))]
        elif gold_text and gold_text in sys_text:
            self.blocks = [(sys_text.index(gold_text), 0, len(gold_text))]
        else:
            sm = difflib.SequenceMatcher(None, gold_text, sys_text, autojunk=False)
            self.blocks = [(b, a, n) for a, b, n in sm.get_matching_blocks() if n]
        self._starts = [b[0] for b in self.blocks]

    def _pos(self, pos: int, is_end: bool) -> int | None:
        k = bisect_right(self._starts, pos - 1 if is_end else pos) - 1
        if k >= 0:
            s, g, n = self.blocks[k]
            if is_end and s < pos <= s + n:
                return g + pos - s
            if not is_end and s <= pos < s + n:
                return g + pos - s
        # not inside a matching block: snap inwards (start -> next block, end -> previous)
        if is_end:
            return self.blocks[k][1] + self.blocks[k][2] if k >= 0 else None
        return self.blocks[k + 1][1] if k + 1 < len(self.blocks) else None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The gold span for a system span, or None when it falls outside the gold text."""
        if not self.blocks:
            return None
        s = self._pos(start, False)
        e = self._pos(end, True)
        if s is None or e is None or e <= s:
            return None
        return s, e


# --------------------------------------------------------------------------- export reading


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file; a missing file is an empty list (zero recall, not a crash)."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return rows


EXPORT_FILES = ("articles", "entities", "events", "relations", "timexes", "quotes")


def read_export(directory: str | Path) -> dict[str, list[dict[str, Any]]]:
    d = Path(directory)
    return {name: read_jsonl(d / f"{name}.jsonl") for name in EXPORT_FILES}


def _stem(source: str | None) -> str:
    if not source:
        return ""
    return Path(str(source)).stem


class _ArticleMap:
    """Which gold article a system article is, and how to move its offsets into gold text."""

    def __init__(self, gold_articles: list[dict], sys_articles: list[dict]) -> None:
        by_id = {a["id"]: a for a in gold_articles if a.get("id") is not None}
        by_stem = {_stem(a.get("source")): a for a in gold_articles if a.get("source")}
        self.gold_ids = [a["id"] for a in gold_articles]
        self.to_gold: dict[Any, Any] = {}
        self.aligners: dict[Any, OffsetAligner] = {}
        claimed: set[Any] = set()
        for a in sys_articles:
            stem = _stem(a.get("source")) if a.get("source") else None
            g = by_stem.get(stem) if stem else None
            if g is None and stem:
                g = by_id.get(stem)  # a gold text ingested as "<gold id>.txt"
            if g is None:
                g = by_id.get(a.get("id"))
            if g is None or g["id"] in claimed:
                continue
            claimed.add(g["id"])
            self.to_gold[a["id"]] = g["id"]
            self.aligners[a["id"]] = OffsetAligner(g.get("text") or "", a.get("text") or "")

    def span(self, article_id: Any, start: Any, end: Any) -> tuple[Any, int, int] | None:
        """System (article, start, end) -> gold (article, start, end), or None."""
        gid = self.to_gold.get(article_id)
        if gid is None or start is None or end is None:
            return None
        s = self.aligners[article_id].span(int(start), int(end))
        return (gid, s[0], s[1]) if s else None


Span = tuple[Any, int, int]  # (article id, start, end)


def _span_score(g: Span, p: Span) -> float:
    if g[0] != p[0]:
        return 0.0
    return float(_overlap((g[1], g[2]), (p[1], p[2])))


def _exact_and_overlap(
    gold: list[tuple[Span, str]], pred: list[tuple[Span, str]], typed: bool = True
) -> tuple[dict[str, PRF], dict[str, PRF], list[tuple[int, int]]]:
    """Typed span scores, exact and overlapping; returns the overlap matching too."""
    exact: dict[str, PRF] = defaultdict(PRF)
    over: dict[str, PRF] = defaultdict(PRF)
    for _, t in gold:
        exact[t].gold += 1
        over[t].gold += 1
    for _, t in pred:
        exact[t].pred += 1
        over[t].pred += 1
    gold_set = Counter((s, t) for s, t in gold)
    for s, t in pred:
        if gold_set[(s, t)] > 0:
            gold_set[(s, t)] -= 1
            exact[t].tp += 1

    def score(g: tuple[Span, str], p: tuple[Span, str]) -> float:
        if typed and g[1] != p[1]:
            return 0.0
        return _span_score(g[0], p[0])

    pairs = greedy_match(gold, pred, score)
    for i, _ in pairs:
        over[gold[i][1]].tp += 1
    return dict(exact), dict(over), pairs


# --------------------------------------------------------------------------- clustering metrics


def b_cubed(gold: list[set], pred: list[set]) -> dict[str, float]:
    """B-cubed over mentions: each mention's cluster overlap, averaged over all mentions of
    the gold (recall) or system (precision) clustering; unmatched mentions score zero."""
    where_g = {m: k for k, c in enumerate(gold) for m in c}
    where_p = {m: k for k, c in enumerate(pred) for m in c}
    n_g = sum(len(c) for c in gold)
    n_p = sum(len(c) for c in pred)
    rec = sum(len(c & pred[where_p[m]]) / len(c) for c in gold for m in c if m in where_p)
    pre = sum(len(c & gold[where_g[m]]) / len(c) for c in pred for m in c if m in where_g)
    return prf(pre / n_p if n_p else 0.0, rec / n_g if n_g else 0.0)


def ceaf_e(gold: list[set], pred: list[set]) -> dict[str, float]:
    """Entity-based CEAF (phi4 = 2|G&S| / (|G|+|S|)), optimal one-to-one alignment solved per
    connected component of overlapping clusters."""
    if not gold or not pred:
        return prf(0.0, 0.0)
    where_p: dict[Any, int] = {m: k for k, c in enumerate(pred) for m in c}
    # components of the bipartite overlap graph
    parent = list(range(len(gold) + len(pred)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, c in enumerate(gold):
        for m in c:
            if m in where_p:
                parent[find(i)] = find(len(gold) + where_p[m])
    comps: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(gold)):
        comps[find(i)][0].append(i)
    for j in range(len(pred)):
        comps[find(len(gold) + j)][1].append(j)
    total = 0.0
    for gs, ps in comps.values():
        if not gs or not ps:
            continue
        w = [[2 * len(gold[i] & pred[j]) / (len(gold[i]) + len(pred[j])) for j in ps] for i in gs]
        total += sum(w[a][b] for a, b in hungarian(w))
    return prf(total / len(pred), total / len(gold))


# --------------------------------------------------------------------------- gold scorer

# Relation types whose arguments may be given in either order.  A family tie is one pair of
# people whose direction follows its subtype's wording ("Rosa daughter_of Manuel" is "Manuel
# father_of Rosa", the system's parent-first form): the pair is scored, not the wording.
SYMMETRIC_RELATIONS = frozenset({"allied_with", "rival_of", "family"})
# The source of an event is its perpetrator (violent and coercive acts) or its actor (anything
# else, docs/annotation.md); a system that calls the state's arrest an actor's and the gold a
# perpetrator's names the same participant, so roles are matched as one "source".
SOURCE_ROLES = {"perpetrator": "source", "actor": "source"}
# Relation types whose object is an event id, mapped through the event matching.
EVENT_OBJECT_RELATIONS = frozenset({"responsible_for"})


def _norm(s: Any) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", str(s or "").lower()).split())


def _speaker_match(g: Any, p: Any) -> bool:
    """Speakers agree when equal after normalising, or one name contains the other's last word
    ("Mehsud" vs "Baitullah Mehsud")."""
    a, b = _norm(g), _norm(p)
    if not a or not b:
        return a == b
    return a == b or a.split()[-1] in b.split() or b.split()[-1] in a.split()


def score_gold(
    system_dir: str | Path, gold_dir: str | Path, errors: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Score a system export directory against a gold directory in the same JSONL format.

    ``errors``, when given, receives one record per missed gold event or relation and per
    unmatched system one (``kind``: ``event_missed``, ``event_spurious``, ``relation_missed``,
    ``relation_spurious``) with its type, arguments and evidence, and one per matched event
    whose date differs (``event_date_wrong``) or whose role fillers match no gold one
    (``event_role_unmatched``) or whose killed / injured count differs
    (``event_casualties_wrong``), for reading a dev part."""
    gold = read_export(gold_dir)
    sys_ = read_export(system_dir)
    amap = _ArticleMap(gold["articles"], sys_["articles"])
    gold_articles = {a["id"] for a in gold["articles"]}
    out: dict[str, Any] = {}

    # ---- mentions
    def mentions(entities: list[dict], to_gold: bool) -> list[tuple[Span, str, Any]]:
        """(gold-coordinate span, entity type, entity id) for every scorable mention."""
        rows = []
        for e in entities:
            for m in e.get("mentions") or []:
                if to_gold:
                    sp = amap.span(m.get("article_id"), m.get("start"), m.get("end"))
                else:
                    sp = (m.get("article_id"), int(m["start"]), int(m["end"]))
                    if sp[0] not in gold_articles:
                        sp = None
                if sp:
                    rows.append((sp, str(e.get("type")), e.get("id")))
        return rows

    g_m = mentions(gold["entities"], False)
    s_m = mentions(sys_["entities"], True)
    exact, over, _ = _exact_and_overlap([(s, t) for s, t, _ in g_m], [(s, t) for s, t, _ in s_m])
    out["mentions_exact"] = summarize(exact)
    out["mentions_overlap"] = summarize(over)
    # recall by the gold mention's kind (name, nominal, pronoun...) where gold gives one
    kinds = [
        str(m.get("kind") or "name")
        for e in gold["entities"]
        for m in e.get("mentions") or []
        if m.get("article_id") in gold_articles
    ]
    _, _, typed_pairs = _exact_and_overlap([(s, t) for s, t, _ in g_m], [(s, t) for s, t, _ in s_m])
    hit = Counter(kinds[i] for i, _ in typed_pairs)
    out["mentions_overlap"]["recall_by_kind"] = {
        k: accuracy(hit[k], n) for k, n in sorted(Counter(kinds).items())
    }

    # ---- entity clusters (mentions aligned by overlapping span, type ignored)
    _, _, pairs = _exact_and_overlap(
        [(s, "M") for s, _, _ in g_m], [(s, "M") for s, _, _ in s_m], typed=False
    )
    sys_to_gold_mention = {j: i for i, j in pairs}
    g_clusters: dict[Any, set] = defaultdict(set)
    for i, (_, _, eid) in enumerate(g_m):
        g_clusters[eid].add(("g", i))
    s_clusters: dict[Any, set] = defaultdict(set)
    for j, (_, _, eid) in enumerate(s_m):
        s_clusters[eid].add(("g", sys_to_gold_mention[j]) if j in sys_to_gold_mention else ("s", j))
    gc, sc = list(g_clusters.values()), list(s_clusters.values())
    out["entities"] = {
        "per_type": {},
        "b_cubed": b_cubed(gc, sc),
        "ceaf_e": ceaf_e(gc, sc),
        "gold_entities": len(gc),
        "system_entities": len(sc),
    }
    # system entity -> gold entity: the gold entity sharing most aligned mentions
    votes: dict[Any, Counter] = defaultdict(Counter)
    for j, i in sys_to_gold_mention.items():
        votes[s_m[j][2]][g_m[i][2]] += 1
    ent_map = {sid: c.most_common(1)[0][0] for sid, c in votes.items()}

    # ---- events
    def ev_spans(ev: dict, to_gold: bool) -> list[Span]:
        """Trigger and evidence spans of an event (gold may list ``triggers`` apart)."""
        spans = []
        for x in (ev.get("triggers") or []) + (ev.get("evidence") or []):
            if to_gold:
                sp = amap.span(x.get("article_id"), x.get("start"), x.get("end"))
            elif x.get("article_id") in gold_articles:
                sp = (x.get("article_id"), int(x["start"]), int(x["end"]))
            else:
                sp = None
            if sp:
                spans.append(sp)
        return spans

    sys_names = {e.get("id"): e.get("name") for e in sys_["entities"]}
    g_ev = [(e, ev_spans(e, False)) for e in gold["events"]]
    s_ev = [(e, ev_spans(e, True)) for e in sys_["events"]]
    s_ev = [x for x in s_ev if x[1]]  # events outside the gold articles are not scored
    ev_counts: dict[str, PRF] = defaultdict(PRF)
    for e, _ in g_ev:
        ev_counts[str(e.get("type"))].gold += 1
    for e, _ in s_ev:
        ev_counts[str(e.get("type"))].pred += 1

    def ev_score(g: tuple[dict, list[Span]], p: tuple[dict, list[Span]]) -> float:
        if g[0].get("type") != p[0].get("type"):
            return 0.0
        return float(sum(_span_score(a, b) for a in g[1] for b in p[1]))

    ev_pairs = greedy_match(g_ev, s_ev, ev_score)
    if errors is not None:
        _unmatched(errors, "event", [e for e, _ in g_ev], [e for e, _ in s_ev], ev_pairs, sys_names)
    for i, _ in ev_pairs:
        ev_counts[str(g_ev[i][0].get("type"))].tp += 1
    ev_map = {s_ev[j][0].get("id"): g_ev[i][0].get("id") for i, j in ev_pairs}

    role_counts: dict[str, PRF] = defaultdict(PRF)

    def roles(ev: dict, to_gold: bool) -> list[tuple[str, Span | None, Any]]:
        rows = []
        for r in ev.get("roles") or []:
            if r.get("role") == "location":
                continue  # the place is the event's `location` field, not a participant
            if to_gold:
                sp = amap.span(r.get("article_id"), r.get("start"), r.get("end"))
                ent = ent_map.get(r.get("entity_id"))
            else:
                sp = (r.get("article_id"), r.get("start"), r.get("end"))
                sp = sp if None not in sp else None
                ent = r.get("entity_id")
            rows.append((str(r.get("role")), sp, ent))
        return rows

    matched_g = {i for i, _ in ev_pairs}
    matched_s = {j for _, j in ev_pairs}
    for i, (e, _) in enumerate(g_ev):
        if i not in matched_g:
            for role, _, _ in roles(e, False):
                role_counts[role].gold += 1
    for j, (e, _) in enumerate(s_ev):
        if j not in matched_s:
            for role, _, _ in roles(e, True):
                role_counts[role].pred += 1
    sub_ok = date_ok = date_n = kill_ok = kill_n = 0
    modality_pairs: list[tuple[str, str]] = []
    for i, j in ev_pairs:
        ge, se = g_ev[i][0], s_ev[j][0]
        gr, sr = roles(ge, False), roles(se, True)
        for role, _, _ in gr:
            role_counts[role].gold += 1
        for role, _, _ in sr:
            role_counts[role].pred += 1

        def role_score(g: tuple, p: tuple) -> float:
            if SOURCE_ROLES.get(g[0], g[0]) != SOURCE_ROLES.get(p[0], p[0]):
                return 0.0
            if g[1] and p[1] and _span_score(g[1], p[1]) > 0:
                return 2.0
            return 1.0 if g[2] is not None and g[2] == p[2] else 0.0

        role_pairs = greedy_match(gr, sr, role_score)
        for a, _ in role_pairs:
            role_counts[gr[a][0]].tp += 1
        if errors is not None:
            taken = {b for _, b in role_pairs}
            # (roles of a matched event that match no gold filler: sr and the exported roles
            # are in the same order, locations left out of both)
            kept = [r for r in se.get("roles") or [] if r.get("role") != "location"]
            wrong = [kept[k] for k in range(len(kept)) if k not in taken]
            if wrong:
                errors.append({"kind": "event_role_unmatched", "id": ge.get("id"), "type": ge.get("type"),
                               "roles": [{"role": r.get("role"), "text": r.get("text")} for r in wrong],
                               "gold_roles": [{"role": r.get("role"), "text": r.get("text")}
                                              for r in ge.get("roles") or [] if r.get("role") != "location"],
                               "evidence": (se.get("evidence") or [])[:1]})
        sub_ok += ge.get("subtype") == se.get("subtype")
        gd = (ge.get("date") or {}).get("value")
        if gd:
            date_n += 1
            date_ok += gd == (se.get("date") or {}).get("value")
            if errors is not None and gd != (se.get("date") or {}).get("value"):
                errors.append({"kind": "event_date_wrong", "id": ge.get("id"), "type": ge.get("type"),
                               "gold_date": gd, "date": se.get("date"),
                               "evidence": (se.get("evidence") or [])[:2]})
        for k in ("killed", "injured"):
            if ge.get(k) is not None:
                kill_n += 1
                kill_ok += ge.get(k) == se.get(k)
                if errors is not None and ge.get(k) != se.get(k):
                    errors.append({"kind": "event_casualties_wrong", "id": ge.get("id"), "type": ge.get("type"),
                                   "field": k, "gold": ge.get(k), "value": se.get(k),
                                   "evidence": (se.get("evidence") or [])[:2]})
        modality_pairs.append(
            (str(ge.get("modality") or "asserted"), str(se.get("modality") or "asserted"))
        )
    out["events"] = summarize(
        ev_counts,
        subtype=accuracy(sub_ok, len(ev_pairs)),
        date_value=accuracy(date_ok, date_n),
        casualties=accuracy(kill_ok, kill_n),
    )
    out["event_roles"] = summarize(role_counts)

    # ---- relations
    g_ent_ids = {e.get("id") for e in gold["entities"]}
    rel_counts: dict[str, PRF] = defaultdict(PRF)
    g_rel = [r for r in gold["relations"] if _rel_in_scope(r, gold_articles)]

    sys_event_ids = {e.get("id") for e in sys_["events"]}
    sys_entity_ids = {e.get("id") for e in sys_["entities"]}

    def sys_args(r: dict) -> tuple[Any, Any]:
        subj = ent_map.get(r.get("subject"))
        obj = r.get("object")
        if r.get("object_is_event") is not None:
            to_event = bool(r.get("object_is_event"))
        else:
            to_event = r.get("type") in EVENT_OBJECT_RELATIONS or (
                obj in sys_event_ids and obj not in sys_entity_ids
            )
        return subj, ev_map.get(obj) if to_event else ent_map.get(obj)

    s_rel = []
    for r in sys_["relations"]:
        spans = [
            amap.span(x.get("article_id"), x.get("start"), x.get("end"))
            for x in r.get("evidence") or []
        ]
        if any(spans) or not r.get("evidence"):
            s_rel.append(r)
    for r in g_rel:
        rel_counts[str(r.get("type"))].gold += 1
    for r in s_rel:
        rel_counts[str(r.get("type"))].pred += 1

    def rel_score(g: dict, p: dict) -> float:
        if g.get("type") != p.get("type"):
            return 0.0
        subj, obj = sys_args(p)
        if subj is None or obj is None:
            return 0.0
        if (g.get("subject"), g.get("object")) == (subj, obj):
            return 2.0
        if g.get("type") in SYMMETRIC_RELATIONS and (g.get("subject"), g.get("object")) == (
            obj,
            subj,
        ):
            return 1.0
        return 0.0

    rel_pairs = greedy_match(g_rel, s_rel, rel_score)
    if errors is not None:
        _unmatched(errors, "relation", g_rel, s_rel, rel_pairs, sys_names)
    pol_ok = ret_ok = 0
    for i, j in rel_pairs:
        g, p = g_rel[i], s_rel[j]
        rel_counts[str(g.get("type"))].tp += 1
        pol_ok += _polarity(g) == _polarity(p)
        ret_ok += bool(g.get("retracted")) == bool(p.get("retracted"))
        modality_pairs.append(
            (str(g.get("modality") or "asserted"), str(p.get("modality") or "asserted"))
        )
    out["relations"] = summarize(
        rel_counts,
        polarity=accuracy(pol_ok, len(rel_pairs)),
        retracted=accuracy(ret_ok, len(rel_pairs)),
        unmapped_gold_entities=len(g_ent_ids - set(ent_map.values())),
    )

    # ---- modality on matched events and relations
    by_gold: dict[str, PRF] = defaultdict(PRF)
    for g_mod, s_mod in modality_pairs:
        by_gold[g_mod].gold += 1
        by_gold[s_mod].pred += 1
        if g_mod == s_mod:
            by_gold[g_mod].tp += 1
    ok = sum(g_mod == s_mod for g_mod, s_mod in modality_pairs)
    out["modality"] = summarize(by_gold, **accuracy(ok, len(modality_pairs)))

    # ---- timexes
    g_tx, s_tx = _spanned(gold["timexes"], sys_["timexes"], gold_articles, amap)
    out["timex"] = _timex_section(
        [(s, t.get("value")) for s, t in g_tx], [(s, t.get("value")) for s, t in s_tx]
    )
    prec_pairs = greedy_match(g_tx, s_tx, lambda g, p: _span_score(g[0], p[0]))
    out["timex"]["precision_type"] = accuracy(
        sum(g_tx[i][1].get("precision") == s_tx[j][1].get("precision") for i, j in prec_pairs),
        len(prec_pairs),
    )

    # ---- quotes
    g_q, s_q = _spanned(gold["quotes"], sys_["quotes"], gold_articles, amap)
    q_pairs = greedy_match(g_q, s_q, lambda g, p: _span_score(g[0], p[0]))
    gold_names = {e.get("id"): e.get("name") for e in gold["entities"]}

    def same_speaker(g: dict, p: dict) -> bool:
        """The system's speaker entity maps onto the gold one, or the names agree (a gold
        speaker given as an entity id is compared by that entity's name)."""
        g_ent = g.get("speaker_entity") if g.get("speaker_entity") in gold_names else None
        if g_ent is None and g.get("speaker") in gold_names:
            g_ent = g.get("speaker")
        if g_ent is not None and ent_map.get(p.get("speaker")) == g_ent:
            return True
        g_name = gold_names.get(g_ent) if g_ent is not None else g.get("speaker")
        return _speaker_match(g_name, p.get("speaker_name") or p.get("speaker"))

    spk = sum(same_speaker(g_q[i][1], s_q[j][1]) for i, j in q_pairs)
    with_speaker = PRF(tp=spk, pred=len(s_q), gold=len(g_q))
    out["quotes"] = summarize(
        {"QUOTE": PRF(tp=len(q_pairs), pred=len(s_q), gold=len(g_q))},
        speaker=accuracy(spk, len(q_pairs)),
        span_and_speaker=with_speaker.as_dict(),
    )
    return out


def _unmatched(
    errors: list[dict[str, Any]], what: str, gold: list[dict], pred: list[dict],
    pairs: list[tuple[int, int]], sys_names: dict[Any, Any],
) -> None:
    """Append the gold and system records ``pairs`` left unmatched (see :func:`score_gold`);
    system entity ids are given with their names."""
    keep = ("id", "type", "subtype", "subject", "object", "modality", "date", "roles")
    for side, rows, matched in (
        ("missed", gold, {i for i, _ in pairs}), ("spurious", pred, {j for _, j in pairs})
    ):
        for k, row in enumerate(rows):
            if k in matched:
                continue
            evidence = [
                {key: x.get(key) for key in ("article_id", "start", "end", "text")}
                for x in (row.get("evidence") or [])[:3]
            ]
            record = {"kind": f"{what}_{side}", **{key: row.get(key) for key in keep if key in row},
                      "evidence": evidence}
            if side == "spurious":
                named = ("subject",) if row.get("object_is_event") else ("subject", "object")
                for key in named:
                    if key in record:
                        record[key] = f"{record[key]} {sys_names.get(record[key], '')}".strip()
            errors.append(record)


def _spanned(gold_rows: list[dict], sys_rows: list[dict], gold_articles: Any,
             amap: Any) -> tuple[list[tuple[Any, dict]], list[tuple[Any, dict]]]:
    """(span, row) pairs: gold rows of the scored articles on their own spans, system rows on
    spans aligned into the gold texts (rows that do not align are left out)."""
    g = [((r["article_id"], int(r["start"]), int(r["end"])), r)
         for r in gold_rows if r.get("article_id") in gold_articles]
    out = []
    for r in sys_rows:
        sp = amap.span(r.get("article_id"), r.get("start"), r.get("end"))
        if sp:
            out.append((sp, r))
    return g, out


def _polarity(r: dict) -> bool:
    v = r.get("polarity", True)
    if isinstance(v, str):
        return v.lower() not in ("false", "negative", "neg", "-")
    return v is None or bool(v)


def _rel_in_scope(r: dict, articles: set) -> bool:
    ev = r.get("evidence") or []
    return not ev or any(x.get("article_id") in articles for x in ev)


def _timex_section(
    gold: list[tuple[Span, Any]], pred: list[tuple[Span, Any]], label: str = "TIMEX"
) -> dict[str, Any]:
    """TempEval-3 style: strict (exact span) and relaxed (overlap) detection, value accuracy
    on relaxed matches, and value F1 (a relaxed match with the right value)."""
    gset = Counter(s for s, _ in gold)
    strict_tp = 0
    for s, _ in pred:
        if gset[s] > 0:
            gset[s] -= 1
            strict_tp += 1
    pairs = greedy_match(gold, pred, lambda g, p: _span_score(g[0], p[0]))
    val_ok = sum(_value_eq(gold[i][1], pred[j][1]) for i, j in pairs)
    n_g, n_p = len(gold), len(pred)
    return {
        "per_type": {label: PRF(len(pairs), n_p, n_g).as_dict()},
        "micro": PRF(len(pairs), n_p, n_g).as_dict(),
        "macro": prf(*_pr(PRF(len(pairs), n_p, n_g))),
        "strict": PRF(strict_tp, n_p, n_g).as_dict(),
        "relaxed": PRF(len(pairs), n_p, n_g).as_dict(),
        "value": PRF(val_ok, n_p, n_g).as_dict(),
        "value_accuracy": accuracy(val_ok, len(pairs)),
    }


def _pr(c: PRF) -> tuple[float, float]:
    d = c.as_dict()
    return float(d["p"]), float(d["r"])


def _value_eq(a: Any, b: Any) -> bool:
    return a is not None and b is not None and _timex_value(a) == _timex_value(b)


def _timex_value(v: Any) -> str:
    """A TIMEX3 value in one spelling: upper case, and ISO weeks with two digits (some TimeML
    gold writes "2000-W7" for ISO "2000-W07"; the two are the same week)."""
    return re.sub(r"-W(\d)(?=$|-)", r"-W0\1", str(v).strip().upper())


# --------------------------------------------------------------------------- CoNLL-2003

# Our entity types (and spaCy's, should a raw model be scored) onto the CoNLL-2003 labels.
CONLL_TYPES = {
    "PERSON": "PER",
    "PER": "PER",
    "ARMED_GROUP": "ORG",
    "ORGANIZATION": "ORG",
    "GOVERNMENT": "ORG",
    "MEDIA": "ORG",
    "ORG": "ORG",
    "NORP": "MISC",
    "MISC": "MISC",
    "EVENT": "MISC",
    "LOCATION": "LOC",
    "FACILITY": "LOC",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}


@dataclass
class ConllDoc:
    text: str
    tokens: list[tuple[int, int]]  # character spans of the tokens in ``text``
    chunks: list[tuple[int, int, str]]  # gold entities as token spans [start, end) and label


def conll_chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity chunks from IOB1 or BIO2 tags with conlleval's rules: a chunk starts at ``B-X``
    or at ``I-X`` after ``O`` or another type, and ends before ``O``, ``B-`` or another type."""
    chunks: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for k, tag in enumerate(list(tags) + ["O"]):
        prefix, _, typ = tag.partition("-")
        if prefix not in ("B", "I", "E", "S"):
            prefix, typ = "O", ""
        begins = prefix in ("B", "S") or (prefix in ("I", "E") and typ != label)
        if start is not None and (prefix == "O" or begins):
            chunks.append((start, k, label))
            start, label = None, ""
        if prefix != "O" and (begins or start is None):
            start, label = k, typ
    return chunks


def read_conll(path: str | Path) -> tuple[list[ConllDoc], str]:
    """Read a CoNLL-2003 file into documents (``-DOCSTART-`` breaks; a file without them is one
    document).  Tokens are joined by spaces, sentences by newlines.  Returns the documents and
    the detected scheme, ``"IOB1"`` or ``"BIO2"``."""
    docs: list[ConllDoc] = []
    sentences: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []
    scheme = "BIO2"

    def flush_doc() -> None:
        nonlocal sentences
        if sent:
            sentences.append(list(sent))
            sent.clear()
        if not sentences:
            return
        parts: list[str] = []
        tokens: list[tuple[int, int]] = []
        chunks: list[tuple[int, int, str]] = []
        pos = 0
        for s in sentences:
            base = len(tokens)
            for k, (tok, _) in enumerate(s):
                if k:
                    parts.append(" ")
                    pos += 1
                tokens.append((pos, pos + len(tok)))
                parts.append(tok)
                pos += len(tok)
            parts.append("\n")
            pos += 1
            chunks += [(base + a, base + b, t) for a, b, t in conll_chunks([t for _, t in s])]
        docs.append(ConllDoc("".join(parts), tokens, chunks))
        sentences = []

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            if sent:
                sentences.append(list(sent))
                sent.clear()
            continue
        if cols[0] == "-DOCSTART-":
            flush_doc()
            continue
        tag = cols[-1]
        if tag.startswith("I-") and (not sent or sent[-1][1][2:] != tag[2:]):
            scheme = "IOB1"  # an I- that opens a chunk only occurs in IOB1
        sent.append((cols[0], tag))
    flush_doc()
    return docs, scheme


def _token_span(tokens: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The tokens a character span covers, snapped outward to whole tokens."""
    first = next((k for k, (s, e) in enumerate(tokens) if e > start), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(tokens) and tokens[last + 1][0] < end:
        last += 1
    return (first, last + 1) if tokens[first][0] < end else None


def score_conll(
    path: str | Path,
    system_fn: Callable[[list[str]], list[list[tuple[int, int, str]]]],
) -> dict[str, Any]:
    """Entity-level exact-match P/R/F1 per CoNLL type (conlleval semantics).

    ``system_fn`` gets the document texts and returns ``(start, end, type)`` character spans per
    document; types are mapped with :data:`CONLL_TYPES` (others are dropped)."""
    docs, scheme = read_conll(path)
    predictions = system_fn([d.text for d in docs]) if docs else []
    counts: dict[str, PRF] = defaultdict(PRF)
    for doc, pred in zip(docs, predictions, strict=True):
        gold = Counter(doc.chunks)
        for _, _, t in doc.chunks:
            counts[t].gold += 1
        seen: set[tuple[int, int, str]] = set()
        for start, end, typ in pred:
            label = CONLL_TYPES.get(str(typ).upper())
            if label is None:
                continue
            span = _token_span(doc.tokens, int(start), int(end))
            if span is None or (span[0], span[1], label) in seen:
                continue
            key = (span[0], span[1], label)
            seen.add(key)
            counts[label].pred += 1
            if gold[key] > 0:
                gold[key] -= 1
                counts[label].tp += 1
    return {"ner": summarize(counts, scheme=scheme, documents=len(docs))}


# --------------------------------------------------------------------------- TimeML


@dataclass
class TimemlDoc:
    name: str
    text: str
    dct: str | None
    timexes: list[tuple[int, int, str | None, str | None]]  # start, end, value, type


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


def read_timeml(path: str | Path) -> TimemlDoc:
    """Strip the tags of a ``.tml`` file keeping offsets.  The text is the ``<TEXT>`` element
    when there is one (the whole document otherwise); the DCT is the value of the TIMEX3 with
    ``functionInDocument="CREATION_TIME"`` or inside ``<DCT>``."""
    raw = Path(path).read_text(encoding="utf-8")
    raw = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", raw, flags=re.S)
    out: list[str] = []
    pos = 0
    text_start: int | None = None
    text_end: int | None = None
    stack: list[tuple[str, int, dict[str, str]]] = []
    timexes: list[tuple[int, int, str | None, str | None]] = []
    dct: str | None = None
    in_dct = 0
    last = 0
    for m in _TAG.finditer(raw):
        chunk = html.unescape(raw[last : m.start()])
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        closing, name, attrs, selfclose = m.group(1), m.group(2).upper(), m.group(3), m.group(4)
        if closing:
            if name == "TEXT":
                text_end = pos
            if name == "DCT":
                in_dct -= 1
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    _, start, a = stack.pop(k)
                    if name == "TIMEX3":
                        if a.get("functionInDocument") == "CREATION_TIME" or in_dct:
                            dct = dct or a.get("value")
                        elif pos > start:
                            timexes.append((start, pos, a.get("value"), a.get("type")))
                    break
            continue
        a = dict(_ATTR.findall(attrs))
        if name == "TEXT" and not selfclose:
            text_start = pos
        if name == "DCT" and not selfclose:
            in_dct += 1
        if not selfclose:
            stack.append((name, pos, a))
    tail = html.unescape(raw[last:])
    out.append(tail)
    full = "".join(out)
    lo = text_start if text_start is not None else 0
    hi = text_end if text_end is not None else len(full)
    inside = [(s - lo, e - lo, v, t) for s, e, v, t in timexes if s >= lo and e <= hi]
    return TimemlDoc(Path(path).name, full[lo:hi], dct, inside)


def score_timeml(
    directory: str | Path,
    system_fn: Callable[[str, str | None], list[tuple[int, int, str | None]]],
) -> dict[str, Any]:
    """TempEval-3 style TIMEX3 scores over every ``.tml`` file under ``directory``.

    ``system_fn(text, dct)`` returns ``(start, end, value)`` triples; ``dct`` is the document
    creation time (ISO), the anchor for relative expressions."""
    gold: list[tuple[Span, Any]] = []
    pred: list[tuple[Span, Any]] = []
    by_type: dict[str, PRF] = defaultdict(PRF)
    files = (
        sorted(Path(directory).rglob("*.tml")) if Path(directory).is_dir() else [Path(directory)]
    )
    for f in files:
        doc = read_timeml(f)
        g = [((doc.name, s, e), (v, t)) for s, e, v, t in doc.timexes]
        p = [((doc.name, int(s), int(e)), v) for s, e, v in system_fn(doc.text, doc.dct)]
        gold += [(sp, v) for sp, (v, _) in g]
        pred += p
        for i, _ in greedy_match(g, p, lambda a, b: _span_score(a[0], b[0])):
            by_type[str(g[i][1][1])].tp += 1
        for _, (_, t) in g:
            by_type[str(t)].gold += 1
    section = _timex_section(gold, pred, label="TIMEX3")
    section["recall_by_type"] = {t: c.as_dict()["r"] for t, c in sorted(by_type.items())}
    section["documents"] = len(files)
    return {"timex": section}


# --------------------------------------------------------------------------- MUC-4

_ARTICLES = {"the", "a", "an"}
_HEAD_STOP = re.compile(r"\b(of|from|in|at|on|who|which|that|with|by|for)\b|,|\(")


def muc_norm(s: str) -> str:
    """Lower case, drop quotes and punctuation and a leading article."""
    words = re.sub(r"[^\w\s-]", " ", s.lower()).split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def head_noun(s: str) -> str:
    """The last word before a post-modifier: "members of the Shining Path" -> "members"."""
    pre = _HEAD_STOP.split(s.lower(), maxsplit=1)[0]
    words = muc_norm(pre).split()
    return words[-1] if words else ""


def filler_matches(pred: str, alternatives: Iterable[str]) -> bool:
    """A predicted string fills a gold entity when, for any alternative string (normalised), it
    is equal, contains it as whole words, or shares its head noun."""
    p = muc_norm(pred)
    if not p:
        return False
    ph = head_noun(pred)
    for alt in alternatives:
        a = muc_norm(alt)
        if not a:
            continue
        if p == a or f" {a} " in f" {p} " or (ph and ph == head_noun(alt)):
            return True
    return False


def _match_fillers(gold: list[list[str]], pred: list[str]) -> tuple[int, int]:
    """Match predicted strings to gold entities one-to-one; returns ``(tp, n_pred)``.

    Our predictions are strings, not clusters, so a second string for a gold entity that is
    already matched ("FMLN" after "Farabundo Marti National Liberation Front") is taken as a
    coreferent duplicate and not counted at all; any other unmatched string is spurious.
    """

    def score(g: list[str], p: str) -> float:
        return 2.0 if any(muc_norm(p) == muc_norm(a) for a in g) else float(filler_matches(p, g))

    pairs = greedy_match(gold, pred, score)
    matched = {j for _, j in pairs}
    duplicates = sum(
        1
        for j, p in enumerate(pred)
        if j not in matched and any(filler_matches(p, g) for g in gold)
    )
    return len(pairs), len(pred) - duplicates


def _dedup_strings(strings: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for s in strings:
        k = muc_norm(s)
        if k and k not in seen:
            seen[k] = s
    return list(seen.values())


def _dedup_entities(entities: Iterable[list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    keys: list[set[str]] = []
    for e in entities:
        k = {muc_norm(a) for a in e}
        hit = next((i for i, other in enumerate(keys) if k & other), None)
        if hit is None:
            out.append(list(e))
            keys.append(k)
        else:  # the same entity in two templates: one entity at document level
            out[hit] += [a for a in e if a not in out[hit]]
            keys[hit] |= k
    return out


def _date_ok(pred: Any, gold_slot: str | None) -> bool | None:
    lo, hi = _muc4.parse_key_dates(gold_slot)
    if hi is None:
        return None
    if not pred:
        return False
    p = str(pred)[:10]
    return (lo or hi) <= p <= hi


def _location_ok(pred: Any, gold_slot: str | None, specific: bool) -> bool | None:
    names = _muc4.location_names(gold_slot)
    if not names:
        return None
    if not pred:
        return False
    p = muc_norm(str(pred))
    parts = gold_slot.split(":") if gold_slot else []
    if specific:  # the most specific place of the key (its alternatives)
        names = _muc4.location_names(parts[-1])
    return any(muc_norm(n) == p or f" {muc_norm(n)} " in f" {p} " for n in names)


def _template_pair_score(gold: _muc4.Template, pred: dict[str, Any]) -> float:
    """Alignment weight of a predicted and a gold template: 0 unless the incident types
    agree, else 1 + the number of matched fillers."""
    if str(pred.get("incident_type") or "").lower() not in gold.incident_type:
        return 0.0
    filled = sum(
        _match_fillers(gold.roles[r], _dedup_strings(pred.get(r) or []))[0] for r in _muc4.ROLES
    )
    return 1.0 + filled


def score_muc4(
    predictions: dict[str, list[dict[str, Any]]],
    keys: dict[str, list[_muc4.Template]],
) -> dict[str, Any]:
    """MUC-4 role-filler scores in the document-level style (GRIT) and the template-level style
    (GTT), plus incident type, date and location accuracy, and (``muc4_gtt``) the exact
    counting of GTT's own ``eval.py`` for comparison with published numbers.

    The document- and template-level sections match fillers one-to-one and leniently (head
    noun, containment: :func:`filler_matches`).

    *Document level* pools each role's fillers over a document's templates: gold entities
    (deduplicated across templates, alternatives merged) against distinct predicted strings.
    *Template level* first aligns predicted to gold templates of the same incident type (the
    alignment maximising matched fillers); fillers of unaligned templates count as spurious or
    missing, except that a missed OPTIONAL gold template costs nothing.  Only documents in
    ``keys`` are scored; a document missing from ``predictions`` predicts nothing.
    """
    doc_counts: dict[str, PRF] = {r: PRF() for r in _muc4.ROLES}
    tmpl_counts: dict[str, PRF] = {r: PRF() for r in _muc4.ROLES}
    type_counts: dict[str, PRF] = defaultdict(PRF)
    date_ok = date_n = loc_ok = loc_n = spec_ok = 0
    for doc_id, gold_templates in keys.items():
        preds = predictions.get(doc_id) or []
        # document level
        for role in _muc4.ROLES:
            g_ents = _dedup_entities(e for t in gold_templates for e in t.roles[role])
            p_strs = _dedup_strings(x for t in preds for x in t.get(role) or [])
            tp, n_pred = _match_fillers(g_ents, p_strs)
            doc_counts[role].add(PRF(tp, n_pred, len(g_ents)))
        # template level: align on incident type, then maximise matched fillers
        w = [[_template_pair_score(g, p) for p in preds] for g in gold_templates]
        pairs = hungarian(w) if gold_templates and preds else []
        aligned_g = {i for i, _ in pairs}
        aligned_p = {j for _, j in pairs}
        for i, gt in enumerate(gold_templates):
            if i in aligned_g or gt.optional:
                continue
            type_counts["incident_type"].gold += 1
            for r in _muc4.ROLES:
                tmpl_counts[r].gold += len(_dedup_entities(gt.roles[r]))
        for j, pt in enumerate(preds):
            if j in aligned_p:
                continue
            type_counts["incident_type"].pred += 1
            for r in _muc4.ROLES:
                tmpl_counts[r].pred += len(_dedup_strings(pt.get(r) or []))
        for i, j in pairs:
            g, p = gold_templates[i], preds[j]
            type_counts["incident_type"].add(PRF(1, 1, 1))
            for r in _muc4.ROLES:
                gs = _dedup_entities(g.roles[r])
                tp, n_pred = _match_fillers(gs, _dedup_strings(p.get(r) or []))
                tmpl_counts[r].add(PRF(tp, n_pred, len(gs)))
            ok = _date_ok(p.get("date"), g.date)
            if ok is not None:
                date_n += 1
                date_ok += ok
            ok = _location_ok(p.get("location"), g.location, specific=False)
            if ok is not None:
                loc_n += 1
                loc_ok += ok
                spec_ok += bool(_location_ok(p.get("location"), g.location, specific=True))
    # incident types per document: every non-optional gold type predicted, and nothing that is
    # not a gold type (an optional template's type may be predicted or not)
    type_doc_ok = 0
    for d, ts in keys.items():
        predicted = {str(t.get("incident_type") or "").lower() for t in predictions.get(d) or []}
        required = {t.incident_type[0] for t in ts if t.incident_type and not t.optional}
        allowed = {x for t in ts for x in t.incident_type}
        type_doc_ok += required <= predicted <= allowed
    doc_level = summarize(doc_counts, documents=len(keys))
    template_level = summarize(
        tmpl_counts,
        incident_type=type_counts["incident_type"].as_dict(),
        incident_type_doc_accuracy=accuracy(type_doc_ok, len(keys)),
        date=accuracy(date_ok, date_n),
        location=accuracy(loc_ok, loc_n),
        location_specific=accuracy(spec_ok, loc_n),
    )
    return {
        "muc4_document": doc_level,
        "muc4_template": template_level,
        **score_muc4_gtt(predictions, keys),
    }


def gtt_norm(s: str) -> str:
    """GTT's string normalisation: lower case, punctuation removed, the articles a/an/the
    removed wherever they stand, whitespace collapsed."""
    s = "".join(ch for ch in s.lower() if ch not in _PUNCT)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", s).split())


_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_GTT_SLOTS = ("incident_type", *_muc4.ROLES)
_GTT_EXHAUSTIVE = 20000  # mappings tried per document before falling back to assignment


def _gtt_counts(
    mapping: dict[int, int], pred: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> dict[str, list[int]]:
    """GTT's per-document counts ``[p_num, p_den, r_num, r_den]`` per slot for one mapping of
    predicted to gold templates (-1: unmapped).  A filler is right when it is one of the
    normalised strings of any gold entity of that role (not one-to-one, as in GTT)."""
    c = {k: [0, 0, 0, 0] for k in _GTT_SLOTS}
    mapped_p, mapped_g = set(), set()
    for pi, gi in mapping.items():
        if gi == -1 or pred[pi]["incident_type"] not in gold[gi]["incident_type"]:
            continue
        mapped_p.add(pi)
        mapped_g.add(gi)
        c["incident_type"][0] += 1
        c["incident_type"][1] += 1
        c["incident_type"][2] += 1
        c["incident_type"][3] += 1
        for r in _muc4.ROLES:
            pe, ge = pred[pi][r], gold[gi][r]
            c[r][1] += len(pe)
            c[r][0] += sum(any(p in g for g in ge) for p in pe)
            c[r][3] += len(ge)
            c[r][2] += sum(any(p in g for p in pe) for g in ge)
    for pi, t in enumerate(pred):
        if pi not in mapped_p:
            c["incident_type"][1] += 1
            for r in _muc4.ROLES:
                c[r][1] += len(t[r])
    for gi, t in enumerate(gold):
        if gi not in mapped_g:
            c["incident_type"][3] += 1
            for r in _muc4.ROLES:
                c[r][3] += len(t[r])
    return c


def _gtt_f1(c: dict[str, list[int]]) -> float:
    pn, pd, rn, rd = (sum(v[k] for v in c.values()) for k in range(4))
    p = pn / pd if pd else 0.0
    r = rn / rd if rd else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score_muc4_gtt(
    predictions: dict[str, list[dict[str, Any]]],
    keys: dict[str, list[_muc4.Template]],
) -> dict[str, Any]:
    """Template-level scores exactly as GTT's ``eval.py`` (Du, Rush and Cardie 2021) counts
    them, so our number sits next to the published 46.5 / 50.2: strings normalised by
    :func:`gtt_norm` and matched exactly against any alternative of a gold entity; per
    document the predicted-to-gold template mapping with the best micro F1 (a pair counts only
    when the incident types agree); the incident type is a slot of the micro average; optional
    templates count like the others; duplicate gold templates are dropped."""
    totals = {k: [0, 0, 0, 0] for k in _GTT_SLOTS}
    for doc_id, templates in keys.items():
        gold: list[dict[str, Any]] = []
        for t in templates:
            g: dict[str, Any] = {"incident_type": " / ".join(t.incident_type)}
            for r in _muc4.ROLES:
                g[r] = [[gtt_norm(a) for a in e] for e in t.roles[r]]
            if g not in gold:
                gold.append(g)
        pred = [
            {
                "incident_type": str(p.get("incident_type") or "attack").lower(),
                **{r: [gtt_norm(x) for x in p.get(r) or []] for r in _muc4.ROLES},
            }
            for p in predictions.get(doc_id) or []
        ]
        options = list(range(len(gold))) + [-1]
        best: dict[str, list[int]] | None = None
        if len(options) ** len(pred) <= _GTT_EXHAUSTIVE:
            for combo in itertools.product(options, repeat=len(pred)):
                used = [g for g in combo if g != -1]
                if len(used) != len(set(used)):
                    continue
                c = _gtt_counts(dict(enumerate(combo)), pred, gold)
                if best is None or _gtt_f1(c) > _gtt_f1(best):
                    best = c
        else:  # too many templates to enumerate: best one-to-one assignment on matches
            w = [
                [
                    float(sum(v[0] + v[2] for v in _gtt_counts({0: 0}, [p], [gold[gi]]).values()))
                    for gi in range(len(gold))
                ]
                for p in pred
            ]
            pairs = hungarian(w)
            mapping = {pi: -1 for pi in range(len(pred))} | dict(pairs)
            best = _gtt_counts(mapping, pred, gold)
        best = best or _gtt_counts({}, pred, gold)
        for k in _GTT_SLOTS:
            for i in range(4):
                totals[k][i] += best[k][i]

    def as_prf(v: list[int]) -> dict[str, float | int]:
        p = v[0] / v[1] if v[1] else 0.0
        r = v[2] / v[3] if v[3] else 0.0
        return {
            "p": p,
            "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": v[0],
            "pred": v[1],
            "gold": v[3],
        }

    per = {k: as_prf(v) for k, v in totals.items()}
    micro = as_prf([sum(v[i] for v in totals.values()) for i in range(4)])
    live = [v for v in per.values() if v["pred"] or v["gold"]]
    macro = {k: sum(v[k] for v in live) / len(live) if live else 0.0 for k in ("p", "r", "f1")}
    return {"muc4_gtt": {"per_type": per, "micro": micro, "macro": macro, "documents": len(keys)}}


# Our PLOVER event types/subtypes onto MUC-4 incident types (first match wins: subtype, then
# type).  Events of other types are not MUC incidents and are dropped.
MUC_SUBTYPES = {
    "bombing": "bombing",
    "suicide_attack": "bombing",
    "suicide_bombing": "bombing",
    "car_bomb": "bombing",
    "ied": "bombing",
    "explosion": "bombing",
    "kidnapping": "kidnapping",
    "abduction": "kidnapping",
    "hostage_taking": "kidnapping",
    "arson": "arson",
    "robbery": "robbery",
    "theft": "robbery",
    "looting": "robbery",
    "strike": "forced work stoppage",
    "work_stoppage": "forced work stoppage",
    "armed_strike": "forced work stoppage",
    # state violence MUC does not count as a terrorist incident on its own: battles between
    # armies and guerrillas, air strikes, shelling (MUC-4 excludes "military" clashes)
    "military_offensive": None,
}
MUC_TYPES = {
    "ATTACK": "attack",
    "ASSAULT": "attack",
    "BOMBING": "bombing",
    "KIDNAP": "kidnapping",
    "ABDUCT": "kidnapping",
    "COERCE": None,  # only its kidnapping/strike subtypes are MUC incidents
}
# Role names of our events onto MUC-4 roles; "perpetrator" is split by the filler's type.
MUC_ROLES = {
    "target": "Target",
    "victim": "Victim",
    "instrument": "Weapon",
    "weapon": "Weapon",
}
_GROUP_TYPES = {"ARMED_GROUP", "ORGANIZATION", "GOVERNMENT", "MEDIA"}
MUC_DROP_MILITARY = True
# MUC-4 fillers are short noun phrases: the head noun with its pre-modifiers and "of"
# complements, without determiners, counts, relative clauses or place / time phrases
# ("at least 10 union members in San Salvador who ..." -> "union members").
_MUC_LEADING = frozenset(
    "the a an this these those that some several about around approximately nearly almost "
    "over least at more than up to another other only all alleged suspected presumed "
    "self-styled so-called self-named apparently possibly reportedly".split()
)
_MUC_NUMBER = re.compile(
    r"^(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|dozen|dozens|hundreds)$"
)
_MUC_COUNT_PHRASE = re.compile(
    r"^(?:at (?:least|most)|(?:more|less|fewer) than|up to|as many as|a total of)\s+",
    re.I,
)
_MUC_NEGATIVE = frozenset({"no", "none", "neither", "nobody", "nor", "not"})
_MUC_CUT = re.compile(
    r"\s*(?:[,;:(\[]|--|\b(?:who|whom|which|that|whose|where|when|while|in|at|near|on|from|"
    r"during|inside|outside|between|after|before|under|along|as|aboard|according|to|into|with"
    r"|such|including|and)\b)",
    re.I,
)
_MUC_PRONOUNS = frozenset(
    "i me my we us our ours you your he him his she her it its they them their theirs this "
    "that these those one someone somebody anyone anybody nobody no none everyone who whom "
    "which what themselves himself herself itself ourselves".split()
)
# Perpetrator heads that name an organisation even when the NER did not type them as one
# ("the army", "the armed forces", "the government", "death squads").
_MUC_ORG_HEADS = frozenset(
    "army armies government regime forces force police front movement cartel cartels mafia "
    "mafias party guard military battalion brigade".split()
)


# MUC-4 counts terrorist acts, not combat: an attack whose every victim and target is armed
# (soldiers, guerrillas, a garrison, army positions) is a military clash and no MUC incident.
_MUC_MILITARY = frozenset(
    "soldier soldiers troop troops guerrilla guerrillas army armies garrison garrisons battalion "
    "battalions brigade brigades patrol patrols military barracks rebel rebels insurgents "
    "subversives combatants enemy forces infantry regiment platoon company positions "
    "guardsmen paratroopers servicemen marines sailors".split()
)


def _is_military(filler: str) -> bool:
    words = muc_norm(filler).split()
    return bool(words) and (
        words[-1] in _MUC_MILITARY or any(w in {"military", "army", "guerrilla"} for w in words)
    )


def muc_filler(text: str) -> str | None:
    """Our role text as a MUC-4 filler: cut at the first clause, comma or non-"of"
    prepositional phrase, without leading determiners and counts; None for a pronoun."""
    text = re.sub(r"^[^\[\]]*\]\s*", "", text.strip())  # "Text] Guatemala's ..." header debris
    # a leading count phrase holds cut words ("at least", "up to"): drop it before cutting
    text = _MUC_COUNT_PHRASE.sub("", text)
    first = len(text.split(" ", 1)[0])
    cut = _MUC_CUT.search(text, first)
    text = text[: cut.start()] if cut else text
    words = text.split()
    if words and words[0].lower() in _MUC_NEGATIVE:
        return None  # "no guerrilla group", "none of the soldiers": nobody
    # "the two bombs", "at least 10 union members", "two of his bodyguards"
    while words and (
        words[0].lower() in _MUC_LEADING
        or _MUC_NUMBER.match(words[0].lower())
        or (words[0].lower() == "of" and len(words) > 1)
    ):
        words = words[1:]
    while words and words[-1].lower() in {"of", "and", "the", "a", "'s"}:
        words = words[:-1]
    if not words or (len(words) == 1 and words[0].lower().strip("'s") in _MUC_PRONOUNS):
        return None
    return " ".join(words)


def _mentions_by_article(entities: list[dict[str, Any]]) -> dict[Any, list[tuple[int, int, str, Any]]]:
    out: dict[Any, list[tuple[int, int, str, Any]]] = defaultdict(list)
    for e in entities:
        for m in e.get("mentions") or []:
            if m.get("start") is not None:
                out[m.get("article_id")].append((m["start"], m["end"], m.get("text") or "", e.get("id")))
    return out


def _role_fillers(
    r: dict[str, Any], ents: dict[Any, dict[str, Any]], mentions: dict[Any, list]
) -> list[tuple[str, str]]:
    """``(MUC role, filler)`` pairs for one of our roles.  A named person filler is its name
    ("reporter Roberto Navas" -> "Roberto Navas"); a perpetrator that is a group's name is
    PerpOrg, one that only mentions a group ("members of the FARC") is PerpInd with the group
    as PerpOrg."""
    name = str(r.get("role") or "").lower()
    text = str(r.get("text") or "")
    role = "perpetrator" if name == "perpetrator" else MUC_ROLES.get(name)
    if not role or not text:
        return []
    short = muc_filler(text)
    # named entities inside the filler's short form
    inside: list[tuple[str, dict[str, Any]]] = []
    start = r.get("start")
    if isinstance(start, int) and short:
        lo = text.find(short.split()[0])
        s0 = start + max(lo, 0)
        s1 = s0 + len(short) + 2
        for ms, me, mt, eid in mentions.get(r.get("article_id"), []):
            if s0 <= ms and me <= s1 and eid in ents:
                inside.append((mt, ents[eid]))
    ent = ents.get(r.get("entity_id")) or {}
    persons = [mt for mt, e in inside if e.get("type") == "PERSON"]
    groups = [mt for mt, e in inside if e.get("type") in _GROUP_TYPES]
    if role == "perpetrator":
        if short is None:
            return []
        head = short.split()[-1].lower()
        if ent.get("type") in _PLACE_TYPES and not groups and not persons:
            return []  # "Honduras attacked": a state named by its place; MUC wants the army
        if persons and head in {p.split()[-1].lower() for p in persons}:
            return [("PerpInd", persons[-1])]
        if groups and head in {g.split()[-1].lower() for g in groups}:
            return [("PerpOrg", groups[-1])]
        if not inside and ent.get("type") in _GROUP_TYPES and head not in _MUC_PERSON_HEADS:
            return [("PerpOrg", short)]
        if head in _MUC_ORG_HEADS:
            return [("PerpOrg", short)]
        out = [("PerpInd", short)]
        out += [("PerpOrg", g) for g in groups[:1]]
        return out
    if short is None:
        return []
    if role in {"Target", "Victim"} and ent.get("type") in _PLACE_TYPES and not inside:
        return []  # "attacked San Ramon": the place, not a target
    if role in {"Target", "Victim"} and ent.get("type") in _PLACE_TYPES and all(
        e.get("type") in _PLACE_TYPES for _, e in inside
    ) and muc_norm(short) in {muc_norm(mt) for mt, _ in inside}:
        return []
    if role == "Target" and (persons or _is_person_head(short)):
        role = "Victim"  # "attacked the attorney general", "targeted journalists"
    if role in {"Victim"} and persons and short.split()[-1].lower() == persons[-1].split()[-1].lower():
        return [(role, persons[-1])]
    return [(role, short)]


_PLACE_TYPES = {"LOCATION", "FACILITY_LOCATION"}


def _is_person_head(filler: str) -> bool:
    """Whether a filler's head noun names people ("journalists", "attorney general")."""
    from newsgraph.extract.events import config as _events_config

    words = muc_norm(filler).split()
    if not words:
        return False
    head = words[-1]
    nouns = _events_config().person_nouns | _MUC_PERSON_HEADS
    singular = re.sub(r"men$", "man", head) if head.endswith("men") else head.rstrip("s")
    return head in nouns or singular in nouns or head in {"general", "people", "population"}


_MUC_PERSON_HEADS = frozenset(
    "members member guerrillas guerrilla terrorists terrorist rebels rebel men man individuals "
    "individual persons person people commandos gunmen assailants attackers criminals units "
    "unit squads squad soldiers soldier troops subversives militants killers youths".split()
)


def _main_group(
    articles: list[Any], mentions: dict[Any, list], ents: dict[Any, dict[str, Any]]
) -> str | None:
    """The armed group an article is about: the one it names most often (its commonest
    written form), or None when it names none."""
    count: Counter[Any] = Counter()
    forms: dict[Any, Counter[str]] = defaultdict(Counter)
    for a in dict.fromkeys(articles):
        for _, _, text, eid in mentions.get(a, []):
            if (ents.get(eid) or {}).get("type") == "ARMED_GROUP":
                count[eid] += 1
                forms[eid][text] += 1
    if not count:
        return None
    eid, _ = count.most_common(1)[0]
    return forms[eid].most_common(1)[0][0]


_DEFAULT_RELEVANCE: Any = object()  # sentinel: use the packaged relevance model when present


def events_to_muc4(
    export_dir: str | Path, merge: bool = True, relevance: Any = _DEFAULT_RELEVANCE
) -> dict[str, list[dict[str, Any]]]:
    """Turn an export's events into MUC-4 predictions, keyed by the article's source stem (the
    MUC message id when each message was ingested as ``<ID>.txt``).

    Mapping: subtype via :data:`MUC_SUBTYPES`, else type via :data:`MUC_TYPES`; roles
    target -> Target, victim -> Victim, instrument -> Weapon, perpetrator -> PerpOrg when it
    names a group (ARMED_GROUP, ORGANIZATION, GOVERNMENT, MEDIA, or an organisation head such
    as "army"), PerpInd otherwise (plus PerpOrg for a group it mentions: "members of the FARC");
    fillers shortened to MUC's short noun phrases by :func:`muc_filler`; pronouns dropped; the
    event date's value and the location entity's name fill date and location.

    With ``merge`` the events of one incident type in one document become one template (their
    fillers pooled, the first date and location kept): an article usually reports an incident
    several times, and MUC keys hold one template per incident.

    ``relevance`` (a :class:`newsgraph.extract.relevance.RelevanceModel`; by default the packaged one,
    None to switch it off) scores each article's text: the templates of a document it finds
    irrelevant are dropped.  Without a model the mapping is unchanged.
    """
    ex = read_export(export_dir)
    if relevance is _DEFAULT_RELEVANCE:
        from newsgraph.extract.relevance import load_relevance

        relevance = load_relevance()
    art_doc = {a["id"]: _stem(a.get("source")) or str(a["id"]) for a in ex["articles"]}
    doc_date = {art_doc[a["id"]]: a.get("published") for a in ex["articles"]}
    ents = {e.get("id"): e for e in ex["entities"]}
    mentions = _mentions_by_article(ex["entities"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in ex["events"]:
        sub = str(ev.get("subtype") or "").lower()
        itype = MUC_SUBTYPES[sub] if sub in MUC_SUBTYPES else MUC_TYPES.get(
            str(ev.get("type") or "").upper()
        )
        if not itype:
            continue
        t: dict[str, Any] = {"incident_type": itype, **{r: [] for r in _muc4.ROLES}}
        for r in ev.get("roles") or []:
            for role, filler in _role_fillers(r, ents, mentions):
                if filler not in t[role]:
                    t[role].append(filler)
        struck = t["Target"] + t["Victim"]
        if MUC_DROP_MILITARY and struck and all(_is_military(x) for x in struck):
            continue
        if MUC_DROP_MILITARY:  # the armed fillers of a mixed event are combat losses
            t["Target"] = [x for x in t["Target"] if not _is_military(x)]
            t["Victim"] = [x for x in t["Victim"] if not _is_military(x)]
        value = (ev.get("date") or {}).get("value")
        t["date"] = value if str(value or "")[:1].isdigit() else None
        loc = ents.get(ev.get("location"))
        t["location"] = loc.get("name") if loc else None
        arts = [x.get("article_id") for x in ev.get("evidence") or []] or [
            r.get("article_id") for r in ev.get("roles") or []
        ]
        doc = next((art_doc[a] for a in arts if a in art_doc), None)
        if not doc:
            continue
        if not t["PerpOrg"]:
            # MUC keys name the organisation behind an incident even where a sentence only
            # says "guerrillas": the armed group the article names most stands in
            group = _main_group(arts, mentions, ents)
            if group:
                t["PerpOrg"].append(group)
        same = next((x for x in out[doc] if x["incident_type"] == itype), None) if merge else None
        if same is None:
            out[doc].append(t)
            continue
        for role in _muc4.ROLES:
            same[role] += [x for x in t[role] if x not in same[role]]
        # one incident reported as attack, then deaths: its date is the earliest ("shot last
        # night ... died this morning")
        dates = [d for d in (same["date"], t["date"]) if d]
        same["date"] = min(dates, key=lambda d: str(d)) if dates else None
        same["location"] = same["location"] or t["location"]
    # MUC keys date an incident the text does not date "on or before" the message's date
    # ("- 19 JUL 89"): an undated template takes the dateline date, as a key would
    for doc, templates in out.items():
        for t in templates:
            if not t["date"] and doc_date.get(doc):
                t["date"] = doc_date[doc]
    if relevance is not None:
        out = _filter_relevant(out, ex["articles"], art_doc, relevance)
    return dict(out)


def _filter_relevant(
    out: dict[str, list[dict[str, Any]]],
    articles: list[dict[str, Any]],
    art_doc: dict[Any, str],
    relevance: Any,
) -> dict[str, list[dict[str, Any]]]:
    """Drop the templates of documents the relevance model scores below its threshold (a
    message about combat, politics or an old incident that still yielded events)."""
    texts: dict[str, str] = {}
    for a in articles:
        doc = art_doc.get(a.get("id"))
        text = str(a.get("text") or "")
        if doc in out and doc not in texts and re.search(r"[^\W\d_]", text):
            texts[doc] = text
    docs = list(texts)
    scores = dict(zip(docs, relevance.relevance([texts[d] for d in docs]), strict=True))
    # documents without words in the export are kept as they are: nothing to judge
    return {d: t for d, t in out.items() if scores.get(d, 1.0) >= relevance.threshold}


# --------------------------------------------------------------------------- rendering


def _fmt(x: Any) -> str:
    return f"{100 * x:.1f}" if isinstance(x, float) else str(x)


def render_table(scores: dict[str, Any], title: str = "newsgraph evaluation") -> Table:
    """One Rich table for any scores dict: a row per type, micro and macro rows, and a row for
    each extra accuracy or P/R/F1 figure of a section (percentages)."""
    table = Table(title=title)
    for col in ("section", "type", "P", "R", "F1", "tp / pred / gold"):
        table.add_column(col, justify="left" if col in ("section", "type") else "right")
    for name, sec in scores.items():
        if not isinstance(sec, dict):
            continue
        first = True

        def row(label: str, d: dict[str, Any], name: str = name) -> None:
            nonlocal first
            counts = (
                f"{d['tp']} / {d['pred']} / {d['gold']}"
                if "tp" in d
                else f"{d['correct']} / {d['total']}"
                if "correct" in d
                else ""
            )
            if "accuracy" in d:
                table.add_row(
                    name if first else "", label, "", "", _fmt(d["accuracy"]) + " acc", counts
                )
            else:
                table.add_row(
                    name if first else "",
                    label,
                    _fmt(d.get("p")),
                    _fmt(d.get("r")),
                    _fmt(d.get("f1")),
                    counts,
                )
            first = False

        for t, d in (sec.get("per_type") or {}).items():
            row(t, d)
        for key, d in sec.items():
            if key == "per_type" or not isinstance(d, dict):
                continue
            if "f1" in d or "accuracy" in d:
                row(key, d)
            else:  # a nested table such as recall_by_kind
                for sub, v in d.items():
                    if isinstance(v, dict) and ("f1" in v or "accuracy" in v):
                        row(f"{key}:{sub}", v)
        if "accuracy" in sec and "correct" in sec:
            row("accuracy", sec)
        table.add_section()
    return table


# --------------------------------------------------------------------------- quality gate


def flatten_scores(scores: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """``{"events": {"micro": {"f1": 0.5}}}`` -> ``{"events.micro.f1": 0.5}`` (numbers only),
    the keys a CI gate pins floors on."""
    flat: dict[str, float] = {}
    for key, value in scores.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten_scores(value, path + "."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[path] = float(value)
    return flat


def check_floors(
    scores: dict[str, Any], floors: dict[str, float], tolerance: float = 1e-9
) -> list[str]:
    """Every pinned floor the scores fall below (or lack), as one readable line each; an empty
    list means the gate passes."""
    flat = flatten_scores(scores)
    failures = []
    for key, floor in sorted(floors.items()):
        got = flat.get(key)
        if got is None:
            failures.append(f"{key}: missing (floor {floor:.4f})")
        elif got + tolerance < floor:
            failures.append(f"{key}: {got:.4f} < floor {floor:.4f}")
    return failures


# --------------------------------------------------------------------------- runners
# Each runner feeds texts through the normal pipeline (a temporary store for article inputs),
# exports, and only then hands the export to a scorer: extraction never sees gold.


def run_to_export(raws: Iterable[Any], out_dir: str | Path, settings: Any = None) -> Path:
    """Ingest ``RawArticle`` records into a fresh store in ``out_dir`` and export it there."""
    from newsgraph.pipeline import ingest_raw
    from newsgraph.query.export import export_jsonl
    from newsgraph.settings import Settings
    from newsgraph.store import Store

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "eval.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with Store(db) as store:
        ingest_raw(raws, store, settings=settings or Settings())
        export_jsonl(store, out / "export")
    return out / "export"


def gold_inputs(gold_dir: str | Path, root: str | Path = ".") -> list[Any]:
    """The raw inputs for a gold set: each gold article's ``source`` file when it exists (so cleaning
    is scored too, with its sidecar metadata), else the gold text with the gold's given metadata."""
    from newsgraph.ingest.read import iter_raw
    from newsgraph.records import RawArticle

    raws: list[Any] = []
    for art in read_jsonl(Path(gold_dir) / "articles.jsonl"):
        path = Path(root) / (art.get("source") or "")
        if art.get("source") and path.is_file():
            raws.extend(iter_raw([str(path)]))
        else:
            raws.append(RawArticle(source=f"{art['id']}.txt", text=art["text"], title=art.get("title"),
                                   published=art.get("published"), publisher=art.get("publisher")))
    return raws


def eval_gold(gold_dir: str | Path, work_dir: str | Path, root: str | Path = ".", settings: Any = None) -> dict[str, Any]:
    export = run_to_export(gold_inputs(gold_dir, root), work_dir, settings)
    return score_gold(export, gold_dir)


def _pipeline(settings: Any = None) -> Any:
    from newsgraph.pipeline import get_pipeline

    return get_pipeline(settings)


def eval_conll(path: str | Path, settings: Any = None) -> dict[str, Any]:
    """CoNLL texts go straight to the analysis stages (no cleaning: offsets must stay on tokens)."""
    pipe = _pipeline(settings)

    def system_fn(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out = []
        for text in texts:
            _, result = pipe.analyse_text(text)
            out.append([(m.start, m.end, m.type) for m in result.mentions])
        return out

    return score_conll(path, system_fn)


def eval_timeml(directory: str | Path, settings: Any = None) -> dict[str, Any]:
    """Timexes as TimeML annotates them: ``timex.extract(..., timeml=True)`` also reports what
    the project's own gold leaves out (bare references such as "now", sets such as "daily",
    clock times); nothing else of the pipeline runs."""
    from newsgraph.extract import timex
    from newsgraph.records import Article

    pipe = _pipeline(settings)

    def system_fn(text: str, dct: str | None) -> list[tuple[int, int, str | None]]:
        article = Article(id="timeml", source="<timeml>", raw_text=text, text=text,
                          published=dct, offsets=((0, 0, len(text)),))
        found = timex.extract(pipe.nlp(text), article, timeml=True)
        return [(t.start, t.end, t.value) for t in found]

    return score_timeml(directory, system_fn)


def eval_muc4(texts: str | Path, keys: str | Path, work_dir: str | Path, limit: int | None = None,
              settings: Any = None) -> dict[str, Any]:
    docs = _muc4.read_texts(texts)
    gold = _muc4.read_keys(keys)
    docs = [d for d in docs if d.id in gold][:limit] if limit else [d for d in docs if d.id in gold]
    ids = {d.id for d in docs}
    export = run_to_export(_muc4.raw_articles(docs), work_dir, settings)
    predictions = events_to_muc4(export)
    scores = score_muc4(predictions, {k: v for k, v in gold.items() if k in ids})
    scores["documents"] = len(docs)
    return scores


# The reference point for the entity layer: bare spaCy NER on the same cleaned texts, labels
# mapped onto ours, one entity per distinct surface string (no KB, no type votes, no chains).
SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "LOCATION", "LOC": "LOCATION",
                "FAC": "FACILITY"}


def bare_spacy_export(pipeline_export: str | Path, out_dir: str | Path, model: str | None = None) -> Path:
    """Re-annotate the articles of an export with bare spaCy NER and write an export beside it."""
    import spacy

    from newsgraph.settings import Settings

    nlp = spacy.load(model or Settings().model)  # a fresh copy: no newsgraph components
    articles = read_jsonl(Path(pipeline_export) / "articles.jsonl")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    clusters: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for art, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        for ent in doc.ents:
            label = SPACY_LABELS.get(ent.label_)
            if label:
                clusters[(ent.text, label)].append(
                    {"article_id": art["id"], "start": ent.start_char, "end": ent.end_char, "text": ent.text})
    (out / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles))
    (out / "entities.jsonl").write_text("".join(
        json.dumps({"id": i, "name": name, "type": label, "aliases": [name], "mentions": mentions}) + "\n"
        for i, ((name, label), mentions) in enumerate(clusters.items())))
    return out
