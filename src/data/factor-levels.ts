/**
 * Factor level order: R's `as.factor` sorts distinct values with the locale's
 * collation (the reference runs under an English UTF-8 locale). Used by describe
 * and by the engine, so both agree on level codes.
 */
const collator = new Intl.Collator('en');

export function sortLevels(levels: string[]): string[] {
  return levels.sort(collator.compare);
}
