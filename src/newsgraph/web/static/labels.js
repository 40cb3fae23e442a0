// Words for what the store keeps as identifiers: relation and event types (based_in), TIMEX
// values (2009-W26) and counts ("1 mention").  Every view labels through here.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const SEASONS = {SP: "spring", SU: "summer", FA: "autumn", AU: "autumn", WI: "winter"};
const REFERENCES = {PAST_REF: "some time before", PRESENT_REF: "now", FUTURE_REF: "some time after"};
const UNITS = {Y: "year", M: "month", W: "week", D: "day", H: "hour", DE: "decade", CE: "century"};

/** based_in -> "based in". */
export function words(id) {
  return String(id || "").replace(/_/g, " ");
}

/** plural(1, "mention") -> "1 mention"; plural(3, "article") -> "3 articles". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a relation says: "leads", "based in", "father of", "member of (spokesperson)". */
export function relationKind(rel) {
  if (!rel.subtype) return words(rel.type);
  return rel.type === "family" ? words(rel.subtype) : `${words(rel.type)} (${words(rel.subtype)})`;
}

function dayText(date) {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Monday of an ISO week (the week that holds 4 January is week 1). */
function isoWeekMonday(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7) + 7 * (week - 1));
  return monday;
}

/** A TIMEX value in words where it is not a plain date: 2009-W26 -> "week of 22 June 2009",
 * 2009-SU -> "summer 2009", 198X -> "the 1980s", P3W -> "3 weeks"; 2009-08 stays 2009-08. */
export function timexLabel(value) {
  const v = String(value || "");
  let m;
  if ((m = /^(\d{4})-W(\d{2})(-WE)?$/.exec(v))) {
    const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
    if (!m[3]) return `week of ${dayText(monday)}`;
    monday.setUTCDate(monday.getUTCDate() + 5);
    return `weekend of ${dayText(monday)}`;
  }
  if ((m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(v))) return `${SEASONS[m[2]]} ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `${["first", "second", "third", "fourth"][m[2] - 1]} quarter of ${m[1]}`;
  if ((m = /^(\d{3})X$/.exec(v))) return `the ${m[1]}0s`;
  if ((m = /^P(\d+)(Y|M|W|D|H|DE|CE)$/.exec(v))) return plural(Number(m[1]), UNITS[m[2]]);
  return REFERENCES[v] || v;
}

/** " [2009-08 – week of 22 June 2009]" for a validity interval, "" when none is known. */
export function validity(rel) {
  if (!rel.valid_from && !rel.valid_to) return "";
  return ` [${rel.valid_from ? timexLabel(rel.valid_from) : "…"} – ${rel.valid_to ? timexLabel(rel.valid_to) : "…"}]`;
}
