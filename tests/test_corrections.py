"""Correction notices: the claims they say were wrong are stored retracted, never asserted."""

from __future__ import annotations

import pytest

from newsgraph.extract import corrections, relations
from tests._facts_helpers import make_result

BODY = "Gunmen attacked a checkpoint near the border on Monday, police said.\n\n"

# (notice text, cleaner spans given?, [(subject, type:subtype, object)], expected date or None)
CASES = [
    (
        "Correction Feb. 2, 2010\n\nAn earlier Web version of this story incorrectly referred to Hakimullah "
        "Mehsud and Baitullah Mehsud as brothers. In fact, while both men were from the same tribe, they were "
        "not otherwise related.",
        False,
        [("Hakimullah", "family:brother_of", "Baitullah")],
        "2010-02-02",
    ),
    (
        "Clarification: An earlier version of this article incorrectly said Abu Obaida was the leader of Hamas. "
        "He is a spokesman for the group.",
        False,
        [("Abu Obaida", "leads", "Hamas")],
        None,
    ),
    (
        "This article has been corrected. It previously misidentified Ali Musa Daqduq as a member of Hamas.",
        False,
        [("Daqduq", "member_of", "Hamas")],
        None,
    ),
    (
        "Correction: A previous version of this story wrongly stated that the Real IRA broke away from the "
        "Provisional IRA in 1986.",
        False,
        [("Real IRA", "splinter_of", "Provisional IRA")],
        None,
    ),
    (
        "Correction — March 3, 2015\nAn earlier version of this article erroneously described Timoleon Jimenez "
        "as the brother of Gerry Adams.",
        False,
        [("Timoleon Jimenez", "family:brother_of", "Gerry Adams")],
        "2015-03-03",
    ),
    (
        "Because of an editing error, the article mistakenly said Hamza bin Laden was the son of "
        "Abubakar Shekau.",
        True,
        [("Abubakar Shekau", "family:parent_of", "Hamza bin Laden")],
        None,
    ),
    (
        "Editor's note: An earlier version of this story incorrectly said that Boko Haram was based in Chad.",
        False,
        [("Boko Haram", "based_in", "Chad")],
        None,
    ),
    # notice forms of other newsrooms (audit, docs/audit.md): day-first dates, a comma after
    # the title, amendment notes, wire correction slugs in parentheses
    (
        "Correction 12 March 2015: An earlier version of this story wrongly said Hezbollah was an "
        "ally of the Islamic State.",
        False,
        [("Hezbollah", "allied_with", "Islamic State")],
        "2015-03-12",
    ),
    (
        "This article was amended on 3 May 2019. It incorrectly described Boko Haram as a splinter "
        "of al-Qaida.",
        False,
        [("Boko Haram", "splinter_of", "al-Qaida")],
        "2019-05-03",
    ),
    (
        "Correction, Feb. 2, 2010: The article incorrectly said Hamas was based in Lebanon.",
        False,
        [("Hamas", "based_in", "Lebanon")],
        "2010-02-02",
    ),
    (
        "(Corrects paragraph 3 to say Gerry Adams was not a member of the Real IRA. An earlier "
        "version wrongly said he was a member of the Real IRA.)",
        False,
        [("Gerry Adams", "member_of", "Real IRA")],
        None,
    ),
    (
        "Clarification 4 June 2018\n\nWe wrongly described Abu Obaida as the leader of Hamas. "
        "He is its spokesman.",
        False,
        [("Abu Obaida", "leads", "Hamas")],
        "2018-06-04",
    ),
]


def _names(result, r):
    return result.entities[r.subject].name, result.entities[r.object].name


@pytest.mark.parametrize("notice,given,expected,date", CASES, ids=[c[0][:40] for c in CASES])
def test_correction_table(nlp, notice, given, expected, date):
    text = BODY + notice
    doc = nlp(text)
    spans = ((len(BODY), len(text)),) if given else ()
    result = make_result(doc, publisher="NPR", corrections=spans)
    retracted = corrections.extract(doc, result, relations.extract_in)
    asserted = relations.extract(doc, result)
    for subj, kind, obj in expected:
        rtype, _, subtype = kind.partition(":")
        hits = [
            r
            for r in retracted
            if r.type == rtype
            and r.subtype == (subtype or None)
            and {subj, obj} <= {n for name in _names(result, r) for n in (subj, obj) if n in name}
        ]
        assert hits, [(r.type, r.subtype, _names(result, r)) for r in retracted]
        r = hits[0]
        assert (r.polarity, r.retracted, r.modality, r.valid_from) == (False, True, "negated", None)
        assert "correction" in r.attributed_to and r.attributed_to.startswith("NPR")
        if date:
            assert date in r.attributed_to
        assert r.evidence[0].text in text and any(
            w in r.evidence[0].text
            for w in ("incorrectly", "wrongly", "misidentified", "erroneously", "mistakenly")
        )
        # the wrong claim is never asserted by the ordinary extractor
        assert not [
            a
            for a in asserted
            if a.polarity
            and a.type == rtype
            and a.subtype == (subtype or None)
            and set(_names(result, a)) == set(_names(result, r))
        ]


@pytest.mark.parametrize(
    "text",
    [
        "Corrections officers said the prisoners had escaped from the jail in Maiduguri.",
        "The minister said the report had incorrectly named the suspects.",
        "Hamas leader Ismail Haniyeh said the correction was overdue.",
        "Correctional officers in Kano said 12 inmates had escaped.",
        "Clarifying remarks by the army spokesman followed on Tuesday.",
    ],
)
def test_no_notice_no_retraction(nlp, text):
    doc = nlp(text)
    result = make_result(doc)
    assert corrections.correction_spans(doc, result) == []
    assert corrections.extract(doc, result, relations.extract_in) == []


def test_correction_date_forms():
    assert corrections.correction_date("Correction Feb. 2, 2010") == "2010-02-02"
    assert corrections.correction_date("Correction: September 14, 2021") == "2021-09-14"
    assert corrections.correction_date("Clarification (2019-05-01)") == "2019-05-01"
    assert corrections.correction_date("Correction appended") is None
    assert corrections.correction_date("Correction 12 March 2015:") == "2015-03-12"
    assert corrections.correction_date("This article was amended on 3 May 2019") == "2019-05-03"
