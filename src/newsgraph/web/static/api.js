// The page talks only to the JSON API; every view names the endpoint it was built from.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

const cache = new Map();

/** GET a JSON endpoint; errors come back as {"error": "..."} and are thrown as ApiError. */
export async function api(path, params = {}, {cached = false} = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") query.set(k, v);
  const url = `/api/${path}${query.toString() ? "?" + query : ""}`;
  if (cached && cache.has(url)) return cache.get(url);
  const response = await fetch(url, {headers: {Accept: "application/json"}});
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) throw new ApiError(response.status, (body && body.error) || response.statusText);
  if (cached) cache.set(url, body);
  return body;
}

/** Forget cached responses (after a review decision changed the store). */
export function clearCache() {
  cache.clear();
}

export function apiUrl(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ""));
  return `/api/${path}${query.toString() ? "?" + query : ""}`;
}

export function articleDate(a) {
  if (!a) return "";
  if (a.published) return a.published;
  if (a.published_from) return `${a.published_from} – ${a.published_to || "…"}`;
  if (a.published_range) return `${a.published_range[0]} – ${a.published_range[1] || "…"}`;
  return "undated";
}
