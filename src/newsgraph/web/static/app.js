// Hash router: #/network (?top=N&focus=ID&hops=2), #/entity/12, #/article/ID?hl=10-42, #/map, #/articles, #/conflicts.
// Each view is a module with render(main, params) and names its JSON twin.

import {h, replace} from "./dom.js";
import {renderNetwork} from "./network.js";
import {renderEntity} from "./entity.js";
import {renderArticle, renderArticles} from "./article.js";
import {renderMap} from "./map.js";
import {renderConflicts} from "./conflicts.js";
import {api} from "./api.js";
import {plural, words} from "./labels.js";
import {editsEnabled, renderDecisions, signIn, signOut, signedIn} from "./review.js";

const main = document.getElementById("main");
const twin = document.getElementById("json-twin");

const routes = [
  [/^\/?$/, (m, q) => renderNetwork(main, q)],
  [/^\/network$/, (m, q) => renderNetwork(main, q)],
  [/^\/entity\/([^/]+)$/, (m) => renderEntity(main, decodeURIComponent(m[1]))],
  [/^\/article\/([^/]+)$/, (m, q) => renderArticle(main, decodeURIComponent(m[1]), q.get("hl"))],
  [/^\/articles$/, () => renderArticles(main)],
  [/^\/map$/, () => renderMap(main)],
  [/^\/conflicts$/, () => renderConflicts(main)],
  [/^\/decisions$/, () => renderDecisions(main)],
];

let current = null;
let navigation = 0;
let shownHash = null;

/** A new page opens at its top; the same page re-rendered (after a review decision) keeps its
 * place, and so does a view that scrolled to something itself (an article's marked span). */
function resetScroll(raw, shown) {
  const samePage = raw === shownHash;
  shownHash = raw;
  if (!samePage && !(shown && shown.scrolled)) window.scrollTo(0, 0);
}

async function route() {
  const raw = location.hash.replace(/^#/, "") || "/network";
  const [path, query] = raw.split("?");
  const params = new URLSearchParams(query || "");
  for (const [pattern, view] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    if (current && current.dispose) current.dispose();
    current = null;
    const mine = ++navigation;
    main.dataset.nav = String(mine);  // views check it after each fetch (dom.staleCheck)
    document.querySelectorAll("nav a[data-view]").forEach((a) =>
      a.toggleAttribute("aria-current", path.startsWith("/" + a.dataset.view)));
    try {
      const shown = await view(m, params);
      if (mine !== navigation) {  // the user moved on while this view loaded
        if (shown && shown.dispose) shown.dispose();
        return;
      }
      current = shown;
      resetScroll(raw, shown);
      if (current && current.json) twin.href = current.json;
      document.body.dataset.view = path.split("/")[1] || "network";
    } catch (err) {
      if (mine !== navigation) return;
      replace(main, h("div", {class: "error", role: "alert"}, h("h2", {}, "Cannot show this page"),
        h("p", {}, err.message || String(err))));
      resetScroll(raw, null);
    }
    return;
  }
  if (current && current.dispose) current.dispose();
  current = null;
  main.dataset.nav = String(++navigation);
  replace(main, h("div", {class: "error", role: "alert"}, h("h2", {}, "No such page"),
    h("p", {}, h("a", {href: "#/network"}, "Back to the network"))));
  resetScroll(raw, null);
}

// Search box: actors by name or alias; Enter opens the first, arrows move through results.
const form = document.getElementById("search");
const input = document.getElementById("search-q");
const results = document.getElementById("search-results");
let searchTimer = null;

input.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = input.value.trim();
    if (!q) { results.hidden = true; return; }
    const {items} = await api("entities", {q, limit: 12});
    replace(results, items.length ? items.map((e) => h("li", {},
      h("a", {href: `#/entity/${e.id}`, class: `type-${e.type}`}, e.name, h("small", {}, ` ${words(e.type)} · ${plural(e.mentions, "mention")}`))))
      : h("li", {class: "muted"}, "No match"));
    results.hidden = false;
  }, 150);
});
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const first = results.querySelector("a");
  if (first) { location.hash = first.getAttribute("href"); results.hidden = true; }
});
input.addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowDown") { const a = results.querySelector("a"); if (a) { ev.preventDefault(); a.focus(); } }
  if (ev.key === "Escape") results.hidden = true;
});
results.addEventListener("keydown", (ev) => {
  const links = [...results.querySelectorAll("a")];
  const i = links.indexOf(document.activeElement);
  if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
  if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
  if (ev.key === "Escape") { results.hidden = true; input.focus(); }
});
results.addEventListener("click", () => { results.hidden = true; input.value = ""; });

// Review controls: only on a server started with --allow-edits; the token is asked once per tab.
const auth = document.getElementById("auth");
function showAuth() {
  auth.textContent = signedIn() ? "Sign out" : "Sign in to edit";
  auth.setAttribute("aria-pressed", String(signedIn()));
}
editsEnabled().then((on) => {
  if (!on) return;
  document.getElementById("nav-decisions").hidden = false;
  auth.hidden = false;
  showAuth();
});
auth.addEventListener("click", async () => {
  if (signedIn()) signOut(); else await signIn();
});
document.addEventListener("newsgraph:auth", showAuth);

window.addEventListener("hashchange", route);
route();
