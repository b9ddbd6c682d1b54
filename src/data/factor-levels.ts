/**
 * Factor level order: R's `as.factor` sorts distinct values with the locale's
 * collation (the reference runs under an English UTF-8 locale); code-point order
 * breaks collation ties so the order is total. Used by `data.describe`, the config
 * checks and the engine, so all agree on level codes.
 */
const collator = new Intl.Collator('en');

export function compareLevels(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortLevels(levels: string[]): string[] {
  return levels.sort(compareLevels);
}
