"""When two event mentions name one real-world event: the rule set shared by the merge of
mentions within an article (:func:`newsgraph.extract.events.merge`) and of reports across
articles (:mod:`newsgraph.store.facts`).

The subtypes come from ``merge_groups`` and ``generic_subtypes`` in ``data/events.yaml``: two
subtypes can be one event when a group holds both and one of them is generic ("bombing" and
"suicide_attack"); the subtypes linked by the groups form a *family*, the unit the store indexes
event claims by.  Dates are compared as calendar periods (:mod:`newsgraph.periods`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from .settings import DATA_DIR


@dataclass(frozen=True)
class _Rules:
    groups: tuple[tuple[str, ...], ...]
    generic: frozenset[str]
    family: dict[str, str]  # subtype -> its family's name (the alphabetically first subtype)


@lru_cache(maxsize=1)
def rules() -> _Rules:
    raw = yaml.safe_load((DATA_DIR / "events.yaml").read_text(encoding="utf-8"))
    groups = tuple(tuple(str(s) for s in g) for g in raw.get("merge_groups") or ())
    # families: the connected components of the groups
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in groups:
        for s in group[1:]:
            a, b = find(group[0]), find(s)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return _Rules(groups, frozenset(raw.get("generic_subtypes") or ()), {s: find(s) for s in parent})


def family(subtype: str) -> str:
    """The family of subtypes that may name one event with ``subtype`` (itself when alone)."""
    return rules().family.get(subtype, subtype)


def compatible_subtypes(a: str, b: str) -> str | None:
    """The subtype of the one event two mentions of subtypes ``a`` and ``b`` name (the more
    specific: "bombing" + "suicide_attack" -> "suicide_attack"), or None when they cannot be one."""
    if a == b:
        return a
    r = rules()
    for group in r.groups:
        if a in group and b in group:
            if a in r.generic and (b not in r.generic or group.index(b) > group.index(a)):
                return b
            if b in r.generic:
                return a
    return None
