// Colours and line styles shared by the network, the map and the legends.

export const TYPE_COLORS = {
  PERSON: "#1f77b4",
  ARMED_GROUP: "#d62728",
  ORGANIZATION: "#9467bd",
  GOVERNMENT: "#2ca02c",
  MEDIA: "#8c564b",
  LOCATION: "#ff7f0e",
  FACILITY: "#7f7f7f",
};

// asserted solid; reported/believed/suspected dashed; speculated/possible dotted;
// denied/negated dashed red (the claim is that it is NOT so).
export const MODALITY_LINE = {
  asserted: "solid", reported: "dashed", believed: "dashed", suspected: "dashed",
  speculated: "dotted", possible: "dotted", denied: "dashed", negated: "dashed",
};

// Relations that read the same both ways get no arrow.
export const SYMMETRIC = new Set(["allied_with", "rival_of", "family", "met_with", "cooperates_with"]);

export function lastDayOfMonth(month) {
  const [y, m] = month.split("-").map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}
