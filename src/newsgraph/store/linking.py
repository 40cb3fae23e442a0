"""What linking one article's entities reads, fetched once per article.

Saving an article links its entities one after another: each one looks up the stored entities
that share a blocking key (or its KB id) and :func:`newsgraph.extract.resolve.link` decides.  Rather
than four queries per entity, :class:`LinkState` holds the candidates of *all* the article's
entities, read in a handful of queries when the save starts, and is kept current as the article
links (an entity created, renamed, or given new aliases and keys is seen by the entities after
it), exactly as re-reading the tables would.  The writes it stands for (aliases, keys, links)
go to the database in one batch per table once the article's entities are linked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import EntityType, StoredEntity

MAX_CANDIDATES = 200  # entities sharing a key with one local entity: the lowest ids win


@dataclass
class Candidate:
    """A stored entity as linking sees it, updated while the article links."""

    id: int
    name: str
    type: EntityType
    aliases: set[str] = field(default_factory=set)
    kb_id: str | None = None
    mention_count: int = 0

    def record(self) -> StoredEntity:
        return StoredEntity(self.id, self.name, self.type, tuple(sorted(self.aliases)), self.kb_id,
                            self.mention_count)


class LinkState:
    """Candidates for one article's entities, by blocking key and by KB id."""

    def __init__(self, by_key: dict[str, set[int]], by_kb: dict[str, set[int]],
                 entities: dict[int, Candidate]) -> None:
        self.by_key, self.by_kb, self.entities = by_key, by_kb, entities

    def candidates(self, keys: Iterable[str], kb_id: str | None) -> list[StoredEntity]:
        """The stored entities sharing a key (at most :data:`MAX_CANDIDATES`, lowest ids first),
        then those with the KB id."""
        ids = sorted(set().union(*(self.by_key.get(k, ()) for k in keys)))[:MAX_CANDIDATES]
        if kb_id:
            ids += sorted(self.by_kb.get(kb_id, ()))
        return [self.entities[i].record() for i in dict.fromkeys(ids)]

    def add(self, entity: Candidate) -> None:
        self.entities[entity.id] = entity
        if entity.kb_id:
            self.by_kb.setdefault(entity.kb_id, set()).add(entity.id)

    def file(self, entity_id: int, names: Iterable[str], keys: Iterable[str]) -> None:
        """``entity_id`` now has these aliases and blocking keys."""
        self.entities[entity_id].aliases.update(names)
        for key in keys:
            self.by_key.setdefault(key, set()).add(entity_id)

    def rename(self, entity_id: int, name: str, kb_id: str | None) -> None:
        entity = self.entities[entity_id]
        entity.name = name
        if kb_id and kb_id != entity.kb_id:
            entity.kb_id = kb_id
            self.by_kb.setdefault(kb_id, set()).add(entity_id)
