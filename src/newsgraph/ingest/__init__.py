"""Stage 1 of the data's path: sources in, clean articles out.

- :mod:`~newsgraph.ingest.read`: files, folders, JSONL and standard input into raw articles;
- :mod:`~newsgraph.ingest.clean`: body text without page chrome, with an offset map to the raw text;
- :mod:`~newsgraph.ingest.metadata`: publisher, byline, dateline and date from the text itself;
- :mod:`~newsgraph.ingest.dedup`: near-duplicate detection (MinHash with LSH).

(The function :func:`newsgraph.ingest`, which runs the whole pipeline, is in
:mod:`newsgraph.pipeline`.)
"""
