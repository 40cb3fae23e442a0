"""Relations read off the parse: a table of wire-copy sentences about many conflicts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsgraph.extract import relations
from newsgraph.records import Role
from tests._facts_helpers import add_event, entity, make_result

# (sentence, [(subject, type[:subtype], object, {field: expected})])
# subject / object are substrings of the entity names; "!" before the type means "must NOT appear".
CASES = [
    # --- leads: apposition, copula, relative clause, title compound, verbs, passive
    (
        "Hassan Nasrallah, the secretary-general of Hezbollah, spoke on Tuesday.",
        [("Nasrallah", "leads", "Hezbollah", {})],
    ),
    (
        "Ahmed Abdi Godane is the leader of al-Shabaab, officials said.",
        [("Godane", "leads", "al-Shabaab", {"modality": "reported", "attributed_to": "officials"})],
    ),
    (
        "Abubakar Shekau, who heads Boko Haram, appeared in a new video on Monday.",
        [("Shekau", "leads", "Boko Haram", {"modality": "asserted"})],
    ),
    (
        "Hamas leader Ismail Haniyeh said the ceasefire would hold.",
        [("Haniyeh", "leads", "Hamas", {})],
    ),
    (
        "Timoleon Jimenez commands the FARC, according to Colombian officials.",
        [("Jimenez", "leads", "FARC", {"modality": "reported"})],
    ),
    (
        "The Islamic State is led by Abu Bakr al-Baghdadi, the Pentagon said.",
        [("Baghdadi", "leads", "Islamic State", {})],
    ),
    (
        "Abimael Guzman founded the Shining Path in 1969 and led it until 1992.",
        [
            ("Guzman", "leads:founder", "Shining Path", {"valid_from": "1969"}),
            ("Guzman", "leads", "Shining Path", {"valid_to": "1992"}),
        ],
    ),
    (
        "Mokhtar Belmokhtar, a former commander of al-Qaida, founded al-Mourabitoun in 2013.",
        [
            ("Belmokhtar", "leads", "al-Qaida", {"valid_to": "2010-01-15"}),
            ("Belmokhtar", "leads:founder", "al-Mourabitoun", {"valid_from": "2013"}),
        ],
    ),
    (
        "Velupillai Prabhakaran, the founder of the Tamil Tigers, was killed in May.",
        [("Prabhakaran", "leads:founder", "Tamil Tigers", {})],
    ),
    (
        "Gerry Adams may have been a leader of the IRA, the report suggested.",
        [("Adams", "leads", "IRA", {"modality": "possible"})],
    ),
    (
        "Officials denied that Joaquin Guzman heads the Sinaloa Cartel.",
        [("Guzman", "leads", "Sinaloa Cartel", {"modality": "denied"})],
    ),
    # --- member_of
    (
        "Gerry Adams was a member of the IRA, officials said.",
        [("Adams", "member_of", "IRA", {"modality": "reported"})],
    ),
    (
        "Andrew Exum, a senior fellow at the Center for a New American Security, said so.",
        [("Exum", "member_of", "Center for a New American Security", {})],
    ),
    (
        "Bruce Hoffman, a terrorism expert at Georgetown University, disagreed.",
        [("Hoffman", "member_of", "Georgetown University", {})],
    ),
    # a body, an office and a person in a row, however the parser joins long names
    (
        "Center for a New American Security campaigner Gerry Adams said it was wrong.",
        [("Adams", "member_of", "Center for a New American Security", {})],
    ),
    # a backer is an ally, states included ("backed by Iran")
    (
        "Hezbollah, backed by Iran, sent fighters across the border.",
        [("Hezbollah", "allied_with:backer", "Iran", {})],
    ),
    (
        "Damien Fernandez, a political scientist at Florida International University, said so.",
        [("Fernandez", "member_of", "Florida International University", {})],
    ),
    (
        "Abu Obaida, a spokesman for Hamas, rejected the offer.",
        [("Obaida", "member_of:spokesperson", "Hamas", {})],
    ),
    (
        "Mohammed Emwazi joined the Islamic State in 2013.",
        [("Emwazi", "member_of", "Islamic State", {"valid_from": "2013"})],
    ),
    (
        "Ali Musa Daqduq, a Hezbollah commander, was captured in Basra.",
        [("Daqduq", "leads", "Hezbollah", {})],
    ),
    (
        "Bruce Riedel, a diplomat in Islamabad, said the talks had failed.",
        [("Riedel", "!member_of", "Islamabad", {})],
    ),
    # --- aide_of
    (
        "Abu Yahya al-Libi, one of Osama bin Laden's key aides, was killed.",
        [("Libi", "aide_of", "Osama bin Laden", {})],
    ),
    (
        "Ayman al-Zawahiri served as deputy to Osama bin Laden for years.",
        [("Zawahiri", "aide_of", "Osama bin Laden", {})],
    ),
    (
        "Martin McGuinness was a close adviser to Gerry Adams.",
        [("McGuinness", "aide_of", "Gerry Adams", {})],
    ),
    # --- allied_with
    (
        "Hamas and Islamic Jihad are working together in Gaza, officials said.",
        [("Hamas", "allied_with", "Islamic Jihad", {"modality": "reported"})],
    ),
    (
        "Al-Shabaab has been collaborating with al-Qaida, according to the United Nations.",
        [("Shabaab", "allied_with", "Qaida", {"modality": "reported"})],
    ),
    (
        "Hezbollah, which is based in Lebanon, is an ally of Iran.",
        [("Hezbollah", "allied_with", "Iran", {}), ("Hezbollah", "based_in", "Lebanon", {})],
    ),
    (
        "Boko Haram pledged allegiance to the Islamic State in March 2015.",
        [("Boko Haram", "member_of", "Islamic State", {"valid_from": "2015"})],
    ),
    # --- rival_of
    (
        "That attack followed the death of Qari Zainuddin, the main militant rival to Baitullah Mehsud.",
        [("Zainuddin", "rival_of", "Baitullah", {})],
    ),
    (
        "Hamas has been the main rival of Fatah since 2007.",
        [("Hamas", "rival_of", "Fatah", {"valid_from": "2007"})],
    ),
    (
        "The Zetas have feuded with the Gulf Cartel for years.",
        [("Zetas", "rival_of", "Gulf Cartel", {})],
    ),
    # --- splinter_of (branch as subtype)
    (
        "Jamaat-ul-Ahrar, a splinter group of the Pakistani Taliban, claimed the bombing.",
        [("Jamaat", "splinter_of", "Pakistani Taliban", {})],
    ),
    (
        "The Real IRA broke away from the Provisional IRA in 1997.",
        [("Real IRA", "splinter_of", "Provisional IRA", {"valid_from": "1997"})],
    ),
    (
        "Al-Qaida in the Arabian Peninsula, the Yemeni branch of al-Qaida, claimed the attack.",
        [("Arabian Peninsula", "splinter_of:branch", "al-Qaida", {})],
    ),
    (
        "Abu Mohammed al-Julani broke away from al-Qaida in 2016.",
        [("Julani", "!splinter_of", "Qaida", {})],
    ),
    # --- family
    (
        "Jalaluddin Haqqani and his son Siraj run the network.",
        [("Jalaluddin", "family:father_of", "Siraj", {})],
    ),
    (
        "Uday Hussein, the son of Saddam Hussein, was killed in Mosul.",
        [("Saddam", "family:parent_of", "Uday", {})],
    ),
    (
        "Hamza bin Laden is the son of Osama bin Laden.",
        [("Osama", "family:parent_of", "Hamza", {})],
    ),
    (
        "Abdullah Ocalan and Osman Ocalan are brothers.",
        [("Abdullah", "family:brother_of", "Osman", {})],
    ),
    (
        "Velupillai Prabhakaran and his wife Mathivathani were killed.",
        [("Prabhakaran", "family:spouse_of", "Mathivathani", {})],
    ),
    # --- based_in / operates_in
    (
        "Ahmed Godane, the Mogadishu-based militant who heads al-Shabaab, was killed.",
        [("Godane", "based_in", "Mogadishu", {}), ("Godane", "leads", "al-Shabaab", {})],
    ),
    (
        "Al-Jazeera, a news network based in Qatar, aired the video.",
        [("Jazeera", "based_in", "Qatar", {})],
    ),
    (
        "The ELN operates in Arauca, according to the army.",
        [("ELN", "operates_in", "Arauca", {"modality": "reported"})],
    ),
    ("Boko Haram is active in Borno state.", [("Boko Haram", "operates_in", "Borno", {})]),
    # --- more modality, polarity and date forms
    (
        "Hamas is not an ally of Fatah, the spokesman said.",
        [("Hamas", "allied_with", "Fatah", {"polarity": False, "modality": "negated"})],
    ),
    (
        "Ayman al-Zawahiri is believed to be the leader of al-Qaida.",
        [("Zawahiri", "leads", "al-Qaida", {"modality": "believed"})],
    ),
    (
        "Hezbollah reportedly operates in Syria.",
        [("Hezbollah", "operates_in", "Syria", {"modality": "reported"})],
    ),
    (
        "Hassan Nasrallah, the late leader of Hezbollah, was buried.",
        [("Nasrallah", "leads", "Hezbollah", {"valid_to": "2010-01-15"})],
    ),
    (
        "Sani Usman has been the head of the Islamic State since 2014.",
        [("Usman", "leads", "Islamic State", {"valid_from": "2014", "valid_to": None})],
    ),
    (
        "Abdullah Ocalan and his brother Osman Ocalan fled to Iraq.",
        [("Abdullah", "family:brother_of", "Osman", {})],
    ),
    (
        "Hamza bin Laden, Osama bin Laden's son, urged attacks.",
        [("Osama", "family:parent_of", "Hamza", {})],
    ),
    # --- audit of wire copy (docs/audit.md): the errors and misses found on unseen text
    # a reported clause's "he" is its speaker, not the last name before it
    (
        "Carlos Mendoza, a former bodyguard of Juan Ortega, said that he is a member of the FARC.",
        [("Mendoza", "member_of", "FARC", {}), ("Ortega", "!member_of", "FARC", {})],
    ),
    (
        "Carlos Mendoza, who worked for Juan Ortega, admitted that he was a member of the ELN.",
        [("Mendoza", "member_of", "ELN", {}), ("Ortega", "!member_of", "ELN", {})],
    ),
    # a group that takes a place holds ground there; it does not lead it
    (
        "The Taliban took over Kunduz last year.",
        [("Taliban", "operates_in", "Kunduz", {}), ("Taliban", "!leads", "Kunduz", {})],
    ),
    (
        "Al-Shabaab took control of Mogadishu in 2009.",
        [("Al-Shabaab", "operates_in", "Mogadishu", {"valid_from": "2009"})],
    ),
    # a title compound on a rank word describes the name after the rank
    (
        "FARC commander general Jorge Briceno said the ceasefire was over.",
        [("Briceno", "leads", "FARC", {})],
    ),
    # a copula reached through a gerund and a coordinated verb
    (
        "Pedro Ramirez was detained on Friday and admitted being a member of the FARC.",
        [("Ramirez", "member_of", "FARC", {})],
    ),
    # the head of a unit of a group is one of its members, not its leader
    (
        "Eduardo Romero, the FARC finance chief, was arrested in Bogota.",
        [("Romero", "member_of", "FARC", {}), ("Romero", "!leads", "FARC", {})],
    ),
    (
        "Hezbollah field commander Nabil Kaouk was killed in the strike.",
        [("Kaouk", "member_of", "Hezbollah", {}), ("Kaouk", "!leads", "Hezbollah", {})],
    ),
    # newsroom roles
    (
        "Maria Gonzalez, chief editor of El Tiempo, condemned the attack.",
        [("Gonzalez", "member_of", "El Tiempo", {})],
    ),
    (
        "Jorge Cardenas, an editor at Al-Jazeera, was detained.",
        [("Cardenas", "member_of", "Al-Jazeera", {})],
    ),
    # heads of state and government lead their country
    (
        "Malaysia's Prime Minister, Najib Razak, said the boats would be turned back.",
        [("Najib Razak", "leads", "Malaysia", {})],
    ),
    (
        "Chilean police chief Pedro Soto spoke in Santiago, Chile.",
        [("Pedro Soto", "!leads", "Chile", {})],
    ),
    (
        "Armando Guebuza, the candidate of the Liberal Party, won.",
        [("Guebuza", "member_of", "Liberal Party", {})],
    ),
    # an office's name is not a body: "Secretary of State" names no "State"
    (
        "John Kerry, the Secretary of State, met Labour's Shadow Home Secretary Yvette Cooper.",
        [("Kerry", "!member_of", "State", {})],
    ),
    # a possessor on the name a title compounds; an apposition the parser missed
    (
        "Kerry met South Korea's President Lee Myung-bak in Seoul.",
        [("Lee Myung-bak", "leads", "South Korea", {})],
    ),
    (
        "In a statement, Malaysia's Prime Minister, Najib Razak said the boats would be turned back.",
        [("Najib Razak", "leads", "Malaysia", {"modality": "asserted"})],
    ),
    # "the group" refers back to a group, never to a state body
    (
        "The Pentagon said the group's leader, Abu Ayyub al-Masri, was killed near Baghdad.",
        [("al-Masri", "!leads", "Pentagon", {})],
    ),
    # a hedged clause carries its hedge
    (
        "It is possible that Ahmed Ali was a member of al-Shabaab.",
        [("Ahmed Ali", "member_of", "al-Shabaab", {"modality": "possible"})],
    ),
    # a spokesman's appositive name is tied to his group, not to whatever else the sentence names
    (
        "The Islamist movement's spokesman, Zabihullah Mujahid, said NATO forces had bombed a village.",
        [("Mujahid", "!member_of", "NATO", {}), ("Mujahid", "!member_of", "North Atlantic", {})],
    ),
    # a person's name with "of" / "from" and an organisation's name is one of its members; a
    # title before the name says which tie; a place is no organisation
    (
        "Matthew Ingram of The Globe and Mail and John Smith of Ohio said the attack was legal.",
        [("Matthew Ingram", "member_of", "Globe and Mail", {}), ("John Smith", "!member_of", "Ohio", {})],
    ),
    (
        "Caitlin Boswell from Amnesty International spoke.",
        [("Caitlin Boswell", "member_of", "Amnesty International", {})],
    ),
    # where people live
    (
        "Osama Bin Laden, who now lives in Afghanistan, denied it.",
        [("Bin Laden", "based_in", "Afghanistan", {})],
    ),
    (
        "James Charles Kopp, 44, of Vermont, was seen crossing the border.",
        [("Kopp", "based_in", "Vermont", {})],
    ),
    (
        "The release of Alan Gross from Cuba was demanded.",
        [("Alan Gross", "!based_in", "Cuba", {})],
    ),
    (
        "Bishop Henry Mansell of the Archdiocese of Buffalo said it was an act of madness.",
        [("Henry Mansell", "leads", "Archdiocese of Buffalo", {}),
         ("Henry Mansell", "!member_of", "Archdiocese of Buffalo", {})],
    ),
]


def _find(rels, result, subj, kind, obj):
    rtype, _, subtype = kind.partition(":")
    out = []
    for r in rels:
        if r.object_is_event:
            continue
        names = (result.entities[r.subject].name.lower(), result.entities[r.object].name.lower())
        pairs = (
            [names]
            if r.type not in {"allied_with", "rival_of"}
            and subtype not in {"brother_of", "spouse_of"}
            else [names, names[::-1]]
        )
        if (
            r.type == rtype
            and r.subtype == (subtype or None)
            and any(subj.lower() in a and obj.lower() in b for a, b in pairs)
        ):
            out.append(r)
    return out


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_relation_table(nlp, text, expected):
    doc = nlp(text)
    result = make_result(doc)
    rels = relations.extract(doc, result)
    got = [relations.describe(r, result) for r in rels]
    for subj, kind, obj, fields in expected:
        negative = kind.startswith("!")
        found = _find(rels, result, subj, kind.lstrip("!"), obj)
        if negative:
            assert not found, got
            continue
        assert found, f"{subj} {kind} {obj} not in {got}"
        rel = found[0]
        for name, value in fields.items():
            actual = getattr(rel, name)
            if name == "attributed_to":
                assert actual and value in actual, (name, actual)
            else:
                assert actual == value, (name, actual, got)
        assert rel.evidence and rel.evidence[0].text in text
        assert rel.extractor.startswith("relations/")


def test_indexes_are_real_entities(nlp):
    doc = nlp(
        "Baitullah Mehsud, the leader of the Pakistan branch of the Taliban, and his aides fled."
    )
    result = make_result(doc)
    for r in relations.extract(doc, result):
        assert 0 <= r.subject < len(result.entities)
        assert 0 <= r.object < len(result.entities)


def test_death_ends_leadership_and_dates_successor(nlp):
    text = (
        "A missile strike in August killed Baitullah Mehsud, the leader of the Pakistani Taliban. "
        "Hakimullah Mehsud took charge of the Pakistani Taliban after Baitullah's death."
    )
    doc = nlp(text)
    result = make_result(doc)
    add_event(result, doc, "strike", "missile_strike", victim="Baitullah", date="2009-08")
    rels = relations.extract(doc, result)
    old = _find(rels, result, "Baitullah", "leads", "Taliban")
    new = _find(rels, result, "Hakimullah", "leads", "Taliban")
    assert old and old[0].valid_to == "2009-08" and old[0].valid_from is None
    assert new and new[0].valid_from == "2009-08" and new[0].valid_to is None


def test_reported_death_does_not_end_leadership(nlp):
    text = "The army said an air strike in May killed Abu Hamza, the leader of the Ansar Brigade."
    doc = nlp(text)
    result = make_result(doc)
    add_event(result, doc, "strike", "air_strike", victim="Abu Hamza", date="2012-05", modality="reported")
    rels = _find(relations.extract(doc, result), result, "Abu Hamza", "leads", "Ansar")
    assert rels and rels[0].valid_to is None


def test_killed_and_responsible_from_event_roles(nlp):
    text = (
        "Israeli forces killed Ahmed Jabari, the commander of Hamas's military wing, on Wednesday."
    )
    doc = nlp(text)
    result = make_result(doc)
    ev = add_event(result, doc, "killed", "killing", victim="Jabari", perpetrator="Israeli")
    rels = relations.extract(doc, result)
    kinds = {(r.type, r.subject, r.object) for r in rels}
    perp, victim = entity(result, "Israeli"), entity(result, "Jabari")
    assert ("responsible_for", perp, ev) in kinds
    assert ("killed", perp, victim) in kinds and ("killed_by", victim, perp) in kinds


def _generic_perpetrator(nlp, text: str, trigger: str, perp_text: str):
    doc = nlp(text)
    result = make_result(doc)
    ev = add_event(result, doc, trigger, "bombing")
    start = text.index(perp_text)
    old = result.events[ev]
    role = Role("perpetrator", perp_text, start, start + len(perp_text), None)
    result.events[ev] = replace(old, roles=old.roles + (role,))
    rels = [r for r in relations.extract(doc, result) if r.type == "responsible_for"]
    return result, ev, rels


@pytest.mark.parametrize(
    "text,trigger,perp_text,group",
    [
        # one armed group named before: "the rebels" are its fighters
        (
            "The Shining Path has stepped up its campaign in Ayacucho. "
            "On Friday the rebels blew up four power pylons near Huanta.",
            "blew",
            "the rebels",
            "Shining Path",
        ),
        (
            "Boko Haram has attacked several towns in Borno. "
            "Witnesses said the militants bombed a market in Konduga on Sunday.",
            "bombed",
            "the militants",
            "Boko Haram",
        ),
        # two groups named: nobody is chosen
        (
            "The FARC and the ELN both operate in Arauca. "
            "On Monday the guerrillas bombed an oil pipeline near Saravena.",
            "bombed",
            "the guerrillas",
            None,
        ),
        # an indefinite description is no anaphor
        (
            "The Shining Path has stepped up its campaign in Ayacucho. "
            "Unidentified gunmen bombed a bank in Huanta on Friday.",
            "bombed",
            "Unidentified gunmen",
            None,
        ),
    ],
)
def test_generic_perpetrator_is_the_one_armed_group(nlp, text, trigger, perp_text, group):
    result, ev, rels = _generic_perpetrator(nlp, text, trigger, perp_text)
    got = [result.entities[r.subject].name for r in rels if r.object == ev]
    if group is None:
        assert got == []
    else:
        assert len(got) == 1 and group in got[0]


@pytest.mark.parametrize(
    "text,trigger,culprit,accuser",
    [
        # an accusation makes its object the suspect, never the accuser
        ("Hamas accused Fatah of the killing of its commander.", "killing", "Fatah", "Hamas"),
        ("The army accused the ELN of murdering two farmers.", "murdering", "ELN", None),
        ("Colombian police blamed the FARC for the bombing in Cali.", "bombing", "FARC", None),
        ("Officials held Boko Haram responsible for the bombing.", "bombing", "Boko Haram", None),
        ("Investigators linked the IRA to the bombing in Omagh.", "bombing", "IRA", None),
        ("The ELN was accused of murdering two farmers.", "murdering", "ELN", None),
    ],
)
def test_accusation_names_the_suspect(nlp, text, trigger, culprit, accuser):
    doc = nlp(text)
    result = make_result(doc)
    ev = add_event(result, doc, trigger, "killing")
    rels = [r for r in relations.extract(doc, result) if r.type == "responsible_for"]
    names = {result.entities[r.subject].name for r in rels if r.object == ev}
    assert any(culprit in n for n in names), names
    if accuser:
        assert not any(accuser in n for n in names), names
    assert all(r.modality == "suspected" for r in rels)


def test_negated_event_gives_negated_responsibility(nlp):
    doc = nlp("The Shining Path said it did not bomb the bridge near Huanta.")
    result = make_result(doc)
    ev = add_event(result, doc, "bomb", "bombing", perpetrator="Shining Path")
    result.events[ev] = replace(result.events[ev], polarity=False)
    rels = [r for r in relations.extract(doc, result) if r.object_is_event and r.object == ev]
    assert rels and all(r.polarity is False and r.modality == "negated" for r in rels)


def test_hedged_responsibility_for_listed_events(nlp):
    text = (
        "Abubakar Shekau has been connected to a number of attacks, including the bombing of the "
        "UN building in Abuja and possibly even the kidnapping of the Chibok schoolgirls."
    )
    doc = nlp(text)
    result = make_result(doc)
    bombing = add_event(result, doc, "bombing", "bombing")
    kidnap = add_event(result, doc, "kidnapping", "kidnapping")
    rels = [r for r in relations.extract(doc, result) if r.type == "responsible_for"]
    by_event = {r.object: r for r in rels if r.object_is_event}
    assert by_event[bombing].modality == "suspected"
    assert by_event[kidnap].modality == "possible"
    assert all(r.subject == entity(result, "Shekau") for r in rels)


def test_claimed_responsibility(nlp):
    text = "Al-Shabaab claimed responsibility for the bombing in Mogadishu."
    doc = nlp(text)
    result = make_result(doc)
    ev = add_event(result, doc, "bombing", "bombing")
    rels = relations.extract(doc, result)
    assert any(r.type == "responsible_for" and r.object_is_event and r.object == ev for r in rels)


# --------------------------------------------------------------------------- the seed articles

SAMPLES = {
    "cbs": ("000_ade3ec06338c3c2f.txt", {"published": "2009-06-25"}),
    "npr": ("003_146b48d1e1b73cbb.txt", {"published_range": ("2009-12-30", "2010-02-02")}),
}


@pytest.fixture(scope="module")
def seeds():
    """Both seed articles through the whole pipeline (skipped while a stage is missing)."""
    try:
        from newsgraph.pipeline import Pipeline
    except ImportError as exc:  # another stage not written yet
        pytest.skip(f"pipeline does not import yet: {exc}")
    from tests.conftest import SAMPLES as DIR

    pipe = Pipeline()
    return {k: pipe.analyse_text((DIR / f).read_text(), **kw)[1] for k, (f, kw) in SAMPLES.items()}


def _rels(result, subj, rtype, obj, subtype=None):
    out = []
    for r in result.relations:
        if r.type != rtype or r.object_is_event or (subtype and r.subtype != subtype):
            continue
        a, b = result.entities[r.subject].name, result.entities[r.object].name
        if (subj in a and obj in b) or (
            rtype in {"rival_of", "allied_with"} and subj in b and obj in a
        ):
            out.append(r)
    return out


def test_seed_leadership_interval(seeds):
    npr = seeds["npr"]
    (old,) = [r for r in _rels(npr, "Baitullah", "leads", "Taliban") if not r.retracted]
    (new,) = [r for r in _rels(npr, "Hakimullah", "leads", "Taliban") if not r.retracted]
    assert (old.valid_from, old.valid_to) == (None, "2009-08")
    assert (new.valid_from, new.valid_to) == ("2009-08", None)


def test_seed_family_rival_members(seeds):
    npr, cbs = seeds["npr"], seeds["cbs"]
    assert _rels(npr, "Jalaluddin", "family", "Siraj", "father_of")
    assert _rels(cbs, "Zainuddin", "rival_of", "Baitullah")
    assert _rels(npr, "Exum", "member_of", "Center for a New American Security")
    assert _rels(npr, "Fair", "member_of", "Georgetown University")


def test_seed_brothers_retracted_not_asserted(seeds):
    npr = seeds["npr"]
    brothers = _rels(npr, "Mehsud", "family", "Mehsud", "brother_of")
    assert brothers and all(
        r.retracted and not r.polarity and r.modality == "negated" for r in brothers
    )
    assert "2010-02-02" in brothers[0].attributed_to
    assert "incorrectly referred" in brothers[0].evidence[0].text


def test_seed_hedged_responsibility(seeds):
    cbs = seeds["cbs"]
    resp = {
        cbs.events[r.object].subtype: r.modality
        for r in cbs.relations
        if r.type == "responsible_for" and "Baitullah" in cbs.entities[r.subject].name
    }
    assert resp.get("assassination") == "possible"
    assert resp.get("suicide_attack") in {"suspected", "possible"}  # never asserted


def test_seed_relations_cite_their_sentence(seeds):
    for result in seeds.values():
        text = result.article.text
        for r in result.relations:
            ev = r.evidence[0]
            assert text[ev.start : ev.end] == ev.text and r.extractor


def test_demonym_before_a_head_of_state_title_names_the_country():
    """Through the full pipeline (demonyms are never entities there)."""
    from newsgraph.pipeline import get_pipeline

    text = ("Chilean President Michelle Bachelet returned to Chile on Monday. "
            "Chilean police chief Pedro Soto met her in Santiago.")
    _, result = get_pipeline().analyse_text(text, published="2014-05-20")
    got = {relations.describe(r, result) for r in result.relations}
    names = {(result.entities[r.subject].name, r.type, result.entities[r.object].name)
             for r in result.relations if not r.object_is_event}
    assert ("Michelle Bachelet", "leads", "Chile") in names, got
    assert not any(s == "Pedro Soto" and t == "leads" for s, t, _ in names), got



def test_only_actors_are_culprits():
    """A newspaper, a building or a town is never responsible for an attack; a country may be."""
    from newsgraph.pipeline import get_pipeline

    text = ("A bomb exploded in Bagua on Friday, killing four people. El Comercio said Bagua "
            "was attacked by gunmen. U.S. warplanes bombed a camp near Kandahar.")
    _, result = get_pipeline().analyse_text(text, published="2009-06-06")
    culprits = {result.entities[r.subject].name for r in result.relations if r.type == "responsible_for"}
    assert "Bagua" not in culprits and "El Comercio" not in culprits


def test_a_title_before_a_name_is_no_organisation():
    from newsgraph.pipeline import get_pipeline

    _, result = get_pipeline().analyse_text(
        "Labour's Shadow Home Secretary Yvette Cooper said the plan would fail.", published="2023-02-23")
    assert "Shadow Home" not in {e.name for e in result.entities}



def test_charges_and_plots_name_who_is_responsible():
    from newsgraph.pipeline import get_pipeline

    for text, who, modality in (
        ("Kopp, who is charged with gunning down Dr. Barnett Slepian, fled to Mexico.", "kopp",
         "suspected"),
        ("The bombing of the market was plotted by Abimael Guzman.", "abimael", None),
    ):
        _, result = get_pipeline().analyse_text(text, published="1999-06-07")
        rels = [r for r in result.relations if r.type == "responsible_for"]
        names = [result.entities[r.subject].name.lower() for r in rels]
        assert any(who in n for n in names), (text, [relations.describe(r, result) for r in rels])
        if modality:
            assert all(r.modality == modality for r in rels)


def test_a_demonym_before_a_head_of_state_names_the_country_for_every_country():
    from newsgraph.pipeline import get_pipeline

    for text, leader, country in (
        ("Hungarian Prime Minister Viktor Orban said Hungary would join.", "Viktor Orban", "Hungary"),
        ("Salvadoran President Alfredo Cristiani visited El Salvador's capital.", "Alfredo Cristiani",
         "El Salvador"),
    ):
        _, result = get_pipeline().analyse_text(text)
        leads = [(result.entities[r.subject].name, result.entities[r.object].name)
                 for r in result.relations if r.type == "leads"]
        assert (leader, country) in leads, (text, leads)
