/** Server timestamps (§1.7): UTC ISO-8601 to the second with a literal Z. */
let cachedSecond = Number.NaN;
let cachedText = '';

export function isoTimestamp(date: Date = new Date()): string {
  // Formatting shows up on the request path (`ping`); a second's text is computed once.
  const second = Math.floor(date.getTime() / 1000);
  if (second !== cachedSecond) {
    // toISOString is always YYYY-MM-DDTHH:MM:SS.sssZ for dates in years 0–9999.
    cachedText = `${date.toISOString().slice(0, 19)}Z`;
    cachedSecond = second;
  }
  return cachedText;
}
