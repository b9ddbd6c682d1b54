/**
 * NN-descent (Dong, Moses & Li 2011, as in pynndescent): start every case with random
 * neighbours, then repeatedly compare each case's neighbours with one another ("a neighbour
 * of my neighbour is likely my neighbour"), sampling at most MAX_CANDIDATES new and old
 * candidates per case and round, until a round improves fewer than DELTA · n · k entries.
 */
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';
import type { PreparedMetric } from './metric.js';
import { createHeaps, heapPush, type NeighborHeaps } from './neighbor-heap.js';

const MAX_CANDIDATES = 60;
const DELTA = 0.001;

/** Approximate k nearest other cases of every case (self excluded), unsorted heaps. */
export async function nnDescent(metric: PreparedMetric, n: number, k: number, random: FastRandom, pacer: Pacer): Promise<NeighborHeaps> {
  const { rows, reduced } = metric;
  const heaps = createHeaps(n, k);
  for (let i = 0; i < n; i++) {
    for (let attempt = 0; attempt < 4 * k + 10 && heaps.indices[i * k] === -1; attempt++) {
      const j = random.nextInt(n);
      if (j !== i) heapPush(heaps, i, reduced(rows, i, rows, j), j, 1);
    }
    if (pacer.due()) await pacer.checkpoint();
  }

  const maxCandidates = Math.min(MAX_CANDIDATES, k);
  const fresh = createHeaps(n, maxCandidates);
  const old = createHeaps(n, maxCandidates);
  const rounds = Math.max(5, Math.round(Math.log2(n)));
  for (let round = 0; round < rounds; round++) {
    sampleCandidates(heaps, fresh, old, random);
    let updates = 0;
    for (let i = 0; i < n; i++) {
      const base = i * maxCandidates;
      for (let a = 0; a < maxCandidates; a++) {
        const p = fresh.indices[base + a]!;
        if (p < 0) continue;
        for (let b = a + 1; b < maxCandidates; b++) {
          const q = fresh.indices[base + b]!;
          if (q < 0) continue;
          const d = reduced(rows, p, rows, q);
          updates += heapPush(heaps, p, d, q, 1) + heapPush(heaps, q, d, p, 1);
        }
        for (let b = 0; b < maxCandidates; b++) {
          const q = old.indices[base + b]!;
          if (q < 0 || q === p) continue;
          const d = reduced(rows, p, rows, q);
          updates += heapPush(heaps, p, d, q, 1) + heapPush(heaps, q, d, p, 1);
        }
      }
      if (pacer.due()) await pacer.checkpoint();
    }
    if (updates <= DELTA * k * n) break;
  }
  return heaps;
}

/**
 * Fills `fresh` and `old` with a random sample (random priorities) of each case's new and
 * already-joined neighbours, both directions, and marks the sampled new ones as joined.
 */
function sampleCandidates(heaps: NeighborHeaps, fresh: NeighborHeaps, old: NeighborHeaps, random: FastRandom): void {
  const { n, k, indices, fresh: isFresh } = heaps;
  for (const candidates of [fresh, old]) {
    candidates.indices.fill(-1);
    candidates.distances.fill(Infinity);
  }
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = indices[s]!;
      if (j < 0) continue;
      const priority = random.nextFloat();
      const target = isFresh[s] === 1 ? fresh : old;
      heapPush(target, i, priority, j, 0);
      heapPush(target, j, priority, i, 0);
    }
  }
  const m = fresh.k;
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      if (isFresh[s] !== 1) continue;
      const j = indices[s]!;
      for (let c = i * m; c < i * m + m; c++) {
        if (fresh.indices[c] === j) {
          isFresh[s] = 0;
          break;
        }
      }
    }
  }
}
