/**
 * DBSCAN against dbscan::dbscan (what rtemis calls, with rtemis's search settings): the same
 * data to the bit, the same eps and minPts; labels must be identical up to relabelling
 * (noise to noise). Exact equality is reported too: cluster numbering follows the same rule.
 */
import { dbscan } from '../../../../src/engine/cluster/dbscan.js';
import { rowMatrix } from '../../../../src/engine/cluster/centres.js';
import type { DBSCANConfig } from '../../../../src/engine/config/types.js';
import path from 'node:path';
import { createRandom } from '../../../../src/engine/random.js';
import { benchContext, blobs, fixtureNumeric, readDoubles, runR, writeDoubles, type CheckRow, type NumericData, type PeerCheck } from './peer-check.js';

const R_DBSCAN = `
suppressMessages(library(dbscan))
x <- read_matrix(args$data, num("n"), num("p"))
weights <- if (is.null(args$weights)) NULL else readBin(args$weights, "double", num("n"), size = 8, endian = "little")
fit <- dbscan::dbscan(x, eps = num("eps"), minPts = num("min_points"), weights = weights,
                      borderPoints = as.logical(args$border_points),
                      search = "kdtree", bucketSize = 100L, splitRule = "SUGGEST", approx = 0)
write_doubles(fit$cluster, args$out)
`;

interface Case {
  data: () => NumericData;
  eps: number;
  minPoints: number;
  /** Weights drawn uniformly from [0, 2) with this seed. */
  weightSeed?: number;
  borderPoints?: boolean;
}

const CASES: Case[] = [
  { data: () => fixtureNumeric('iris', false), eps: 0.5, minPoints: 5 },
  { data: () => fixtureNumeric('wine', true), eps: 2.3, minPoints: 5 },
  { data: () => fixtureNumeric('breast_cancer', true), eps: 2.5, minPoints: 4 },
  { data: () => fixtureNumeric('penguins', true), eps: 0.45, minPoints: 5 },
  { data: () => blobs(20_000, 3, 6, 11), eps: 0.5, minPoints: 10 },
  { data: () => blobs(20_000, 2, 8, 12), eps: 0.3, minPoints: 6, borderPoints: false },
  { data: () => fixtureNumeric('wine', true), eps: 2.3, minPoints: 5, weightSeed: 5 },
];

/** True when a bijection maps one labelling onto the other, 0 (noise) onto 0. */
export function sameUpToRelabelling(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((x === 0) !== (y === 0)) return false;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

function describe(labels: ArrayLike<number>): string {
  let noise = 0;
  let clusters = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 0) noise++;
    clusters = Math.max(clusters, labels[i]!);
  }
  return `${clusters} clusters, ${noise} noise`;
}

export const dbscanCheck: PeerCheck = {
  name: 'DBSCAN vs dbscan::dbscan',
  rPackages: ['dbscan'],
  async run(dir) {
    const rows: CheckRow[] = [];
    for (const [index, spec] of CASES.entries()) {
      const data = spec.data();
      const random = createRandom(spec.weightSeed ?? 0);
      const weights = spec.weightSeed === undefined ? null : Array.from({ length: data.n }, () => random() * 2);
      const borderPoints = spec.borderPoints ?? true;
      const config: DBSCANConfig = {
        eps: spec.eps,
        min_points: spec.minPoints,
        weights,
        border_points: borderPoints,
        search: 'kdtree',
        bucket_size: 100,
        split_rule: 'SUGGEST',
        approx: false,
      };
      const ours = (await dbscan(rowMatrix(data.x, 'DBSCAN'), config, benchContext(1))).labels;
      const input = path.join(dir, `dbscan-${index}.bin`);
      const output = path.join(dir, `dbscan-${index}-labels.bin`);
      writeDoubles(input, data.x);
      const args: Record<string, string | number> = { data: input, out: output, n: data.n, p: data.x.length, eps: spec.eps, min_points: spec.minPoints };
      args.border_points = borderPoints ? 'TRUE' : 'FALSE';
      if (weights !== null) {
        args.weights = path.join(dir, `dbscan-${index}-weights.bin`);
        writeDoubles(args.weights, Float64Array.from(weights));
      }
      runR(dir, `dbscan-${index}`, R_DBSCAN, args);
      const theirs = readDoubles(output);
      const identical = ours.every((label, i) => label === theirs[i]);
      rows.push({
        check: `DBSCAN eps=${spec.eps} minPts=${spec.minPoints}${weights === null ? '' : ' weighted'}${borderPoints ? '' : ' borderPoints=FALSE'}`,
        dataset: `${data.name} (n=${data.n})`,
        measure: 'labels',
        ours: describe(ours),
        peer: `${describe(theirs)}; ${identical ? 'identical' : 'differ'}`,
        tolerance: 'identical up to relabelling',
        pass: sameUpToRelabelling(ours, theirs),
      });
    }
    return rows;
  },
};
