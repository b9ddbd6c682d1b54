/**
 * The V8 flags a pool starts its workers with:
 * - `--expose-gc`: workers collect garbage on purpose between large fits (reclaim-memory.ts).
 * - `--max-semi-space-size=32` (MB, V8's default is 16): a boosted model's thousands of small
 *   trees stay alive through its fit, so with the default young generation every scavenge
 *   copies them and they soon fill the old one. Wine 5-fold LightGBM job, one single-threaded
 *   worker: GC pauses 547 → 135 ms, job 3.1 → 2.9 s; at most 32 MB more per worker (1M-row
 *   CART and GLM runs: peak RSS unchanged).
 * - `--single-threaded-gc` when the pool has a worker for every core: V8's parallel and
 *   concurrent garbage-collector threads would otherwise compute on the cores of the other
 *   workers (two GBDT processes side by side each ran ~15 % slower than alone with them). The
 *   background compiler stays: `--single-threaded` also stopped it, and without it V8 optimizes
 *   a long loop only after several calls, so code run once per job (a result's ROC table)
 *   stayed unoptimized: 15–30 ms instead of 5 at the end of a 150 ms wine job. Compiling is
 *   brief, so it costs the other workers nothing measurable (wine LightGBM 5-fold on 2
 *   workers: 1.76 → 1.71 s). A smaller pool leaves every helper thread on, for the spare cores.
 */
export function workerV8Flags(workers: number, cores: number): string[] {
  const flags = ['--expose-gc', '--max-semi-space-size=32'];
  return workers >= cores ? [...flags, '--single-threaded-gc'] : flags;
}
