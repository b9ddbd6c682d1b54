/** Server timestamps (§1.7): UTC ISO-8601 to the second with a literal Z. */
export function isoTimestamp(date: Date = new Date()): string {
  // toISOString is always YYYY-MM-DDTHH:MM:SS.sssZ for dates in years 0–9999.
  return `${date.toISOString().slice(0, 19)}Z`;
}
