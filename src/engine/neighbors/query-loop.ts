/**
 * Runs the searches unit by unit (a unit is one query or one block of queries), either straight
 * through or pausing at a checkpoint (cancellation, progress) whenever enough compute time has
 * passed since the last one.
 */

/** Compute time between two checkpoints. */
const INTERVAL_MS = 20;

export function forEachQuery(units: number, searchOne: (unit: number) => void): void {
  for (let unit = 0; unit < units; unit++) searchOne(unit);
}

/** `unitsPerLook`: units run between two looks at the clock (a few microseconds' worth or more). */
export async function forEachQueryPaced(
  units: number,
  searchOne: (unit: number) => void,
  checkpoint: (() => Promise<void>) | undefined,
  unitsPerLook: number,
): Promise<void> {
  if (checkpoint === undefined) return forEachQuery(units, searchOne);
  let last = performance.now();
  for (let from = 0; from < units; from += unitsPerLook) {
    const to = Math.min(units, from + unitsPerLook);
    for (let unit = from; unit < to; unit++) searchOne(unit);
    if (performance.now() - last >= INTERVAL_MS) {
      await checkpoint();
      last = performance.now();
    }
  }
}
