/** `train`, `decomp`, `cluster`, `job.*` (§3.27–§3.35) and `dialog.choose_dir` (§3.36). */
import { mkdir } from 'node:fs/promises';
import { findClusterAlgorithm } from '../../engine/catalog/clustering.js';
import { findDecompAlgorithm } from '../../engine/catalog/decomposition.js';
import { buildClusterConfig } from '../../engine/config/cluster-config.js';
import { ConfigError } from '../../engine/config/config-error.js';
import { buildDecompConfig } from '../../engine/config/decomposition-config.js';
import { buildTrainConfig } from '../../engine/config/train-config.js';
import type { EngineResult, JobType } from '../../engine/contract.js';
import type { DataHandle } from '../../data/data-handle.js';
import { datasetShape } from '../../jobs/dataset-shape.js';
import type { Job } from '../../jobs/job.js';
import { resultSlice } from '../../jobs/result-slices.js';
import { savePath, expandHome } from '../../jobs/save-path.js';
import { writeSavedResult } from '../../jobs/saved-result.js';
import { WireError, internalError, invalidParams, notFound } from '../../protocol/wire-error.js';
import type { Session } from '../../sessions/session.js';
import type { AttachedCall, MethodCall } from './method-call.js';
import { findDataHandle, withContents } from './data-methods.js';
import { replyWhenSaved } from './reply-when-saved.js';
import { isMissing, isNonEmptyString } from './param-checks.js';

export function train({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.data_handle) || isMissing(params.algorithm)) {
    throw invalidParams('`data_handle` and `algorithm` are required.');
  }
  const handle = findDataHandle(session, params.data_handle);
  const { data_handle: _handle, ...settings } = params;
  return withContents(server, session, handle, ({ table, bytes }) => {
    const config = buildOrReject('training', () => buildTrainConfig(settings, datasetShape(table)));
    handle.lastUsed = now;
    return submit(server, session, handle, 'train', config.algorithm, config, bytes, now);
  });
}

export const decomp = (call: AttachedCall) =>
  submitUnsupervised(call, 'decomp', 'decomposition', findDecompAlgorithm, buildDecompConfig);

export const cluster = (call: AttachedCall) =>
  submitUnsupervised(call, 'cluster', 'clustering', findClusterAlgorithm, buildClusterConfig);

export function listJobs({ server, session }: AttachedCall) {
  return { jobs: server.jobs.forSession(session.id).map((job) => server.jobs.summary(job)) };
}

export function jobStatus({ server, session, params }: AttachedCall) {
  return server.jobs.summary(findJob(server, session, params.job_id));
}

export function cancelJob({ server, session, params, now }: AttachedCall) {
  const job = findJob(server, session, params.job_id);
  const cancelled = server.jobs.cancel(job, now);
  if (!cancelled) return { cancelled };
  session.touch(now);
  // A running job is now `cancelling`: saved, a restart ends it `cancelled` rather than `interrupted`.
  server.persistence?.jobChanged(job);
  return replyWhenSaved(server, session.id, { cancelled });
}

export function jobResult({ server, session, params }: AttachedCall) {
  const job = findJob(server, session, params.job_id);
  const slice = isMissing(params.slice) ? 'summary' : params.slice;
  if (job.status !== 'complete') throw invalidParams(`Job status is \`${job.status}\`; no result available.`);
  if (typeof slice !== 'string') throw invalidParams(`Unsupported slice \`${JSON.stringify(slice)}\`.`);
  return withResult(server, session, job, (result) => resultSlice(result, slice));
}

export function deleteJob({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.job_id)) throw invalidParams('`job_id` is required.');
  const job = server.jobs.find(session, params.job_id);
  if (!job) return { deleted: false };
  if (!job.isTerminal) throw invalidParams(`Cannot delete a ${job.status} job - cancel and wait first.`);
  server.jobs.delete(job);
  server.persistence?.jobDeleted(session, job);
  session.touch(now);
  return replyWhenSaved(server, session.id, { deleted: true });
}

export async function saveJob({ server, session, params }: AttachedCall) {
  if (isMissing(params.job_id)) throw invalidParams('`job_id` is required.');
  if (!isNonEmptyString(params.dir)) throw invalidParams('`dir` is required.');
  const job = findJob(server, session, params.job_id);
  if (job.status !== 'complete') throw invalidParams(`Job status is \`${job.status}\`; no result available.`);
  const result = job.result ?? (server.persistence?.hasSavedResult(job) ? await server.persistence.loadResult(session, job) : null);
  if (!result) throw invalidParams('Job has no result to save.');
  const dir = expandHome(params.dir);
  try {
    await mkdir(dir, { recursive: true });
  } catch {
    throw internalError(`Could not create directory '${params.dir}'.`);
  }
  const path = savePath(dir, params.filename, `${job.type}_${job.id}`);
  try {
    const bytes = await writeSavedResult(path, job, result);
    return { path, bytes };
  } catch (error) {
    throw internalError(`Could not write '${path}': ${(error as Error).message}`);
  }
}

export async function chooseDirectory({ server, params }: MethodCall) {
  const prompt = typeof params.prompt === 'string' && params.prompt.length > 0 ? params.prompt : 'Select a folder';
  const path = await server.chooseDirectory(prompt);
  return path === null ? { cancelled: true } : { path, cancelled: false };
}

function findJob(server: AttachedCall['server'], session: Session, jobId: unknown): Job {
  if (isMissing(jobId)) throw invalidParams('`job_id` is required.');
  const job = server.jobs.find(session, jobId);
  if (!job) throw notFound(`Unknown job_id '${String(jobId)}'.`);
  return job;
}

function buildOrReject<T>(label: 'training' | 'decomposition' | 'clustering', build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError) throw invalidParams(`Could not build ${label} config: ${error.message}`);
    throw error;
  }
}

function submit(server: AttachedCall['server'], session: Session, handle: DataHandle, type: JobType, algorithm: string, config: unknown, data: Uint8Array, now: Date) {
  // A restored handle was loaded asynchronously: the session may have been deleted meanwhile.
  if (server.sessions.get(session.id) !== session) throw new WireError('not_attached', 'Not attached to a session.');
  session.touch(now);
  const submission = { type, algorithm, config, data, shape: { rows: handle.rows, cols: handle.cols } };
  const job = server.jobs.submit(session, submission, now);
  const position = server.jobs.queuePosition(job);
  const response = { job_id: job.id, status: job.status, ...(position !== null ? { queue_position: position } : {}) };
  if (!server.persistence) return response;
  return server.persistence.jobSubmitted(job, submission, handle.id).then(() => response);
}

/** Runs `use` on a complete job's result; a result restored from saved state is read on first use. */
function withResult<T>(server: AttachedCall['server'], session: Session, job: Job, use: (result: EngineResult) => T): T | Promise<T> {
  if (job.result) return use(job.result);
  if (!server.persistence?.hasSavedResult(job)) throw invalidParams(`Job status is \`${job.status}\`; no result available.`);
  return server.persistence.loadResult(session, job).then(use);
}

/** §3.28/§3.29: algorithm first, then the handle, then `features`, then the config. */
function submitUnsupervised<A extends string>(
  { server, session, params, now }: AttachedCall,
  type: 'decomp' | 'cluster',
  label: 'decomposition' | 'clustering',
  find: (name: string) => A | undefined,
  build: (algorithm: A, config: Record<string, unknown>) => object,
) {
  if (isMissing(params.data_handle) || isMissing(params.algorithm)) {
    throw invalidParams('`data_handle` and `algorithm` are required.');
  }
  const algorithm = typeof params.algorithm === 'string' ? find(params.algorithm) : undefined;
  if (!algorithm) throw notFound(`Unknown ${label} algorithm \`${String(params.algorithm)}\`.`);
  const handle = findDataHandle(session, params.data_handle);
  return withContents(server, session, handle, ({ table, bytes }) => {
    const features = selectedFeatures(params.features, table.schema.fields.map((field) => field.name));
    const block = params.config ?? params.hyperparameters ?? {};
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw invalidParams(`Could not build ${label} config: \`config\` must be an object.`);
    }
    const config = buildOrReject(label, () => build(algorithm, block as Record<string, unknown>));
    handle.lastUsed = now;
    return submit(server, session, handle, type, algorithm, { ...config, features }, bytes, now);
  });
}

function selectedFeatures(features: unknown, columns: string[]): string[] | null {
  if (isMissing(features)) return null;
  const list = typeof features === 'string' ? [features] : features;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isNonEmptyString)) {
    throw invalidParams('`features` must be a non-empty character vector.');
  }
  const missing = list.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw invalidParams(`Features not in dataset: ${missing.join(', ')}.`);
  return list;
}
