/**
 * What a worker process runs for a job: the engine entry points. `runJob` runs a whole job
 * (a `train` job's lead: it hands its units to the job's workers when it has several);
 * `runUnit` runs one unit of a `train` job for a lead elsewhere. The config was built and
 * validated in the main process (config builder); here it only runs. `decomp` and
 * `cluster` configs may carry `features: string[] | null` (the columns to use).
 */
import { readFileSync } from 'node:fs';
import type { EngineResult, EngineTask } from '../contract.js';
import type { ClusterConfig, DecompConfig, TrainConfig } from '../config/types.js';
import { runClustering } from './cluster-run.js';
import { runDecomposition } from './decomp-run.js';
import { executeUnit, type UnitBase } from './execute-unit.js';
import { RunIo, type JobIo } from './progress-io.js';
import { runSupervised } from './supervised-run.js';
import { supervisedSetup, type SupervisedSetup } from './supervised-setup.js';
import type { EngineUnit } from './unit-contract.js';
import { inlineRunner, pooledRunner } from './units.js';

/** Where a worker keeps each job's setup, so it reads and decodes the data once per job. */
export interface SetupCache {
  get(jobId: string, build: () => SupervisedSetup): SupervisedSetup;
}

const noCache: SetupCache = { get: (_jobId, build) => build() };

export function runJob(task: EngineTask, io: JobIo, setups: SetupCache = noCache): Promise<EngineResult> {
  const runIo = new RunIo(io);
  switch (task.type) {
    case 'train':
      return runSupervised(task.jobId, setupOf(task, setups), runIo);
    case 'decomp':
      return runDecomposition(task.config as DecompConfig, taskBytes(task), runIo);
    case 'cluster':
      return runClustering(task.config as ClusterConfig, taskBytes(task), runIo);
  }
}

export function runUnit(task: EngineTask, unit: EngineUnit, io: JobIo, setups: SetupCache = noCache): Promise<unknown> {
  if (task.type !== 'train') throw new Error(`A ${task.type} job has no units.`);
  const origin = unit.kind === 'fit_part' ? undefined : unit.origin;
  const runIo = new RunIo(io, origin);
  const dispatch = io.units;
  const workers = dispatch?.workers ?? 1;
  const base: UnitBase = { jobId: task.jobId, setup: setupOf(task, setups), io: runIo, workers, units: undefined! };
  base.units = dispatch !== undefined && workers > 1 ? pooledRunner(runIo, dispatch) : inlineRunner(runIo, (nested) => executeUnit(base, nested));
  return executeUnit(base, unit);
}

function setupOf(task: EngineTask, setups: SetupCache): SupervisedSetup {
  return setups.get(task.jobId, () => supervisedSetup(task.config as TrainConfig, taskBytes(task)));
}

function taskBytes(task: EngineTask): Uint8Array {
  return task.data instanceof Uint8Array ? task.data : readFileSync(task.data.path);
}
