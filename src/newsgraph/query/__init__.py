"""Stage 4 of the data's path (after :mod:`newsgraph.store`): what is read out of a store.

- :mod:`~newsgraph.query.facts`: claims from many articles aggregated into facts;
- :mod:`~newsgraph.query.graph`: profiles, timelines, the network as of a date, paths;
- :mod:`~newsgraph.query.analytics`: centrality, communities, new connections;
- :mod:`~newsgraph.query.geo`: places geocoded offline, with the analysts' corrections;
- :mod:`~newsgraph.query.review`: analysts' merges, splits, renames, rejections, with undo;
- :mod:`~newsgraph.query.export`: JSONL (the public contract, ``docs/export.md``) and other formats;
- :mod:`~newsgraph.query.report`: a self-contained HTML briefing.
"""
