"""Beside the data's path: how well the pipeline does, against gold sets and public benchmarks.

- :mod:`~newsgraph.evaluate.scoring`: the scorers (exports against gold, CoNLL-2003, TimeML, MUC-4);
- :mod:`~newsgraph.evaluate.gold`: the builder of gold sets from hand-written annotation files;
- :mod:`~newsgraph.evaluate.muc4`: the MUC-4 corpus reader (texts and answer keys).
"""
