/**
 * The V8 flags a pool starts its workers with:
 * - `--expose-gc`: workers collect garbage on purpose between large fits (reclaim-memory.ts).
 * - `--max-semi-space-size=32` (MB, V8's default is 16): a boosted model's thousands of small
 *   trees stay alive through its fit, so with the default young generation every scavenge
 *   copies them and they soon fill the old one. Wine 5-fold LightGBM job, one single-threaded
 *   worker: GC pauses 547 → 135 ms, job 3.1 → 2.9 s; at most 32 MB more per worker (1M-row
 *   CART and GLM runs: peak RSS unchanged).
 * - `--single-threaded` when the pool has a worker for every core: V8's background threads
 *   (concurrent compilation, parallel and concurrent garbage collection) would otherwise
 *   compute on the cores of the other workers. Measured on 2 cores, two GBDT processes side by
 *   side each ran ~15 % slower than alone with those threads and no slower without them.
 *   A smaller pool leaves them on, to use the spare cores.
 */
export function workerV8Flags(workers: number, cores: number): string[] {
  const flags = ['--expose-gc', '--max-semi-space-size=32'];
  return workers >= cores ? [...flags, '--single-threaded'] : flags;
}
