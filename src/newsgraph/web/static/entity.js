// The entity page: aliases, timeline, relations, quotes and mentions, with evidence links.

import {h, replace, staleCheck, articleHref} from "./dom.js";
import {api, articleDate} from "./api.js";
import {claimLine, evidenceList, modalityBadge, relationTitle, sourceLine, squash} from "./evidence.js";
import {plural, timexLabel, words} from "./labels.js";
import {editsEnabled, entityControls, factControls} from "./review.js";

export async function renderEntity(main, id) {
  const stale = staleCheck(main);
  const [profile, timeline, edits] = await Promise.all([
    api(`entities/${encodeURIComponent(id)}`), api(`entities/${encodeURIComponent(id)}/timeline`), editsEnabled()]);
  const controls = edits ? await entityControls(profile) : null;
  if (stale()) return null;
  document.title = `${profile.name} · newsgraph`;
  const rels = profile.relations;
  replace(main, h("article", {class: "entity-view"},
    h("header", {},
      h("h2", {}, h("span", {class: `swatch type-${profile.type}`}), " ", profile.name),
      h("p", {}, `${words(profile.type)} · ${plural(profile.mention_count, "mention")} in ${plural(profile.articles.length, "article")}`,
        profile.kb_id ? ` · knowledge base: ${profile.kb_id}` : ""),
      h("p", {}, h("a", {href: `#/network?focus=${profile.id}`, class: "to-network"}, "Show its neighbourhood in the network →")),
      controls),
    h("section", {}, h("h3", {}, "Aliases"),
      profile.aliases.length ? h("ul", {class: "chips"}, profile.aliases.map((a) => h("li", {}, a))) : h("p", {class: "muted"}, "None.")),
    h("section", {}, h("h3", {}, "Timeline"),
      timeline.items.length ? h("ol", {class: "timeline"}, timeline.items.map((t) => h("li", {},
        h("time", {}, t.date ? timexLabel(t.date) : "undated"), " ", h("span", {class: `kind ${t.kind}`}, words(t.kind)), " ",
        t.relation ? relationTitle(t.relation) : t.summary, " ", modalityBadge(t),
        t.evidence && t.evidence.length ? h("details", {}, h("summary", {}, "evidence"), evidenceList(t.evidence, {limit: 5})) : null)))
        : h("p", {class: "muted"}, "No dated events or relation changes.")),
    h("section", {}, h("h3", {}, "Relations"),
      rels.length ? h("ul", {class: "facts"}, rels.map((r) => h("li", {},
        claimLine(r, " ", factControls(r, edits)),
        evidenceList(r.evidence, {limit: 5})))) : h("p", {class: "muted"}, "None.")),
    h("section", {}, h("h3", {}, "Quotes"),
      profile.quotes.length ? h("ul", {class: "quotes"}, profile.quotes.map((q) => h("li", {},
        h("blockquote", {}, `“${squash(q.content)}”`),
        sourceLine(q, `${q.cue} — `))))
        : h("p", {class: "muted"}, "No quotes attributed.")),
    h("section", {}, h("h3", {}, "Mentions"),
      h("ul", {class: "mentions"}, profile.articles.map((a) => h("li", {},
        h("a", {href: articleHref(a.id)}, a.title || a.id), ` — ${a.publisher || ""}, ${articleDate(a)}`,
        h("ul", {}, a.mentions.slice(0, 5).map((m) => h("li", {},
          h("a", {href: articleHref(a.id, m.start, m.end)}, `“${m.text}”`), " ", m.sentence_text)))))))));
  return {json: `/api/entities/${encodeURIComponent(id)}`};
}
