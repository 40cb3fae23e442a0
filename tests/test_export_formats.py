"""Graph and table exports, each read back with its own library: networkx (GraphML, GEXF),
csv (Neo4j import files, PLOVER events) and pyarrow (Parquet).

The official GEXF 1.3 schema (gexf.net/1.3/gexf.xsd) is not available offline, so GEXF is
validated with lxml against ``GEXF13_SUBSET_XSD`` below: our own minimal XSD of the part of
GEXF 1.3 we emit (meta, graph with mode/timeformat, attributes, nodes and edges with
start/end and attvalues, spells), written from the published specification's structure.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from lxml import etree

from newsgraph.errors import InputError
from newsgraph.query import export, geo
from newsgraph.store import Store
from tests.test_analytics import build_scenario

GEXF13_SUBSET_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:g="http://gexf.net/1.3"
           targetNamespace="http://gexf.net/1.3" elementFormDefault="qualified">
  <xs:simpleType name="time"><xs:union memberTypes="xs:date xs:dateTime xs:integer xs:double"/></xs:simpleType>
  <xs:simpleType name="mode"><xs:restriction base="xs:string">
    <xs:enumeration value="static"/><xs:enumeration value="dynamic"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="attrtype"><xs:restriction base="xs:string">
    <xs:enumeration value="integer"/><xs:enumeration value="long"/><xs:enumeration value="double"/>
    <xs:enumeration value="float"/><xs:enumeration value="boolean"/><xs:enumeration value="string"/>
    <xs:enumeration value="liststring"/><xs:enumeration value="anyURI"/></xs:restriction></xs:simpleType>
  <xs:element name="gexf">
    <xs:complexType><xs:sequence>
      <xs:element name="meta" minOccurs="0"><xs:complexType><xs:sequence>
        <xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
        <xs:attribute name="lastmodifieddate" type="xs:date"/></xs:complexType></xs:element>
      <xs:element name="graph" type="g:graph"/>
    </xs:sequence>
    <xs:attribute name="version" type="xs:string" fixed="1.3" use="required"/>
    <xs:anyAttribute namespace="http://www.w3.org/2001/XMLSchema-instance" processContents="lax"/>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="graph"><xs:sequence>
    <xs:element name="attributes" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="attribute" minOccurs="0" maxOccurs="unbounded"><xs:complexType>
        <xs:attribute name="id" type="xs:string" use="required"/>
        <xs:attribute name="title" type="xs:string" use="required"/>
        <xs:attribute name="type" type="g:attrtype" use="required"/></xs:complexType></xs:element>
      </xs:sequence>
      <xs:attribute name="class" use="required"><xs:simpleType><xs:restriction base="xs:string">
        <xs:enumeration value="node"/><xs:enumeration value="edge"/></xs:restriction></xs:simpleType></xs:attribute>
      <xs:attribute name="mode" type="g:mode"/></xs:complexType></xs:element>
    <xs:element name="nodes"><xs:complexType><xs:sequence>
      <xs:element name="node" minOccurs="0" maxOccurs="unbounded" type="g:item"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="edges" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="edge" minOccurs="0" maxOccurs="unbounded"><xs:complexType><xs:complexContent>
        <xs:extension base="g:item">
          <xs:attribute name="source" type="xs:string" use="required"/>
          <xs:attribute name="target" type="xs:string" use="required"/>
          <xs:attribute name="type"><xs:simpleType><xs:restriction base="xs:string">
            <xs:enumeration value="directed"/><xs:enumeration value="undirected"/><xs:enumeration value="mutual"/>
          </xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="weight" type="xs:double"/>
        </xs:extension></xs:complexContent></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
    </xs:sequence>
    <xs:attribute name="mode" type="g:mode"/>
    <xs:attribute name="defaultedgetype" type="xs:string"/>
    <xs:attribute name="timeformat"><xs:simpleType><xs:restriction base="xs:string">
      <xs:enumeration value="integer"/><xs:enumeration value="double"/><xs:enumeration value="date"/>
      <xs:enumeration value="dateTime"/></xs:restriction></xs:simpleType></xs:attribute>
    <xs:attribute name="name" type="xs:string"/>
  </xs:complexType>
  <xs:complexType name="item"><xs:sequence>
    <xs:element name="attvalues" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="attvalue" maxOccurs="unbounded"><xs:complexType>
        <xs:attribute name="for" type="xs:string" use="required"/>
        <xs:attribute name="value" type="xs:string" use="required"/>
        <xs:attribute name="start" type="g:time"/><xs:attribute name="end" type="g:time"/>
      </xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
    <xs:element name="spells" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="spell" maxOccurs="unbounded"><xs:complexType>
        <xs:attribute name="start" type="g:time"/><xs:attribute name="end" type="g:time"/>
      </xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>
  </xs:sequence>
  <xs:attribute name="id" type="xs:string" use="required"/>
  <xs:attribute name="label" type="xs:string"/>
  <xs:attribute name="start" type="g:time"/><xs:attribute name="end" type="g:time"/>
  </xs:complexType>
</xs:schema>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = build_scenario(tmp_path_factory.mktemp("exp") / "s.db")
    geo.geocode(s)
    yield s
    s.close()


def _name(store: Store, name: str) -> int:
    return store.query("SELECT id FROM entities WHERE name = ?", (name,))[0]["id"]


def test_graphml_reads_back_with_intervals(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    counts = export.export_graphml(store, path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (counts["nodes"], counts["edges"])
    ttp = f"e{_name(store, 'Tehrik-e-Taliban Pakistan')}"
    assert g.nodes[ttp]["label"] == "Tehrik-e-Taliban Pakistan" and g.nodes[ttp]["type"] == "ARMED_GROUP"
    hak = f"e{_name(store, 'Hakimullah Mehsud')}"
    leads = [d for d in g.get_edge_data(hak, ttp).values() if d["relation"] == "leads"]
    assert leads[0]["start"] == "2009-08-01" and leads[0]["valid_from"] == "2009-08"
    # The place carries its coordinates; events are nodes tied to their role fillers.
    assert g.nodes[f"e{_name(store, 'Peshawar')}"]["geo_precision"] == "city"
    event = store.event_facts()[0].id  # a stable id (ev-…), the node's key
    assert event.startswith("ev-") and g.nodes[event]["kind"] == "event" and g.has_edge(ttp, event)


@pytest.mark.parametrize("include_events", [True, False])
def test_gexf_dynamic_reads_back_and_validates(store: Store, tmp_path: Path, include_events: bool) -> None:
    path = tmp_path / "g.gexf"
    counts = export.export_gexf(store, path, include_events=include_events)
    doc = etree.parse(str(path))
    schema = etree.XMLSchema(etree.fromstring(GEXF13_SUBSET_XSD.encode()))
    assert schema.validate(doc), schema.error_log
    graph = doc.getroot().find("{http://gexf.net/1.3}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    g = nx.read_gexf(path)
    assert (g.number_of_nodes(), g.number_of_edges()) == (counts["nodes"], counts["edges"])
    assert any(d["kind"] == "event" for _, d in g.nodes(data=True)) is include_events
    # Every interval is well-formed, and no edge starts before its end nodes exist.
    for u, v, d in g.edges(data=True):
        if "start" in d and "end" in d:
            assert d["start"] <= d["end"]
        for n in (u, v):
            if "start" in g.nodes[n]:
                assert "start" in d and d["start"] >= g.nodes[n]["start"]


def test_gexf_relation_with_end_only_starts_no_earlier_than_known(store: Store, tmp_path: Path) -> None:
    # A relation known only to have ended holds from its first report, never from an unknown
    # past; one that ended before it was reported holds in the period its end names.
    s = build_scenario(tmp_path / "end.db")
    s.conn.execute("UPDATE relations SET valid_to = '2009-05' WHERE type = 'rival_of'")
    s.conn.commit()
    s.rebuild_facts()  # claims changed behind the store's back: the facts follow once asked
    g = export.network_graph(s, include_events=False)
    rival = [d for _, _, d in g.edges(data=True) if d["relation"] == "rival_of"][0]
    assert rival["reported"] > "2009-05-31"  # reported after it ended
    assert (rival["start"], rival["end"]) == ("2009-05-01", "2009-05-31")
    assert g.nodes[f"e{_name(s, 'Qari Zainuddin')}"]["start"] <= "2009-05-01"
    s.close()


def _read_neo4j(out: Path, name: str) -> tuple[list[str], list[list[str]]]:
    header = next(csv.reader((out / f"{name}_header.csv").open(encoding="utf-8")))
    rows = list(csv.reader((out / f"{name}.csv").open(encoding="utf-8")))
    return header, rows


def test_neo4j_import_files(store: Store, tmp_path: Path) -> None:
    counts = export.export_neo4j(store, tmp_path)
    ids: set[str] = set()
    for name in ("entities", "events", "articles"):
        header, rows = _read_neo4j(tmp_path, name)
        assert header[0] == "id:ID" and header[-1] == ":LABEL"
        assert len(rows) == counts[name] and all(len(r) == len(header) for r in rows)
        ids |= {r[0] for r in rows}
    assert len(ids) == counts["entities"] + counts["events"] + counts["articles"]  # one ID space, no clashes
    header, rows = _read_neo4j(tmp_path, "relationships")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert all(len(r) == len(header) and r[0] in ids and r[1] in ids for r in rows)
    types = {r[2] for r in rows}
    assert {"LEADS", "ALLIED_WITH", "PERPETRATOR", "TARGET", "OCCURRED_IN", "REPORTED_IN"} <= types
    _, ents = _read_neo4j(tmp_path, "entities")
    labels = {r[2]: r[-1] for r in ents}
    assert labels["Tehrik-e-Taliban Pakistan"] == "Entity;ArmedGroup"
    assert "neo4j-admin database import full" in (tmp_path / "import.sh").read_text()


def test_parquet_every_table(store: Store, tmp_path: Path) -> None:
    counts = export.export_parquet(store, tmp_path)
    tables = [r["name"] for r in store.query(  # Alembic's bookkeeping is not the store's data
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version'")]
    assert "places" in tables
    for t in tables:
        table = pq.read_table(tmp_path / "tables" / f"{t}.parquet")
        assert table.num_rows == store.query(f'SELECT COUNT(*) FROM "{t}"')[0][0]
        cols = [r["name"] for r in store.query(f'PRAGMA table_info("{t}")')]
        assert table.column_names == cols
    ents = pq.read_table(tmp_path / "tables" / "entities.parquet")
    assert str(ents.schema.field("id").type) == "int64"
    rel = pq.read_table(tmp_path / "relations.parquet").to_pylist()
    assert len(rel) == counts["relations.parquet"] == 8
    allied = next(r for r in rel if r["type"] == "allied_with" and r["attributed_to"] == "officials")
    assert allied["object_entity"] == _name(store, "Haqqani network") and allied["object_event"] is None
    assert allied["evidence"][0]["text"].startswith("The Tehrik-e-Taliban Pakistan is now allied")
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    assert events[0]["date"] == {"value": "2009-06-09", "precision": "day"} and events[0]["killed"] == 17


def test_plover_events(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export.export_plover(store, path) == 1
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == list(export.PLOVER_COLUMNS)
    r = rows[0]
    assert (r["event_date"], r["actor"], r["recipient"], r["event_type"], r["mode"]) == (
        "2009-06-09", "Tehrik-e-Taliban Pakistan", "Pearl Continental Hotel Peshawar", "ASSAULT", "bombing")
    assert r["actor_cameo"] == "PAKREBTTP"  # the imported dictionary's code, valid on the event date
    assert r["recipient_cameo"] == "PAK"    # no CAMEO code: the KB country
    assert (r["location"], r["geo_precision"], r["source"], r["modality"], r["killed"]) == (
        "Peshawar", "city", "CBS News", "asserted", "17")
    assert float(r["latitude"]) == pytest.approx(34.0, abs=0.1)
    assert r["evidence"].startswith("On June 9, 2009 the TTP bombed")


@pytest.mark.parametrize("codes, on, expected", [
    (["PAKREB"], "2009-06-09", "PAKREB"),
    (["PSEREBHMS 19870101-20040322", "PSEGOVHMS 20060329-"], "2009-06-09", "PSEGOVHMS"),
    (["PSEREBHMS 19870101-20040322", "PSEGOVHMS 20060329-"], "1999-01-01", "PSEREBHMS"),
    (["PSEREBHMS [19870101-20040322]"], "1990-05-05", "PSEREBHMS"),
    (["PSEREBHMS 19870101-20040322"], "2010-01-01", None),
    (["PSEREBHMS 19870101-20040322", "PSE"], "2010-01-01", "PSE"),
    (["USAGOV 20010101-"], None, "USAGOV"),
    ([], "2009-01-01", None),
])
def test_cameo_code(codes: list[str], on: str | None, expected: str | None) -> None:
    assert export.cameo_code(codes, on) == expected


def test_export_dispatch(store: Store, tmp_path: Path) -> None:
    assert export.export(store, "plover", tmp_path / "p.csv") == {"events": 1}
    counts = export.export(store, "jsonl", tmp_path / "j")
    assert json.loads((tmp_path / "j" / "manifest.json").read_text())["export_version"] == export.EXPORT_VERSION
    assert counts["relations.jsonl"] == 8
    with pytest.raises(InputError):
        export.export(store, "xlsx", tmp_path / "x")
