/**
 * What the three path solvers (gaussian, binomial, multinomial) share, as glmnetpp's
 * `ElnetPathBase` and point-solver base classes hold it: the lambda schedule with its
 * sequential strong-rule threshold, the soft-thresholded coordinate update, the active set
 * in order of entry, the path's early-stopping rule and the compressed coefficient storage.
 */
import { BIG, DEVMAX, EPS, FDEV, MNLAM } from './control.js';

export interface PathSettings {
  /** Elastic-net mixing (`alpha`): 1 lasso, 0 ridge. */
  alpha: number;
  /** Penalty factors, normalised to sum to the number of variables (glmnet's `vq`). */
  penalty: Float64Array;
  /** 1 for variables in the model (not constant: glmnet's `ju`), else 0. */
  included: Uint8Array;
  nlambda: number;
  /** `lambda.min.ratio`; unused when `userLambda` is set. */
  lambdaMinRatio: number;
  /** User lambdas, decreasing, on the solver's (standardised) scale; null = glmnet's own sequence. */
  userLambda: Float64Array | null;
  thresh: number;
  maxit: number;
}

/** A path on the solver's scale: one entry per fitted lambda, coefficients over the active set. */
export interface RawPath {
  lambdas: number[];
  /** Variables in order of entry into the model (glmnet's `ia`, 0-based). */
  active: Int32Array;
  /** Per point: how many of `active` were in the model. */
  nActive: number[];
  /** Per point: one intercept per class. */
  intercepts: Float64Array[];
  /** Per point: class-major coefficients, `values[c * nActive + l]` for variable `active[l]`. */
  coefficients: Float64Array[];
  /** Per point: fraction of (null) deviance explained. */
  devRatio: number[];
  /** Set when a point did not converge within `maxit` passes; the path stops before it (glmnet warns). */
  warning: string | null;
}

/** glmnet's lambda sequence, decided one point at a time (`ElnetPathBase::initialize_point`). */
export class LambdaSchedule {
  readonly length: number;
  private readonly factor: number;
  private current = 0;

  constructor(private readonly settings: PathSettings) {
    const user = settings.userLambda;
    this.length = user === null ? settings.nlambda : user.length;
    // The log-spaced ratio between successive lambdas; nlambda = 1 leaves only the first (infinite) point.
    this.factor = user === null ? Math.pow(Math.max(EPS, settings.lambdaMinRatio), 1 / (settings.nlambda - 1)) : 1;
  }

  /**
   * Lambda of point `m` and the one before it (the strong rule's λ_{m-1}). The first point is
   * glmnet's "infinite" lambda (all coefficients zero); the second starts at λ_max, from the
   * absolute gradient at zero, scaled down by one step.
   */
  next(m: number, absGradient: (j: number) => number): { lambda: number; previous: number } {
    const { settings } = this;
    let previous = this.current;
    let lambda: number;
    if (settings.userLambda !== null) lambda = settings.userLambda[m]!;
    else if (m > 1) lambda = previous * this.factor;
    else if (m === 0) lambda = BIG;
    else {
      previous = 0;
      for (let j = 0; j < settings.penalty.length; j++) {
        if (settings.included[j] === 0 || settings.penalty[j]! <= 0) continue;
        previous = Math.max(previous, absGradient(j) / settings.penalty[j]!);
      }
      previous /= Math.max(settings.alpha, 1e-3);
      lambda = previous * this.factor;
    }
    this.current = lambda;
    return { lambda, previous };
  }
}

/**
 * The coordinate-descent update of one coefficient: `u` = gradient + xv · current value,
 * soft-thresholded by the L1 part and shrunk by the L2 part of the penalty.
 */
export function softThreshold(u: number, xv: number, penalty: number, l1: number, l2: number): number {
  const v = Math.abs(u) - penalty * l1;
  if (!(v > 0)) return 0;
  return (u < 0 ? -v : v) / (xv + penalty * l2);
}

/** Variables in the model, in order of entry. */
export class ActiveSet {
  readonly order: Int32Array;
  /** 1-based position in `order`, 0 when not in the model (glmnet's `mm`). */
  readonly position: Int32Array;
  size = 0;

  constructor(nVariables: number) {
    this.order = new Int32Array(nVariables);
    this.position = new Int32Array(nVariables);
  }

  has(j: number): boolean {
    return this.position[j] !== 0;
  }

  add(j: number): void {
    this.order[this.size] = j;
    this.size += 1;
    this.position[j] = this.size;
  }
}

/**
 * glmnet's early stop along a computed sequence: after `mnlam` points, stop once the
 * deviance explained grows by less than `fdev` or exceeds `devmax`. A user sequence runs in full.
 */
export function stopsEarly(settings: PathSettings, m: number, devChange: number, devRatio: number): boolean {
  return earlyStopApplies(settings, m) && (devChange < FDEV || devRatio > DEVMAX);
}

/** Whether point `m` (0-based) may end a computed sequence. */
export function earlyStopApplies(settings: PathSettings, m: number): boolean {
  return settings.userLambda === null && m + 1 >= Math.min(MNLAM, settings.nlambda);
}

export class ConvergenceError extends Error {}

export function maxitMessage(maxit: number, m: number): string {
  return `Convergence for lambda number ${m + 1} not reached after maxit=${maxit} iterations; solutions for larger lambdas returned.`;
}
