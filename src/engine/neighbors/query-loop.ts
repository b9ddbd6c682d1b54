/**
 * Runs one search per query, in order, either straight through or pausing at a checkpoint
 * (cancellation, progress) whenever enough compute time has passed since the last one.
 */

/** Queries between two looks at the clock. */
const BLOCK = 16;
/** Compute time between two checkpoints. */
const INTERVAL_MS = 20;

export function forEachQuery(m: number, searchOne: (query: number) => void): void {
  for (let query = 0; query < m; query++) searchOne(query);
}

export async function forEachQueryPaced(
  m: number,
  searchOne: (query: number) => void,
  checkpoint: (() => Promise<void>) | undefined,
): Promise<void> {
  if (checkpoint === undefined) return forEachQuery(m, searchOne);
  let last = performance.now();
  for (let from = 0; from < m; from += BLOCK) {
    const to = Math.min(m, from + BLOCK);
    for (let query = from; query < to; query++) searchOne(query);
    if (performance.now() - last >= INTERVAL_MS) {
      await checkpoint();
      last = performance.now();
    }
  }
}
