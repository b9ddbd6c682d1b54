/** Data for the clustering unit tests: well-separated groups with known membership. */
import type { FitContext } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';

export function fitContext(seed: number): FitContext & { message(text: string): void } {
  return { random: createRandom(seed), checkpoint: async () => {}, message: () => {} };
}

/** Three tight, far-apart groups of 40 cases in 3-D, interleaved; returns columns and the true group per case. */
export function separatedClusters(seed: number): { x: Float64Array[]; truth: number[] } {
  const random = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [20, 20, 0],
    [0, 20, 20],
  ];
  const truth: number[] = [];
  const rows: number[][] = [];
  centres.forEach((centre, group) => {
    for (let i = 0; i < 40; i++) {
      truth.push(group);
      rows.push(centre.map((value) => value + (random() - 0.5) * 2));
    }
  });
  // Interleave the groups so input order carries no information.
  const order = rows.map((_, i) => i).sort((a, b) => (a % 40) - (b % 40) || a - b);
  return {
    x: [0, 1, 2].map((j) => Float64Array.from(order, (i) => rows[i]![j]!)),
    truth: order.map((i) => truth[i]!),
  };
}

/** True iff the labels induce exactly the true partition. */
export function samePartition(labels: ArrayLike<number>, truth: number[]): boolean {
  const map = new Map<number, number>();
  const reverse = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    const label = labels[i]!;
    if ((map.get(label) ?? truth[i]) !== truth[i] || (reverse.get(truth[i]!) ?? label) !== label) return false;
    map.set(label, truth[i]!);
    reverse.set(truth[i]!, label);
  }
  return map.size === new Set(truth).size;
}

/** Mean of each true group (group × feature). */
export function groupMeans(x: Float64Array[], truth: number[]): number[][] {
  const groups = [...new Set(truth)].sort();
  return groups.map((g) => {
    const members = truth.flatMap((t, i) => (t === g ? [i] : []));
    return x.map((column) => members.reduce((sum, i) => sum + column[i]!, 0) / members.length);
  });
}
