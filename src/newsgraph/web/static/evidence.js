// Evidence lines shared by the network panel, the entity page and the conflicts list: the
// source sentence, publisher, date and who said it, linked to the article with the span marked.

import {h} from "./dom.js";
import {articleDate} from "./api.js";
import {articleHref} from "./dom.js";

export function evidenceList(evidence, articles, {attributedTo = null, limit = 20} = {}) {
  if (!evidence || !evidence.length) return h("p", {class: "muted"}, "No evidence recorded.");
  return h("ol", {class: "evidence"}, evidence.slice(0, limit).map((ev) => {
    const art = articles.get(ev.article_id);
    return h("li", {},
      h("blockquote", {}, squash(ev.text)),
      h("p", {class: "source"},
        h("a", {href: articleHref(ev.article_id, ev.start, ev.end)},
          art ? (art.publisher || "unknown publisher") : ev.article_id),
        ", ", art ? articleDate(art) : "", art && art.title ? h("span", {class: "muted"}, ` — ${art.title}`) : "",
        attributedTo ? h("span", {class: "said"}, ` · according to ${attributedTo}`) : ""));
  }));
}

export function squash(text) {
  return String(text || "").replace(/\s+/g, " ").trim();
}

/** A badge for a claim's modality (asserted, reported, speculated…) and retraction. */
export function modalityBadge(item) {
  const parts = [h("span", {class: `badge modality-${item.modality}`}, item.modality)];
  if (item.retracted) parts.push(h("span", {class: "badge retracted"}, "retracted"));
  if (item.polarity === false) parts.push(h("span", {class: "badge negated"}, "not"));
  return parts;
}

/** Relation sentence with its validity interval. */
export function relationTitle(rel) {
  const kind = rel.subtype ? `${rel.type} (${rel.subtype.replace(/_/g, " ")})` : rel.type.replace(/_/g, " ");
  const when = rel.valid_from || rel.valid_to ? ` [${rel.valid_from || "…"} – ${rel.valid_to || "…"}]` : "";
  return [h("a", {href: `#/entity/${rel.subject}`}, rel.subject_name), ` ${rel.polarity === false ? "NOT " : ""}${kind} `,
    rel.object_is_event ? rel.object_name : h("a", {href: `#/entity/${rel.object}`}, rel.object_name), when];
}
