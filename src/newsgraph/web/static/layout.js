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
  const length = eles.nodes().length < 60 ? 150 : 100;  // a small network has room for its names
  return eles.layout({name: "fcose", animate: false, fit: false, packComponents: false, nodeSeparation: 110,
    idealEdgeLength: () => length, nodeRepulsion: () => 12000, ...options});
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

/** Run the layout; resolves when the nodes are in place.  ``pin`` (an id) starts at the centre;
 * ``shown`` holds the ids of the drawing before: they never move.  A node that returns after a
 * while starts at its old place but gives way if another took it meanwhile. */
export function place(cy, places, pin = null, shown = new Set()) {
  const placed = new Set(cy.nodes().filter((n) => places.has(n.id())).map((n) => n.id()));
  cy.nodes().forEach((n) => { if (placed.has(n.id())) n.position(places.get(n.id())); });
  const fresh = cy.nodes().filter((n) => !placed.has(n.id()));
  const layout = fresh.length ? fcose(cy, cy.elements(), layoutOptions(cy, fresh, placed, pin)) : null;
  const done = layout ? new Promise((resolve) => { layout.one("layoutstop", resolve); layout.run(); }) : Promise.resolve();
  return done.then(() => {
    if (!placed.size) stretchToView(cy);
    // fcose meets its fixed constraints only nearly: put the remembered nodes back exactly
    cy.nodes().forEach((n) => { if (placed.has(n.id())) n.position(places.get(n.id())); });
    separate(cy.nodes(), new Set([...placed].filter((id) => shown.has(id))));
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

/** Leave no two nodes overlapping: a few rounds of pushing overlapping pairs apart (along the
 * axis where they overlap least), then every node that still overlaps one placed before it moves
 * to the nearest free spot.  Remembered nodes (``keep``) are placed first and stay put. */
export function separate(nodes, keep = new Set()) {
  const items = nodes.map((n) => ({node: n, x: n.position("x"), y: n.position("y"),
    half: n.outerWidth() / 2 + GAP / 2, fixed: keep.has(n.id()), weight: n.data("degree") || 0}));
  if (items.length < 2) return;
  const cell = 2 * Math.max(...items.map((i) => i.half));
  for (let round = 0; round < 10; round++) {
    const grid = new Grid(cell, items);
    let moved = false;
    for (const it of items) for (const other of grid.near(it)) if (other !== it && push(it, other)) moved = true;
    if (!moved) break;
  }
  settle(items, cell);
  for (const it of items) it.node.position({x: it.x, y: it.y});
}

/** Boxes by grid cell, for the few that can touch a given one. */
class Grid {
  constructor(cell, items = []) {
    this.cell = cell;
    this.cells = new Map();
    items.forEach((it) => this.add(it));
  }

  key(x, y) { return `${Math.floor(x / this.cell)},${Math.floor(y / this.cell)}`; }

  add(it) {
    const key = this.key(it.x, it.y);
    if (!this.cells.has(key)) this.cells.set(key, []);
    this.cells.get(key).push(it);
  }

  near(it) {
    const gx = Math.floor(it.x / this.cell), gy = Math.floor(it.y / this.cell);
    const out = [];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) out.push(...(this.cells.get(`${gx + dx},${gy + dy}`) || []));
    return out;
  }

  collides(it) {
    return this.near(it).some((o) => o !== it && Math.abs(o.x - it.x) < o.half + it.half && Math.abs(o.y - it.y) < o.half + it.half);
  }
}

/** Place nodes one by one, remembered and best connected first; one that overlaps a placed node
 * goes to the nearest free spot on rings around where the layout put it. */
function settle(items, cell) {
  const grid = new Grid(cell);
  const order = [...items].sort((a, b) => (b.fixed - a.fixed) || (b.weight - a.weight));
  for (const it of order) {
    if (grid.collides(it)) moveToFreeSpot(it, grid);
    grid.add(it);
  }
}

function moveToFreeSpot(it, grid) {
  const [x0, y0, step] = [it.x, it.y, it.half];
  for (let ring = 1; ring < 400; ring++) {
    const r = ring * step, count = Math.max(6, Math.ceil((2 * Math.PI * r) / step));
    for (let k = 0; k < count; k++) {
      it.x = x0 + r * Math.cos((2 * Math.PI * k) / count);
      it.y = y0 + r * Math.sin((2 * Math.PI * k) / count);
      if (!grid.collides(it)) return;
    }
  }
}

/** Move two overlapping boxes apart; true when they overlapped. */
function push(a, b) {
  const reach = a.half + b.half;
  const dx = b.x - a.x, dy = b.y - a.y;
  const ox = reach - Math.abs(dx), oy = reach - Math.abs(dy);
  if (ox <= 0 || oy <= 0 || (a.fixed && b.fixed)) return false;
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
