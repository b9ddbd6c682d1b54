/**
 * Embedding speed against the R peers on the same digits-like data (64 features, 10
 * classes), with rtemis's defaults: our UMAP vs uwot::umap and our tSNE vs Rtsne::Rtsne,
 * single-threaded on both sides (uwot n_threads = n_sgd_threads = 1, Rtsne num_threads = 1;
 * ours is one thread). Only the fit is timed (ours: performance.now() around the method's fit;
 * R: system.time around the call). Prints the ratio ours / peer; goal ≤ 1.5. At 5k cases it
 * also prints each side's 5-NN accuracy, so equal speed means equal work.
 *
 *   node dist/test/bench/engine/embedding-speed.js [cases ...] [UMAP|tSNE ...]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { knnAccuracy } from '../../support/embedding-quality.js';
import { digitsLike } from './embedding-data.js';
import { fitOurs } from './embedding-fit.js';
import { ensureEmbeddingPeers, runEmbeddingPeer, writeFeatureCsv, type EmbeddingMethod } from './embedding-peer.js';

const SIZES = [5_000, 50_000];
const GOAL = 1.5;
const SEED = 7;
/** Above this many cases the O(n²) accuracy check is skipped. */
const ACCURACY_LIMIT = 5_000;

export async function runEmbeddingSpeedBench(sizes = SIZES, methods: EmbeddingMethod[] = ['UMAP', 'tSNE']): Promise<boolean> {
  ensureEmbeddingPeers();
  const dir = mkdtempSync(path.join(tmpdir(), 'rtemislive-embedding-bench-'));
  let met = true;
  try {
    console.log('\nEmbedding speed vs R peers (single thread, rtemis defaults, digits-like data, 64 features)');
    console.log('method  cases   ours s   peer s   ours/peer  goal   5-NN acc ours / peer');
    for (const n of sizes) {
      const data = digitsLike(n, SEED);
      const csv = path.join(dir, `${data.name}.csv`);
      writeFeatureCsv(csv, data.x);
      for (const method of methods) {
        const started = performance.now();
        const ours = await fitOurs(method, data.x, SEED);
        const oursSeconds = (performance.now() - started) / 1000;
        const peer = runEmbeddingPeer(method, csv, dir, SEED);
        const ratio = oursSeconds / peer.seconds;
        met &&= ratio <= GOAL;
        const accuracy = n <= ACCURACY_LIMIT ? `${knnAccuracy(ours, 2, data.labels, 5).toFixed(3)} / ${knnAccuracy(peer.embedding, 2, data.labels, 5).toFixed(3)}` : '-';
        console.log(
          `${method.padEnd(7)} ${String(n).padEnd(7)} ${oursSeconds.toFixed(2).padStart(7)}  ${peer.seconds.toFixed(2).padStart(7)}  ${ratio.toFixed(2).padStart(9)}  ${ratio <= GOAL ? '≤1.5 ' : 'MISS '}  ${accuracy}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return met;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const methods = args.filter((arg): arg is EmbeddingMethod => arg === 'UMAP' || arg === 'tSNE');
  await runEmbeddingSpeedBench(sizes.length > 0 ? sizes : SIZES, methods.length > 0 ? methods : ['UMAP', 'tSNE']);
}
