// Building DOM nodes.  Text from the store (article text, names, quotes) is always inserted as
// text nodes, never parsed as HTML: the seeds contain <iframe> markup and any article may hold
// worse.  There is deliberately no innerHTML anywhere in this UI.

/** Create an element: h("a", {href: "#/x", class: "c", onclick: fn}, "text", child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append strings (as text nodes), nodes and nested arrays. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const SVG_NS = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** A safe outbound link: only http(s) URLs become links, anything else stays text. */
export function externalLink(url, text) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return h("a", {href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank"}, text || parsed.href);
    }
  } catch (_) { /* not a URL */ }
  return text || url || "";
}

export function articleHref(articleId, start, end) {
  const base = `#/article/${encodeURIComponent(articleId)}`;
  return start === undefined || start === null ? base : `${base}?hl=${start}-${end}`;
}

/** A check that says whether the user has navigated away since the view started loading. */
export function staleCheck(main) {
  const token = main.dataset.nav;
  return () => main.dataset.nav !== token;
}
