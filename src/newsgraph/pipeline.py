"""The orchestrator: chains the stages, one article at a time, batching the spaCy pass.

``clean -> nlp -> entities -> resolve -> timex -> events -> relations/quotes/corrections``
are pure functions of one article plus read-only knowledge (model, KB), so a
:class:`Pipeline` can run in a worker process unchanged; only ``store`` writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TextIO

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .errors import NewsgraphError
from .extract import (
    corrections,
    entities,
    events,
    quotes,
    relation_model,
    relations,
    resolve,
    timex,
)
from .extract.kb import KBEntry, KnowledgeBase, load_kb
from .extract.nlp import load_model
from .extract.truecase import is_upper_text, truecase
from .ingest.clean import article_id, clean_article
from .ingest.read import iter_raw
from .query import review
from .records import Article, ArticleResult, Failure, RawArticle
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)

PIPELINE_VERSION = f"newsgraph-{__version__}"


class Pipeline:
    """The CPU-heavy stages with the model and the knowledge base loaded once."""

    def __init__(self, settings: Settings | None = None, extra_kb: Iterable[KBEntry] = ()) -> None:
        self.settings = settings or Settings()
        self.kb: KnowledgeBase = load_kb(self.settings.kb_paths, extra_kb)
        self.nlp: Language = load_model(self.settings.model, self.settings.ner_model)
        entities.configure(self.nlp, self.kb)
        entities.load_knowledge()  # gazetteer and lexicon sets, once per process like the model

    def analyse_doc(self, article: Article, doc: Doc) -> ArticleResult:
        result = ArticleResult(article=article, pipeline_version=PIPELINE_VERSION)
        result.sentences = [(s.start_char, s.end_char) for s in doc.sents]
        mentions = entities.extract(doc, article, self.kb)
        result.mentions, result.entities = resolve.chain(doc, article, mentions, self.kb)
        result.timexes = timex.extract(doc, article)
        result.events = events.extract(doc, result)
        result.quotes = quotes.extract(doc, result)
        found = relations.extract(doc, result)
        mode = relation_model.mode_of(self.settings.relation_classifier)
        if mode != "off":
            found = relation_model.apply(doc, result, found, mode, self.settings.relation_threshold)
        result.relations = found + corrections.extract(doc, result, relations.extract_in)
        return result

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult | Failure]:
        """Analyse articles in order, batching the spaCy pass; a failing article becomes a Failure."""
        for batch in _batches((self._bounded(a) for a in articles), self.settings.batch_size):
            yield from self._run_batch(batch)

    def _bounded(self, article: Article) -> Article:
        limit = self.settings.max_text_chars
        if is_upper_text(article.text[:20_000]):
            # all-capitals wire copy (old agency feeds, FBIS): restore case for the model;
            # same length, so every offset still points into the same characters
            article = replace(article, text=truecase(article.text))
        if len(article.text) <= limit:
            return article
        log.warning("%s: text truncated to %d characters for analysis", article.source, limit)
        return replace(article, text=article.text[:limit])

    def _run_batch(self, batch: list[Article]) -> Iterator[ArticleResult | Failure]:
        docs = self.nlp.pipe((a.text for a in batch), batch_size=len(batch))
        for article, doc in zip(batch, docs, strict=True):
            try:
                yield self.analyse_doc(article, doc)
            except Exception as exc:  # one bad article must never stop the batch
                log.exception("analysis failed for %s", article.source)
                yield Failure(article.source, f"analysis failed: {type(exc).__name__}: {exc}", article.line)

    def analyse_text(
        self,
        text: str,
        *,
        published: str | None = None,
        published_range: tuple[str, str] | None = None,
        title: str | None = None,
        publisher: str | None = None,
        source: str = "<text>",
    ) -> tuple[Doc, ArticleResult]:
        """Analyse one already-clean text (tests, notebooks): returns the Doc and the result."""
        article = Article(
            id=article_id(text),
            source=source,
            raw_text=text,
            text=text,
            title=title,
            publisher=publisher,
            published=published,
            published_range=published_range,
            offsets=((0, 0, len(text)),),
        )
        doc = self.nlp(text)
        return doc, self.analyse_doc(article, doc)


_PIPELINES: dict[tuple, Pipeline] = {}


def get_pipeline(settings: Settings | None = None, extra_kb: Iterable[KBEntry] = ()) -> Pipeline:
    """A per-process cached pipeline for these settings (worker processes call this once)."""
    settings = settings or Settings()
    extra = tuple(extra_kb)
    key = (settings.model, settings.ner_model, settings.kb_paths, settings.fuzzy_threshold,
           settings.batch_size, settings.relation_classifier, settings.relation_threshold, extra)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings, extra)
    return _PIPELINES[key]


@dataclass
class IngestReport:
    """What one ingest run did: counts and the failures (also recorded in the store)."""

    seen: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0  # near-duplicates of stored articles, linked and not analysed again
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)  # stored and analysed, but worth a look


# An article that lost more than this share of its text to cleaning is stored with a warning.
REMOVED_WARNING_SHARE = 0.5


def removal_warning(article: Article) -> Failure | None:
    """A one-line warning record when cleaning removed more than half of an article's text
    (a list-heavy report mistaken for navigation, or a page that is mostly furniture)."""
    if article.removed_share <= REMOVED_WARNING_SHARE:
        return None
    kinds = ", ".join(f"{kind} {n}" for kind, n in article.removed[:4])
    return Failure(
        article.source,
        f"warning: cleaning removed {article.removed_share:.0%} of the text ({kinds}); "
        f"article {article.id} stored and analysed",
        article.line,
    )


def _cleaned(raws: Iterable[RawArticle | Failure]) -> Iterator[Article | Failure]:
    for raw in raws:
        if isinstance(raw, Failure):
            yield raw
            continue
        try:
            yield clean_article(raw)
        except NewsgraphError as exc:
            yield Failure(raw.source, str(exc), raw.line)
        except Exception as exc:  # a cleaner bug on one input must not stop the batch
            log.exception("cleaning failed for %s", raw.source)
            yield Failure(raw.source, f"cleaning failed: {type(exc).__name__}: {exc}", raw.line)


def ingest(
    paths: Sequence[str],
    db: str | Store | None = None,
    *,
    settings: Settings | None = None,
    stdin: TextIO | None = None,
    **options: Any,
) -> IngestReport:
    """Read, clean, analyse and store articles from files, folders or stdin (``-``).

    Bad inputs are recorded and skipped; re-ingesting an article already in the store changes
    nothing.  ``options`` are those of :func:`ingest_raw`.
    """
    settings = settings or Settings()
    return ingest_raw(iter_raw(paths, stdin=stdin, settings=settings), db, settings=settings, **options)


def ingest_raw(
    raws: Iterable[RawArticle | Failure],
    db: str | Store | None = None,
    *,
    settings: Settings | None = None,
    published: str | None = None,
    publisher: str | None = None,
    replace_existing: bool = False,
    progress: Callable[[IngestReport, str], None] | None = None,
) -> IngestReport:
    """Clean, analyse and store articles already read (API users, evaluation, benchmarks).

    Re-ingesting an article already in the store changes nothing (unless ``replace_existing``).
    ``published``/``publisher`` override what the input or the text says.
    """
    settings = settings or Settings()
    if published is not None:
        _check_date(published)
    store = db if isinstance(db, Store) else Store(db or settings.db)
    report = IngestReport()

    def fail(f: Failure) -> None:
        report.failed += 1
        report.failures.append(f)
        store.record_failure(f)
        log.warning("%s%s: %s", f.source, f":{f.line}" if f.line else "", f.reason)

    def overridden(raws: Iterable[RawArticle | Failure]) -> Iterator[RawArticle | Failure]:
        for raw in raws:
            if isinstance(raw, RawArticle) and (published or publisher):
                raw = replace(raw, published=published or raw.published, publisher=publisher or raw.publisher)
            yield raw

    def fresh(items: Iterable[Article | Failure]) -> Iterator[Article]:
        seen_ids: set[str] = set()
        for item in items:
            report.seen += 1
            if isinstance(item, Failure):
                fail(item)
            elif item.id in seen_ids or (not replace_existing and store.has_article(item.id)):
                report.unchanged += 1
            elif not replace_existing and (dup := store.near_duplicate(item.text)) is not None:
                store.record_duplicate(item, *dup)
                report.duplicates += 1
            else:
                seen_ids.add(item.id)
                if (warning := removal_warning(item)) is not None:
                    report.warnings.append(warning)
                    store.record_failure(warning)
                    log.warning("%s%s: %s", warning.source, f":{warning.line}" if warning.line else "",
                                warning.reason)
                yield item
            if progress:
                progress(report, getattr(item, "source", ""))

    try:
        articles = fresh(_cleaned(overridden(raws)))
        first = next(articles, None)
        if first is None:
            return report
        extra_kb = store.kb_entries()
        kb = load_kb(settings.kb_paths, extra_kb)
        chained = _chain_one(first, articles)
        executor = settings.extra.get("executor") or "local"
        results: Iterable[ArticleResult | Failure]
        if executor == "ray":
            from .distributed import analyse_with_ray

            results = analyse_with_ray(chained, settings, extra_kb, make_pipeline=Pipeline)
        elif executor != "local":
            raise NewsgraphError(f"unknown executor {executor!r}: use local or ray")
        elif settings.workers > 1:
            results = _analyse_parallel(chained, settings, extra_kb)
        else:
            results = get_pipeline(settings, extra_kb).process(chained)
        # one refresh of the facts for the whole ingest, not one per article (each save is
        # recorded in the store as it commits, so a crash leaves the refresh to the next open)
        with store.deferred_facts():
            for result in results:
                if isinstance(result, Failure):
                    fail(result)
                elif store.save(result, kb, replace=replace_existing):
                    report.added += 1
                else:
                    report.unchanged += 1
            if report.added:  # analysts' decisions hold over re-ingests and pipeline upgrades
                review.reapply(store)
    finally:
        if not isinstance(db, Store):
            store.close()
    return report


_WORKER: Pipeline | None = None


def _worker_init(settings: Settings, extra_kb: tuple[KBEntry, ...]) -> None:
    global _WORKER
    _WORKER = Pipeline(settings, extra_kb)


def _worker_run(batch: list[Article]) -> list[ArticleResult | Failure]:
    assert _WORKER is not None
    return list(_WORKER.process(batch))


def _analyse_parallel(articles: Iterable[Article], settings: Settings,
                      extra_kb: Sequence[KBEntry]) -> Iterator[ArticleResult | Failure]:
    """Analyse batches in worker processes, each loading the model once; results come back in
    input order (so entity ids are the same as a one-worker run) with a bounded number in flight."""
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    in_flight: deque[Any] = deque()
    with ProcessPoolExecutor(settings.workers, mp_context=ctx, initializer=_worker_init,
                             initargs=(settings, tuple(extra_kb))) as pool:
        for batch in _batches(articles, settings.batch_size):
            in_flight.append(pool.submit(_worker_run, batch))
            if len(in_flight) >= 2 * settings.workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise NewsgraphError(f"published date {value!r}: use YYYY-MM-DD (a real day)") from None


def _chain_one(first: Article, rest: Iterator[Article]) -> Iterator[Article]:
    yield first
    yield from rest
