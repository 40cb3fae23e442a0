// A layout that holds still as the month changes: an actor keeps the place it had (remembered
// per view, so it returns there when it comes back), a new actor starts next to the neighbours
// already placed and only new actors move (fcose, fixed constraints on the rest), and no two
// actors overlap (a final separation pass).  The view is fitted on the first draw, when an actor
// would be out of sight and the user has not zoomed or panned, and on demand.

const GAP = 6;           // px between two actors' boxes at zoom 1
const MAX_FIT_ZOOM = 1.6;
const POLISH_UP_TO = 150;    // nodes a full layout polishes; larger networks get a draft (speed)
const MOVE_ALONE_UP_TO = 30; // new nodes that move alone among remembered ones
const MAX_STRETCH = 1.8;

/** The remembered places of one view ("top" or "focus:12:1"): id -> {x, y}. */
const memory = new Map();

export function placesOf(key) {
  if (!memory.has(key)) memory.set(key, new Map());
  return memory.get(key);
}

function fcose(cy, eles, options) {
  if (!window.cytoscapeFcose) return eles.layout({name: "cose", animate: false, randomize: true, ...options});
  return eles.layout({name: "fcose", animate: false, fit: false, packComponents: false, nodeSeparation: 110,
    idealEdgeLength: () => 100, nodeRepulsion: () => 12000, ...options});
}

/** A small deterministic offset for a node, so actors that start on one spot fan out. */
function jitter(id, radius) {
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  const angle = (hash % 360) * Math.PI / 180;
  return {x: radius * Math.cos(angle), y: radius * Math.sin(angle)};
}

/** Start each new node at the middle of its placed neighbours (or beside the drawing). */
function seedNewNodes(cy, fresh, placed) {
  const box = placed.size ? cy.nodes().filter((n) => placed.has(n.id())).boundingBox() : {x2: 0, y1: 0, h: 0};
  let spare = 0;
  fresh.forEach((n) => {
    const near = n.neighborhood("node").filter((m) => placed.has(m.id()));
    const offset = jitter(n.id(), 40);
    if (near.length) {
      const sum = near.reduce((acc, m) => ({x: acc.x + m.position("x"), y: acc.y + m.position("y")}), {x: 0, y: 0});
      n.position({x: sum.x / near.length + offset.x, y: sum.y / near.length + offset.y});
    } else {
      n.position({x: box.x2 + 80 + (spare % 4) * 60, y: box.y1 + Math.floor(spare / 4) * 60});
      spare += 1;
    }
  });
}

/** fcose options for this draw: a full layout polishes small networks ("default") and only
 * draws large ones ("draft", spectral, a fraction of the time); a few new nodes among remembered
 * ones move alone ("proof" from their seeded places), many start from a draft around them. */
function layoutOptions(cy, fresh, placed, pin) {
  const fixedAt = (nodes) => nodes.map((n) => ({nodeId: n.id(), position: {...n.position()}}));
  if (!placed.size) {
    const fixed = pin && cy.getElementById(pin).length ? [{nodeId: pin, position: {x: 0, y: 0}}] : undefined;
    return {randomize: true, quality: cy.nodes().length <= POLISH_UP_TO ? "default" : "draft", fixedNodeConstraint: fixed};
  }
  seedNewNodes(cy, fresh, placed);
  const fixed = fixedAt(cy.nodes().filter((n) => placed.has(n.id())));
  if (fresh.length <= MOVE_ALONE_UP_TO) {
    return {randomize: false, quality: "proof", fixedNodeConstraint: fixed, initialEnergyOnIncremental: 0.2, numIter: 600};
  }
  return {randomize: true, quality: "draft", fixedNodeConstraint: fixed};
}

/** Run the layout; resolves when the nodes are in place.  ``pin`` (an id) starts at the centre. */
export function place(cy, places, pin = null) {
  const placed = new Set(cy.nodes().filter((n) => places.has(n.id())).map((n) => n.id()));
  cy.nodes().forEach((n) => { if (placed.has(n.id())) n.position(places.get(n.id())); });
  const fresh = cy.nodes().filter((n) => !placed.has(n.id()));
  const layout = fresh.length ? fcose(cy, cy.elements(), layoutOptions(cy, fresh, placed, pin)) : null;
  const done = layout ? new Promise((resolve) => { layout.one("layoutstop", resolve); layout.run(); }) : Promise.resolve();
  return done.then(() => {
    if (!placed.size) stretchToView(cy);
    separate(cy.nodes(), placed);
    cy.nodes().forEach((n) => places.set(n.id(), {...n.position()}));
  });
}

/** Widen (or heighten) a new drawing to the shape of its frame, so no band of it stays empty and
 * the names get the room. */
function stretchToView(cy) {
  const bb = cy.nodes().boundingBox({includeLabels: false});
  const frame = cy.width() / Math.max(1, cy.height());
  if (bb.w < 1 || bb.h < 1) return;
  const ratio = Math.min(MAX_STRETCH, Math.max(1 / MAX_STRETCH, frame / (bb.w / bb.h)));
  const cx = (bb.x1 + bb.x2) / 2, cyy = (bb.y1 + bb.y2) / 2;
  const [sx, sy] = ratio >= 1 ? [ratio, 1] : [1, 1 / ratio];
  cy.nodes().positions((n) => ({x: cx + (n.position("x") - cx) * sx, y: cyy + (n.position("y") - cyy) * sy}));
}

/** Push overlapping nodes apart along the axis where they overlap least; remembered nodes move
 * only when two of them overlap (a node grown with its mentions). */
export function separate(nodes, keep = new Set(), rounds = 40) {
  const items = nodes.map((n) => ({node: n, x: n.position("x"), y: n.position("y"),
    half: n.outerWidth() / 2 + GAP / 2, fixed: keep.has(n.id())}));
  if (items.length < 2) return;
  const cell = 2 * Math.max(...items.map((i) => i.half));
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    const grid = new Map();
    for (const it of items) {
      const key = `${Math.floor(it.x / cell)},${Math.floor(it.y / cell)}`;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(it);
    }
    for (const it of items) {
      const gx = Math.floor(it.x / cell), gy = Math.floor(it.y / cell);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
        for (const other of grid.get(`${gx + dx},${gy + dy}`) || []) {
          if (other !== it && push(it, other)) moved = true;
        }
      }
    }
    if (!moved) break;
  }
  for (const it of items) it.node.position({x: it.x, y: it.y});
}

/** Move two overlapping boxes apart; true when they overlapped. */
function push(a, b) {
  const reach = a.half + b.half;
  const dx = b.x - a.x, dy = b.y - a.y;
  const ox = reach - Math.abs(dx), oy = reach - Math.abs(dy);
  if (ox <= 0 || oy <= 0) return false;
  const [shareA, shareB] = a.fixed === b.fixed ? [0.5, 0.5] : a.fixed ? [0, 1] : [1, 0];
  if (ox < oy) {
    const dir = dx > 0 || (dx === 0 && a.node.id() < b.node.id()) ? 1 : -1;
    a.x -= dir * ox * shareA; b.x += dir * ox * shareB;
  } else {
    const dir = dy > 0 || (dy === 0 && a.node.id() < b.node.id()) ? 1 : -1;
    a.y -= dir * oy * shareA; b.y += dir * oy * shareB;
  }
  return true;
}

/** Whether every shown node lies inside the viewport. */
export function allInView(cy) {
  const ext = cy.extent();
  return cy.nodes(":visible").every((n) => {
    const b = n.boundingBox({includeLabels: false});
    return b.x1 >= ext.x1 && b.x2 <= ext.x2 && b.y1 >= ext.y1 && b.y2 <= ext.y2;
  });
}

/** Fit the shown nodes into the view, never zooming in past MAX_FIT_ZOOM. */
export function fitView(cy, padding = 30) {
  const shown = cy.nodes(":visible");
  if (!shown.length) return;
  cy.fit(shown, padding);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center(shown);
  }
}
