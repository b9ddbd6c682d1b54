/** Shared steps for the wire-level job tests: sessions, uploads, waiting for a job, decoding tables. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Float64, Table, tableFromIPC, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';
import { datasetIpc } from '../support/arrow-fixtures.js';
import type { RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

/** Jobs run on 2 shared cores; waits are generous (they bound hangs, they do not measure speed). */
export const JOB_TIMEOUT_MS = 60_000;

export const JOB_SUMMARY_KEYS = [
  'job_id',
  'type',
  'status',
  'submitted_at',
  'started_at',
  'completed_at',
  'stage',
  'fraction',
  'last_message',
  'error',
];
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let sessionCounter = 0;

/** An authenticated connection attached to a fresh session of its own. */
export async function attachedClient(running: RunningServer, prefix: string): Promise<WireClient> {
  const client = await WireClient.authed(running.url, running.token);
  await client.call('session.create', { name: `${prefix}-${process.pid}-${(sessionCounter += 1)}` });
  return client;
}

/** Deletes the attached session (which cancels its jobs) and closes the socket. */
export async function finish(client: WireClient): Promise<void> {
  await client.call('session.delete');
  await client.close();
}

export async function uploadDataset(client: WireClient, name: string): Promise<string> {
  return (await client.call('data.upload', { name }, datasetIpc(name))).data_handle;
}

export async function uploadTable(client: WireClient, name: string, bytes: Uint8Array): Promise<string> {
  return (await client.call('data.upload', { name }, bytes)).data_handle;
}

export type Resolution = { event: 'job.complete' | 'job.failed' | 'job.cancelled'; data: any };

/** The job's one resolution event (§6.5), already received or future. */
export async function resolution(client: WireClient, jobId: string, timeoutMs = JOB_TIMEOUT_MS): Promise<Resolution> {
  const frame = await client.waitFor(
    (f) => ['job.complete', 'job.failed', 'job.cancelled'].includes(f.header.event) && f.header.data?.job_id === jobId,
    timeoutMs,
  );
  return { event: frame.header.event, data: frame.header.data };
}

/** Waits for `job.complete`, failing with the job's error when it ended otherwise. */
export async function completed(client: WireClient, jobId: string, timeoutMs = JOB_TIMEOUT_MS): Promise<any> {
  const { event, data } = await resolution(client, jobId, timeoutMs);
  assert.equal(event, 'job.complete', `job ${jobId} ended with ${event}: ${JSON.stringify(data)}`);
  return data;
}

/** Submits and waits for completion; returns the job id. */
export async function runToCompletion(client: WireClient, method: 'train' | 'decomp' | 'cluster', params: object): Promise<string> {
  const { job_id: jobId } = await client.call(method, params);
  await completed(client, jobId);
  return jobId;
}

export interface TableSlice {
  result: any;
  table: Table | null;
}

/** A table slice: the pointer, and the decoded Arrow payload (null for an empty pointer). */
export async function tableSlice(client: WireClient, jobId: string, slice: string): Promise<TableSlice> {
  const { header, payload } = await client.request('job.result', { job_id: jobId, slice });
  assert.equal(header.ok, true, `slice ${slice}: ${JSON.stringify(header.error)}`);
  const result = header.result;
  assert.equal(result.format, 'arrow-ipc');
  if (payload === null) {
    assert.equal(header.payload, undefined, `slice ${slice}: no payload means no payload key`);
    return { result, table: null };
  }
  assert.equal(header.payload?.format, 'arrow-ipc');
  assert.equal(header.payload?.bytes, payload.byteLength);
  const table = tableFromIPC(payload);
  assert.equal(table.numRows, result.rows, `slice ${slice}: decoded rows match the pointer`);
  assert.equal(table.numCols, result.cols, `slice ${slice}: decoded cols match the pointer`);
  const columns = result.cols === 1 ? [result.columns] : result.columns;
  assert.deepEqual(
    table.schema.fields.map((field) => field.name),
    columns,
    `slice ${slice}: decoded column names match the pointer`,
  );
  return { result, table };
}

export function assertEmptyPointer(slice: TableSlice): void {
  assert.deepEqual(slice.result, { rows: 0, cols: 0, columns: [], format: 'arrow-ipc' });
  assert.equal(slice.table, null);
}

export function columnValues(table: Table, name: string): any[] {
  const column = table.getChild(name);
  assert.ok(column, `column ${name} present`);
  return Array.from(column);
}

export function fieldType(table: Table, name: string): DataType {
  const field = table.schema.fields.find((f) => f.name === name);
  assert.ok(field, `field ${name} present`);
  return field.type;
}

/** The outcome (last column) of a shared dataset as uploaded, nulls dropped. */
export function datasetOutcome(name: string): { name: string; rows: number; values: (string | number)[] } {
  const table = tableFromIPC(datasetIpc(name));
  const field = table.schema.fields.at(-1)!;
  const values = Array.from(table.getChild(field.name)!).filter((value) => value !== null) as (string | number)[];
  return { name: field.name, rows: table.numRows, values };
}

/**
 * A numeric regression table big enough that Ranger with many trees runs for minutes:
 * 8 deterministic features and an outcome `y` (last column).
 */
export function longRegressionIpc(rows = 3000): Uint8Array {
  const columns: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (let j = 0; j < 8; j += 1) {
    columns[`x${j}`] = vectorFromArray(
      Array.from({ length: rows }, (_, i) => Math.sin((i + 1) * (j + 1) * 0.7853) * 10 + ((i * (j + 3)) % 17)),
      new Float64(),
    );
  }
  columns.y = vectorFromArray(
    Array.from({ length: rows }, (_, i) => Math.cos(i * 0.31) * 5 + (i % 13)),
    new Float64(),
  );
  return tableToIPC(new Table(columns), 'stream');
}

/** Ranger settings that would keep one worker busy for minutes on `longRegressionIpc()`. */
export const LONG_RANGER = { algorithm: 'Ranger', hyperparameters: { num_trees: 20_000 } };

/** Live job-worker processes forked by this test process (the server runs in-process). */
export function jobWorkerPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, …
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('job-worker.js')) pids.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `job.status` until `predicate` holds. */
export async function statusWhen(client: WireClient, jobId: string, predicate: (status: any) => boolean, timeoutMs = JOB_TIMEOUT_MS): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await client.call('job.status', { job_id: jobId });
    if (predicate(status)) return status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} status never matched; last ${JSON.stringify(status)}`);
    await delay(50);
  }
}
