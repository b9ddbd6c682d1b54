/**
 * DBSCAN speed against dbscan::dbscan (what rtemis calls, with rtemis's settings: k-d tree,
 * bucketSize 100, splitRule SUGGEST, exact search) at 100k points: the same data to the bit,
 * the same eps and minPts. Ours: the clustering method in this process (performance.now()
 * around it, after a warm-up); R: system.time around dbscan(). Median of 3 runs each.
 * Labels are compared too, so both sides did the same work. Goal: ratio ours / peer ≤ 1.0.
 *
 *   node dist/test/bench/engine/dbscan-speed.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dbscanMethod } from '../../../src/engine/cluster/dbscan.js';
import type { DBSCANConfig } from '../../../src/engine/config/types.js';
import { ensureRPackages } from './peer-process.js';
import { benchContext, blobs, readDoubles, runR, writeDoubles, type NumericData } from './unsupervised-peers/peer-check.js';
import { sameUpToRelabelling } from './unsupervised-peers/dbscan-checks.js';

const GOAL = 1.0;
const REPEATS = 3;
const SETTINGS: { points: number; dimensions: number; centres: number; eps: number; minPoints: number }[] = [
  { points: 100_000, dimensions: 2, centres: 10, eps: 0.15, minPoints: 10 },
  { points: 100_000, dimensions: 3, centres: 6, eps: 0.5, minPoints: 10 },
  { points: 100_000, dimensions: 5, centres: 6, eps: 0.8, minPoints: 10 },
];

const R_TIMED = `
suppressMessages(library(dbscan))
x <- read_matrix(args$data, num("n"), num("p"))
seconds <- numeric(0)
# Up to \`repeats\` runs, fewer once 20 s are spent.
for (r in seq_len(num("repeats"))) {
  if (sum(seconds) > 20) break
  seconds <- c(seconds, system.time(fit <- dbscan::dbscan(x, eps = num("eps"), minPts = num("min_points"),
    borderPoints = TRUE, search = "kdtree", bucketSize = 100L, splitRule = "SUGGEST", approx = 0))[["elapsed"]])
}
write_doubles(c(median(seconds), fit$cluster), args$out)
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function config(eps: number, minPoints: number): DBSCANConfig {
  return { eps, min_points: minPoints, weights: null, border_points: true, search: 'kdtree', bucket_size: 100, split_rule: 'SUGGEST', approx: false };
}

async function timeOurs(data: NumericData, eps: number, minPoints: number): Promise<{ seconds: number; labels: Int32Array }> {
  // Warm-up on a slice, so the timed runs execute JIT-compiled code, as a long-lived worker does.
  await dbscanMethod.fit({ x: data.x.map((column) => column.subarray(0, 5000)), names: data.names }, config(eps, minPoints), benchContext(1));
  const seconds: number[] = [];
  const runs: Int32Array[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    runs.push((await dbscanMethod.fit({ x: data.x, names: data.names }, config(eps, minPoints), benchContext(1))).assignments);
    seconds.push((performance.now() - start) / 1000);
  }
  return { seconds: median(seconds), labels: runs[0]! };
}

export async function runDbscanSpeedBench(): Promise<void> {
  ensureRPackages(['dbscan']);
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-dbscan-speed-'));
  const rows: string[][] = [];
  try {
    for (const [index, setting] of SETTINGS.entries()) {
      const data = blobs(setting.points, setting.dimensions, setting.centres, 20 + index);
      const ours = await timeOurs(data, setting.eps, setting.minPoints);
      const input = path.join(dir, `data-${index}.bin`);
      const output = path.join(dir, `out-${index}.bin`);
      writeDoubles(input, data.x);
      runR(dir, `dbscan-speed-${index}`, R_TIMED, { data: input, out: output, n: data.n, p: setting.dimensions, eps: setting.eps, min_points: setting.minPoints, repeats: REPEATS });
      const result = readDoubles(output);
      const theirs = result[0]!;
      const ratio = ours.seconds / theirs;
      const clusters = Math.max(...ours.labels);
      const noise = ours.labels.reduce((count, label) => count + (label === 0 ? 1 : 0), 0);
      rows.push([
        String(setting.points),
        String(setting.dimensions),
        `${setting.eps} / ${setting.minPoints}`,
        `${clusters} / ${noise}`,
        ours.seconds.toFixed(3),
        theirs.toFixed(3),
        ratio.toFixed(2),
        `≤ ${GOAL.toFixed(1)}`,
        ratio <= GOAL ? 'met' : 'MISSED',
        sameUpToRelabelling(ours.labels, result.subarray(1)) ? 'same labels' : 'LABELS DIFFER',
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nDBSCAN vs dbscan::dbscan (k-d tree, bucketSize 100; time of one clustering, median of ${REPEATS})`);
  const header = ['points', 'dims', 'eps / minPts', 'clusters / noise', 'ours s', 'peer s', 'ratio', 'goal', '', 'labels'];
  const widths = header.map((_, j) => Math.max(header[j]!.length, ...rows.map((row) => row[j]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, j) => cell.padEnd(widths[j]!)).join('  '));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDbscanSpeedBench();
