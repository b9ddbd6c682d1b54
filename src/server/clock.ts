/** Server timestamps (§1.7): UTC ISO-8601 to the second with a literal Z. */
export function isoTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
