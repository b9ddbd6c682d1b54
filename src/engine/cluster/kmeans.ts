/**
 * K-means by Lloyd iterations. As flexclust `cclust` (rtemis's backend), cluster centres
 * are means under euclidean distance and medians under manhattan distance. Starts are
 * k-means++ (default) or k distinct random cases, drawn from the seeded generator, so
 * partitions match R only in method, not case by case (rtemis-model §7.3).
 * Missing values are refused.
 */
import type { KMeansConfig } from '../config/types.js';
import type { FitContext } from '../learner.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { vec } from '../../protocol/json.js';

export type KMeansDistance = KMeansConfig['dist'];

export interface KMeansOptions extends KMeansConfig {
  init?: 'kmeans++' | 'random';
  maxIterations?: number;
}

export interface KMeansFit {
  /** 1-based cluster per case, in input order. */
  assignments: Int32Array;
  /** centers[c][j]: cluster c's centre on feature j. */
  centers: Float64Array[];
  sizes: Int32Array;
  /** Per cluster: sum of squared euclidean distances of its cases to its centre. */
  withinSS: Float64Array;
  iterations: number;
  converged: boolean;
}

export async function kmeans(x: Float64Array[], options: KMeansOptions, context: FitContext): Promise<KMeansFit> {
  const { random } = context;
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const { k, dist } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error('k must be a positive integer.');
  if (k > n) throw new Error(`Cannot make ${k} clusters from ${n} cases.`);
  x.forEach((column, j) => {
    if (column.some((value) => !Number.isFinite(value))) {
      throw new Error(`KMeans does not allow missing values (feature ${j + 1}); impute or remove them first.`);
    }
  });
  // Row-major copy: distance loops then walk contiguous memory.
  const rows = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) rows[i * p + j] = x[j]![i]!;
  const distance = (i: number, center: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < p; j++) {
      const d = rows[i * p + j]! - center[j]!;
      sum += dist === 'euclidean' ? d * d : Math.abs(d);
    }
    return sum;
  };
  const caseVector = (i: number) => rows.slice(i * p, i * p + p);

  const centers = options.init === 'random' ? randomStarts(n, k, random).map(caseVector) : plusPlusStarts(n, k, random, distance, caseVector);
  const assignments = new Int32Array(n).fill(-1);
  const maxIterations = options.maxIterations ?? 100;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    await context.checkpoint();
    iterations++;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const d = distance(i, centers[c]!);
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      if (assignments[i] !== best) {
        assignments[i] = best;
        changed++;
      }
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    updateCenters(rows, n, p, k, assignments, dist, centers, distance, caseVector);
  }

  const sizes = new Int32Array(k);
  const withinSS = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = assignments[i]!;
    sizes[c]++;
    for (let j = 0; j < p; j++) withinSS[c] += (rows[i * p + j]! - centers[c]![j]!) ** 2;
  }
  return { assignments: assignments.map((c) => c + 1), centers, sizes, withinSS, iterations, converged };
}

export const kmeansMethod: ClusteringMethod<KMeansConfig> = {
  name: 'KMeans',
  async fit(data, config, context) {
    const fit = await kmeans(data.x, config, context);
    return {
      assignments: fit.assignments,
      k: config.k,
      clust: {
        centers: fit.centers.map((center) => Array.from(center)),
        size: vec(Array.from(fit.sizes)),
        withinss: vec(Array.from(fit.withinSS)),
        iter: fit.iterations,
        converged: fit.converged,
      },
    };
  },
};

function randomStarts(n: number, k: number, random: () => number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(random() * n));
  return [...chosen];
}

/** k-means++: each further start is a case drawn with probability ∝ its distance to the nearest start. */
function plusPlusStarts(
  n: number,
  k: number,
  random: () => number,
  distance: (i: number, center: Float64Array) => number,
  caseVector: (i: number) => Float64Array,
): Float64Array[] {
  const centers = [caseVector(Math.floor(random() * n))];
  const nearest = new Float64Array(n).fill(Infinity);
  while (centers.length < k) {
    const latest = centers[centers.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, distance(i, latest));
      total += nearest[i]!;
    }
    let pick = n - 1;
    if (total > 0) {
      let target = random() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = Math.floor(random() * n);
    }
    centers.push(caseVector(pick));
  }
  return centers;
}

/** Means (euclidean) or medians (manhattan) per cluster; an emptied cluster restarts at the case farthest from its centre. */
function updateCenters(
  rows: Float64Array,
  n: number,
  p: number,
  k: number,
  assignments: Int32Array,
  dist: KMeansDistance,
  centers: Float64Array[],
  distance: (i: number, center: Float64Array) => number,
  caseVector: (i: number) => Float64Array,
): void {
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[assignments[i]!]!.push(i);
  for (let c = 0; c < k; c++) {
    const cases = members[c]!;
    if (cases.length === 0) continue;
    const center = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const values = cases.map((i) => rows[i * p + j]!);
      center[j] = dist === 'euclidean' ? values.reduce((a, b) => a + b, 0) / values.length : median(values);
    }
    centers[c] = center;
  }
  for (let c = 0; c < k; c++) {
    if (members[c]!.length > 0) continue;
    let farthest = 0;
    let farthestDistance = -1;
    for (let i = 0; i < n; i++) {
      const d = distance(i, centers[assignments[i]!]!);
      if (d > farthestDistance) {
        farthestDistance = d;
        farthest = i;
      }
    }
    centers[c] = caseVector(farthest);
    // Claim the case now so a second empty cluster picks a different one.
    members[assignments[farthest]!] = members[assignments[farthest]!]!.filter((i) => i !== farthest);
    assignments[farthest] = c;
    members[c]!.push(farthest);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
