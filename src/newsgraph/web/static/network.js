// The network view: Cytoscape graph of actors as of a month, filters, a month slider with
// play, an evidence panel, and the same edges as a keyboard-usable list.

import cytoscape from "./vendor/cytoscape.esm.min.js";
import {h, replace, staleCheck} from "./dom.js";
import {api, apiUrl, articleIndex} from "./api.js";
import {claimLine, evidenceList, modalityBadge} from "./evidence.js";
import {plural, words} from "./labels.js";
import {editsEnabled, factControls} from "./review.js";
import {TYPE_COLORS, MODALITY_LINE, SYMMETRIC, lastDayOfMonth} from "./style.js";

// The view keeps its state across visits (back from an article returns to the same month).
const state = {monthIndex: null, axis: "as_of", allTime: false, hidden: {types: new Set(), rels: new Set(),
  modalities: new Set(), publishers: new Set()}, selected: null};

function cyStyle() {
  return [
    {selector: "node", style: {
      "background-color": (n) => TYPE_COLORS[n.data("type")] || "#999",
      "label": "data(name)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
      "text-wrap": "wrap", "text-max-width": 110, "color": "#222",
      "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
      "width": "data(size)", "height": "data(size)", "border-width": 1, "border-color": "#fff"}},
    {selector: "node:selected", style: {"border-width": 4, "border-color": "#111"}},
    {selector: "edge", style: {
      "width": (e) => 1.5 + Math.min(4, e.data("support") - 1),
      "line-color": "#667", "target-arrow-color": "#667",
      "line-style": (e) => MODALITY_LINE[e.data("modality")] || "solid",
      "target-arrow-shape": (e) => (SYMMETRIC.has(e.data("type")) ? "none" : "triangle"),
      "curve-style": "bezier", "label": "data(label)", "font-size": 9, "color": "#333",
      "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8,
      "text-background-padding": 1}},
    {selector: "edge[?negative]", style: {"line-color": "#b22", "target-arrow-color": "#b22", "color": "#b22"}},
    // A retracted claim stays visible but struck: red, faded, crossed label.
    {selector: "edge[?retracted]", style: {"line-color": "#d00", "target-arrow-color": "#d00", "opacity": 0.55,
      "color": "#d00", "line-style": "dashed", "line-dash-pattern": [2, 6]}},
    {selector: "edge:selected", style: {"width": 5, "line-color": "#111", "target-arrow-color": "#111"}},
    {selector: ".hidden", style: {"display": "none"}},
  ];
}

function edgeLabel(e) {
  const kind = words(e.subtype || e.type);
  const prefix = e.retracted ? "✕ " : e.polarity === false ? "NOT " : "";
  return `${prefix}${kind}${e.retracted ? " (retracted)" : ""}`;
}

function publishersOf(edge, articles) {
  return new Set(edge.articles.map((id) => (articles.get(id) || {}).publisher || "unknown publisher"));
}

export async function renderNetwork(main) {
  const stale = staleCheck(main);
  const [monthsData, everything, articles, edits] = await Promise.all([
    api("months", {}, {cached: true}), api("network", {include_retracted: true}, {cached: true}), articleIndex(),
    editsEnabled()]);
  if (stale()) return null;
  const months = monthsData.months;
  if (state.monthIndex === null || state.monthIndex >= months.length) state.monthIndex = months.length - 1;

  // Filter choices come from the whole network, so they do not jump as the slider moves.
  const nodeTypes = [...new Set(everything.nodes.map((n) => n.type))].sort();
  const relTypes = [...new Set(everything.edges.map((e) => e.type))].sort();
  const modalities = [...new Set(everything.edges.map((e) => e.modality))].sort();
  const publishers = [...new Set(everything.edges.flatMap((e) => [...publishersOf(e, articles)]))].sort();

  const slider = h("input", {type: "range", id: "month", min: 0, max: Math.max(0, months.length - 1), step: 1,
    value: Math.max(0, state.monthIndex), "aria-label": "Month", disabled: months.length === 0 || state.allTime});
  const monthLabel = h("output", {id: "month-label", for: "month", "aria-live": "polite"});
  const play = h("button", {type: "button", id: "play", "aria-pressed": "false"}, "▶ Play");
  const allTime = h("input", {type: "checkbox", id: "all-time", checked: state.allTime});
  const axis = h("select", {id: "axis", "aria-label": "Time axis"},
    h("option", {value: "as_of", selected: state.axis === "as_of"}, "held in the world"),
    h("option", {value: "known_as_of", selected: state.axis === "known_as_of"}, "reported by then"));
  const graphBox = h("div", {id: "cy", role: "img", "aria-label": "Network of actors; the list below holds the same edges"});
  const panel = h("aside", {id: "evidence", class: "panel", "aria-live": "polite", tabindex: "-1"},
    h("h2", {}, "Evidence"), h("p", {class: "muted"}, "Select a node or an edge to see the sentences behind it."));
  const edgeList = h("ul", {id: "edge-list", class: "edge-list"});
  const counts = h("p", {id: "counts", class: "muted"});

  const checkboxGroup = (title, values, hiddenSet, colorOf) => h("fieldset", {class: "filter"},
    h("legend", {}, title),
    values.map((v) => h("label", {},
      h("input", {type: "checkbox", value: v, checked: !hiddenSet.has(v), onchange: (ev) => {
        if (ev.target.checked) hiddenSet.delete(v); else hiddenSet.add(v);
        applyFilters();
      }}),
      colorOf ? h("span", {class: `swatch type-${v}`}) : null, ` ${v.replace(/_/g, " ")}`)));

  replace(main, h("section", {class: "network-view"},
    h("div", {class: "controls"},
      h("div", {class: "time"},
        h("label", {for: "month"}, "Month "), slider, monthLabel, play,
        h("label", {}, allTime, " all dates"),
        h("label", {}, " relations ", axis)),
      h("details", {class: "filters", open: true}, h("summary", {}, "Filters"),
        checkboxGroup("Actor types", nodeTypes, state.hidden.types, true),
        checkboxGroup("Relations", relTypes, state.hidden.rels),
        checkboxGroup("Modality", modalities, state.hidden.modalities),
        checkboxGroup("Source", publishers, state.hidden.publishers)),
      legend()),
    h("div", {class: "graph-and-panel"}, h("div", {class: "graph-col"}, graphBox, counts), panel),
    h("section", {class: "edges"}, h("h2", {}, "Edges shown"), edgeList)));

  const cy = cytoscape({container: graphBox, style: cyStyle(), elements: [],
    minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false});
  window.newsgraph = Object.assign(window.newsgraph || {}, {cy});  // for tests and the console
  let current = {nodes: [], edges: []};
  let request = 0;

  function applyFilters() {
    const hiddenNodes = new Set(current.nodes.filter((n) => state.hidden.types.has(n.type)).map((n) => String(n.id)));
    const visible = [];
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const d = e.data("raw");
        const hide = state.hidden.rels.has(d.type) || state.hidden.modalities.has(d.modality)
          || hiddenNodes.has(e.data("source")) || hiddenNodes.has(e.data("target"))
          || (state.hidden.publishers.size > 0 && [...publishersOf(d, articles)].every((p) => state.hidden.publishers.has(p)));
        e.toggleClass("hidden", hide);
        if (!hide) visible.push(d);
      });
      cy.nodes().forEach((n) => {
        const shownEdge = n.connectedEdges().some((e) => !e.hasClass("hidden"));
        n.toggleClass("hidden", hiddenNodes.has(n.id()) || !shownEdge);
      });
    });
    renderEdgeList(visible);
    counts.textContent = `${cy.nodes(":visible").length} actors, ${visible.length} relations`;
    graphBox.dataset.edges = visible.map((e) => `${e.subject_name}|${e.type}|${e.object_name}`).join("\n");
  }

  function renderEdgeList(edges) {
    replace(edgeList, edges.length ? edges.map((e) => h("li", {},
      h("button", {type: "button", class: `edge-item${e.retracted ? " retracted" : ""}`, "data-edge": e.id,
        onclick: () => select(e.id)},
        `${e.subject_name} — ${edgeLabel(e)} → ${e.object_name}`),
      " ", modalityBadge(e))) : h("li", {class: "muted"}, "No relation holds at this date with these filters."));
  }

  async function load() {
    const mine = ++request;
    const params = {include_retracted: true};
    const month = months[state.monthIndex];
    if (!state.allTime && month) params[state.axis] = lastDayOfMonth(month);
    monthLabel.textContent = state.allTime || !month ? "all dates" : month;
    slider.setAttribute("aria-valuetext", monthLabel.textContent);
    const net = await api("network", params);
    if (mine !== request || cy.destroyed()) return;  // a later move already asked, or the view is gone
    current = net;
    const maxMentions = Math.max(1, ...net.nodes.map((n) => n.mentions));
    const positions = new Map(cy.nodes().map((n) => [n.id(), {...n.position()}]));
    const elements = [
      ...net.nodes.map((n) => ({group: "nodes", data: {id: String(n.id), name: n.name, type: n.type,
        mentions: n.mentions, size: 18 + 42 * Math.sqrt(n.mentions / maxMentions)}})),
      ...net.edges.map((e) => ({group: "edges", data: {id: e.id, source: String(e.subject), target: String(e.object),
        type: e.type, modality: e.modality, retracted: e.retracted, negative: e.polarity === false,
        support: Math.max(1, e.evidence.length), label: edgeLabel(e), raw: e}})),
    ];
    const before = new Set(cy.nodes().map((n) => n.id()));
    cy.batch(() => { cy.elements().remove(); cy.add(elements); });
    // Keep nodes that stay where they were, so the replay shows change, not a new layout.
    const fresh = cy.nodes().filter((n) => !before.has(n.id()));
    cy.nodes().forEach((n) => { if (positions.has(n.id())) n.position(positions.get(n.id())); });
    const layout = fresh.length === cy.nodes().length
      ? cy.layout({name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 90,
        padding: 30, seed: 1})
      : fresh.length ? fresh.layout({name: "circle", boundingBox: freeBox(), animate: false}) : null;
    if (layout) layout.run();
    if (fresh.length === cy.nodes().length) cy.fit(undefined, 30);
    applyFilters();
    if (state.selected && cy.getElementById(state.selected).length) cy.getElementById(state.selected).select();
    graphBox.dataset.month = monthLabel.textContent;
    graphBox.dataset.ready = String(request);
  }

  function freeBox() {
    const bb = cy.nodes().filter((n) => n.position().x !== 0 || n.position().y !== 0).boundingBox();
    return {x1: bb.x2 + 20, y1: bb.y1, w: 200, h: Math.max(200, bb.h)};
  }

  function select(id) {
    const el = cy.getElementById(id);
    cy.elements().unselect();
    if (el.length) el.select();
    state.selected = id;
    if (el.length && el.isEdge()) showEdge(el.data("raw"));
    else if (el.length) showNode(el.data());
  }

  function showEdge(e) {
    replace(panel, h("h2", {}, "Evidence"),
      claimLine(e),
      factControls(e, edits),
      h("p", {class: "muted"}, `${plural(e.evidence.length, "supporting sentence")} in ${plural(e.articles.length, "article")}`),
      evidenceList(e.evidence, articles),
      h("p", {}, h("a", {href: apiUrl("network", {include_retracted: true})}, "JSON")));
    panel.focus({preventScroll: true});
  }

  async function showNode(d) {
    replace(panel, h("h2", {}, d.name), h("p", {class: "muted"}, "Loading…"));
    const profile = await api(`entities/${d.id}`);
    const rels = profile.relations.filter((r) => !r.object_is_event);
    replace(panel, h("h2", {}, h("span", {class: `swatch type-${profile.type}`}), " ", profile.name),
      h("p", {}, `${words(profile.type)} · ${plural(profile.mention_count, "mention")} in ${plural(profile.articles.length, "article")}`),
      profile.aliases.length ? h("p", {class: "aliases"}, "Also: ", profile.aliases.join(", ")) : null,
      h("p", {}, h("a", {href: `#/entity/${profile.id}`}, "Open the entity page →")),
      h("h3", {}, "Relations"),
      rels.length ? h("ul", {class: "facts"}, rels.map((r) => h("li", {},
        claimLine(r, " ", factControls(r, edits)),
        evidenceList(r.evidence, articles, {limit: 3})))) : h("p", {class: "muted"}, "None."),
      h("h3", {}, "Mentions"),
      h("ul", {class: "mentions"}, profile.articles.slice(0, 5).flatMap((a) => a.mentions.slice(0, 2).map((m) =>
        h("li", {}, h("a", {href: `#/article/${encodeURIComponent(a.id)}?hl=${m.start}-${m.end}`}, a.publisher || a.id),
          ": ", m.sentence_text)))));
    panel.focus({preventScroll: true});
  }

  cy.on("tap", "edge", (ev) => select(ev.target.id()));
  cy.on("tap", "node", (ev) => select(ev.target.id()));

  let timer = null;
  function stop() {
    clearInterval(timer); timer = null;
    play.textContent = "▶ Play"; play.setAttribute("aria-pressed", "false");
  }
  play.addEventListener("click", () => {
    if (timer) { stop(); return; }
    if (state.allTime) { state.allTime = false; allTime.checked = false; slider.disabled = false; }
    if (state.monthIndex >= months.length - 1) state.monthIndex = 0;
    play.textContent = "❚❚ Pause"; play.setAttribute("aria-pressed", "true");
    slider.value = state.monthIndex; load();
    timer = setInterval(() => {
      if (state.monthIndex >= months.length - 1) { stop(); return; }
      state.monthIndex += 1; slider.value = state.monthIndex; load();
    }, 900);
  });
  slider.addEventListener("input", () => { state.monthIndex = Number(slider.value); load(); });
  allTime.addEventListener("change", () => { state.allTime = allTime.checked; slider.disabled = state.allTime; load(); });
  axis.addEventListener("change", () => { state.axis = axis.value; load(); });

  await load();
  if (state.selected) select(state.selected);
  return {json: apiUrl("network", {include_retracted: true}), dispose: () => { stop(); cy.destroy(); }};
}

function legend() {
  return h("details", {class: "legend"}, h("summary", {}, "Legend"),
    h("ul", {}, Object.keys(TYPE_COLORS).map((t) => h("li", {}, h("span", {class: `swatch type-${t}`}), ` ${t.replace(/_/g, " ")}`))),
    h("ul", {class: "lines"},
      h("li", {}, h("span", {class: "line solid"}), " asserted"),
      h("li", {}, h("span", {class: "line dashed"}), " reported / believed / suspected"),
      h("li", {}, h("span", {class: "line dotted"}), " speculated / possible"),
      h("li", {}, h("span", {class: "line retracted"}), " retracted (✕) or denied (NOT)"),
      h("li", {class: "muted"}, "Node size: mentions; arrow: subject → object.")));
}
