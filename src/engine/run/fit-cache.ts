/**
 * A worker's prepared fits of self-parallel learners (training data after preprocessing,
 * held-out features, the learner's own preparation), so all the parts of one fit that a
 * worker runs share one copy. The worker running the fit holds its entry until the fit is
 * done; a worker running parts of someone else's fit keeps only the latest such entry, and
 * drops it as soon as it starts a fit of its own (a fold's preparation is the biggest thing a
 * worker holds: at 1M rows, two of them at once would double its memory).
 */
import type { TrainingData } from '../learner.js';

export interface PreparedFit {
  training: TrainingData;
  /** Held-out features (after preprocessing), or null. */
  testX: Float64Array[] | null;
  /** What the learner's `prepare` built, once a part needed it. */
  prepared: unknown;
}

const fits = new Map<string, { fit: PreparedFit; owned: boolean }>();

/** The fit's own worker: kept until `releaseFit`. */
export function holdFit(key: string, fit: PreparedFit): void {
  fits.set(key, { fit, owned: true });
}

export function releaseFit(key: string): void {
  fits.delete(key);
}

/** Another worker's fit: replaces the parts-only entry kept before (memory for one fit at a time). */
export function keepFit(key: string, fit: PreparedFit): PreparedFit {
  dropForeignFits();
  fits.set(key, { fit, owned: false });
  return fit;
}

/** Forgets the entries of other workers' fits (this worker is about to prepare a fit of its own). */
export function dropForeignFits(): void {
  for (const [key, entry] of fits) if (!entry.owned) fits.delete(key);
}

export function cachedFit(key: string): PreparedFit | undefined {
  return fits.get(key)?.fit;
}

/** The job is over: every fit of it goes. Keys start with the job id. */
export function releaseJobFits(jobId: string): void {
  for (const key of [...fits.keys()]) if (key.startsWith(`${jobId}/`)) fits.delete(key);
}
