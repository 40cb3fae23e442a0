"""Facts: claims aggregated into the entity graph, as the store keeps them.

A claim is what one article says at one span.  A fact gathers every claim that supports the
same thing: one ``leads`` edge between two entities, one real-world attack reported in several
sentences or articles.  Claims that disagree (other polarity, other modality, other source, a
retraction) stay apart, so conflicts are shown, never collapsed.

The rules live in :mod:`newsgraph.store.facts`; the store keeps the facts current as articles
are saved, reviewed and corrected (:mod:`newsgraph.store.materialise`), each with a stable id
derived from what identifies it (``ev-…``, ``rel-…``).  This module reads them, and still
understands the positional ids of earlier versions (``ev3``: the third event fact in order).
"""

from __future__ import annotations

import re

from ..periods import ISO_DATE, period, period_end, period_start
from ..store import Store
from ..store.facts import (
    INVERSE,
    SYMMETRIC,
    EventFact,
    RelationFact,
    fold_inverses,
    held_from,
    pair_key,
)

__all__ = ["INVERSE", "ISO_DATE", "SYMMETRIC", "EventFact", "RelationFact", "event_facts", "fold_inverses",
           "held_from", "pair_key", "period", "period_end", "period_start", "positional", "relation_facts",
           "resolve_fact_id"]

POSITIONAL = re.compile(r"^(?P<kind>rel|ev)(?P<n>\d+)$")


def event_facts(store: Store) -> list[EventFact]:
    """Events aggregated across sentences and articles, in the order of their first claims."""
    return store.event_facts()


def relation_facts(store: Store, event_ids: dict[str, str] | None = None) -> list[RelationFact]:
    """Relation claims grouped by what they say (disagreeing claims stay separate facts), in the
    order of their first claims; a ``responsible_for`` object is an event fact's id.
    ``event_ids`` is accepted for compatibility and not needed: the store links them."""
    return store.relation_facts()


def positional(fact_id: str) -> tuple[str, int] | None:
    """("ev" | "rel", n) for an id of the positional form earlier versions showed (``ev3``)."""
    m = POSITIONAL.match(fact_id.strip())
    return (m["kind"], int(m["n"])) if m else None


def resolve_fact_id(store: Store, fact_id: str) -> str | None:
    """The stable id of a fact given by its stable id or its positional one (``rel3``: the third
    relation fact as listed, the way ``newsgraph claims`` numbered them); None when there is none."""
    fact_id = fact_id.strip()
    pos = positional(fact_id)
    if pos is None:
        return fact_id if store.fact_claims(fact_id) else None
    kind, n = pos
    listed = store.event_facts() if kind == "ev" else store.relation_facts()
    return listed[n - 1].id if 1 <= n <= len(listed) else None
