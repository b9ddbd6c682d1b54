/**
 * The R peers of the embeddings: uwot (UMAP) and Rtsne (tSNE), installed from Debian when
 * missing, run through embedding-peer.R (read from the source tree) on a CSV of the data.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRPackages } from './peer-process.js';

// dist/test/bench/engine → the repository root is four levels up.
const SCRIPT = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..'), 'test/bench/engine/embedding-peer.R');
/** CRAN names of the peers (Debian r-cran-uwot, r-cran-rtsne). */
export const EMBEDDING_R_PACKAGES = ['uwot', 'Rtsne'];

export type EmbeddingMethod = 'UMAP' | 'tSNE';

export function ensureEmbeddingPeers(): void {
  ensureRPackages(EMBEDDING_R_PACKAGES);
}

/** Writes column-major features as a headerless CSV (full precision). */
export function writeFeatureCsv(file: string, x: Float64Array[]): void {
  const n = x[0]?.length ?? 0;
  const lines = new Array<string>(n);
  for (let i = 0; i < n; i++) lines[i] = x.map((column) => column[i]!).join(',');
  writeFileSync(file, lines.join('\n') + '\n');
}

/** The peer's 2-D embedding (row-major) and its fit time; `csv` holds the features. */
export function runEmbeddingPeer(method: EmbeddingMethod, csv: string, dir: string, seed: number): { embedding: Float64Array; seconds: number } {
  const tag = `${path.basename(csv, '.csv')}-${method}-${seed}`;
  const out = path.join(dir, `${tag}-embedding.csv`);
  const times = path.join(dir, `${tag}-seconds.txt`);
  const args = [SCRIPT, `method=${method}`, `data=${csv}`, `out=${out}`, `times=${times}`, `seed=${seed}`];
  const run = spawnSync('Rscript', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`Rscript ${args.join(' ')} failed:\n${run.stderr}`);
  const embedding = Float64Array.from(readFileSync(out, 'utf8').trim().split(/\r?\n/).flatMap((line) => line.split(',').map(Number)));
  return { embedding, seconds: Number(readFileSync(times, 'utf8').trim()) };
}
