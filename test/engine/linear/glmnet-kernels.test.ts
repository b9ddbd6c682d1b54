/**
 * The SIMD WebAssembly kernels of the GLMNET solvers against the plain loops they replace,
 * on random vectors of every length parity (the pair loops' tails and padding).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelWorkspace } from '../../../src/engine/linear/glmnet/wasm-kernels.js';
import { createRandom } from '../../../src/engine/random.js';

const random = createRandom(11);
const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 9, 1001];
const PMIN = 1e-9;
const FMAX = Math.log(1 / PMIN - 1);

function filled(workspace: KernelWorkspace, n: number, draw: () => number): Float64Array {
  const out = workspace.vector(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

const close = (ours: number, expected: number, label: string) =>
  assert.ok(Math.abs(ours - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${label}: ${ours} vs ${expected}`);

test('reductions and scaled updates match plain loops', () => {
  for (const n of LENGTHS) {
    const workspace = new KernelWorkspace(6 * n + 64);
    const a = filled(workspace, n, () => random() - 0.5);
    const b = filled(workspace, n, () => random() * 3);
    const c = filled(workspace, n, () => random() - 0.2);
    let dot = 0;
    let squares = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      dot += a[i]! * b[i]!;
      squares += b[i]! * c[i]! * c[i]!;
      sum += a[i]!;
    }
    close(workspace.dot(a, b), dot, `dot n=${n}`);
    close(workspace.weightedSquares(b, c), squares, `weightedSquares n=${n}`);
    close(workspace.sum(a), sum, `sum n=${n}`);
    const expected = Float64Array.from(a, (value, i) => value - 0.7 * b[i]! * c[i]! - -1.3 * b[i]! + 2.5 * c[i]!);
    workspace.subtractWeighted(a, 0.7, b, c);
    workspace.subtractScaled(a, -1.3, b);
    workspace.addScaled(a, 2.5, c);
    a.forEach((value, i) => close(value, expected[i]!, `updates n=${n} i=${i}`));
  }
});

test('the logistic update: probabilities, working weights, residuals as with Math.exp, 0 / 1 beyond the limit', () => {
  for (const n of LENGTHS) {
    const workspace = new KernelWorkspace(8 * n + 64);
    const eta = filled(workspace, n, () => (random() - 0.5) * 60);
    if (n > 2) {
      eta[0] = 0;
      eta[1] = FMAX + 1;
      eta[2] = -FMAX - 1;
    }
    const w = filled(workspace, n, () => random());
    const y = filled(workspace, n, () => (random() < 0.5 ? 1 : 0));
    const [q, v, r] = [workspace.vector(n), workspace.vector(n), workspace.vector(n)];
    const total = workspace.logisticUpdate(eta, w, y, q, v, r, FMAX);
    let expectedTotal = 0;
    for (let i = 0; i < n; i++) {
      const f = eta[i]!;
      const p = f < -FMAX ? 0 : f > FMAX ? 1 : 1 / (1 + Math.exp(-f));
      assert.equal(q[i], p, `q n=${n} i=${i} eta=${f}`);
      assert.equal(v[i], w[i]! * p * (1 - p));
      assert.equal(r[i], w[i]! * (y[i]! - p));
      expectedTotal += v[i]!;
    }
    close(total, expectedTotal, `total n=${n}`);
  }
});

test('the binomial log-likelihood: Σ w log(p of the own class) as with Math.log, probabilities clamped', () => {
  for (const n of LENGTHS) {
    const workspace = new KernelWorkspace(4 * n + 64);
    const q = filled(workspace, n, () => random() ** (1 + 30 * random()));
    if (n > 3) {
      q[0] = 0;
      q[1] = 1;
      q[2] = Math.SQRT1_2;
    }
    const w = filled(workspace, n, () => random());
    const y = filled(workspace, n, () => (random() < 0.5 ? 1 : 0));
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(PMIN, q[i]!), 1 - PMIN);
      expected += w[i]! * Math.log(y[i] === 1 ? p : 1 - p);
    }
    close(workspace.binomialLogLikelihood(q, w, y, PMIN), expected, `n=${n}`);
  }
});
