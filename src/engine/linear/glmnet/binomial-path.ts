/**
 * The two-class logistic path (glmnet `family = "binomial"`, `type.logistic = "Newton"`;
 * glmnetpp `ElnetPoint<binomial, two_class>`), on columns standardised by
 * `standardizeLogistic`. Each lambda: a proximal Newton (IRLS) loop whose weighted
 * least-squares problems are solved by coordinate descent over the strong set, until the
 * intercept and active coefficients move by less than `thresh` × null deviance; then the
 * KKT conditions of the variables outside the strong set are checked and any violator
 * joins it. `y` is the positive-class indicator (0 or 1) of each case.
 */
import type { Pacer } from '../../trees/pacer.js';
import { PMIN } from './control.js';
import type { KernelWorkspace } from './wasm-kernels.js';
import { ActiveSet, ConvergenceError, earlyStopApplies, LambdaSchedule, maxitMessage, softThreshold, stopsEarly, type PathSettings, type RawPath } from './path-common.js';

// Below this total working weight the fit is degenerate (all probabilities at 0 or 1).
const VMIN = (1 + PMIN) * PMIN * (1 - PMIN);
const FMAX = Math.log(1 / PMIN - 1);

export interface LogisticPath extends RawPath {
  /** Null deviance on the normalised-weight scale (the caller multiplies by 2 × total weight). */
  nullDeviance: number;
}

/** `x`, `y` and `w` live in `workspace`, which also holds the solver's working vectors. */
export async function binomialPath(
  x: Float64Array[],
  y: Float64Array,
  w: Float64Array,
  intercept: boolean,
  settings: PathSettings,
  workspace: KernelWorkspace,
  pacer: Pacer,
): Promise<LogisticPath> {
  const solver = new TwoClassSolver(x, y, w, intercept, settings, workspace);
  const schedule = new LambdaSchedule(settings);
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
    const devRatio = (solver.nullModelDeviance - solver.deviance()) / solver.nullDeviance;
    path.lambdas.push(lambda);
    path.nActive.push(nActive);
    path.intercepts.push(Float64Array.of(solver.intercept));
    path.coefficients.push(Float64Array.from(solver.active.order.subarray(0, nActive), (k) => solver.beta[k]!));
    const change = devRatio - (path.devRatio.at(-1) ?? 0);
    path.devRatio.push(devRatio);
    if (stopsEarly(settings, m, change, devRatio)) break;
    if (earlyStopApplies(settings, m) && solver.totalWeight <= VMIN) break;
  }

  path.active = solver.active.order.slice(0, solver.active.size);
  return path;
}

class TwoClassSolver {
  readonly active: ActiveSet;
  readonly beta: Float64Array;
  intercept = 0;
  /** |⟨r, x_j⟩|, kept current for the variables outside the strong set. */
  readonly absGradient: Float64Array;
  /** The null model's deviance term (glmnet's `dev1`) and the null deviance (`dev0`). */
  readonly nullModelDeviance: number;
  readonly nullDeviance: number;
  /** Sum of the working weights (`xmz`). */
  totalWeight: number;
  private readonly p: number;
  private readonly strong: Uint8Array;
  /** Σ v x_j² of the strong-set variables under the current working weights. */
  private readonly xv: Float64Array;
  private readonly oldBeta: Float64Array;
  private oldIntercept = 0;
  private readonly probability: Float64Array;
  private readonly workingWeight: Float64Array;
  private residual: Float64Array;
  /** Where the next residuals are written, so a degenerate update can leave the current ones. */
  private spareResidual: Float64Array;
  private readonly eta: Float64Array;
  private readonly thresh: number;
  private passes = 0;

  constructor(
    private readonly x: Float64Array[],
    private readonly y: Float64Array,
    private readonly w: Float64Array,
    private readonly hasIntercept: boolean,
    private readonly settings: PathSettings,
    private readonly kernels: KernelWorkspace,
  ) {
    const n = y.length;
    const p = x.length;
    this.p = p;
    this.active = new ActiveSet(p);
    this.beta = new Float64Array(p);
    this.oldBeta = new Float64Array(p);
    this.absGradient = new Float64Array(p);
    this.strong = new Uint8Array(p);
    this.xv = new Float64Array(p);
    this.probability = kernels.vector(n);
    this.workingWeight = kernels.vector(n);
    this.residual = kernels.vector(n);
    this.spareResidual = kernels.vector(n);
    this.eta = kernels.vector(n);

    let q0 = 0;
    for (let i = 0; i < n; i++) q0 += w[i]! * y[i]!;
    if (q0 <= PMIN) throw new Error('GLMNET: the probability of the positive class is below 1e-9 (too few cases of it).');
    if (q0 >= 1 - PMIN) throw new Error('GLMNET: the probability of the positive class is above 1 - 1e-9 (too few cases of the other class).');
    if (!hasIntercept) q0 = 0.5;
    const start = hasIntercept ? Math.log(q0 / (1 - q0)) : 0;
    const variance = q0 * (1 - q0);
    this.intercept = start;
    for (let i = 0; i < n; i++) {
      this.workingWeight[i] = variance * w[i]!;
      this.residual[i] = w[i]! * (y[i]! - q0);
      this.probability[i] = q0;
    }
    this.totalWeight = variance;
    this.nullModelDeviance = -(start * q0 + Math.log(1 - q0));
    let nullDeviance = this.nullModelDeviance;
    for (let i = 0; i < n; i++) {
      if (y[i]! > 0) nullDeviance += w[i]! * y[i]! * Math.log(y[i]!);
      if (y[i]! < 1) nullDeviance += w[i]! * (1 - y[i]!) * Math.log(1 - y[i]!);
    }
    this.nullDeviance = nullDeviance;
    this.thresh = settings.thresh * nullDeviance;
    for (let j = 0; j < p; j++) if (settings.included[j] !== 0) this.absGradient[j] = Math.abs(kernels.dot(this.residual, x[j]!));
  }

  /** The binomial deviance term of the current fit (glmnet's `dev2`), y being 0 or 1. */
  deviance(): number {
    return -this.kernels.binomialLogLikelihood(this.probability, this.w, this.y, PMIN);
  }

  async fit(lambda: number, previous: number, pacer: Pacer): Promise<void> {
    const { settings, strong, absGradient } = this;
    const { alpha, penalty, included } = settings;
    const l1 = alpha * lambda;
    const l2 = (1 - alpha) * lambda;
    // Sequential strong rule.
    const threshold = alpha * (2 * lambda - previous);
    for (let k = 0; k < this.p; k++) {
      if (strong[k] === 0 && included[k] !== 0 && absGradient[k]! > threshold * penalty[k]!) strong[k] = 1;
    }
    for (;;) {
      if (this.passes > settings.maxit) throw new ConvergenceError();
      this.startNewtonStep();
      await this.weightedLeastSquares(l1, l2, pacer);
      if (!this.updateProbabilities()) return;
      if (this.newtonConverged() && !this.addKktViolators(l1)) return;
    }
  }

  private startNewtonStep(): void {
    const { x, strong, workingWeight, xv, active } = this;
    this.oldIntercept = this.intercept;
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      this.oldBeta[k] = this.beta[k]!;
    }
    for (let k = 0; k < this.p; k++) if (strong[k] !== 0) xv[k] = this.kernels.weightedSquares(workingWeight, x[k]!);
  }

  private async weightedLeastSquares(l1: number, l2: number, pacer: Pacer): Promise<void> {
    for (;;) {
      if (this.pass(l1, l2, false)) return;
      while (!this.pass(l1, l2, true)) await pacer.tick();
      await pacer.tick();
    }
  }

  /** One coordinate-descent pass (strong set, or active set only) plus the intercept; true when converged. */
  private pass(l1: number, l2: number, activeOnly: boolean): boolean {
    const { x, beta, xv, residual, workingWeight, settings, active, strong, kernels } = this;
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
        this.intercept += delta;
        dlx = Math.max(dlx, this.totalWeight * delta * delta);
        kernels.subtractScaled(residual, delta, workingWeight);
      }
    }
    if (dlx < this.thresh) return true;
    if (this.passes > settings.maxit) throw new ConvergenceError();
    return false;
  }

  /**
   * New probabilities, working weights and residuals; false when the working weights vanish
   * (the residuals are then left as they were, as glmnet leaves them).
   */
  private updateProbabilities(): boolean {
    const { x, beta, eta, probability, workingWeight, w, y, active } = this;
    eta.fill(this.intercept);
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      if (beta[k] !== 0) this.kernels.addScaled(eta, beta[k]!, x[k]!);
    }
    const residual = this.spareResidual;
    const total = this.kernels.logisticUpdate(eta, w, y, probability, workingWeight, residual, FMAX);
    this.totalWeight = total;
    if (total <= VMIN) return false;
    this.spareResidual = this.residual;
    this.residual = residual;
    return true;
  }

  private newtonConverged(): boolean {
    const d0 = this.intercept - this.oldIntercept;
    if (this.totalWeight * d0 * d0 > this.thresh) return false;
    const { active, beta, oldBeta, xv } = this;
    for (let l = 0; l < active.size; l++) {
      const k = active.order[l]!;
      const d = beta[k]! - oldBeta[k]!;
      if (xv[k]! * d * d > this.thresh) return false;
    }
    return true;
  }

  /** Refreshes the gradient outside the strong set; true when some variable there violates its KKT condition. */
  private addKktViolators(l1: number): boolean {
    const { settings, strong, absGradient, residual, x } = this;
    let added = false;
    for (let k = 0; k < this.p; k++) {
      if (strong[k] !== 0 || settings.included[k] === 0) continue;
      absGradient[k] = Math.abs(this.kernels.dot(residual, x[k]!));
      if (absGradient[k]! > l1 * settings.penalty[k]!) {
        strong[k] = 1;
        added = true;
      }
    }
    return added;
  }
}

