"""metadata.py: bylines, datelines, dates, publishers and the publication-date bound."""

from __future__ import annotations

import pytest

from newsgraph.ingest.metadata import (
    Byline,
    Signals,
    bound_publication,
    clean_author,
    derive,
    find_dates,
    find_publisher,
    match_dateline,
    normalize_date,
    parse_byline,
    parse_date_line,
)


@pytest.mark.parametrize(
    "line, names, publisher, location",
    [
        (
            "This story was filed by CBS News' Farhan Bokhari, reporting from Islamabad.",
            ("Farhan Bokhari",),
            "CBS News",
            "Islamabad",
        ),
        ("By Jane Doe and John Roe, Reuters", ("Jane Doe", "John Roe"), "Reuters", None),
        ("By KATHY GANNON, Associated Press Writer", ("Kathy Gannon",), "Associated Press", None),
        ("By Sophia Saifi, CNN", ("Sophia Saifi",), "CNN", None),
        (
            "Reporting by Jibran Ahmad in Peshawar; Editing by Jane Doe",
            ("Jibran Ahmad",),
            None,
            "Peshawar",
        ),
        ("Jon Boone in Islamabad", ("Jon Boone",), None, "Islamabad"),
        ("By M Ilyas Khan", ("M Ilyas Khan",), None, None),
        (
            "Written by Hamid Mir & Syed Saleem Shahzad",
            ("Hamid Mir", "Syed Saleem Shahzad"),
            None,
            None,
        ),
        ("By Staff Reporter, Dawn", (), "Dawn", None),
    ],
)
def test_parse_byline(
    line: str, names: tuple[str, ...], publisher: str | None, location: str | None
) -> None:
    assert parse_byline(line) == Byline(names=names, publisher=publisher, location=location)


@pytest.mark.parametrize(
    "line",
    [
        "Pakistan Gearing Up To Go After Mehsud",
        "By Tuesday, the army said, troops had retaken most of the valley.",
        "Militants in Swat said the army had lied about the number of dead in the fighting on Monday.",
        "",
    ],
)
def test_not_a_byline(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "text, location, agency, date",
    [
        ("KABUL, Afghanistan (AP) — The", "Kabul, Afghanistan", "AP", None),
        ("LIMA, 20 AUG 88 (EFE) -- Police", "Lima", "EFE", "1988-08-20"),
        ("ISLAMABAD, June 25 (Reuters) - Pakistan", "Islamabad", "Reuters", None),
        ("PESHAWAR, Pakistan, June 26 (Reuters) - x", "Peshawar, Pakistan", "Reuters", None),
        ("WASHINGTON — The", "Washington", None, None),
        ("DERA ISMAIL KHAN, Pakistan (AP) — A", "Dera Ismail Khan, Pakistan", "AP", None),
        ("PESHAWAR: Suspected militants", "Peshawar", None, None),
        ("Islamabad, Pakistan (CNN) — Pakistan's", "Islamabad, Pakistan", "CNN", None),
        (
            "SAN SALVADOR, 12 JAN 90 (ACAN-EFE) -- [TEXT] Salvadoran",
            "San Salvador",
            "ACAN-EFE",
            "1990-01-12",
        ),
    ],
)
def test_match_dateline(text: str, location: str, agency: str | None, date: str | None) -> None:
    dl = match_dateline(text)
    assert dl is not None
    assert (dl.location, dl.agency) == (location, agency)
    assert (dl.date.iso() if dl.date else None) == date
    assert not text[dl.end].isspace()


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: the army said",
        "Mehsud - who led the group",
        "The army - which said",
        "BREAKING: blast",
        "A — B",
    ],
)
def test_not_a_dateline(text: str) -> None:
    assert match_dateline(text) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Published June 25, 2009", ("published", "2009-06-25")),
        ("Updated: 2009-06-25 10:44 ET", ("updated", "2009-06-25")),
        ("June 25, 2009 / 10:44 AM / CBS", ("published", "2009-06-25")),
        ("Thu 16 Jul 2009 12.01 BST", ("published", "2009-07-16")),
        ("Last Modified: 25 Jun 2009 09:12 GMT", ("updated", "2009-06-25")),
        ("Correction Feb. 2, 2010", None),
        ("The attack on June 25, 2009 killed six.", None),
        ("Dec. 30", None),
    ],
)
def test_parse_date_line(line: str, expected: tuple[str, str] | None) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2009-06-25", "2009-06-25"),
        ("2009-06-25T10:00:00Z", "2009-06-25"),
        ("June 25, 2009", "2009-06-25"),
        ("25 June 2009", "2009-06-25"),
        ("Feb. 2, 2010", "2010-02-02"),
        ("Sept 3rd, 2011", "2011-09-03"),
        ("20 AUG 88", "1988-08-20"),
        ("2009/6/5", "2009-06-05"),
        ("06/25/2009", "2009-06-25"),
        ("25.06.2009", "2009-06-25"),
        ("06/07/2009", None),
        ("June 2009", None),
        ("Dec. 30", None),
        ("2009-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_find_dates_partial_forms() -> None:
    ds = find_dates("the Dec. 30 suicide attack, in August 2009, and it may 3 times")
    assert [(d.year, d.month, d.day) for d in ds] == [(None, 12, 30), (2009, 8, None)]


@pytest.mark.parametrize(
    "text, corrections, expected",
    [
        # NPR: a month-day with no year resolves to its latest occurrence before the correction
        (
            "the Dec. 30 suicide attack on the base.\n\nCorrection Feb. 2, 2010\n\nAn earlier version erred.",
            [(40, 96)],
            ("2009-12-30", "2010-02-02"),
        ),
        # the same month-day after the correction's month-day is in the previous year
        (
            "talks held on March 5 ended.\n\nCorrection March 1, 2011",
            [(30, 55)],
            ("2010-03-05", "2011-03-01"),
        ),
        # a full date and a month-year: the latest wins
        (
            "In August 2009 and on June 25, 2009 the army moved.\nCorrection Feb. 2, 2010",
            [(52, 76)],
            ("2009-08-01", "2010-02-02"),
        ),
        # future dates are no lower bound
        (
            "Elections will be held on March 5, 2010. The attack on Jan. 3 killed four.\nCorrection Feb. 2, 2010",
            [(75, 99)],
            ("2010-01-03", "2010-02-02"),
        ),
        # without a correction month-days cannot be resolved (today's date is never used)
        ("the Dec. 30 suicide attack on the base.", [], (None, None)),
        ("Troops moved on June 25, 2009.", [], ("2009-06-25", None)),
    ],
)
def test_bound_publication(
    text: str, corrections: list[tuple[int, int]], expected: tuple[str | None, str | None]
) -> None:
    for s, e in corrections:
        assert "Correction" in text[s:e]
    assert bound_publication(text, corrections) == expected


def test_derive_precedence_given_over_stated_over_inferred() -> None:
    signals = Signals(
        publisher_hints=["NPR logo"],
        bylines=[Byline(("Jane Doe",), "Reuters", "Kabul")],
        date_lines=[("updated", "2009-07-01"), ("published", "2009-06-30")],
    )
    m = derive(None, None, None, title="T", text="x", signals=signals)
    assert (m.publisher, m.byline, m.dateline, m.published) == (
        "Reuters",
        "Jane Doe",
        "Kabul",
        "2009-06-30",
    )
    m = derive("CBS News", "June 25, 2009", "John Roe", title="T", text="x", signals=signals)
    assert (m.publisher, m.byline, m.published) == ("CBS News", "John Roe", "2009-06-25")


def test_derive_without_any_date_leaves_published_empty() -> None:
    m = derive(None, None, None, title=None, text="The army attacked on Monday.", signals=Signals())
    assert m.published is None and m.published_range is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NPR logo", "NPR"),
        ("View CBS News In", "CBS News"),
        ("KABUL (AP)", "Associated Press"),
        ("a map of the area", None),
        ("© 2009 BBC", "BBC News"),
    ],
)
def test_find_publisher(text: str, expected: str | None) -> None:
    assert find_publisher(text) == expected


@pytest.mark.parametrize(
    "author, expected",
    [
        ("Reza Sayah; CNN", "Reza Sayah"),
        ("By Jane Doe, John Roe", "Jane Doe and John Roe"),
        ("Reuters", None),
        (None, None),
    ],
)
def test_clean_author(author: str | None, expected: str | None) -> None:
    assert clean_author(author) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.dawn.com/news/123/militants", "Dawn"),
        ("http://www.npr.org/templates/story/story.php?id=1", "NPR"),
        ("https://www.theguardian.com/world/2009/jul/16/x", "The Guardian"),
        ("https://example.org/a", None),
    ],
)
def test_publisher_from_url(url: str, expected: str | None) -> None:
    m = derive(None, None, None, title=None, text="x", signals=Signals(url=url))
    assert m.publisher == expected


def test_no_clock_is_ever_read() -> None:
    """Dates come from the input only: the modules never ask for today's date."""
    from pathlib import Path

    from newsgraph.ingest import clean, metadata, read

    for module in (clean, read, metadata):
        source = Path(module.__file__ or "").read_text()
        for call in ("date.today", "datetime.now", "datetime.today", "time.time", "utcnow"):
            assert call not in source, (module.__name__, call)
