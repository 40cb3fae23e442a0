// The article page: the text with entity mentions linked and one span (from ?hl=start-end)
// marked.  Article text is untrusted: it is cut into text nodes, never parsed as HTML.

import {h, replace, staleCheck, articleHref, externalLink} from "./dom.js";
import {api, articleDate} from "./api.js";
import {modalityBadge} from "./evidence.js";
import {relationKind, validity} from "./labels.js";

export async function renderArticle(main, id, hl) {
  const stale = staleCheck(main);
  const art = await api(`articles/${encodeURIComponent(id)}`);
  if (stale()) return null;
  document.title = `${art.title || art.id} · newsgraph`;
  const [hlStart, hlEnd] = parseRange(hl, art.text.length);
  const body = h("div", {class: "article-text", id: "article-text"});
  append(body, art.text, art.mentions, hlStart, hlEnd);
  replace(main, h("article", {class: "article-view"},
    h("header", {},
      h("h2", {id: "article-title"}, art.title || "(untitled)"),
      h("p", {class: "meta"}, [art.publisher, art.byline, art.dateline].filter(Boolean).join(" · "),
        ` · ${articleDate(art)}`, art.url ? [" · ", externalLink(art.url, "original")] : null)),
    h("div", {class: "article-layout"}, body,
      h("aside", {class: "panel"}, h("h3", {}, "Facts from this article"),
        art.facts.length ? h("ul", {class: "facts"}, art.facts.map((f) => h("li", {},
          h("a", {href: articleHref(art.id, f.start, f.end)}, factText(f)), " ", modalityBadge(f))))
          : h("p", {class: "muted"}, "None extracted.")))));
  const mark = document.getElementById("hl");
  if (mark) { mark.scrollIntoView({block: "center"}); mark.focus({preventScroll: true}); }
  return {json: `/api/articles/${encodeURIComponent(id)}`, scrolled: Boolean(mark)};
}

/** "X leads Y [2009-08 – …]" for a relation, "assault: missile strike" for an event. */
function factText(f) {
  const r = f.relation;
  if (!r) return f.summary;
  return `${r.subject_name} ${r.polarity === false ? "NOT " : ""}${relationKind(r)} ${r.object_name}${validity(r)}`;
}

function parseRange(hl, length) {
  const m = /^(\d+)-(\d+)$/.exec(hl || "");
  if (!m) return [null, null];
  const start = Math.min(Number(m[1]), length), end = Math.min(Number(m[2]), length);
  return end > start ? [start, end] : [null, null];
}

/** Cut the text at mention and highlight boundaries; each piece becomes a text node. */
function append(body, text, mentions, hlStart, hlEnd) {
  const spans = [];
  let lastEnd = -1;
  for (const m of [...mentions].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (m.start >= lastEnd && m.end <= text.length) { spans.push(m); lastEnd = m.end; }  // skip nested overlaps
  }
  const cuts = new Set([0, text.length]);
  for (const m of spans) { cuts.add(m.start); cuts.add(m.end); }
  if (hlStart !== null) { cuts.add(hlStart); cuts.add(hlEnd); }
  const points = [...cuts].sort((a, b) => a - b);
  let mi = 0, markEl = null;
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    while (mi < spans.length && spans[mi].end <= a) mi++;
    const m = mi < spans.length && spans[mi].start <= a && b <= spans[mi].end ? spans[mi] : null;
    const piece = text.slice(a, b);
    const node = m ? h("a", {href: `#/entity/${m.entity_id}`, class: `mention type-${m.type}`,
      title: `${m.entity_name || m.text} (${m.type})`}, piece) : document.createTextNode(piece);
    if (hlStart !== null && a >= hlStart && b <= hlEnd) {
      if (!markEl) { markEl = h("mark", {id: "hl", tabindex: "-1"}); body.append(markEl); }
      markEl.append(node);
    } else {
      markEl = null;
      body.append(node);
    }
  }
}

const PAGE = 500;  // the API's largest page

/** Every article, newest first, a page at a time ("Show more" asks for the next). */
export async function renderArticles(main) {
  const stale = staleCheck(main);
  const first = await api("articles", {limit: PAGE});
  if (stale()) return null;
  const list = h("ul", {class: "articles"});
  const more = h("button", {type: "button", id: "more-articles"}, "Show more articles");
  let offset = 0;
  function add(items) {
    for (const a of items) list.append(h("li", {},
      h("a", {href: articleHref(a.id)}, a.title || a.id), ` — ${a.publisher || "unknown publisher"}, ${articleDate(a)}`));
    offset += items.length;
    more.hidden = items.length < PAGE;
  }
  more.addEventListener("click", async () => {
    more.disabled = true;
    const next = await api("articles", {limit: PAGE, offset});
    more.disabled = false;
    add(next.items);
  });
  add(first.items);
  replace(main, h("section", {class: "list-view"}, h("h2", {}, "Articles"), list, more));
  return {json: "/api/articles"};
}
