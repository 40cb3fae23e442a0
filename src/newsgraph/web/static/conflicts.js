// Claims in conflict: one relation asserted and denied or retracted, different death tolls,
// different culprits named for one event, different leaders of one group at the same time.

import {h, replace, staleCheck} from "./dom.js";
import {api} from "./api.js";
import {claimLine, evidenceList} from "./evidence.js";
import {words} from "./labels.js";

// Headings for conflicts between different claims (a relation's own disagreements use its type).
const KIND_TITLES = {responsibility: "competing claims of responsibility", leadership: "competing leaders"};

export async function renderConflicts(main) {
  const stale = staleCheck(main);
  const {items} = await api("conflicts");
  if (stale()) return null;
  replace(main, h("section", {class: "list-view"}, h("h2", {}, "Claims in conflict"),
    items.length ? h("ul", {class: "facts"}, items.map((c) => c.claims
      ? h("li", {}, h("h3", {}, KIND_TITLES[c.kind] || words(c.type)), h("ul", {}, c.claims.map((r) => h("li", {},
        claimLine(r), evidenceList(r.evidence, {limit: 3})))))
      : h("li", {}, h("h3", {}, `${words(c.event.subtype)}: killed ${c.killed.join(" vs ")}`),
        evidenceList(c.event.evidence, {limit: 5}))))
      : h("p", {class: "muted"}, "No conflicting claims in this store.")));
  return {json: "/api/conflicts"};
}
