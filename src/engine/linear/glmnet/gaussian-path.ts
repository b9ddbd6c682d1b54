/**
 * The gaussian path by covariance updates (glmnet's `type.gaussian = "covariance"`,
 * glmnetpp `ElnetPoint<gaussian, cov>`), on data standardised by `standardizeGaussian`.
 * Coordinate descent works on the gradient g = Xᵀr rather than the residuals: a change in
 * coefficient k updates every g_j through the inner products ⟨x_j, x_k⟩, computed once
 * when k enters the model, so a pass costs O(p · active) whatever the number of cases.
 * Each lambda: full passes over every variable until the largest weighted squared change
 * is below `thresh`, interleaved with passes over the active set only, warm-started from
 * the previous lambda. `dev` is R² (the deviance explained, y being standardised).
 */
import type { Pacer } from '../../trees/pacer.js';
import type { KernelWorkspace } from './wasm-kernels.js';
import { ActiveSet, ConvergenceError, LambdaSchedule, maxitMessage, softThreshold, stopsEarly, type PathSettings, type RawPath } from './path-common.js';

/** `x` lives in `workspace` (whose dot product computes the inner products). */
export async function gaussianPath(
  x: Float64Array[],
  gradient: Float64Array,
  xv: Float64Array,
  settings: PathSettings,
  workspace: KernelWorkspace,
  pacer: Pacer,
): Promise<RawPath> {
  const solver = new CovarianceSolver(x, gradient, xv, settings, workspace);
  const schedule = new LambdaSchedule(settings);
  const path: RawPath = { lambdas: [], active: solver.active.order, nActive: [], intercepts: [], coefficients: [], devRatio: [], warning: null };
  for (let m = 0; m < schedule.length; m++) {
    await pacer.tick();
    const { lambda } = schedule.next(m, (j) => Math.abs(gradient[j]!));
    const previousRsq = solver.rsq;
    try {
      await solver.fit(settings.alpha * lambda, (1 - settings.alpha) * lambda, pacer);
    } catch (error) {
      if (!(error instanceof ConvergenceError)) throw error;
      path.warning = maxitMessage(settings.maxit, m);
      break;
    }
    const nActive = solver.active.size;
    path.lambdas.push(lambda);
    path.nActive.push(nActive);
    path.intercepts.push(new Float64Array(1));
    path.coefficients.push(Float64Array.from(solver.active.order.subarray(0, nActive), (k) => solver.beta[k]!));
    path.devRatio.push(solver.rsq);
    const change = solver.rsq === 0 ? Infinity : (solver.rsq - previousRsq) / solver.rsq;
    if (stopsEarly(settings, m, change, solver.rsq)) break;
  }
  path.active = solver.active.order.slice(0, solver.active.size);
  return path;
}

class CovarianceSolver {
  readonly active: ActiveSet;
  readonly beta: Float64Array;
  rsq = 0;
  private readonly p: number;
  /** Column l: ⟨x_j, x_{active[l]}⟩ for every variable j. */
  private readonly crossProducts: Float64Array[] = [];
  private passes = 0;
  /** Whether any lambda has been fitted: later ones start with an active-set fit. */
  private warm = false;

  constructor(
    private readonly x: Float64Array[],
    private readonly gradient: Float64Array,
    private readonly xv: Float64Array,
    private readonly settings: PathSettings,
    private readonly kernels: KernelWorkspace,
  ) {
    this.p = x.length;
    this.active = new ActiveSet(this.p);
    this.beta = new Float64Array(this.p);
  }

  async fit(l1: number, l2: number, pacer: Pacer): Promise<void> {
    if (this.warm) await this.activeSetFit(l1, l2, pacer);
    for (;;) {
      if (this.fullPass(l1, l2)) return;
      await pacer.tick();
      await this.activeSetFit(l1, l2, pacer);
    }
  }

  /** One pass over every variable; true when converged. */
  private fullPass(l1: number, l2: number): boolean {
    const { beta, gradient, xv, settings, p } = this;
    const { penalty, included } = settings;
    this.passes += 1;
    let dlx = 0;
    for (let k = 0; k < p; k++) {
      if (included[k] === 0) continue;
      const old = beta[k]!;
      const updated = softThreshold(gradient[k]! + old * xv[k]!, xv[k]!, penalty[k]!, l1, l2);
      if (updated === old) continue;
      if (!this.active.has(k)) this.enter(k);
      beta[k] = updated;
      const delta = updated - old;
      dlx = Math.max(dlx, xv[k]! * delta * delta);
      this.rsq += delta * (2 * gradient[k]! - delta * xv[k]!);
      const column = this.crossProducts[this.active.position[k]! - 1]!;
      for (let j = 0; j < p; j++) if (included[j] !== 0) gradient[j] = gradient[j]! - column[j]! * delta;
    }
    if (dlx < settings.thresh) return true;
    if (this.passes > settings.maxit) throw new ConvergenceError();
    return false;
  }

  /**
   * Passes over the active set until converged, updating only the active gradients; the
   * others are brought up to date once at the end from the net change in coefficients.
   */
  private async activeSetFit(l1: number, l2: number, pacer: Pacer): Promise<void> {
    this.warm = true;
    const { beta, gradient, xv, settings, active } = this;
    const { penalty } = settings;
    const size = active.size;
    const order = active.order;
    const start = Float64Array.from(order.subarray(0, size), (k) => beta[k]!);
    for (;;) {
      this.passes += 1;
      let dlx = 0;
      for (let l = 0; l < size; l++) {
        const k = order[l]!;
        const old = beta[k]!;
        const updated = softThreshold(gradient[k]! + old * xv[k]!, xv[k]!, penalty[k]!, l1, l2);
        if (updated === old) continue;
        beta[k] = updated;
        const delta = updated - old;
        dlx = Math.max(dlx, xv[k]! * delta * delta);
        this.rsq += delta * (2 * gradient[k]! - delta * xv[k]!);
        const column = this.crossProducts[l]!;
        for (let m = 0; m < size; m++) {
          const j = order[m]!;
          gradient[j] = gradient[j]! - column[j]! * delta;
        }
      }
      if (dlx < settings.thresh) break;
      if (this.passes > settings.maxit) throw new ConvergenceError();
      await pacer.tick();
    }
    for (let l = 0; l < size; l++) start[l] = start[l]! - beta[order[l]!]!;
    const { included } = settings;
    for (let j = 0; j < this.p; j++) {
      if (included[j] === 0 || active.has(j)) continue;
      let change = 0;
      for (let l = 0; l < size; l++) change += start[l]! * this.crossProducts[l]![j]!;
      gradient[j] = gradient[j]! + change;
    }
  }

  /** Variable k enters the model: its inner products with every variable are computed once. */
  private enter(k: number): void {
    const { x, p, active, settings } = this;
    const column = new Float64Array(p);
    const xk = x[k]!;
    for (let j = 0; j < p; j++) {
      if (settings.included[j] === 0) continue;
      if (j === k) column[j] = this.xv[j]!;
      else if (active.has(j)) column[j] = this.crossProducts[active.position[j]! - 1]![k]!;
      else column[j] = this.kernels.dot(x[j]!, xk);
    }
    active.add(k);
    this.crossProducts.push(column);
  }
}
