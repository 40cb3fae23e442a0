// How the network looks: colour by community or by actor type, shape by actor type, labels that
// stay readable at any zoom (important actors' names first), edge labels on demand.

import {h, s} from "./dom.js";
import {TYPE_COLORS, MODALITY_LINE, SYMMETRIC} from "./style.js";
import {words} from "./labels.js";

// Ten colours that stay apart for most readers (Tableau 10); smaller communities share grey.
export const COMMUNITY_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
  "#ff9da7", "#9c755f", "#3b6e8f"];
const OTHER_COMMUNITY = "#b9bdc4";

// Shapes tell the actor type whatever the colour says.
export const TYPE_SHAPES = {PERSON: "ellipse", ARMED_GROUP: "diamond", ORGANIZATION: "round-rectangle",
  GOVERNMENT: "hexagon", MEDIA: "round-triangle", LOCATION: "round-tag", FACILITY: "rectangle"};

const EDGE_LABEL_ZOOM = 1.2;  // from this zoom on every edge says what it is
const MIN_LABEL_PX = 8;       // a label smaller than this on screen is not drawn
const ALWAYS_NAMED = 25;      // the best connected actors are named even over a crowded drawing
export const MANY_EDGES = 300; // from this many edges on, plain lines

export function nodeColor(node, colorBy) {
  if (colorBy === "type") return TYPE_COLORS[node.type] || "#999";
  const c = node.community;
  return c !== null && c !== undefined && c < COMMUNITY_COLORS.length ? COMMUNITY_COLORS[c] : OTHER_COMMUNITY;
}

/** Label size at zoom 1 in px: 15 for the best connected actor, down to 10. */
export function labelBase(degree, maxDegree) {
  return 10 + 5 * Math.sqrt(degree / Math.max(1, maxDegree));
}

/** The stylesheet.  ``view.labelScale`` (set by ``followZoom``) keeps labels and lines growing
 * slower than the zoom: on screen a label is base × zoom^0.3 px, readable from afar, not huge
 * close up; the smallest drop out first (MIN_LABEL_PX). */
export function cyStyle(view) {
  return [
    {selector: "node", style: {
      "background-color": "data(color)", "shape": (n) => TYPE_SHAPES[n.data("type")] || "ellipse",
      "label": "data(name)", "font-size": (n) => n.data("fontBase") * view.labelScale,
      "min-zoomed-font-size": MIN_LABEL_PX, "text-valign": "bottom", "text-margin-y": 2,
      "color": "#1d1f24",
      "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1,
      "width": "data(size)", "height": "data(size)", "border-width": 1, "border-color": "#fff"}},
    // a name that would cover another name or actor waits until the user zooms in
    {selector: "node.crowded", style: {"label": ""}},
    {selector: "node.focus", style: {"border-width": 3, "border-color": "#f5a623", "label": "data(name)"}},
    {selector: "node:selected, node.named", style: {"label": "data(name)"}},
    {selector: "node:selected", style: {"border-width": 4, "border-color": "#111"}},
    {selector: "edge", style: {
      "width": (e) => (1.2 + Math.min(3, e.data("support") - 1)) * view.labelScale,
      "line-color": "#8a909c", "target-arrow-color": "#8a909c", "opacity": 0.8,
      "line-style": (e) => MODALITY_LINE[e.data("modality")] || "solid",
      "target-arrow-shape": (e) => (SYMMETRIC.has(e.data("type")) ? "none" : "triangle"), "arrow-scale": 0.8,
      "curve-style": "bezier", "label": "", "font-size": () => 10 * view.labelScale, "color": "#333",
      "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.85,
      "text-background-padding": 1}},
    // Many edges are drawn as plain lines (several times faster); the ones being read get their
    // curve and arrow back.
    {selector: "edge.many", style: {"curve-style": "haystack", "haystack-radius": 0}},
    {selector: "edge.labelled, edge.hover, edge.near, edge:selected", style: {"label": "data(label)",
      "curve-style": "bezier"}},
    {selector: "edge.hover", style: {"opacity": 1, "line-color": "#333", "target-arrow-color": "#333", "z-index": 9}},
    {selector: "edge[?negative]", style: {"line-color": "#b22", "target-arrow-color": "#b22", "color": "#b22"}},
    // A retracted claim stays visible but struck: red, faded, crossed label.
    {selector: "edge[?retracted]", style: {"line-color": "#d00", "target-arrow-color": "#d00", "opacity": 0.55,
      "color": "#d00", "line-style": "dashed", "line-dash-pattern": [2, 6]}},
    {selector: "edge:selected", style: {"width": () => 4 * view.labelScale, "line-color": "#111", "target-arrow-color": "#111", "opacity": 1}},
    {selector: ".hidden", style: {"display": "none"}},
  ];
}

/** Keep label sizes and edge labels in step with the zoom (once per frame at most). */
export function followZoom(cy, view) {
  let pending = false;
  const update = () => {
    pending = false;
    if (cy.destroyed()) return;
    const zoom = cy.zoom();
    view.labelScale = zoom ** -0.7;
    cy.batch(() => {
      cy.edges().toggleClass("labelled", zoom >= EDGE_LABEL_ZOOM);
      declutter(cy, view);
      cy.style().update();
    });
  };
  view.refresh = update;
  cy.on("zoom", () => { if (!pending) { pending = true; requestAnimationFrame(update); } });
  // Edges of the actor under the pointer, and the edge under it, say what they are.
  cy.on("mouseover", "edge", (ev) => ev.target.addClass("hover"));
  cy.on("mouseout", "edge", (ev) => ev.target.removeClass("hover"));
  cy.on("mouseover", "node", (ev) => ev.target.connectedEdges().addClass("hover"));
  cy.on("mouseout", "node", (ev) => ev.target.connectedEdges().removeClass("hover"));
  update();
}

/** Box of a node's label (one line below it) in model units, from the label's size and length. */
function labelBox(n, view) {
  const font = n.data("fontBase") * view.labelScale;
  const width = (n.data("name") || "").length * font * 0.56;
  const {x, y} = n.position();
  const top = y + n.height() / 2 + 2;
  return {x1: x - width / 2, x2: x + width / 2, y1: top, y2: top + font * 1.3};
}

/** Show the names of the best connected actors first, each only where it covers no name shown
 * already and no other actor; the rest appear as the user zooms in. */
export function declutter(cy, view) {
  const shown = cy.nodes(":visible").sort((a, b) => b.data("fontBase") - a.data("fontBase")
    || b.data("mentions") - a.data("mentions"));
  const cell = 120;
  const grid = new Map();
  const overlaps = (box, own) => cells(box, cell).some((key) => (grid.get(key) || []).some((o) => o.owner !== own
    && box.x1 < o.x2 && o.x1 < box.x2 && box.y1 < o.y2 && o.y1 < box.y2));
  const add = (box) => cells(box, cell).forEach((key) => { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(box); });
  shown.forEach((n) => add({...n.boundingBox({includeLabels: false}), owner: n.id()}));
  const labels = new Map();  // the first names shown only need to keep off each other
  shown.forEach((n, rank) => {
    const box = {...labelBox(n, view), owner: n.id()};
    const crowded = rank < ALWAYS_NAMED
      ? [...labels.values()].some((o) => box.x1 < o.x2 && o.x1 < box.x2 && box.y1 < o.y2 && o.y1 < box.y2)
      : overlaps(box, n.id());
    if (!crowded) labels.set(n.id(), box);
    n.toggleClass("crowded", crowded);
    if (!crowded) add(box);
  });
}

function cells(box, size) {
  const out = [];
  for (let x = Math.floor(box.x1 / size); x <= Math.floor(box.x2 / size); x++) {
    for (let y = Math.floor(box.y1 / size); y <= Math.floor(box.y2 / size); y++) out.push(`${x},${y}`);
  }
  return out;
}

function shapeIcon(type) {
  const shapes = {
    ellipse: s("circle", {cx: 7, cy: 7, r: 5.5}),
    diamond: s("polygon", {points: "7,1 13,7 7,13 1,7"}),
    "round-rectangle": s("rect", {x: 1.5, y: 2.5, width: 11, height: 9, rx: 2.5}),
    hexagon: s("polygon", {points: "4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7"}),
    "round-triangle": s("polygon", {points: "7,1.5 13,12.5 1,12.5"}),
    "round-tag": s("polygon", {points: "1.5,2 9,2 13,7 9,12 1.5,12"}),
    rectangle: s("rect", {x: 1.5, y: 1.5, width: 11, height: 11}),
  };
  return s("svg", {class: "shape", width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true"},
    shapes[TYPE_SHAPES[type]] || shapes.ellipse);
}

/** The legend for the current colouring. */
export function legend(colorBy) {
  const colours = colorBy === "type"
    ? Object.keys(TYPE_COLORS).map((t) => h("li", {}, h("span", {class: `swatch type-${t}`}), ` ${words(t)}`))
    : [h("li", {class: "wide"}, COMMUNITY_COLORS.map((c, i) => h("span", {class: `swatch community-${i}`})),
      " one colour per community: actors that relate mostly to each other (grey: smaller ones)")];
  return h("details", {class: "legend"}, h("summary", {}, "Legend"),
    h("ul", {class: "shapes"}, Object.keys(TYPE_SHAPES).map((t) => h("li", {}, shapeIcon(t), ` ${words(t)}`))),
    h("ul", {}, colours),
    h("ul", {class: "lines"},
      h("li", {}, h("span", {class: "line solid"}), " asserted"),
      h("li", {}, h("span", {class: "line dashed"}), " reported / believed / suspected"),
      h("li", {}, h("span", {class: "line dotted"}), " speculated / possible"),
      h("li", {}, h("span", {class: "line retracted"}), " retracted (✕) or denied (NOT)"),
      h("li", {class: "muted wide"}, "Node size: mentions; arrow: subject → object. Zoom in or point at an edge to read it.")));
}
