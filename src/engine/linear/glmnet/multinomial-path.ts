/**
 * The multinomial path with the ungrouped penalty (glmnet `family = "multinomial"`,
 * `type.multinomial = "ungrouped"`; glmnetpp `ElnetPoint<binomial, multi_class>`), on
 * columns standardised by `standardizeLogistic`. Each Newton step visits the classes in
 * turn: a weighted least-squares problem for that class's coefficients (coordinate descent
 * over the strong set, which all classes share) and an update of its fitted values. After
 * each round the intercepts are centred and every active variable's coefficients are
 * shifted by the constant that minimises its elastic-net penalty (`elc`), which leaves the
 * probabilities unchanged. Fitted values are kept unnormalised (`q` = exp(η), `sxp` = Σ q).
 */
import type { Pacer } from '../../trees/pacer.js';
import { EXMX, PMIN } from './control.js';
import { ActiveSet, ConvergenceError, earlyStopApplies, LambdaSchedule, maxitMessage, softThreshold, stopsEarly, type PathSettings } from './path-common.js';
import type { LogisticPath } from './binomial-path.js';
import type { KernelWorkspace } from './wasm-kernels.js';

const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);
// Probabilities beyond these count as 0 / 1 (zero working weight).
const PFM = (1 + PMIN) * PMIN;
const PFX = (1 - PMIN) * (1 - PMIN);
// exp(η) of a class is kept within [EMIN, EMAX] × the other classes' sum.
const EMIN = PMIN / (1 - PMIN);
const EMAX = 1 / EMIN;

/**
 * `y[c]` = each case's proportion in class c (its indicator here); `w` normalised; `x`, `y`
 * and `w` live in `workspace`, which also holds the solver's working vectors.
 */
export async function multinomialPath(
  x: Float64Array[],
  y: Float64Array[],
  w: Float64Array,
  intercept: boolean,
  settings: PathSettings,
  workspace: KernelWorkspace,
  pacer: Pacer,
): Promise<LogisticPath> {
  const solver = new MultiClassSolver(x, y, w, intercept, settings, workspace);
  const schedule = new LambdaSchedule(settings);
  const nClasses = y.length;
  const path: LogisticPath = {
    lambdas: [],
    active: solver.active.order,
    nActive: [],
    intercepts: [],
    coefficients: [],
    devRatio: [],
    warning: null,
    nullDeviance: solver.nullDeviance,
  };
  for (let m = 0; m < schedule.length; m++) {
    await pacer.tick();
    const { lambda, previous } = schedule.next(m, (j) => solver.absGradient[j]!);
    try {
      await solver.fit(lambda, previous, pacer);
    } catch (error) {
      if (!(error instanceof ConvergenceError)) throw error;
      path.warning = maxitMessage(settings.maxit, m);
      break;
    }
    const nActive = solver.active.size;
    const coefficients = new Float64Array(nClasses * nActive);
    for (let c = 0; c < nClasses; c++) {
      for (let l = 0; l < nActive; l++) coefficients[c * nActive + l] = solver.beta[c]![solver.active.order[l]!]!;
    }
    const devRatio = (solver.nullModelDeviance - solver.deviance()) / solver.nullDeviance;
    path.lambdas.push(lambda);
    path.nActive.push(nActive);
    path.intercepts.push(Float64Array.from(solver.intercepts));
    path.coefficients.push(coefficients);
    const change = devRatio - (path.devRatio.at(-1) ?? 0);
    path.devRatio.push(devRatio);
    if (stopsEarly(settings, m, change, devRatio)) break;
    if (earlyStopApplies(settings, m) && !solver.fittedAnyClass) break;
  }
  path.active = solver.active.order.slice(0, solver.active.size);
  return path;
}

class MultiClassSolver {
  readonly active: ActiveSet;
  /** beta[c][j]: coefficient of variable j in class c. */
  readonly beta: Float64Array[];
  readonly intercepts: Float64Array;
  readonly absGradient: Float64Array;
  readonly nullModelDeviance: number;
  readonly nullDeviance: number;
  /** Whether some class had enough working weight to be fitted at the current lambda. */
  fittedAnyClass = false;
  private readonly n: number;
  private readonly p: number;
  private readonly nClasses: number;
  private readonly strong: Uint8Array;
  private readonly xv: Float64Array[];
  private readonly oldBeta: Float64Array[];
  private readonly oldIntercepts: Float64Array;
  /** exp(η) per class and their sum per case. */
  private readonly q: Float64Array[];
  private readonly qSum: Float64Array;
  private readonly workingWeight: Float64Array;
  private readonly residual: Float64Array;
  private readonly buffer: Float64Array;
  private totalWeight = 0;
  private someClassMoved = false;
  private readonly thresh: number;
  private passes = 0;

  constructor(
    private readonly x: Float64Array[],
    private readonly y: Float64Array[],
    private readonly w: Float64Array,
    private readonly hasIntercept: boolean,
    private readonly settings: PathSettings,
    private readonly kernels: KernelWorkspace,
  ) {
    const n = w.length;
    const p = x.length;
    const nClasses = y.length;
    this.n = n;
    this.p = p;
    this.nClasses = nClasses;
    this.active = new ActiveSet(p);
    this.beta = y.map(() => new Float64Array(p));
    this.oldBeta = y.map(() => new Float64Array(p));
    this.xv = y.map(() => new Float64Array(p));
    this.intercepts = new Float64Array(nClasses);
    this.oldIntercepts = new Float64Array(nClasses);
    this.absGradient = new Float64Array(p);
    this.strong = new Uint8Array(p);
    this.q = y.map(() => kernels.vector(n));
    this.qSum = kernels.vector(n);
    this.workingWeight = kernels.vector(n);
    this.residual = kernels.vector(n);
    this.buffer = kernels.vector(n);

    let deviance = 0;
    for (let c = 0; c < nClasses; c++) {
      let q0 = 0;
      for (let i = 0; i < n; i++) q0 += w[i]! * y[c]![i]!;
      if (q0 <= PMIN) throw new Error(`GLMNET: the probability of class ${c + 1} is below 1e-9 (too few cases of it).`);
      if (q0 >= 1 - PMIN) throw new Error(`GLMNET: the probability of class ${c + 1} is above 1 - 1e-9 (too few cases of the others).`);
      if (hasIntercept) {
        this.intercepts[c] = Math.log(q0);
        deviance -= q0 * this.intercepts[c]!;
      }
    }
    if (!hasIntercept) deviance = Math.log(nClasses);
    const mean = this.intercepts.reduce((a, b) => a + b, 0) / nClasses;
    for (let c = 0; c < nClasses; c++) {
      this.intercepts[c] = this.intercepts[c]! - mean;
      this.q[c]!.fill(Math.exp(this.intercepts[c]!));
      for (let i = 0; i < n; i++) this.qSum[i] = this.qSum[i]! + this.q[c]![i]!;
    }
    this.nullModelDeviance = deviance;
    let nullDeviance = deviance;
    for (let c = 0; c < nClasses; c++) {
      for (let i = 0; i < n; i++) if (y[c]![i]! > 0) nullDeviance += w[i]! * y[c]![i]! * Math.log(y[c]![i]!);
    }
    this.nullDeviance = nullDeviance;
    this.thresh = settings.thresh * nullDeviance;
    this.refreshOutsideGradient();
  }

  /** The multinomial deviance term of the current fit. */
  deviance(): number {
    let sum = 0;
    for (let c = 0; c < this.nClasses; c++) {
      const yc = this.y[c]!;
      const qc = this.q[c]!;
      for (let i = 0; i < this.n; i++) if (yc[i]! > 0) sum -= this.w[i]! * yc[i]! * Math.log(qc[i]! / this.qSum[i]!);
    }
    return sum;
  }

  async fit(lambda: number, previous: number, pacer: Pacer): Promise<void> {
    const { settings, strong, absGradient } = this;
    const { alpha, penalty, included } = settings;
    const l1 = alpha * lambda;
    const l2 = (1 - alpha) * lambda;
    const threshold = alpha * (2 * lambda - previous);
    for (let k = 0; k < this.p; k++) {
      if (strong[k] === 0 && included[k] !== 0 && absGradient[k]! > threshold * penalty[k]!) strong[k] = 1;
    }
    this.fittedAnyClass = false;
    for (;;) {
      this.someClassMoved = false;
      if (this.passes > settings.maxit) throw new ConvergenceError();
      for (let c = 0; c < this.nClasses; c++) {
        if (!this.startClass(c)) continue;
        this.fittedAnyClass = true;
        await this.weightedLeastSquares(c, l1, l2, pacer);
        this.finishClass(c);
      }
      this.centre();
      if (!this.fittedAnyClass) return;
      if (!this.someClassMoved) {
        if (!this.addKktViolators(l1)) return;
      }
    }
  }

  /** Working weights and residuals of class c; false when its working weights vanish. */
  private startClass(c: number): boolean {
    const { w, workingWeight, residual, active, strong, x } = this;
    const yc = this.y[c]!;
    const qc = this.q[c]!;
    const beta = this.beta[c]!;
    const oldBeta = this.oldBeta[c]!;
    this.oldIntercepts[c] = this.intercepts[c]!;
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      oldBeta[k] = beta[k]!;
    }
    let total = 0;
    for (let i = 0; i < this.n; i++) {
      let pic = qc[i]! / this.qSum[i]!;
      let v: number;
      if (pic < PFM) {
        pic = 0;
        v = 0;
      } else if (pic > PFX) {
        pic = 1;
        v = 0;
      } else {
        v = w[i]! * pic * (1 - pic);
        total += v;
      }
      workingWeight[i] = v;
      residual[i] = w[i]! * (yc[i]! - pic);
    }
    this.totalWeight = total;
    if (total <= VMIN) return false;
    const xv = this.xv[c]!;
    for (let k = 0; k < this.p; k++) if (strong[k] !== 0) xv[k] = this.kernels.weightedSquares(workingWeight, x[k]!);
    return true;
  }

  private async weightedLeastSquares(c: number, l1: number, l2: number, pacer: Pacer): Promise<void> {
    for (;;) {
      if (this.pass(c, l1, l2, false)) return;
      while (!this.pass(c, l1, l2, true)) await pacer.tick();
      await pacer.tick();
    }
  }

  private pass(c: number, l1: number, l2: number, activeOnly: boolean): boolean {
    const { x, residual, workingWeight, settings, active, strong, kernels } = this;
    const beta = this.beta[c]!;
    const xv = this.xv[c]!;
    const { penalty } = settings;
    this.passes += 1;
    let dlx = 0;
    const count = activeOnly ? active.size : this.p;
    for (let index = 0; index < count; index++) {
      const k = activeOnly ? active.order[index]! : index;
      if (!activeOnly && strong[k] === 0) continue;
      const column = x[k]!;
      const old = beta[k]!;
      const updated = softThreshold(kernels.dot(residual, column) + old * xv[k]!, xv[k]!, penalty[k]!, l1, l2);
      if (updated === old) continue;
      if (!activeOnly && !active.has(k)) active.add(k);
      beta[k] = updated;
      const delta = updated - old;
      dlx = Math.max(dlx, xv[k]! * delta * delta);
      kernels.subtractWeighted(residual, delta, workingWeight, column);
    }
    if (this.hasIntercept) {
      const delta = kernels.sum(residual) / this.totalWeight;
      if (delta !== 0) {
        this.intercepts[c] = this.intercepts[c]! + delta;
        dlx = Math.max(dlx, this.totalWeight * delta * delta);
        kernels.subtractScaled(residual, delta, workingWeight);
      }
    }
    if (dlx < this.thresh) return true;
    if (this.passes > settings.maxit) throw new ConvergenceError();
    return false;
  }

  /** Convergence check of class c (while every earlier class converged) and its new fitted values. */
  private finishClass(c: number): void {
    const { active, x, buffer, qSum } = this;
    const beta = this.beta[c]!;
    if (!this.someClassMoved) {
      const d0 = this.oldIntercepts[c]! - this.intercepts[c]!;
      let moved = this.totalWeight * d0 * d0 > this.thresh;
      const oldBeta = this.oldBeta[c]!;
      const xv = this.xv[c]!;
      for (let l = 0; !moved && l < active.size; l++) {
        const k = active.order[l]!;
        const d = beta[k]! - oldBeta[k]!;
        moved = xv[k]! * d * d > this.thresh;
      }
      this.someClassMoved = moved;
    }
    buffer.fill(this.intercepts[c]!);
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      if (beta[k] !== 0) this.kernels.addScaled(buffer, beta[k]!, x[k]!);
    }
    const qc = this.q[c]!;
    for (let i = 0; i < this.n; i++) {
      const eta = Math.min(Math.max(buffer[i]!, -EXMX), EXMX);
      const others = qSum[i]! - qc[i]!;
      const value = Math.min(Math.max(EMIN * others, Math.exp(eta)), EMAX * others);
      qc[i] = value;
      qSum[i] = others + value;
    }
  }

  /**
   * Centres the intercepts and shifts each active variable's coefficients by the constant
   * minimising its penalty; the fitted values are rescaled by the common factor this applies.
   */
  private centre(): void {
    const { nClasses, active, x, buffer, settings } = this;
    let shift = 0;
    for (let c = 0; c < nClasses; c++) shift -= this.intercepts[c]!;
    shift /= nClasses;
    for (let c = 0; c < nClasses; c++) this.intercepts[c] = this.intercepts[c]! + shift;
    buffer.fill(shift);
    const row = new Float64Array(nClasses);
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      for (let c = 0; c < nClasses; c++) row[c] = this.beta[c]![k]!;
      const s = settings.penalty[k]! <= 0 ? mean(row) : penaltyCentre(settings.alpha, row);
      for (let c = 0; c < nClasses; c++) this.beta[c]![k] = this.beta[c]![k]! - s;
      if (s !== 0) this.kernels.addScaled(buffer, -s, x[k]!);
    }
    for (let i = 0; i < this.n; i++) {
      const factor = Math.exp(buffer[i]!);
      this.qSum[i] = this.qSum[i]! * factor;
      for (let c = 0; c < nClasses; c++) this.q[c]![i] = this.q[c]![i]! * factor;
    }
  }

  /** |⟨r_c, x_j⟩| maximised over classes, for the variables outside the strong set. */
  private refreshOutsideGradient(): void {
    const { strong, settings, absGradient, residual, w, x } = this;
    for (let k = 0; k < this.p; k++) if (strong[k] === 0 && settings.included[k] !== 0) absGradient[k] = 0;
    for (let c = 0; c < this.nClasses; c++) {
      const yc = this.y[c]!;
      const qc = this.q[c]!;
      for (let i = 0; i < this.n; i++) residual[i] = w[i]! * (yc[i]! - qc[i]! / this.qSum[i]!);
      for (let k = 0; k < this.p; k++) {
        if (strong[k] !== 0 || settings.included[k] === 0) continue;
        absGradient[k] = Math.max(absGradient[k]!, Math.abs(this.kernels.dot(residual, x[k]!)));
      }
    }
  }

  private addKktViolators(l1: number): boolean {
    this.refreshOutsideGradient();
    const { strong, settings, absGradient } = this;
    let added = false;
    for (let k = 0; k < this.p; k++) {
      if (strong[k] !== 0 || settings.included[k] === 0) continue;
      if (absGradient[k]! > l1 * settings.penalty[k]!) {
        strong[k] = 1;
        added = true;
      }
    }
    return added;
  }
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * glmnet's `elc`: the shift s minimising Σ_c [(1−α)/2 (a_c − s)² + α |a_c − s|] over the
 * classes' coefficients a of one variable — the mean for ridge (and for two classes), the
 * median for the lasso, and in between a point found among the sorted values.
 */
export function penaltyCentre(alpha: number, a: Float64Array): number {
  const n = a.length;
  const am = mean(a);
  if (alpha === 0 || n === 2) return am;
  const sorted = Float64Array.from(a).sort();
  if (sorted[0] === sorted[n - 1]) return a[0]!;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2]! + sorted[n / 2 - 1]!);
  if (alpha === 1) return median;
  const b1 = Math.min(am, median);
  const b2 = Math.max(am, median);
  // 1-based positions into `sorted`, as in glmnet.
  let k2 = 1;
  while (sorted[k2 - 1]! <= b1) k2 += 1;
  const k1 = k2 - 1;
  while (sorted[k2 - 1]! < b2) k2 += 1;
  const r = alpha / ((1 - alpha) * n);
  let sm = n - 2 * (k1 - 1);
  for (let k = k1; k < k2; k++) {
    sm -= 2;
    const s = r * sm + am;
    if (s > sorted[k - 1]! && s <= sorted[k]!) return s;
  }
  const r2 = 2 * r;
  const am2 = 2 * am;
  let s1 = sorted[k1 - 1]!;
  let best = s1;
  let criterion = r2 * absoluteDeviation(a, s1) + s1 * (s1 - am2);
  for (let k = k1 + 1; k <= k2; k++) {
    const s = sorted[k - 1]!;
    if (s === s1) continue;
    const c = r2 * absoluteDeviation(a, s) + s * (s - am2);
    if (c < criterion) {
      criterion = c;
      best = s;
    }
    s1 = s;
  }
  return best;
}

function absoluteDeviation(a: Float64Array, s: number): number {
  let sum = 0;
  for (const value of a) sum += Math.abs(value - s);
  return sum;
}
