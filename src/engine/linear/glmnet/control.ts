/**
 * glmnet's internal parameters (`glmnet.control()` factory defaults, glmnet 4.1) and the
 * arguments rtemis leaves at glmnet's defaults (`thresh`, `maxit`, `lambda.min.ratio`).
 */

/** Smallest fractional change in deviance along the path before it stops early (`fdev`). */
export const FDEV = 1e-5;
/** Largest fraction of deviance explained before the path stops early (`devmax`). */
export const DEVMAX = 0.999;
/** Smallest `lambda.min.ratio` honoured (`eps`). */
export const EPS = 1e-6;
/** glmnet's stand-in for infinity: the first path point's lambda (`big`). */
export const BIG = 9.9e35;
/** Fewest path points before the early-stopping rules apply (`mnlam`). */
export const MNLAM = 5;
/** Smallest fitted probability in the logistic fits (`pmin`). */
export const PMIN = 1e-9;
/** Largest linear predictor exponentiated in the multinomial fit (`exmx`). */
export const EXMX = 250;

/** Convergence threshold of coordinate descent (`thresh`), relative to the null deviance. */
export const THRESH = 1e-7;
/** Most passes over the data across the whole path (`maxit`). */
export const MAXIT = 100_000;

/** `lambda.min.ratio` default: 1e-2 when there are fewer cases than variables, else 1e-4. */
export function defaultLambdaMinRatio(nCases: number, nVariables: number): number {
  return nCases < nVariables ? 1e-2 : 1e-4;
}
