/**
 * CMeans against e1071::cmeans (what rtemis calls) from the same start: both sides get the
 * same data (to the bit) and the same initial centres; the final objective (`withinerror`,
 * Σ w·u^m·d) must agree within 1%. Agreement of the hard assignments is reported as well.
 */
import path from 'node:path';
import { cmeans } from '../../../../src/engine/cluster/cmeans.js';
import { caseRows, distinctCases, rowMatrix } from '../../../../src/engine/cluster/centres.js';
import type { CMeansConfig } from '../../../../src/engine/config/types.js';
import { createRandom, sampleWithoutReplacement } from '../../../../src/engine/random.js';
import { benchContext, blobs, fixtureNumeric, readDoubles, runR, writeDoubles, type CheckRow, type NumericData, type PeerCheck } from './peer-check.js';

const TOLERANCE = 0.01;

const R_CMEANS = `
suppressMessages(library(e1071))
x <- read_matrix(args$data, num("n"), num("p"))
centers <- read_matrix(args$centers, num("k"), num("p"))
set.seed(1)
fit <- e1071::cmeans(x, centers = centers, iter.max = num("max_iter"), dist = args$dist,
                     method = args$method, m = num("m"))
write_doubles(c(fit$withinerror, fit$iter, fit$cluster), args$out)
`;

const CASES: { data: () => NumericData; k: number; dist: CMeansConfig['dist']; method: CMeansConfig['method']; m: number }[] = [
  { data: () => fixtureNumeric('iris', false), k: 3, dist: 'euclidean', method: 'cmeans', m: 2 },
  { data: () => fixtureNumeric('wine', true), k: 3, dist: 'euclidean', method: 'cmeans', m: 2 },
  { data: () => fixtureNumeric('breast_cancer', true), k: 2, dist: 'euclidean', method: 'cmeans', m: 1.5 },
  { data: () => fixtureNumeric('iris', false), k: 3, dist: 'manhattan', method: 'cmeans', m: 2 },
  { data: () => fixtureNumeric('penguins', true), k: 4, dist: 'euclidean', method: 'ufcl', m: 2 },
  { data: () => blobs(5_000, 4, 5, 3), k: 5, dist: 'euclidean', method: 'cmeans', m: 2 },
];

export const cmeansCheck: PeerCheck = {
  name: 'CMeans vs e1071::cmeans (same initial centres)',
  rPackages: ['e1071'],
  async run(dir) {
    const rows: CheckRow[] = [];
    for (const [index, spec] of CASES.entries()) {
      const data = spec.data();
      const matrix = rowMatrix(data.x, 'CMeans');
      // k distinct cases drawn from a seeded generator: the start both sides use.
      const start = caseRows(matrix, sampleWithoutReplacement(distinctCases(matrix, Int32Array.from({ length: data.n }, (_, i) => i)), spec.k, createRandom(100 + index)));
      const config: CMeansConfig = { k: spec.k, max_iter: 100, dist: spec.dist, method: spec.method, m: spec.m, rate_par: null, weights: 1, control: [] };
      const ours = await cmeans(matrix, config, benchContext(1), start);

      const input = path.join(dir, `cmeans-${index}.bin`);
      const centres = path.join(dir, `cmeans-${index}-centres.bin`);
      const output = path.join(dir, `cmeans-${index}-out.bin`);
      writeDoubles(input, data.x);
      // Row-major k × p → R's column-major.
      writeDoubles(centres, Array.from({ length: data.x.length }, (_, j) => Array.from({ length: spec.k }, (_, c) => start[c * data.x.length + j]!)));
      runR(dir, `cmeans-${index}`, R_CMEANS, {
        data: input,
        centers: centres,
        out: output,
        n: data.n,
        p: data.x.length,
        k: spec.k,
        max_iter: 100,
        dist: spec.dist,
        // e1071 needs rate.par for ufcl when it is passed explicitly; its own default is 0.3, as ours.
        method: spec.method,
        m: spec.m,
      });
      const result = readDoubles(output);
      const theirs = result[0]!;
      const labels = result.subarray(2);
      const agreement = ours.labels.reduce((count, label, i) => count + (label === labels[i] ? 1 : 0), 0) / data.n;
      const relative = Math.abs(ours.objective - theirs) / Math.abs(theirs);
      rows.push({
        check: `CMeans ${spec.method} ${spec.dist} k=${spec.k} m=${spec.m}`,
        dataset: `${data.name} (n=${data.n})`,
        measure: 'objective (withinerror)',
        ours: `${ours.objective.toPrecision(6)} (${ours.iter} iter)`,
        peer: `${theirs.toPrecision(6)} (${result[1]} iter); Δ ${(relative * 100).toFixed(3)}%, same label ${(agreement * 100).toFixed(1)}%`,
        tolerance: '≤ 1%',
        pass: relative <= TOLERANCE,
      });
    }
    return rows;
  },
};
