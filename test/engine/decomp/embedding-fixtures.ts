/** Shared helpers of the UMAP and tSNE unit tests: seeded blobs, a quiet context, row-major views. */
import { createRandom } from '../../../src/engine/random.js';
import type { EmbeddingContext } from '../../../src/engine/decomp/embedding-context.js';

/** `clusters` well-separated Gaussian blobs in `p` dimensions (centres 20 apart on the axes), labels 0.. */
export function blobs(n: number, p: number, clusters: number, seed: number): { x: Float64Array[]; labels: Int32Array } {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % clusters;
    labels[i] = label;
    for (let j = 0; j < p; j++) x[j]![i] = (j === label % p ? 20 * (1 + Math.floor(label / p)) : 0) + normal();
  }
  return { x, labels };
}

export function quietContext(seed: number, messages: string[] = []): EmbeddingContext {
  return { random: createRandom(seed), checkpoint: async () => {}, message: (text) => messages.push(text) };
}

/** Row-major n × k view of column-major components. */
export function rowsOfColumns(columns: Float64Array[]): Float64Array {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  const rows = new Float64Array(n * k);
  columns.forEach((column, c) => column.forEach((value, i) => (rows[i * k + c] = value)));
  return rows;
}

export function names(p: number): string[] {
  return Array.from({ length: p }, (_, j) => `x${j + 1}`);
}
