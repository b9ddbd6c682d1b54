/**
 * The worker process entry. A task is a job's lead (`unit` null: the whole job) or one unit
 * of a `train` job (an outer fold, a grid cell, a batch of trees) handed over by a lead on
 * any worker. The job's data is read and decoded once per worker and job, kept until the
 * pool releases the job; a lead with several workers hands its units to the pool.
 */
import { z } from 'zod';
import type { EngineTask } from '../engine/contract.js';
import { releaseJobFits } from '../engine/run/fit-cache.js';
import { reclaimMemory } from '../engine/run/reclaim-memory.js';
import type { JobIo } from '../engine/run/progress-io.js';
import { runJob, runUnit, type SetupCache } from '../engine/run/run-job.js';
import type { SupervisedSetup } from '../engine/run/supervised-setup.js';
import type { EngineUnit, UnitDispatch, UnitOutcome } from '../engine/run/unit-contract.js';
import { serveTasks, SubtaskFailedError, type SubtaskOutcome, type TaskContext } from '../pool/worker-runtime.js';
import { engineUnitSchema } from './engine-unit-schema.js';

// The config itself was validated by the config builder in the main process.
const workerTaskSchema = z.object({
  job: z.object({
    jobId: z.string(),
    type: z.enum(['train', 'decomp', 'cluster']),
    config: z.record(z.string(), z.unknown()),
    data: z.union([z.instanceof(Uint8Array), z.object({ path: z.string().min(1) })]),
  }),
  unit: engineUnitSchema.nullable(),
  /** Workers the job may use at once. */
  workers: z.number().int().min(1),
});

/** A pool task of the job layer. */
export interface WorkerTask {
  job: EngineTask;
  unit: EngineUnit | null;
  workers: number;
}

/** Setups of the jobs this worker took part in lately; a job's is dropped when the pool releases it. */
const KEPT_SETUPS = 2;
const setups = new Map<string, SupervisedSetup>();

const setupCache: SetupCache = {
  get(jobId, build) {
    let setup = setups.get(jobId);
    if (setup === undefined) {
      setup = build();
      if (setups.size >= KEPT_SETUPS) setups.delete(setups.keys().next().value!);
    } else {
      setups.delete(jobId);
    }
    setups.set(jobId, setup);
    return setup;
  },
};

serveTasks(
  (raw, context) => {
    const task = workerTaskSchema.parse(raw) as WorkerTask;
    const job = task.job;
    const io: JobIo = {
      progress: (envelope) => context.progress(envelope),
      checkpoint: () => context.checkpoint(),
      ...(task.workers > 1 ? { units: unitDispatch(task, context) } : {}),
    };
    if (task.unit === null) return runJob(job, io, setupCache);
    // A unit's garbage (its fold's data) goes as it ends: an idle worker would otherwise hold it until its next fit.
    return runUnit(job, task.unit, io, setupCache).finally(reclaimMemory);
  },
  {
    onRelease: (jobId) => {
      setups.delete(jobId);
      releaseJobFits(jobId);
      reclaimMemory();
    },
  },
);

/** Units of this task's job go to the pool as subtasks, carrying the job (its data by file, not by value). */
function unitDispatch(task: WorkerTask, context: TaskContext): UnitDispatch {
  return {
    workers: task.workers,
    async run(units, options) {
      try {
        const outcomes = await context.runSubtasks(
          units.map((unit) => ({ job: task.job, unit, workers: task.workers }) satisfies WorkerTask),
          {
            limit: options.limit,
            exclusive: options.exclusive ?? false,
            stopOnError: options.stopOnError,
            onSettled: (index, outcome) => options.onSettled?.(index, unitOutcome(outcome)),
          },
        );
        return outcomes.map(unitOutcome);
      } catch (error) {
        if (error instanceof SubtaskFailedError) throw new Error(error.message);
        throw error;
      }
    },
  };
}

function unitOutcome(outcome: SubtaskOutcome): UnitOutcome {
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, message: outcome.message, lost: outcome.kind === 'crashed' };
}
