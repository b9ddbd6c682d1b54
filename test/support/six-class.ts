/**
 * A seeded synthetic 6-class dataset with one rare class (levels a–f, f rare): each class a
 * Gaussian cloud around its own centre in 4 features. With rtemis's 4 equal-width bins over the
 * level codes, classes e and f share a bin, which is what made real folds miss the rare class.
 */
import { Float64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { createRandom } from '../../src/engine/random.js';

export const SIX_CLASS_LEVELS = ['a', 'b', 'c', 'd', 'e', 'f'];
export const SIX_CLASS_SIZES = [120, 100, 80, 60, 30, 8];
const N_FEATURES = 4;

export interface SixClassData {
  features: Float64Array[];
  /** Class codes 0–5 (indexing SIX_CLASS_LEVELS). */
  codes: Float64Array;
}

export function sixClassData(seed = 7): SixClassData {
  const random = createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = SIX_CLASS_SIZES.reduce((a, b) => a + b, 0);
  const features = Array.from({ length: N_FEATURES }, () => new Float64Array(n));
  const codes = new Float64Array(n);
  let row = 0;
  // Interleave classes so row order says nothing about the class.
  const order = SIX_CLASS_SIZES.flatMap((size, code) => Array.from({ length: size }, () => code));
  const shuffled = order.map((code) => ({ code, key: random() })).sort((p, q) => p.key - q.key);
  for (const { code } of shuffled) {
    codes[row] = code;
    for (let j = 0; j < N_FEATURES; j++) features[j]![row] = 1.5 * Math.cos(code + j) + gaussian();
    row++;
  }
  return { features, codes };
}

/** The same data as an Arrow IPC stream: x1..x4 (float64) and the outcome `class` (utf8) last. */
export function sixClassIpc(seed = 7): Uint8Array {
  const { features, codes } = sixClassData(seed);
  const columns: Record<string, Vector> = {};
  features.forEach((values, j) => (columns[`x${j + 1}`] = vectorFromArray(Array.from(values), new Float64())));
  columns.class = vectorFromArray(Array.from(codes, (code) => SIX_CLASS_LEVELS[code]!), new Utf8());
  return tableToIPC(new Table(columns), 'stream');
}
