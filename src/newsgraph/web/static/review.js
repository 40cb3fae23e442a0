// Review actions (merge, split, rename, retype, reject, confirm, undo) and the history of
// decisions, for a server started with --allow-edits.  Nothing here shows unless /api/config says edits are enabled.  The token is
// asked once per tab and kept in sessionStorage; it travels in the Authorization header, never
// in a cookie, so another site cannot make the browser send it.  All text is set as text nodes.

import {h, replace, staleCheck} from "./dom.js";
import {api, ApiError, clearCache} from "./api.js";
import {squash} from "./evidence.js";
import {plural, words} from "./labels.js";

const TOKEN_KEY = "newsgraph-token";
const USER_KEY = "newsgraph-user";
let configPromise = null;

/** {edits, entity_types}; fetched once per page load. */
export function config() {
  if (!configPromise) configPromise = api("config").catch(() => ({edits: false, entity_types: []}));
  return configPromise;
}

export async function editsEnabled() {
  return (await config()).edits === true;
}

export function signedIn() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  document.dispatchEvent(new CustomEvent("newsgraph:auth"));
}

/** Ask for the token (and a name to sign decisions with); false when the user cancels. */
export async function signIn(message = "") {
  const values = await ask("Sign in to edit", [
    {name: "token", label: "Edit token (the one given to serve --allow-edits)", type: "password", required: true},
    {name: "by", label: "Your name (recorded with each decision)", value: sessionStorage.getItem(USER_KEY) || ""},
  ], {message, submit: "Sign in"});
  if (!values) return false;
  sessionStorage.setItem(TOKEN_KEY, values.token.trim());
  if (values.by.trim()) sessionStorage.setItem(USER_KEY, values.by.trim());
  else sessionStorage.removeItem(USER_KEY);
  document.dispatchEvent(new CustomEvent("newsgraph:auth"));
  return true;
}

function authHeaders() {
  const headers = {Accept: "application/json", Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`};
  const by = sessionStorage.getItem(USER_KEY);
  if (by) headers["X-Newsgraph-User"] = by;
  return headers;
}

/** A request with the token; asks for it first, and again once if the server refuses it. */
async function authed(method, path, body) {
  if (!signedIn() && !(await signIn())) throw new ApiError(401, "not signed in");
  for (let attempt = 0; ; attempt++) {
    const init = {method, headers: authHeaders(), credentials: "omit", cache: "no-store"};
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`/api/${path}`, init);
    let data = null;
    try { data = await response.json(); } catch (_) { /* not JSON */ }
    if (response.status === 401 && attempt === 0) {
      sessionStorage.removeItem(TOKEN_KEY);
      if (await signIn("The server refused that token; try again.")) continue;
    }
    if (!response.ok) throw new ApiError(response.status, (data && data.error) || response.statusText);
    return data;
  }
}

/** POST one review action; the cached reads are dropped so every view shows the change. */
export async function decide(action, body) {
  const result = await authed("POST", `review/${action}`, body);
  clearCache();
  return result;
}

export function decisions() {
  return authed("GET", "decisions");
}

/** Re-render the current view (after a decision changed what it shows). */
export function refresh() {
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

// -- a small modal form -----------------------------------------------------------------------
/** Show a <dialog> with fields; resolves to {name: value} or null when cancelled. */
export function ask(title, fields, {message = "", submit = "Save"} = {}) {
  return new Promise((resolve) => {
    const inputs = {};
    const error = h("p", {class: "error-text", role: "alert"}, message);
    const rows = fields.map((f) => {
      const id = `ask-${f.name}`;
      let input;
      if (f.type === "select") {
        input = h("select", {id, name: f.name}, f.options.map((o) => h("option", {value: o, selected: o === f.value}, o)));
      } else if (f.type === "textarea") {
        input = h("textarea", {id, name: f.name, rows: 2, maxlength: 2000});
        input.value = f.value || "";
      } else if (f.type === "entity") {
        input = entityPicker(id, f.exclude);
      } else if (f.type === "checks") {
        input = h("fieldset", {id, class: "checks"}, f.options.map((o) => h("label", {},
          h("input", {type: "checkbox", value: o.value}), " ", o.label)));
      } else {
        input = h("input", {id, name: f.name, type: f.type || "text", required: f.required || false,
          maxlength: f.type === "password" ? 500 : 200, autocomplete: f.type === "password" ? "off" : "on"});
        input.value = f.value || "";
      }
      inputs[f.name] = input;
      return h("p", {}, h("label", {for: id}, f.label), h("br"), input);
    });
    const dialog = h("dialog", {class: "ask", "aria-label": title});
    const cancel = h("button", {type: "button", value: "cancel"}, "Cancel");
    const form = h("form", {method: "dialog"}, h("h2", {}, title), error, rows,
      h("p", {class: "buttons"}, cancel, " ", h("button", {type: "submit", class: "primary"}, submit)));
    dialog.append(form);
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const values = {};
      for (const f of fields) {
        const v = fieldValue(f, inputs[f.name]);
        if (f.required && !(Array.isArray(v) ? v.length : String(v).trim())) {
          error.textContent = `${f.label}: required`;
          (f.type === "entity" || f.type === "checks" ? inputs[f.name].querySelector("input") : inputs[f.name]).focus();
          return;
        }
        values[f.name] = v;
      }
      finish(values);
    });
    cancel.addEventListener("click", () => finish(null));
    dialog.addEventListener("cancel", () => finish(null));  // Escape
    document.body.append(dialog);
    dialog.showModal();
  });
}

function fieldValue(field, input) {
  if (field.type === "entity") return input.dataset.value || "";
  if (field.type === "checks") return [...input.querySelectorAll("input:checked")].map((c) => c.value);
  return input.value;
}

/** A search box with a result list; the chosen entity id lands in the wrapper's data-value. */
function entityPicker(id, exclude) {
  const input = h("input", {id, type: "search", placeholder: "Type a name…", maxlength: 200, autocomplete: "off"});
  const list = h("select", {size: 6, "aria-label": "Matching entities", class: "picker-list"});
  const wrap = h("span", {class: "picker"}, input, h("br"), list);
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      const {items} = q ? await api("entities", {q, limit: 12}) : {items: []};
      replace(list, items.filter((e) => String(e.id) !== String(exclude)).map((e) =>
        h("option", {value: e.id}, `${e.name} (${words(e.type)}, ${plural(e.mentions, "mention")})`)));
      if (list.options.length) { list.selectedIndex = 0; wrap.dataset.value = list.value; }
      else delete wrap.dataset.value;
    }, 120);
  });
  list.addEventListener("change", () => { wrap.dataset.value = list.value; });
  return wrap;
}

function failed(err) {
  if (err instanceof ApiError && err.message === "not signed in") return;
  window.alert(`Not done: ${err.message || err}`);
}

// -- controls ---------------------------------------------------------------------------------
/** Merge into… / Rename / Retype buttons for an entity profile (edits enabled only). */
export async function entityControls(profile) {
  const cfg = await config();
  if (!cfg.edits) return null;
  const merge = async () => {
    const v = await ask(`Merge “${profile.name}” into…`, [
      {name: "keep", label: "The entity to keep", type: "entity", exclude: profile.id, required: true},
      {name: "why", label: "Why (kept with the decision)", type: "textarea"}], {submit: "Merge"});
    if (!v) return;
    try {
      const r = await decide("merge", {keep: Number(v.keep), gone: profile.id, why: v.why || null});
      location.hash = `#/entity/${r.entity}`;
    } catch (err) { failed(err); }
  };
  const rename = async () => {
    const v = await ask(`Rename “${profile.name}”`, [
      {name: "name", label: "New canonical name", value: profile.name, required: true},
      {name: "why", label: "Why", type: "textarea"}], {submit: "Rename"});
    if (!v) return;
    try { await decide("rename", {entity: profile.id, name: v.name, why: v.why || null}); refresh(); }
    catch (err) { failed(err); }
  };
  const retype = async () => {
    const v = await ask(`Retype “${profile.name}”`, [
      {name: "type", label: "Type", type: "select", options: cfg.entity_types, value: profile.type},
      {name: "why", label: "Why", type: "textarea"}], {submit: "Retype"});
    if (!v) return;
    try { await decide("retype", {entity: profile.id, type: v.type, why: v.why || null}); refresh(); }
    catch (err) { failed(err); }
  };
  const split = async () => {
    const v = await ask(`Split “${profile.name}”: move some mentions to a new entity`, [
      {name: "mentions", label: "The mentions that name someone else", type: "checks", required: true,
        options: mentionOptions(profile)},
      {name: "name", label: "Name of the new entity (default: the longest mention moved)"},
      {name: "type", label: "Type", type: "select", options: cfg.entity_types, value: profile.type},
      {name: "why", label: "Why", type: "textarea"}], {submit: "Split"});
    if (!v) return;
    try {
      const r = await decide("split", {entity: profile.id, mentions: v.mentions, name: v.name.trim() || null,
        type: v.type, why: v.why || null});
      location.hash = `#/entity/${r.new_entity}`;
    } catch (err) { failed(err); }
  };
  return h("div", {class: "review-controls", role: "group", "aria-label": "Review"},
    h("p", {},
      h("button", {type: "button", class: "review-merge", onclick: merge}, "Merge into…"), " ",
      h("button", {type: "button", class: "review-split", onclick: split}, "Split…"), " ",
      h("button", {type: "button", class: "review-rename", onclick: rename}, "Rename"), " ",
      h("button", {type: "button", class: "review-retype", onclick: retype}, "Retype"), " ",
      undoButton({onDone: backFromUndo})),
    entityHistory(profile));
}

/** After an undo on an entity's page: an undone split leaves the new entity gone, so show the
 * one it came from; anything else, show the page again. */
function backFromUndo(undone) {
  const from = undone.action === "split" && undone.target && undone.target.entity;
  if (from && location.hash !== `#/entity/${from.id}`) location.hash = `#/entity/${from.id}`;
  else refresh();
}

/** Each mention of an entity as a checkbox option: "“Mehsud” — CBS News: the sentence". */
function mentionOptions(profile) {
  return profile.articles.flatMap((a) => a.mentions.map((m) => ({value: `${a.id}:${m.start}-${m.end}`,
    label: `“${m.text}” — ${a.publisher || a.id}: ${squash(m.sentence_text).slice(0, 140)}`})));
}

/** Whether a decision is about entity ``id`` (merged, split, renamed or retyped). */
function isAbout(d, id) {
  const refs = [d.target && d.target.entity, d.target && d.target.keep, d.target && d.target.gone];
  return refs.some((r) => r && String(r.id) === String(id)) || String((d.payload || {}).new_id) === String(id);
}

/** The decisions about one entity, fetched when opened (reading them needs the token too). */
function entityHistory(profile) {
  const list = h("ul", {class: "history"});
  const box = h("details", {class: "review-history"}, h("summary", {}, "Decisions about this entity"), list);
  box.addEventListener("toggle", async () => {
    if (!box.open) return;
    replace(list, h("li", {class: "muted"}, "Loading…"));
    try {
      const mine = (await decisions()).items.filter((d) => isAbout(d, profile.id));
      replace(list, mine.length ? mine.map(historyItem) : h("li", {class: "muted"}, "None yet."));
    } catch (err) { replace(list, h("li", {class: "muted"}, err.message || String(err))); }
  });
  return box;
}

function historyItem(d) {
  return h("li", {class: d.undone ? "undone" : ""}, h("time", {}, d.at), ` #${d.id} ${d.summary} — ${d.by}`,
    d.why ? ` (“${d.why}”)` : "", d.undone ? h("span", {class: "badge"}, "undone") : "");
}

/** Undo the latest decision, after showing what it was. */
export function undoButton({onDone = refresh} = {}) {
  const undo = async () => {
    let data;
    try { data = await decisions(); } catch (err) { failed(err); return; }
    const latest = data.items.find((d) => d.id === data.undoable);
    if (!latest) { window.alert("No decision to undo."); return; }
    const v = await ask(`Undo #${latest.id}: ${latest.summary}`, [{name: "why", label: "Why", type: "textarea"}],
      {submit: "Undo"});
    if (!v) return;
    try { await decide("undo", {decision: latest.id, why: v.why || null}); onDone(latest); } catch (err) { failed(err); }
  };
  return h("button", {type: "button", class: "review-undo-last", onclick: undo}, "Undo last decision");
}

/** Reject / Confirm buttons for one fact (a relation or event dict carrying its claim ids), and
 * with ``withUndo`` one that undoes the latest decision (the edge panel). */
export function factControls(fact, enabled, {onDone = refresh, withUndo = false} = {}) {
  if (!enabled || !fact.claims || !fact.claims.length) return null;
  const judge = (action) => async () => {
    const v = await ask(`${action === "reject" ? "Reject" : "Confirm"}: ${squash(fact.summary || fact.type)}`, [
      {name: "why", label: "Why (kept with the decision)", type: "textarea"}],
    {submit: action === "reject" ? "Reject" : "Confirm"});
    if (!v) return;
    try { await decide(action, {claims: fact.claims, why: v.why || null}); onDone(); }
    catch (err) { failed(err); }
  };
  return h("span", {class: "review-fact", role: "group", "aria-label": "Review this fact"},
    h("button", {type: "button", class: "review-reject", onclick: judge("reject")}, "Reject"), " ",
    fact.confirmed ? h("span", {class: "badge confirmed"}, "confirmed")
      : h("button", {type: "button", class: "review-confirm", onclick: judge("confirm")}, "Confirm"),
    withUndo ? [" ", undoButton({onDone})] : null);
}

// -- the decisions page -------------------------------------------------------------------------
export async function renderDecisions(main) {
  const stale = staleCheck(main);
  if (!(await editsEnabled())) {
    replace(main, h("section", {class: "list-view"}, h("h2", {}, "Decisions"),
      h("p", {class: "muted"}, "This server is read-only: start it with --allow-edits to review.")));
    return {json: "/api/config"};
  }
  let data;
  try { data = await decisions(); } catch (err) {
    if (stale()) return null;
    replace(main, h("section", {class: "list-view"}, h("h2", {}, "Decisions"),
      h("p", {class: "muted"}, err.message || String(err)),
      h("p", {}, h("button", {type: "button", onclick: async () => { if (await signIn()) refresh(); }}, "Sign in"))));
    return {json: "/api/decisions"};
  }
  if (stale()) return null;
  document.title = "Decisions · newsgraph";
  const undo = (id, summary) => async () => {
    const v = await ask(`Undo #${id}: ${summary}`, [{name: "why", label: "Why", type: "textarea"}], {submit: "Undo"});
    if (!v) return;
    try { await decide("undo", {decision: id, why: v.why || null}); refresh(); } catch (err) { failed(err); }
  };
  replace(main, h("section", {class: "list-view decisions-view"}, h("h2", {}, "Decisions"),
    h("p", {class: "muted"}, "Corrections made once and re-applied after every re-ingest, oldest first."),
    data.items.length ? h("table", {class: "decisions"},
      h("thead", {}, h("tr", {}, ["#", "Decision", "By", "When", "Why", ""].map((c) => h("th", {scope: "col"}, c)))),
      h("tbody", {}, data.items.map((d) => h("tr", {class: d.undone ? "undone" : "", dataset: {id: d.id}},
        h("td", {}, String(d.id)), h("td", {}, d.summary), h("td", {}, d.by), h("td", {}, h("time", {}, d.at)),
        h("td", {}, d.why || ""),
        h("td", {}, d.undone ? h("span", {class: "badge"}, "undone")
          : d.id === data.undoable ? h("button", {type: "button", class: "review-undo", onclick: undo(d.id, d.summary)}, "Undo")
            : "")))))
      : h("p", {class: "muted"}, "No decisions yet.")));
  return {json: "/api/decisions"};
}
