/**
 * The parts of a supervised run that may run on any worker ("units"): an outer fold, a
 * grid cell (one combination on one inner resample), and a part of a self-parallel fit
 * (a batch of trees). A unit carries everything it needs except the job's data, which each
 * worker reads once per job, and draws its randomness from its own substream, so results
 * are the same whichever worker runs it and however many workers there are.
 *
 * A run hands its units to a UnitRunner: inline (one after another in this process, when
 * the job has one worker or no pool) or pooled (the job's workers, through JobIo.units).
 */
import type { RunIo } from './progress-io.js';
import type { EngineUnit, UnitDispatch, UnitOutcome, UnitRunner } from './unit-contract.js';

/**
 * Runs units here, in order. Values are cloned as they would be between processes, so a
 * one-worker run sees exactly what a pooled one does.
 */
export function inlineRunner(io: RunIo, execute: (unit: EngineUnit) => Promise<unknown>): UnitRunner {
  return {
    async run(units, options) {
      const outcomes: UnitOutcome[] = [];
      for (const [index, unit] of units.entries()) {
        await io.checkpoint();
        let outcome: UnitOutcome;
        try {
          outcome = { ok: true, value: structuredClone(await execute(unit)) };
        } catch (error) {
          if (io.wasCancelled || options.stopOnError) throw error;
          outcome = { ok: false, message: errorText(error), lost: false };
        }
        outcomes.push(outcome);
        options.onSettled?.(index, outcome);
      }
      return outcomes;
    },
  };
}

/**
 * Runs units side by side here (at most `limit` at once), for units that only coordinate in
 * this process and hand their heavy work to the pool themselves (an outer fold whose forest
 * is fitted in parts). Every unit settles before the call does; under stopOnError it then
 * rejects with the first failure (the others ran on: this is for small data).
 */
export function concurrentRunner(io: RunIo, execute: (unit: EngineUnit) => Promise<unknown>): UnitRunner {
  return {
    async run(units, options) {
      const outcomes: UnitOutcome[] = new Array(units.length);
      let firstError: unknown = null;
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < units.length && firstError === null) {
          const index = next++;
          let outcome: UnitOutcome;
          try {
            await io.checkpoint();
            outcome = { ok: true, value: structuredClone(await execute(units[index]!)) };
          } catch (error) {
            if (io.wasCancelled || options.stopOnError) firstError ??= error;
            outcome = { ok: false, message: errorText(error), lost: false };
          }
          outcomes[index] = outcome;
          if (firstError !== null) continue;
          try {
            options.onSettled?.(index, outcome);
          } catch (error) {
            firstError = error;
          }
        }
      };
      const lanes = Math.min(units.length, options.limit ?? units.length);
      await Promise.all(Array.from({ length: lanes }, lane));
      if (firstError !== null) throw firstError;
      return outcomes;
    },
  };
}

/** Runs units on the job's workers; after a failed wait it checks for cancellation, so a cancelled run aborts as one. */
export function pooledRunner(io: RunIo, dispatch: UnitDispatch): UnitRunner {
  return {
    async run(units, options) {
      try {
        return await dispatch.run(units, options);
      } catch (error) {
        await io.checkpoint();
        throw error;
      }
    },
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
