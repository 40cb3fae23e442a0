"""Stage 2 of the data's path: one clean article in, its analysis (mentions, entities, time
expressions, events, relations, quotes) out, all with character offsets into the article.

- :mod:`~newsgraph.extract.nlp`: the spaCy pass, one model per process;
- :mod:`~newsgraph.extract.truecase`: case restored in all-capitals wire copy before the model reads it;
- :mod:`~newsgraph.extract.kb` (and :mod:`~newsgraph.extract.kb_import`): the knowledge base of actors;
- :mod:`~newsgraph.extract.entities`: entity mentions, typed by evidence across the article;
- :mod:`~newsgraph.extract.resolve`: name chains in an article, links to stored entities;
- :mod:`~newsgraph.extract.timex`: time expressions, normalised against the article's date;
- :mod:`~newsgraph.extract.modality`: is a claim asserted, reported, hedged or denied, and by whom;
- :mod:`~newsgraph.extract.events`, :mod:`~newsgraph.extract.relations`,
  :mod:`~newsgraph.extract.quotes`: who did what to whom, who is allied with whom, who said what;
- :mod:`~newsgraph.extract.corrections`: the claims a correction notice retracts;
- :mod:`~newsgraph.extract.relevance`: does a document report a terrorist incident (MUC-4).

The rules' word lists live in ``newsgraph/data/``.
"""
