// Evidence lines shared by the network panel, the entity page and the conflicts list: the
// source sentence with its publisher, date and title, linked to the article with the span marked;
// and the one line that states a relation with its modality and who said it.

import {h, articleHref} from "./dom.js";
import {articleDate} from "./api.js";
import {relationKind, validity, words} from "./labels.js";

export function evidenceList(evidence, {limit = 20} = {}) {
  if (!evidence || !evidence.length) return h("p", {class: "muted"}, "No evidence recorded.");
  return h("ol", {class: "evidence"}, evidence.slice(0, limit).map((ev) => h("li", {},
    h("blockquote", {}, squash(ev.text)), sourceLine(ev))));
}

/** "Publisher, date — title", linked to the article with the span marked.  Every evidence and
 * quote item of the API carries its article's title, publisher and dates, so no lookup is needed. */
export function sourceLine(item, ...before) {
  return h("p", {class: "source"}, ...before,
    h("a", {href: articleHref(item.article_id, item.start, item.end)}, item.publisher || "unknown publisher"),
    ", ", articleDate(item), item.title ? h("span", {class: "muted"}, ` — ${item.title}`) : "");
}

export function squash(text) {
  return String(text || "").replace(/\s+/g, " ").trim();
}

/** A badge for a claim's modality (asserted, reported, speculated…) and retraction. */
export function modalityBadge(item) {
  const parts = [h("span", {class: `badge modality-${item.modality}`}, words(item.modality))];
  if (item.retracted) parts.push(h("span", {class: "badge retracted"}, "retracted"));
  if (item.polarity === false) parts.push(h("span", {class: "badge negated"}, "not"));
  return parts;
}

/** Relation sentence with its validity interval: "X leads Y [2009-08 – …]". */
export function relationTitle(rel) {
  return [h("a", {href: `#/entity/${rel.subject}`}, rel.subject_name), ` ${rel.polarity === false ? "NOT " : ""}${relationKind(rel)} `,
    rel.object_is_event ? rel.object_name : h("a", {href: `#/entity/${rel.object}`}, rel.object_name), validity(rel)];
}

/** A relation as one line: the sentence, its modality once, and who said it. */
export function claimLine(rel, ...extra) {
  return h("p", {class: "claim"}, relationTitle(rel), " ", modalityBadge(rel),
    rel.attributed_to ? h("span", {class: "said"}, ` · according to ${rel.attributed_to}`) : "", extra);
}
