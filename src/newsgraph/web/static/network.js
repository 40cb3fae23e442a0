// The network view: the best connected actors of a month (top N) or one actor's neighbourhood
// (ego view, 1 or 2 hops), coloured by community, in a layout that holds still across months;
// filters, a month slider with play, an evidence panel, and the same edges as a keyboard-usable
// list.

import cytoscape from "./vendor/cytoscape.esm.min.js";
import {h, replace, staleCheck} from "./dom.js";
import {api, apiUrl} from "./api.js";
import {claimLine, evidenceList, modalityBadge} from "./evidence.js";
import {editsEnabled, entityControls, factControls} from "./review.js";
import {lastDayOfMonth} from "./style.js";
import {plural, words} from "./labels.js";
import {MANY_EDGES, cyStyle, followZoom, labelBase, legend, nodeColor} from "./netstyle.js";
import {allInView, fitView, place, placesOf} from "./layout.js";

if (window.cytoscapeFcose) cytoscape.use(window.cytoscapeFcose);

export const DEFAULT_TOP = 50;
const MAX_TOP = 500;

// The view keeps its state across visits (back from an article returns to the same month).
const state = {monthIndex: null, axis: "as_of", allTime: false, hidden: {types: new Set(), rels: new Set(),
  modalities: new Set(), publishers: new Set()}, selected: null, top: DEFAULT_TOP, focus: null, focusName: "",
  hops: 1, colorBy: "community"};

// The two readings of a month.  "held": relations in force in it, by the periods the articles
// give (a relation with no stated start counts from its first report): /api/network?as_of=.
// "reported": what had been published by its end, whatever period it speaks of: ?known_as_of=.
const READINGS = {
  as_of: {word: "held", label: "held in the world in", choice: "held in the world",
    explain: (m) => `Relations in force in ${m}, by the periods the articles give; a relation whose start `
      + "no article states counts from its first report, never from before it."},
  known_as_of: {word: "reported", label: "as reported by", choice: "as reported by its end",
    explain: (m) => `Everything the articles had reported by the end of ${m}, whatever period it speaks of: `
      + "what an analyst could have known then, including relations that had already ended."},
};

function edgeLabel(e) {
  const prefix = e.retracted ? "✕ " : e.polarity === false ? "NOT " : "";
  return `${prefix}${words(e.subtype || e.type)}${e.retracted ? " (retracted)" : ""}`;
}

/** The publishers behind an edge (the API names them with each fact). */
function publishersOf(edge) {
  return new Set((edge.publishers || []).map((p) => p || "unknown publisher"));
}

function layoutKey() {
  return state.focus ? `focus:${state.focus}:${state.hops}` : "top";
}

/** A node's size from its mentions, the same in every month (so a kept node never grows into
 * its neighbours): 19 px for one mention, 31 for ten, at most 48. */
function nodeSize(mentions) {
  return Math.min(48, 14 + 5 * Math.log2(1 + mentions));
}

/** Cytoscape elements of one network answer; node sizes follow mentions, label sizes degree. */
function elementsOf(net) {
  const maxDegree = Math.max(1, ...net.nodes.map((n) => n.degree));
  return [
    ...net.nodes.map((n) => ({group: "nodes", classes: String(n.id) === state.focus ? "focus" : "", data: {
      id: String(n.id), name: n.name, type: n.type, mentions: n.mentions, degree: n.degree, community: n.community,
      color: nodeColor(n, state.colorBy), size: nodeSize(n.mentions),
      fontBase: labelBase(n.degree, maxDegree)}})),
    ...net.edges.map((e) => ({group: "edges", classes: net.edges.length >= MANY_EDGES ? "many" : "", data: {id: e.id, source: String(e.subject), target: String(e.object),
      type: e.type, modality: e.modality, retracted: e.retracted, negative: e.polarity === false,
      support: Math.max(1, e.evidence.length), label: edgeLabel(e), raw: e}})),
  ];
}

function checkboxGroup(title, values, hiddenSet, onChange, swatches = false) {
  return h("fieldset", {class: "filter"}, h("legend", {}, title),
    values.map((v) => h("label", {},
      h("input", {type: "checkbox", value: v, checked: !hiddenSet.has(v), onchange: (ev) => {
        if (ev.target.checked) hiddenSet.delete(v); else hiddenSet.add(v);
        onChange();
      }}),
      swatches ? h("span", {class: `swatch type-${v}`}) : null, ` ${words(v)}`)));
}

/** A search box whose results call ``choose(id, name)``: the network's "focus on" field. */
function focusSearch(choose) {
  const input = h("input", {type: "search", id: "focus-q", placeholder: "Focus on an actor…", autocomplete: "off",
    maxlength: 200, "aria-label": "Focus on an actor"});
  const results = h("ul", {id: "focus-results", class: "search-results", hidden: true});
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) { results.hidden = true; return; }
      const {items} = await api("entities", {q, limit: 10});
      replace(results, items.length ? items.map((e) => h("li", {}, h("button", {type: "button", class: "link",
        onclick: () => { results.hidden = true; input.value = ""; choose(String(e.id), e.name); }},
      e.name, h("small", {}, ` ${words(e.type)}`)))) : h("li", {class: "muted"}, "No match"));
      results.hidden = false;
    }, 150);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { ev.preventDefault(); const b = results.querySelector("button"); if (b) b.click(); }
    if (ev.key === "Escape") results.hidden = true;
  });
  return h("span", {class: "focus-search"}, input, results);
}

/** Take ?month=YYYY-MM|all&reading=held|reported&top=N&focus=ID&hops=1|2 from the address (a
 * link to one view). */
function stateFromAddress(params, nodes, months) {
  const month = params.get("month");
  const reading = Object.keys(READINGS).find((k) => READINGS[k].word === params.get("reading"));
  if (reading) state.axis = reading;
  if (month === "all") state.allTime = true;
  else if (months.includes(month)) { state.allTime = false; state.monthIndex = months.indexOf(month); }
  if (params.has("top")) state.top = clampTop(params.get("top"));
  if (params.has("hops")) state.hops = params.get("hops") === "2" ? 2 : 1;
  if (params.has("focus")) {
    const id = params.get("focus");
    const node = nodes.find((n) => String(n.id) === id);
    state.focus = id;
    state.focusName = node ? node.name : `actor ${id}`;
  }
}

function clampTop(value) {
  const n = Math.round(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_TOP, Math.max(5, n)) : DEFAULT_TOP;
}

/** The address of the view shown, kept in the location bar without a new history entry. */
function showAddress(months) {
  const q = new URLSearchParams();
  if (state.allTime) q.set("month", "all");
  else if (state.monthIndex !== months.length - 1 && months[state.monthIndex]) q.set("month", months[state.monthIndex]);
  if (state.axis !== "as_of") q.set("reading", READINGS[state.axis].word);
  if (state.top !== DEFAULT_TOP) q.set("top", state.top);
  if (state.focus) { q.set("focus", state.focus); q.set("hops", state.hops); }
  const hash = `#/network${q.toString() ? "?" + q : ""}`;
  if (location.hash !== hash && location.hash.startsWith("#/network")) history.replaceState(null, "", hash);
}

export async function renderNetwork(main, params = new URLSearchParams()) {
  const stale = staleCheck(main);
  const [monthsData, everything, edits] = await Promise.all([
    api("months", {}, {cached: true}), api("network", {include_retracted: true}, {cached: true}), editsEnabled()]);
  if (stale()) return null;
  const months = monthsData.months;
  if (state.monthIndex === null || state.monthIndex >= months.length) state.monthIndex = months.length - 1;
  stateFromAddress(params, everything.nodes, months);

  // Filter choices come from the whole network, so they do not jump as the slider moves.
  const nodeTypes = [...new Set(everything.nodes.map((n) => n.type))].sort();
  const relTypes = [...new Set(everything.edges.map((e) => e.type))].sort();
  const modalities = [...new Set(everything.edges.map((e) => e.modality))].sort();
  const publishers = [...new Set(everything.edges.flatMap((e) => [...publishersOf(e)]))].sort();

  const slider = h("input", {type: "range", id: "month", min: 0, max: Math.max(0, months.length - 1), step: 1,
    value: Math.max(0, state.monthIndex), "aria-label": "Month", disabled: months.length === 0 || state.allTime});
  const monthLabel = h("output", {id: "month-label", for: "month", "aria-live": "polite"});
  const play = h("button", {type: "button", id: "play", "aria-pressed": "false"}, "▶ Play");
  const allTime = h("input", {type: "checkbox", id: "all-time", checked: state.allTime});
  const readings = Object.entries(READINGS).map(([key, r]) => h("label", {class: "reading"},
    h("input", {type: "radio", name: "reading", value: key, id: `reading-${r.word}`, checked: state.axis === key,
      "aria-describedby": "reading-help"}), ` ${r.choice}`));
  const readingHelp = h("p", {id: "reading-help", class: "reading-help", "aria-live": "polite"});
  const axis = h("fieldset", {id: "axis", class: "readings"}, h("legend", {}, "Read the month as"), readings,
    readingHelp);
  const topInput = h("input", {type: "number", id: "top-n", min: 5, max: MAX_TOP, step: 5, value: state.top,
    "aria-label": "How many actors to show"});
  const hops = h("select", {id: "hops", "aria-label": "How far from the focus"},
    h("option", {value: "1", selected: state.hops === 1}, "1 step"),
    h("option", {value: "2", selected: state.hops === 2}, "2 steps"));
  const focusLabel = h("span", {id: "focus-label"});
  const clearFocus = h("button", {type: "button", id: "clear-focus"}, "Back to the top actors");
  const colorBy = h("select", {id: "color-by", "aria-label": "Colour actors by"},
    h("option", {value: "community", selected: state.colorBy === "community"}, "community"),
    h("option", {value: "type", selected: state.colorBy === "type"}, "actor type"));
  const fit = h("button", {type: "button", id: "fit", title: "Fit every shown actor into the view"}, "Fit");
  const legendBox = h("div", {class: "legend-box"}, legend(state.colorBy));
  const graphBox = h("div", {id: "cy", role: "img", "aria-label": "Network of actors; the list below holds the same edges"});
  const panel = h("aside", {id: "evidence", class: "panel", "aria-live": "polite", tabindex: "-1"},
    h("h2", {}, "Evidence"), h("p", {class: "muted"}, "Select a node or an edge to see the sentences behind it."));
  const edgeList = h("ul", {id: "edge-list", class: "edge-list"});
  const counts = h("p", {id: "counts", class: "muted"});

  replace(main, h("section", {class: "network-view"},
    h("div", {class: "controls"},
      h("div", {class: "time"},
        h("label", {for: "month"}, "Month "), slider, monthLabel, play,
        h("label", {}, allTime, " all dates"), axis),
      h("div", {class: "scope"},
        h("label", {}, "Show the ", topInput, " best connected actors"),
        focusSearch((id, name) => focusOn(id, name)),
        h("label", {}, " within ", hops), focusLabel, clearFocus,
        h("label", {}, " colour by ", colorBy), fit),
      h("details", {class: "filters"}, h("summary", {}, "Filters"),
        checkboxGroup("Actor types", nodeTypes, state.hidden.types, applyFilters, true),
        checkboxGroup("Relations", relTypes, state.hidden.rels, applyFilters),
        checkboxGroup("Modality", modalities, state.hidden.modalities, applyFilters),
        checkboxGroup("Source", publishers, state.hidden.publishers, applyFilters)),
      legendBox),
    h("div", {class: "graph-and-panel"}, h("div", {class: "graph-col"}, graphBox, counts), panel),
    h("section", {class: "edges"}, h("h2", {}, "Edges shown"), edgeList)));

  const view = {labelScale: 1, userMoved: false};
  const cy = cytoscape({container: graphBox, style: cyStyle(view), elements: [],
    minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false});
  followZoom(cy, view);
  cy.on("scrollzoom dragpan pinchzoom", () => { view.userMoved = true; });
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
          || (state.hidden.publishers.size > 0 && [...publishersOf(d)].every((p) => state.hidden.publishers.has(p)));
        e.toggleClass("hidden", hide);
        if (!hide) visible.push(d);
      });
      // an actor whose every relation is filtered out goes too; one with none here stays
      cy.nodes().forEach((n) => {
        const edges = n.connectedEdges();
        const filteredOut = edges.length > 0 && edges.every((e) => e.hasClass("hidden"));
        n.toggleClass("hidden", hiddenNodes.has(n.id()) || (filteredOut && n.id() !== state.focus));
      });
    });
    if (view.refresh) view.refresh();
    renderEdgeList(visible);
    showCounts(visible.length);
    graphBox.dataset.edges = visible.map((e) => `${e.subject_name}|${e.type}|${e.object_name}`).join("\n");
  }

  function showCounts(edges) {
    const shown = cy.nodes(":visible").length;
    const scope = state.focus ? ` within ${plural(state.hops, "step")} of ${state.focusName}` : "";
    counts.textContent = state.focus && !current.nodes.length
      ? `${state.focusName} has no relation at this date.`
      : `${plural(shown, "actor")}${scope} and ${plural(edges, "relation")} shown, `
        + `of ${plural(current.total_nodes || 0, "actor")} and ${plural(current.total_edges || 0, "relation")} at this date.`;
    focusLabel.textContent = state.focus ? ` around ${state.focusName}` : "";
    clearFocus.hidden = !state.focus;
    hops.disabled = !state.focus;
  }

  function renderEdgeList(edges) {
    replace(edgeList, edges.length ? edges.map((e) => h("li", {},
      h("button", {type: "button", class: `edge-item${e.retracted ? " retracted" : ""}`, "data-edge": e.id,
        onclick: () => select(e.id)},
        `${e.subject_name} — ${edgeLabel(e)} → ${e.object_name}`),
      " ", modalityBadge(e))) : h("li", {class: "muted"}, "No relation holds at this date with these filters."));
  }

  function query() {
    const out = {include_retracted: true, top: state.top};
    const month = months[state.monthIndex];
    if (!state.allTime && month) out[state.axis] = lastDayOfMonth(month);
    if (state.focus) { out.focus = state.focus; out.hops = state.hops; }
    return out;
  }

  async function load({refit = false} = {}) {
    const mine = ++request;
    const month = months[state.monthIndex];
    monthLabel.textContent = state.allTime || !month ? "all dates" : month;
    slider.setAttribute("aria-valuetext", state.allTime || !month ? "all dates"
      : `${READINGS[state.axis].label} ${month}`);
    readingHelp.textContent = state.allTime || !month
      ? "All dates: every relation ever reported, whenever it held."
      : READINGS[state.axis].explain(month);
    const started = performance.now();
    const net = await api("network", query());
    if (mine !== request || cy.destroyed()) return;  // a later move already asked, or the view is gone
    const fetched = performance.now();
    current = net;
    const places = placesOf(layoutKey());
    const first = !cy.nodes().length || refit;
    const shown = new Set(cy.nodes().map((n) => n.id()));
    cy.batch(() => { cy.elements().remove(); cy.add(elementsOf(net)); });
    await place(cy, places, state.focus, shown);
    if (mine !== request || cy.destroyed()) return;
    applyFilters();
    if (first || (!view.userMoved && !allInView(cy))) fitView(cy);
    view.refresh();
    if (state.selected && cy.getElementById(state.selected).length) cy.getElementById(state.selected).select();
    showAddress(months);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));  // the draw counts to its paint
    if (mine !== request || cy.destroyed()) return;
    graphBox.dataset.month = monthLabel.textContent;
    graphBox.dataset.drawMs = String(Math.round(performance.now() - fetched));
    graphBox.dataset.loadMs = String(Math.round(performance.now() - started));
    graphBox.dataset.ready = String(request);
  }

  function focusOn(id, name) {
    state.focus = id; state.focusName = name; state.selected = id;
    view.userMoved = false;
    load({refit: true});
  }

  function select(id) {
    const el = cy.getElementById(id);
    cy.elements().unselect();
    cy.edges().removeClass("near");
    cy.nodes().removeClass("named");
    if (el.length) el.select();
    state.selected = id;
    // what is selected is named in full: an edge's two actors, an actor's relations
    if (el.length && el.isEdge()) { el.connectedNodes().addClass("named"); showEdge(el.data("raw")); }
    else if (el.length) { el.connectedEdges().addClass("near"); showNode(el.data()); }
  }

  function showEdge(e) {
    replace(panel, h("h2", {}, "Evidence"),
      claimLine(e),
      factControls(e, edits, {withUndo: true}),
      h("p", {class: "muted"}, `${plural(e.evidence.length, "supporting sentence")} in ${plural(e.articles.length, "article")}`),
      evidenceList(e.evidence),
      h("p", {}, h("a", {href: apiUrl("network", {include_retracted: true})}, "JSON")));
    panel.focus({preventScroll: true});
  }

  async function showNode(d) {
    replace(panel, h("h2", {}, d.name), h("p", {class: "muted"}, "Loading…"));
    const profile = await api(`entities/${d.id}`);
    const controls = edits ? await entityControls(profile) : null;
    if (state.selected !== d.id) return;  // another element was selected meanwhile
    const rels = profile.relations.filter((r) => !r.object_is_event);
    replace(panel, h("h2", {}, h("span", {class: `swatch type-${profile.type}`}), " ", profile.name),
      h("p", {}, `${words(profile.type)} · ${plural(profile.mention_count, "mention")} in ${plural(profile.articles.length, "article")}`),
      profile.aliases.length ? h("p", {class: "aliases"}, "Also: ", profile.aliases.join(", ")) : null,
      h("p", {}, h("a", {href: `#/entity/${profile.id}`}, "Open the entity page →"), " ",
        h("button", {type: "button", id: "focus-here", onclick: () => focusOn(String(profile.id), profile.name)},
          "Show its neighbourhood")),
      controls,
      h("h3", {}, "Relations"),
      rels.length ? h("ul", {class: "facts"}, rels.map((r) => h("li", {},
        claimLine(r, " ", factControls(r, edits)),
        evidenceList(r.evidence, {limit: 3})))) : h("p", {class: "muted"}, "None."),
      h("h3", {}, "Mentions"),
      h("ul", {class: "mentions"}, profile.articles.slice(0, 5).flatMap((a) => a.mentions.slice(0, 2).map((m) =>
        h("li", {}, h("a", {href: `#/article/${encodeURIComponent(a.id)}?hl=${m.start}-${m.end}`}, a.publisher || a.id),
          ": ", m.sentence_text)))));
    panel.focus({preventScroll: true});
  }

  cy.on("tap", "edge", (ev) => select(ev.target.id()));
  cy.on("tap", "node", (ev) => select(ev.target.id()));
  cy.on("dbltap", "node", (ev) => focusOn(ev.target.id(), ev.target.data("name")));

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
  axis.addEventListener("change", (ev) => {
    if (ev.target.name !== "reading") return;
    state.axis = ev.target.value;
    load();
  });
  topInput.addEventListener("change", () => {
    state.top = clampTop(topInput.value);
    topInput.value = state.top;
    load();
  });
  hops.addEventListener("change", () => { state.hops = Number(hops.value); load({refit: true}); });
  clearFocus.addEventListener("click", () => { state.focus = null; state.focusName = ""; load({refit: true}); });
  colorBy.addEventListener("change", () => {
    state.colorBy = colorBy.value;
    cy.batch(() => cy.nodes().forEach((n) => n.data("color", nodeColor(n.data(), state.colorBy))));
    replace(legendBox, legend(state.colorBy));
  });
  fit.addEventListener("click", () => { view.userMoved = false; fitView(cy); });

  await load({refit: true});
  if (state.selected) select(state.selected);
  return {json: apiUrl("network", query()), dispose: () => { stop(); cy.destroy(); }};
}
