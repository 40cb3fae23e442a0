"""clean.py: boilerplate removal, titles, corrections, ids and the offset map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.ingest.clean import article_id, clean_article, is_sentence, to_raw_offset
from newsgraph.records import Article, RawArticle

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PUBLISHERS = Path(__file__).parent / "fixtures" / "publishers"
EXPECTED = yaml.safe_load((PUBLISHERS / "expected.yaml").read_text())

CBS = SAMPLES / "000_ade3ec06338c3c2f.txt"
NPR = SAMPLES / "003_146b48d1e1b73cbb.txt"


def _raw(path: Path, **meta: str) -> RawArticle:
    content = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return RawArticle(source=str(path), html=content, **meta)
    return RawArticle(source=str(path), text=content, **meta)


def _sidecar(path: Path) -> dict[str, str]:
    return json.loads(path.with_suffix(".meta.json").read_text())


def assert_offsets(article: Article) -> None:
    """Every verbatim segment maps back exactly, char by char."""
    for clean_start, raw_start, length in article.offsets:
        assert (
            article.raw_text[raw_start : raw_start + length]
            == article.text[clean_start : clean_start + length]
        )
        for i in (clean_start, clean_start + length // 2, clean_start + length - 1):
            assert article.raw_text[to_raw_offset(article, i)] == article.text[i]
    copied = sum(length for _, _, length in article.offsets)
    # Nearly all of the clean text is copied verbatim (only joins, breaks, entities are not).
    assert copied >= 0.9 * len(article.text.replace("\n\n", ""))


# --------------------------------------------------------------------------- the two samples


def test_cbs_sample() -> None:
    a = clean_article(_raw(CBS, **_sidecar(CBS)))
    assert a.title == "Pakistan Gearing Up To Go After Mehsud"
    assert (a.publisher, a.byline, a.dateline, a.published) == (
        "CBS News",
        "Farhan Bokhari",
        "Islamabad",
        "2009-06-25",
    )
    assert a.published_range is None
    assert a.text.startswith("Pakistan's three-week-old military advance")
    assert a.text.endswith('we are not going to spare anyone," he added.')
    for junk in (
        "Watch CBS News",
        "AP Photo",
        "filed by",
        "View CBS News",
        "Chrome",
        "Continue",
        "App Open",
    ):
        assert junk not in a.text
    assert a.title not in a.text
    assert a.corrections == ()
    assert_offsets(a)


def test_cbs_sample_metadata_detected_without_sidecar() -> None:
    a = clean_article(_raw(CBS))
    assert (a.publisher, a.byline, a.dateline, a.published) == (
        "CBS News",
        "Farhan Bokhari",
        "Islamabad",
        None,
    )


def test_npr_sample() -> None:
    a = clean_article(_raw(NPR, **_sidecar(NPR)))
    assert a.title == "Militant Groups Seen Collaborating Against U.S."
    assert a.publisher == "NPR"
    assert a.published is None
    assert a.published_range == ("2009-12-30", "2010-02-02")
    assert a.text.startswith("The militant Islamist groups")
    paragraphs = a.text.split("\n\n")
    assert "A Single Enemy" in paragraphs  # a subhead stays as its own paragraph
    assert "Correction Feb. 2, 2010" in paragraphs
    for junk in (
        "NPR logo",
        "Download",
        "iframe",
        "Transcript",
        "community civil",
        "Terms of Use",
        "Privacy Policy",
    ):
        assert junk not in a.text
    assert a.title not in a.text
    assert len(a.corrections) == 1
    start, end = a.corrections[0]
    assert a.text[start:end].startswith("Correction Feb. 2, 2010\n\nAn earlier Web version")
    assert a.text[start:end].endswith("not otherwise related.")
    assert_offsets(a)


def test_npr_publisher_detected_from_logo_line() -> None:
    assert clean_article(_raw(NPR)).publisher == "NPR"


# --------------------------------------------------------------------------- publisher layouts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_publisher_layouts(name: str) -> None:
    exp = EXPECTED[name]
    a = clean_article(_raw(PUBLISHERS / name))
    for key in ("title", "publisher", "byline", "dateline", "published"):
        assert getattr(a, key) == exp[key], key
    assert a.text.startswith(exp["starts"])
    assert a.text.endswith(exp["ends"])
    for junk in exp["absent"]:
        assert junk not in a.text, junk
    assert a.title not in a.text
    assert len(a.corrections) == exp.get("corrections", 0)
    assert "\n\n\n" not in a.text and a.text == a.text.strip()
    assert_offsets(a)


# --------------------------------------------------------------------------- general rules

BODY = (
    "Security forces killed four militants in a raid on a hideout near the border on Monday, "
    "officials said.\n\nThe operation followed a series of attacks on checkpoints in the district."
)


@pytest.mark.parametrize(
    "noise",
    [
        '<div class="ad" data-slot="top"></div>',
        "  • Share\n  • Embed",
        "Open in app",
        "Listen 4:32",
        "Advertisement",
        "Related: Army says 20 killed in clashes",
        "READ MORE: Taliban attack convoy in Swat",
        "Photo: Reuters",
        "(AFP Photo/Aamir Qureshi)",
        "Getty Images",
        "Image caption, Soldiers on patrol",
        "© 2011 Example Media Group. All rights reserved.",
        "Sign up for our daily briefing newsletter, delivered to your inbox every morning.",
        "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.",
        "Comments are moderated and must follow our community guidelines.",
        "Share this article",
        "Follow us on Twitter",
        "Chrome Firefox Safari Edge",
        "Reuters logo",
        "Skip to main content",
        "Follow @AJEnglish on Twitter",
        "https://example.org/news/2011/05/article.html",
        "Email the author: desk@example.org",
        "bur-jm/ser",
        "Editor: Liu Xin",
        "Edited by Jane Roe",
        "2 hours ago",
        "This article is more than 10 years old",
        "Kenyan troops on patrol in Lamu county [File: Reuters]",
        "Soldiers guard the site of the blast. Photograph: Akhtar Soomro/Reuters",
        "[1/3] Soldiers at a checkpoint near Wana, June 25, 2009. REUTERS/Faisal Mahmood",
        "Listen · 4:32",
        "share2",
        # page furniture of other sites: captions, credits, video and gallery prompts, teaser lists
        # captions and credits
        "©Jane Doe (AFP)",
        "Soldiers patrol the valley on Monday. ©Jane Doe (AFP)",
        "Photo: Jane Doe/Reuters",
        "Reuters/Akhtar Soomro",
        "Police at the scene of the blast. Reuters/Faisal Mahmood",
        "AFP/Getty",
        "A soldier at a checkpoint in Wana. AFP/Getty Images",
        "(Photo by Aamir Qureshi/AFP via Getty Images)",
        "Soldiers patrol the valley on Monday. (Photo by John Moore/Getty Images)",
        "Image copyright AFP",
        "Image caption Soldiers on patrol in the valley",
        "Image caption,\nSoldiers on patrol in the valley",
        "Credit...Akhtar Soomro/Reuters",
        "Hide caption",
        "toggle caption",
        "Photo 3 of 12",
        # reading, video and gallery prompts
        "Continue reading the main story",
        "JUST WATCHED",
        "JUST WATCHED\nFloods sweep through Swat valley\nReplay",
        "MUST WATCH",
        "Replay",
        "Watch: Floods sweep through Swat valley",
        "Video: Army convoy ambushed",
        "Media playback is unsupported on your device",
        "This video can not be played",
        "Click to play video",
        "Now playing",
        "Slideshow",
        "Gallery",
        "Photos: Pakistan floods",
        "See all 12 photos",
        "Gallery: Floods in Swat (12 photos)",
        "In pictures: Floods in Swat",
        "Pakistan floods in pictures",
        # related stories, sharing, newsletters
        "Related:",
        "Read more:",
        "More on this story",
        "Most read",
        "Related Topics\nPakistan\nTaliban\nSwat",
        "Most Read\nTaliban attack convoy\nFloods kill 20 in Swat\nArmy chief visits Wana",
        "Why the monsoon is getting worse\nUN appeals for aid after floods\nFloods kill 20 in Swat valley",
        "Pakistan Floods: What We Know So Far\nUN Appeals For Aid After Floods\nArmy Chief Visits Wana Base",
        "Share this with\nEmail\nFacebook\nMessenger\nTwitter",
        "Share on Facebook",
        "Get our free daily newsletter",
        "Newsletter\nSign up for our weekly briefing",
    ],
)
@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
def test_boilerplate_lines_are_removed(noise: str, where: str) -> None:
    first, second = BODY.split("\n\n")
    text = {
        "top": f"{noise}\n\n{BODY}",
        "middle": f"{first}\n\n{noise}\n\n{second}",
        "bottom": f"{BODY}\n\n{noise}",
    }[where]
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert a.text == BODY
    assert_offsets(a)


@pytest.mark.parametrize(
    "text, expected",
    [
        # entities decoded in scraped text; the decoded char is not "copied"
        (
            "Officials at AT&amp;T said the network went down in the region on Monday night.",
            "Officials at AT&T said the network went down in the region on Monday night.",
        ),
        # hard-wrapped lines of one paragraph are joined with a space
        (
            "The army said on Tuesday that its troops had\nkilled twelve fighters in the valley overnight.",
            "The army said on Tuesday that its troops had killed twelve fighters in the valley overnight.",
        ),
        # inline tags in scraped text are removed, their text kept
        (
            "<p>The <b>army</b> said twelve fighters were killed in the valley overnight.</p>",
            "The army said twelve fighters were killed in the valley overnight.",
        ),
        # a long bulleted item is content (bullet marker dropped)
        (
            "• The army said twelve fighters were killed in the valley overnight on Friday.",
            "The army said twelve fighters were killed in the valley overnight on Friday.",
        ),
        # a real sentence that mentions privacy is not a policy paragraph
        (
            "The minister said the new privacy law would be debated in parliament next week.",
            "The minister said the new privacy law would be debated in parliament next week.",
        ),
        # a prompt word opening a real sentence is not a prompt
        (
            "Recommended reforms were announced by the government on Monday.",
            "Recommended reforms were announced by the government on Monday.",
        ),
        # weak cues alone never make a policy paragraph
        (
            "The group's newsletter comments on the fighting in the valley every week.",
            "The group's newsletter comments on the fighting in the valley every week.",
        ),
        # credit- and copyright-like words inside real sentences stay
        (
            "Video by the group showed the hostages alive in the mountains.",
            "Video by the group showed the hostages alive in the mountains.",
        ),
        (
            "The report may not be published until the inquiry ends, the minister said.",
            "The report may not be published until the inquiry ends, the minister said.",
        ),
        # a bare date heading a section of a timeline is text, not the publication date
        (
            "Troops moved into the valley on Monday, officials said.\n\nJune 3, 2009\n\nThe first clashes were reported in the north.",
            "Troops moved into the valley on Monday, officials said.\n\nJune 3, 2009\n\nThe first clashes were reported in the north.",
        ),
        # "By Tuesday, ..." is not a byline
        (
            "By Tuesday, the army said, troops had retaken most of the valley from the militants.",
            "By Tuesday, the army said, troops had retaken most of the valley from the militants.",
        ),
    ],
)
def test_text_normalisation(text: str, expected: str) -> None:
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert a.text == expected
    assert a.published is None
    assert_offsets(a)


def test_repeated_headline_is_title_and_removed() -> None:
    text = (
        "Site Menu\n\nArmy retakes key town from rebels\n\nArmy retakes key town from rebels\n\n"
        + BODY
        + "\n\nArmy retakes key town from rebels"
    )
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert a.title == "Army retakes key town from rebels"
    assert a.text == BODY


def test_given_title_wins_and_is_removed_from_body() -> None:
    text = "Breaking: rebels take town\n\n" + BODY
    a = clean_article(RawArticle(source="t.txt", text=text, title="Breaking: rebels take town"))
    assert a.title == "Breaking: rebels take town"
    assert a.text == BODY


def test_wire_dateline_is_stripped_and_recorded() -> None:
    text = "LIMA, 20 AUG 88 (EFE) -- Police said a bomb exploded outside the ministry, wounding two guards."
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert a.text == "Police said a bomb exploded outside the ministry, wounding two guards."
    assert (a.dateline, a.publisher, a.published) == ("Lima", "EFE", "1988-08-20")


def test_correction_paragraph_spans() -> None:
    text = (
        BODY
        + "\n\nCorrection: An earlier version of this story gave the wrong district. It was Khyber."
    )
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert len(a.corrections) == 1
    s, e = a.corrections[0]
    assert (
        a.text[s:e]
        == "Correction: An earlier version of this story gave the wrong district. It was Khyber."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Watch CBS News\n\nShare\n\nOpen in app",
        '<iframe src="x" width="100%"></iframe>',
        "Please keep your community civil. All comments must follow the Community rules and terms of use.",
        "Advertisement",
    ],
)
def test_nothing_article_like_raises(text: str) -> None:
    with pytest.raises(InputError, match="no article text") as info:
        clean_article(RawArticle(source="junk.txt", text=text))
    assert "\n" not in str(info.value) and "words remained" in str(info.value)


def test_html_without_main_text_raises() -> None:
    with pytest.raises(InputError):
        clean_article(
            RawArticle(source="x.html", html="<html><body><script>var a=1;</script></body></html>")
        )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The army said twelve fighters were killed.", True),
        ("Militant Groups Seen Collaborating Against U.S.", False),
        ("A Single Enemy", False),
        ("Watch CBS News", False),
        ('"The militants are surrounded," he added.', True),
    ],
)
def test_is_sentence(text: str, expected: bool) -> None:
    assert is_sentence(text) is expected


# --------------------------------------------------------------------------- ids


def test_article_id_is_stable_and_whitespace_insensitive() -> None:
    a = clean_article(_raw(CBS))
    assert a.id == clean_article(_raw(CBS)).id == article_id(a.text)
    assert article_id("a  b\n\nc") == article_id("a b c")
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    assert article_id("a b c") != article_id("a b d")


def test_article_id_survives_a_rescrape_with_other_boilerplate() -> None:
    original = clean_article(_raw(CBS))
    body = CBS.read_text().split("(AP Photo/Dilawar Jan)\n", 1)[1].split("View CBS News In")[0]
    rescraped = (
        "Skip to main content\nCBS News logo\nWorld\n\nPakistan Gearing Up To Go After Mehsud\n"
        "June 25, 2009 / 10:44 AM / CBS\n\n  • Share\n  • Tweet\n\n"
        + body.replace("\n\n", "\n\n\n")
        + "\n\nAdvertisement\n\nFirst published on June 25, 2009 / 10:44 AM\n\n"
        "© 2009 CBS Interactive Inc. All Rights Reserved.\n\nTerms of Use | Privacy Policy"
    )
    again = clean_article(RawArticle(source="rescrape.txt", text=rescraped))
    assert again.text == original.text
    assert again.id == original.id
    assert again.published == "2009-06-25"


# --------------------------------------------------------------------------- offsets


def test_to_raw_offset_for_inserted_characters() -> None:
    a = clean_article(RawArticle(source="t.txt", text="Ignore\n\n" + BODY))
    brk = a.text.index("\n\n")
    raw_pos = to_raw_offset(a, brk)
    assert a.raw_text[raw_pos - 1] == "."  # just after the last copied char
    assert to_raw_offset(a, len(a.text)) == len(a.raw_text.rstrip())


_WORDS = st.sampled_from(
    [
        "the",
        "army",
        "said",
        "Taliban",
        "killed",
        "12",
        "in",
        "Swat",
        "on",
        "Monday",
        "AT&amp;T",
        "<b>x</b>",
        "—",
        "“quoted”",
    ]
)
_NOISE = st.sampled_from(
    [
        "Share",
        "  • Download",
        "Advertisement",
        "(AP Photo/X Y)",
        "NPR logo",
        '<iframe src="">',
        "",
        "   ",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.lists(_WORDS, min_size=6, max_size=30).map(lambda ws: " ".join(ws) + "."),
            _NOISE,
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]),
)
def test_offset_property(lines: list[str], sep: str) -> None:
    raw = sep.join(lines)
    try:
        a = clean_article(RawArticle(source="p.txt", text=raw))
    except InputError:
        return
    for i, ch in enumerate(a.text):
        seg = [s for s in a.offsets if s[0] <= i < s[0] + s[2]]
        if seg:
            assert a.raw_text[to_raw_offset(a, i)] == ch
    assert a.id == article_id(a.text)


@pytest.mark.parametrize(
    "text, expected_text, dateline, published",
    [
        # FBIS/MUC wire: hard-wrapped upper-case text, dateline with a two-digit year, source notes
        (
            "DEV-MUC3-0001 (NOSC)\n\n   SAN SALVADOR, 3 JAN 90 -- [REPORT] [ARMED FORCES PRESS COMMITTEE,\n"
            "COPREFA] [TEXT] THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50\n"
            "PEASANTS HAVE BEEN KIDNAPPED BY TERRORISTS OF THE FARABUNDO MARTI\nNATIONAL LIBERATION FRONT IN SAN MIGUEL DEPARTMENT.\n",
            "THE ARCE BATTALION COMMAND HAS REPORTED THAT ABOUT 50 PEASANTS HAVE BEEN KIDNAPPED BY "
            "TERRORISTS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT IN SAN MIGUEL DEPARTMENT.",
            "San Salvador",
            "1990-01-03",
        ),
        # hard-wrapped AP copy; the footer "Updated ..." line still states the date
        (
            "Taliban claim attack on NATO convoy\n\nKABUL, Afghanistan (AP) — Taliban fighters attacked a NATO supply\n"
            "convoy in eastern Afghanistan on Sunday, destroying at least 10 trucks,\nofficials said.\n\n"
            "Updated 3:41 pm, Sunday, June 28, 2009\n",
            "Taliban fighters attacked a NATO supply convoy in eastern Afghanistan on Sunday, "
            "destroying at least 10 trucks, officials said.",
            "Kabul, Afghanistan",
            "2009-06-28",
        ),
    ],
)
def test_wrapped_wire_copy(text: str, expected_text: str, dateline: str, published: str) -> None:
    a = clean_article(RawArticle(source="wire.txt", text=text))
    assert (a.text, a.dateline, a.published) == (expected_text, dateline, published)
    assert_offsets(a)


def test_ingest_then_clean_the_fixture_folders() -> None:
    """iter_raw -> clean_article end to end: every article cleans, bad records stay Failures."""
    from newsgraph.ingest.read import iter_raw
    from newsgraph.records import Failure

    items = list(
        iter_raw(
            [str(SAMPLES), str(PUBLISHERS), str(Path(__file__).parent / "fixtures" / "ingest")]
        )
    )
    raws = [i for i in items if isinstance(i, RawArticle)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(raws) == 2 + len(EXPECTED) + 3 and len(failures) == 5
    articles = [clean_article(r) for r in raws]
    assert len({a.id for a in articles}) == len(articles)
    by_name = {Path(a.source).name: a for a in articles}
    assert by_name["000_ade3ec06338c3c2f.txt"].published == "2009-06-25"
    assert by_name["003_146b48d1e1b73cbb.txt"].published_range == ("2009-12-30", "2010-02-02")
    jsonl = [a for a in articles if a.line]
    assert [a.line for a in jsonl] == [1, 5, 9]
    assert jsonl[1].text.startswith("A car bomb exploded") and jsonl[1].byline == "Jane Doe"
    assert jsonl[0].publisher == "Dawn" and jsonl[0].url == "https://example.org/a"
    for a in articles:
        assert_offsets(a)


def test_scripts_and_comments_in_plain_text_are_never_kept() -> None:
    text = (
        "<script type=\"text/javascript\">\nvar trackingId = 'UA-1';\nfunction f() { return 1; }\n</script>\n"
        "<style>.x { color: red; }</style>\n<!-- ad slot\nbanner -->\n" + BODY
    )
    a = clean_article(RawArticle(source="t.txt", text=text))
    assert a.text == BODY
    assert_offsets(a)


GOLD_ARTICLES = Path(__file__).parent / "gold" / "articles.jsonl"


@pytest.mark.skipif(not GOLD_ARTICLES.exists(), reason="no gold set")
def test_samples_match_the_gold_articles() -> None:
    """Cleaning the raw samples (with their sidecars) reproduces the hand-made gold exactly."""
    from newsgraph.ingest.read import iter_raw

    for line in GOLD_ARTICLES.read_text().splitlines():
        gold = json.loads(line)
        [raw] = list(iter_raw([str(ROOT / gold["source"])]))
        assert isinstance(raw, RawArticle)
        a = clean_article(raw)
        assert a.text == gold["text"]
        for key in ("title", "publisher", "byline", "dateline", "published"):
            assert getattr(a, key) == gold[key], key
        assert list(a.published_range or []) == list(gold["published_range"] or [])
        assert [list(c) for c in a.corrections] == gold["corrections"]


@pytest.mark.parametrize(
    "path",
    [CBS, NPR, *sorted(PUBLISHERS.glob("*.txt")), *sorted(PUBLISHERS.glob("*.html"))],
    ids=lambda p: p.name,
)
def test_cleaning_is_idempotent(path: Path) -> None:
    """Clean text fed back in (as the evaluation does with gold text) comes out unchanged."""
    once = clean_article(_raw(path))
    twice = clean_article(
        RawArticle(source="again.txt", text=once.text, title=once.title, published=once.published)
    )
    assert twice.text == once.text
    assert twice.id == once.id
    assert twice.corrections == once.corrections


@pytest.mark.parametrize(
    "html",
    [
        # tiny page: trafilatura or the block-text fallback, either way no script and decoded entities
        "<html><head><script>var s='SECRET';</script></head><body><div>Home</div>"
        "<p>The army said twelve fighters were killed in the valley overnight.</p>"
        "<p>Officials &amp; elders said &ldquo;calm&rdquo; had returned to the area.</p></body></html>",
        # no <html> wrapper, nav list and a noscript block
        "<nav><ul><li>Home</li><li>World</li></ul></nav><noscript>SECRET enable JS</noscript>"
        "<p>The army said twelve fighters were killed in the valley overnight.</p>"
        "<p>Officials &amp; elders said &ldquo;calm&rdquo; had returned to the area.</p>",
    ],
)
def test_small_html(html: str) -> None:
    a = clean_article(RawArticle(source="x.html", html=html))
    assert a.text == (
        "The army said twelve fighters were killed in the valley overnight.\n\n"
        "Officials & elders said “calm” had returned to the area."
    )
    assert "SECRET" not in a.text and "SECRET" not in a.raw_text
    assert_offsets(a)


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    html = (
        "<html><body><script>SECRET()</script><div>Menu</div><article><h1>Army retakes key town</h1>"
        "<p>The army said twelve fighters were killed in the valley overnight.</p></article></body></html>"
    )
    a = clean_article(RawArticle(source="x.html", html=html))
    assert a.text == "The army said twelve fighters were killed in the valley overnight."
    assert a.title == "Army retakes key town"


# --------------------------------------------------------------------------- lists are content

LISTS = Path(__file__).parent / "fixtures" / "lists"
# "BUDAPEST, July 23 (Reuters) - ", "LAHORE, Pakistan (AP) — ", "(Reuters) - "
_DATELINE_PREFIX = re.compile(
    r"^(?:[A-Z][A-Z .']+(?:, [A-Z][a-z]+)?(?: \d{1,2})?\s*)?(?:\([A-Za-z]+\)\s*)?(?:-|—|–|--)\s*"
)


def _kept_share(content: str, a: Article) -> tuple[float, list[str]]:
    """Share of the content lines' characters found in the cleaned text (or as its title); a
    first line that lost only its wire dateline counts as kept."""
    hay = " ".join(a.text.split())
    total = kept = 0
    missing = []
    for line in content.splitlines():
        line = re.sub(r"^[•*-]\s+", "", " ".join(line.split()))
        if not line:
            continue
        total += len(line.replace(" ", ""))
        rest = _DATELINE_PREFIX.sub("", line)
        if line == a.title or line in hay or rest and (rest[0].upper() + rest[1:]) in hay:
            kept += len(line.replace(" ", ""))
        else:
            missing.append(line)
    return kept / total, missing


# Page furniture of several site styles: (header, between the first paragraphs, footer).
PAGE_STYLES = {
    "bbc": (
        "Skip to content\nHome\nNews\nSport\nWorld\nShare\nclose panel\nImage source, Getty Images\n"
        "Image caption,\nRescue workers at the scene on Monday\n\n",
        "Image copyright Reuters\nImage caption Supporters celebrate outside the counting centre\n",
        "\n\nRelated Topics\nPakistan\nElections\n\nMore on this story\nHow the vote was counted\n"
        "Published\n6 August 2009\nTop Stories\nMedia playback is unsupported on your device\n",
    ),
    "cnn": (
        "Menu\nEdition\nUS\nInternational\nJUST WATCHED\nScenes from the final day\nReplay\nMUST WATCH\n\n",
        "Photos: Scenes from the final day\nSee all 12 photos\n",
        "\n\nRead more:\nWhy the monsoon is getting worse\nUN appeals for aid after floods\n\nMost read\n"
        "Floods kill 20 in Swat\nArmy chief visits Wana\nWhat we know about the crash\n",
    ),
    "wire": (
        "Advertisement\n\n",
        "A supporter waves a flag outside the counting centre. ©Jane Doe (AFP)\nAFP/Getty Images\n",
        "\n\nContinue reading the main story\n\nShare this article\nSign up for our daily newsletter\n"
        "Get the best of the news delivered to your inbox every morning.\nSlideshow\n"
        "Gallery: The final day in pictures (12 photos)\nWatch: Highlights from the final\n",
    ),
}


@pytest.mark.parametrize("path", sorted(LISTS.glob("*.txt")), ids=lambda p: p.stem)
def test_list_reports_keep_their_content(path: Path) -> None:
    """Results tables, name lists and bullet facts are the article, not navigation."""
    content = path.read_text()
    a = clean_article(RawArticle(source=path.name, text=content))
    share, missing = _kept_share(content, a)
    assert share >= 0.9, missing
    assert_offsets(a)
    again = clean_article(RawArticle(source="again.txt", text=a.text, title=a.title))
    assert again.text == a.text


@pytest.mark.parametrize("style", sorted(PAGE_STYLES))
@pytest.mark.parametrize("path", sorted(LISTS.glob("*.txt")), ids=lambda p: p.stem)
def test_list_reports_in_a_page(path: Path, style: str) -> None:
    """The same reports inside page furniture: the furniture goes, >= 90% of the body stays."""
    head, middle, foot = PAGE_STYLES[style]
    content = path.read_text()
    paras = content.split("\n\n")
    page = head + "\n\n".join(paras[:2]) + "\n\n" + middle + "\n" + "\n\n".join(paras[2:]) + foot
    a = clean_article(RawArticle(source=path.name, text=page))
    share, missing = _kept_share(content.split("\n", 1)[1], a)  # the body, without the headline
    assert share >= 0.9, missing
    paragraphs = {" ".join(p.split()) for p in a.text.split("\n\n")}
    left = [f for f in (head + middle + foot).splitlines() if f.strip() and f.strip() in paragraphs]
    assert left == []
    assert_offsets(a)




@pytest.mark.parametrize(
    "items",
    [
        "1. Katie Ledecky (United States) 3:58.34\n2. Leah Smith (United States) 4:02.02\n3. Li Bingjie (China) 4:03.25",
        "Abdul Ghani, 45\nMuhammad Aslam, 32\nBibi Zainab, 27",
        "• Height: 143 metres\n• Built 1968-1976\n• River: Indus",
        "Punjab    81    140\nSindh    54    97\nBalochistan    16    23",
    ],
)
@pytest.mark.parametrize("where", ["middle", "bottom"])
def test_content_lists_stay_between_or_after_paragraphs(items: str, where: str) -> None:
    first, second = BODY.split("\n\n")
    text = f"{first}\n\n{items}\n\n{second}" if where == "middle" else f"{BODY}\n\n{items}"
    a = clean_article(RawArticle(source="t.txt", text=text))
    for item in items.splitlines():
        assert " ".join(item.lstrip("• ").split()) in a.text.replace("\n\n", " ") or item.strip() in a.text
    assert_offsets(a)


# --------------------------------------------------------------------------- removed share

FURNITURE = (
    "Skip to content\nHome\nNews\nSport\nWorld\nBusiness\nShare\nTweet\nEmail\n\n"
    "Image caption,\nSoldiers on patrol near the border in the valley\n\n"
    + BODY
    + "\n\nRelated Topics\nPakistan\nTaliban\n\nMore on this story\nArmy chief visits troops in Wana\n"
    "Floods kill 20 in Swat valley\nWhy the monsoon is getting worse\n\nMost read\n"
    "Taliban attack convoy in Swat valley\nUN appeals for aid after floods\n\n"
    "Copyright 2009 Example Media Group. All rights reserved.\n"
)


def test_removed_share_is_recorded() -> None:
    clean = clean_article(RawArticle(source="t.txt", text=BODY))
    assert (clean.removed_share, clean.removed) == (0.0, ())
    page = clean_article(RawArticle(source="t.txt", text=FURNITURE))
    assert page.text == BODY
    assert 0.5 < page.removed_share < 1
    kinds = dict(page.removed)
    assert kinds["navigation"] >= 5 and kinds["link block"] >= 5
    assert [n for _, n in page.removed] == sorted((n for _, n in page.removed), reverse=True)
    # title, byline and dates move to metadata: not removed
    meta = clean_article(RawArticle(source="t.txt", text="Army retakes key town\n\nBy Jane Doe\n\n" + BODY))
    assert meta.byline == "Jane Doe" and meta.removed_share == 0.0


def test_list_reports_lose_nothing() -> None:
    for path in sorted(LISTS.glob("*.txt")):
        assert clean_article(RawArticle(source=path.name, text=path.read_text())).removed_share < 0.05


def test_mostly_removed_article_is_stored_with_a_warning(tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest
    from newsgraph.query.export import article_rows
    from newsgraph.store import Store

    (tmp_path / "page.txt").write_text(FURNITURE)
    (tmp_path / "plain.txt").write_text(BODY.replace("Monday", "Tuesday"))
    db = tmp_path / "t.db"
    report = ingest([str(tmp_path / "page.txt"), str(tmp_path / "plain.txt")], str(db))
    assert (report.added, report.failed, len(report.warnings)) == (2, 0, 1)
    with Store(db, readonly=True) as store:
        [row] = store.failures()
        assert row["source"].endswith("page.txt") and row["reason"].startswith("warning: cleaning removed")
        assert "\n" not in row["reason"] and "stored and analysed" in row["reason"]
        rows = {Path(r["source"]).name: r for r in article_rows(store)}
        removed = {x["kind"]: x["lines"] for x in rows["page.txt"]["removed"]}
        assert rows["page.txt"]["removed_share"] > 0.5 and removed["navigation"] >= 5
        assert rows["plain.txt"]["removed_share"] == 0.0 and rows["plain.txt"]["removed"] == []
        assert store.query("SELECT COUNT(*) FROM sentences")[0][0] > 0  # analysed


def test_html_tables_and_lists_are_content() -> None:
    html = (
        "<html><head><title>Ruling party holds Lahore seat</title></head><body>"
        "<nav><ul><li>Home</li><li>World</li></ul></nav><article><h1>Ruling party holds Lahore seat</h1>"
        "<p>The ruling party held a provincial assembly seat in Lahore in a by-election on Sunday, according"
        " to provisional results released by the Election Commission early Monday.</p>"
        "<p>Provisional results:</p><table><tr><th>Candidate</th><th>Party</th><th>Votes</th></tr>"
        "<tr><td>Ayesha Malik</td><td>PML-N</td><td>48,213</td></tr>"
        "<tr><td>Tariq Hussain</td><td>PTI</td><td>39,877</td></tr>"
        "<tr><td>Imran Qadir</td><td>PPP</td><td>4,102</td></tr></table>"
        "<ul><li>Turnout: 38.6 percent</li><li>Polling stations: 212</li></ul>"
        "<p>The result will be confirmed within a week, the commission said.</p></article></body></html>"
    )
    a = clean_article(RawArticle(source="x.html", html=html))
    for cell in ("Candidate", "Ayesha Malik", "48,213", "Tariq Hussain", "4,102", "Turnout: 38.6 percent",
                 "Polling stations: 212"):
        assert cell in a.text, cell
    assert "Home" not in a.text and a.removed_share < 0.1
    assert_offsets(a)


@pytest.mark.parametrize(
    ("raw", "place"),
    [
        ("NAIROBI, Kenya (AP) _ Suspected bombs exploded outside the embassy on Friday, killing dozens.\n\n"
         "Rescue workers searched the rubble for survivors all night.", "Nairobi, Kenya"),
        ("HAVANA, August 7 (Xinhua) --\n\nThe Cuban government Friday condemned the two bomb explosions.\n\n"
         "The Foreign Ministry said in a statement that it was against such attacks.", "Havana"),
    ],
)
def test_wire_dateline_inline_or_on_its_own_line_is_metadata(raw: str, place: str) -> None:
    art = clean_article(RawArticle(source="x.txt", text=raw, published="1998-08-07"))
    assert art.dateline == place
    assert not art.text.startswith(("NAIROBI", "HAVANA"))

