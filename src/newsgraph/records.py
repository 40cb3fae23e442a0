"""The small typed records that flow between pipeline stages.

Data flows one way: ``ingest`` yields :class:`RawArticle`, ``clean`` turns it into an
:class:`Article`, the NLP stages add :class:`Mention`, :class:`LocalEntity`, :class:`Timex`,
:class:`Event`, :class:`Relation` and :class:`Quote`, gathered in one :class:`ArticleResult`
that ``store`` writes in a single transaction.  Every claim carries its evidence: the article,
character offsets into ``Article.text`` and the extractor that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The entity types of the export contract.
ENTITY_TYPES = (
    "PERSON",
    "ARMED_GROUP",
    "ORGANIZATION",
    "GOVERNMENT",
    "MEDIA",
    "LOCATION",
    "FACILITY",
)
EntityType = str  # one of ENTITY_TYPES

MODALITIES = (
    "asserted",
    "reported",
    "believed",
    "suspected",
    "speculated",
    "possible",
    "denied",
    "negated",
)
Modality = str  # one of MODALITIES

Precision = Literal["day", "week", "month", "season", "year", "decade", "duration", "relative", "unknown"]


@dataclass(frozen=True)
class RawArticle:
    """One article as it came in, before any cleaning.

    ``text`` or ``html`` holds the content (exactly one is normally set).  ``source`` names the
    input (a path, ``-`` for stdin) and ``line`` the 1-based line for JSONL input.
    Metadata fields are what the input itself provided (JSONL keys, a sidecar file, CLI flags).
    """

    source: str
    text: str | None = None
    html: str | None = None
    line: int | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date given by the input or the user
    publisher: str | None = None
    byline: str | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article.  All offsets of everything extracted from it point into ``text``.

    ``offsets`` maps the cleaned text back to ``raw_text``: a tuple of
    ``(clean_start, raw_start, length)`` segments, each a run of characters copied verbatim.
    Use :func:`newsgraph.ingest.clean.to_raw_offset` to translate a position.
    """

    id: str
    source: str
    raw_text: str
    text: str
    title: str | None = None
    publisher: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    published_range: tuple[str, str] | None = None  # [earliest, latest] when only bounded
    url: str | None = None
    line: int | None = None
    offsets: tuple[tuple[int, int, int], ...] = ()
    corrections: tuple[tuple[int, int], ...] = ()  # spans of correction notices in ``text``
    # Share of the raw text's characters (spaces and markup not counted) that cleaning removed
    # as page furniture, and how many lines of each kind it removed ("navigation", "photo
    # credit", "footer chrome", ...).  Title, byline and date lines move to metadata: not removed.
    removed_share: float = 0.0
    removed: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of ``Article.text`` naming an entity."""

    start: int
    end: int
    text: str
    type: EntityType
    sentence: int  # index into ArticleResult.sentences
    entity: int = -1  # index into ArticleResult.entities (the in-article cluster)
    source: str = "ner"  # "ner", "kb" (KB matcher), "fuzzy" (typo of a KB name), "chain" (re-found surname), "repeat" (a name re-found verbatim), "nominal"
    kb_id: str | None = None


@dataclass
class LocalEntity:
    """An entity as one article knows it: a cluster of its mentions.

    ``store`` links it to a stored entity (cross-article resolution) when it saves the article.
    """

    name: str  # the longest / canonical form in this article (or the KB canonical name)
    type: EntityType
    mentions: list[int] = field(default_factory=list)  # indexes into ArticleResult.mentions
    aliases: list[str] = field(default_factory=list)
    kb_id: str | None = None
    ambiguous: bool = False  # a short form that fits several full names and was not resolved
    reasons: list[str] = field(default_factory=list)  # why mentions were chained together


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str
    sentence: int | None = None


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    value: str | None  # ISO 8601 / TIMEX3 style: 2009-12-30, 2009-08, 2009-SU, P2M, PAST_REF...
    precision: str  # day, week, month, season, year, decade, duration, relative, unknown
    anchor: str | None = None  # the date (or range "a/b") the value was computed from
    sentence: int | None = None


@dataclass(frozen=True)
class Role:
    role: str  # perpetrator, target, victim, instrument, location, ...
    text: str
    start: int
    end: int
    entity: int | None = None  # index into ArticleResult.entities


@dataclass(frozen=True)
class Event:
    type: str  # PLOVER category: ATTACK, ASSAULT, COERCE, ...
    subtype: str  # bombing, suicide_attack, air_strike, killing, ...
    trigger: Evidence
    roles: tuple[Role, ...] = ()
    date: Timex | None = None
    location: int | None = None  # entity index
    killed: int | None = None
    injured: int | None = None
    modality: Modality = "asserted"
    attributed_to: str | None = None  # entity name or described source
    attributed_entity: int | None = None
    polarity: bool = True
    evidence: tuple[Evidence, ...] = ()
    extractor: str = "events"


@dataclass(frozen=True)
class Relation:
    type: str  # leads, member_of, aide_of, allied_with, rival_of, splinter_of, family, ...
    subject: int  # entity index
    object: int  # entity index, or event index when ``object_is_event``
    evidence: tuple[Evidence, ...]
    object_is_event: bool = False
    subtype: str | None = None  # e.g. family kind: father_of, son_of, brother_of
    polarity: bool = True
    modality: Modality = "asserted"
    valid_from: str | None = None
    valid_to: str | None = None
    attributed_to: str | None = None
    attributed_entity: int | None = None
    retracted: bool = False
    extractor: str = "relations"


@dataclass(frozen=True)
class Quote:
    speaker: str  # entity name or described source
    cue: str
    content: str
    start: int
    end: int
    speaker_entity: int | None = None
    sentence: int | None = None


@dataclass(frozen=True)
class Failure:
    """An input that could not be ingested, with a one-line reason."""

    source: str
    reason: str
    line: int | None = None


@dataclass
class ArticleResult:
    """Everything the CPU stages extracted from one article; a pure value, picklable."""

    article: Article
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[LocalEntity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pipeline_version: str = ""


@dataclass(frozen=True)
class StoredEntity:
    """An entity already in the store, as a candidate for cross-article linking."""

    id: int
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    kb_id: str | None = None
    mention_count: int = 0
