/**
 * The seeded kill loop of issue 9: `serve` runs a random workload (single-frame and chunked
 * uploads, training, deletions, new sessions) from two clients and is killed with SIGKILL at
 * a random instant; after each restart on the same folder the state must be consistent and
 * hold everything that had been acknowledged:
 *
 * - every acknowledged session, data handle and job is there (deletions acknowledged stay deleted);
 * - every listed handle describes (with the acknowledged shape);
 * - every job whose `job.complete` was received is complete, and every complete job's result
 *   decodes (summary and the predictions table);
 * - the restarted server found no damaged file.
 *
 * Used by kill-loop.test.ts (a modest count) and kill-loop-soak.ts (`npm run soak:persist`).
 */
import assert from 'node:assert/strict';
import { makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { datasetIpc, smallTableIpc } from '../support/arrow-fixtures.js';
import { seededRandom } from '../support/seeded-random.js';
import { connectWhenReady, spawnServe, type ServeProcess } from '../support/serve-process.js';
import { freePort } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { stateFolder } from './state-helpers.js';

const TOKEN = 'kill-loop-token-0001';
const MAX_LIVE_SESSIONS = 5;
const MAX_HANDLES = 10;
/** Handles at most this many rows are trained on, so a kill often lands near a job's completion. */
const TRAINABLE_ROWS = 5_000;

export interface KillLoopOptions {
  iterations: number;
  seed: number;
  log?: (line: string) => void;
}

export interface KillLoopReport {
  iterations: number;
  /** What was in flight at each kill, counted over the loop. */
  inFlightAtKill: Record<string, number>;
  acknowledged: { sessions: number; handles: number; jobs: number; completions: number };
}

interface Ledger {
  /** Deletions sent but not answered before a kill: the object may or may not be gone. */
  maybeDeleted: Set<string>;
  sessions: Map<string, string>;
  deletedSessions: Set<string>;
  handles: Map<string, { sessionId: string; rows: number; cols: number }>;
  deletedHandles: Set<string>;
  jobs: Map<string, { sessionId: string; complete: boolean }>;
  deletedJobs: Set<string>;
}

type Outcome = { ok: true; result: any } | { ok: false; error?: { code: string; message: string } };

export async function runKillLoop(options: KillLoopOptions): Promise<KillLoopReport> {
  const random = seededRandom(options.seed);
  const dir = stateFolder('kill-loop');
  const port = await freePort();
  const args = ['--state-dir', dir, '--workers', '1', '--max-sessions', '16'];
  const ledger: Ledger = {
    maybeDeleted: new Set(),
    sessions: new Map(),
    deletedSessions: new Set(),
    handles: new Map(),
    deletedHandles: new Set(),
    jobs: new Map(),
    deletedJobs: new Set(),
  };
  const inFlightAtKill: Record<string, number> = {};
  const totals = { sessions: 0, handles: 0, jobs: 0, completions: 0 };
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    const server = spawnServe(port, TOKEN, args);
    try {
      const checker = await connectWhenReady(server);
      await verify(checker, ledger, server, iteration);
      await checker.close();
      const inFlight = new Set<string>();
      const clients = [await connectWhenReady(server), await connectWhenReady(server)];
      const killAfter = 30 + Math.floor(random() * 2500);
      const submitted = new Set<string>();
      const workloads = clients.map((client) => workload(client, ledger, random, inFlight, totals, submitted));
      await new Promise((done) => setTimeout(done, killAfter));
      const atKill = new Set(inFlight);
      const resolved = new Set(clients.flatMap((client) => ['job.complete', 'job.failed', 'job.cancelled'].flatMap((name) => client.events(name).map((data) => data.job_id))));
      if ([...submitted].some((id) => !resolved.has(id))) atKill.add('job');
      for (const kind of atKill) inFlightAtKill[kind] = (inFlightAtKill[kind] ?? 0) + 1;
      if (atKill.size === 0) inFlightAtKill.idle = (inFlightAtKill.idle ?? 0) + 1;
      await server.kill();
      await Promise.all(workloads);
      // Completions received before the kill count as acknowledged.
      for (const client of clients) {
        for (const data of client.events('job.complete')) {
          const job = ledger.jobs.get(data.job_id);
          if (job && !job.complete) {
            job.complete = true;
            totals.completions += 1;
          }
        }
      }
      options.log?.(`iteration ${iteration + 1}: killed after ${killAfter} ms during [${[...atKill].join(', ') || 'nothing'}]; ledger ${ledger.sessions.size} sessions, ${ledger.handles.size} handles, ${ledger.jobs.size} jobs`);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) await server.kill();
    }
  }
  const last = spawnServe(port, TOKEN, args);
  try {
    const checker = await connectWhenReady(last);
    await verify(checker, ledger, last, options.iterations);
    await checker.close();
  } finally {
    await last.stop();
  }
  return { iterations: options.iterations, inFlightAtKill, acknowledged: totals };
}

/** Everything acknowledged is there, and everything there is readable. */
async function verify(client: WireClient, ledger: Ledger, server: ServeProcess, iteration: number): Promise<void> {
  const where = `after restart ${iteration}`;
  const sessions: any[] = (await client.call('session.list')).sessions;
  const listed = new Map(sessions.map((session) => [session.session_id, session.name]));
  for (const [id, name] of ledger.sessions) {
    if (ledger.maybeDeleted.has(id) && !listed.has(id)) {
      forgetSession(ledger, id);
      continue;
    }
    assert.equal(listed.get(id), name, `${where}: acknowledged session ${id} (${name}) is listed`);
  }
  for (const id of ledger.deletedSessions) assert.equal(listed.has(id), false, `${where}: deleted session ${id} stays deleted`);
  for (const session of sessions) {
    await client.call('session.join', { session_id: session.session_id });
    const handles: any[] = (await client.call('data.list')).handles;
    const handleIds = new Set(handles.map((handle) => handle.data_handle));
    for (const [id, handle] of ledger.handles) {
      if (handle.sessionId !== session.session_id) continue;
      if (ledger.maybeDeleted.has(id) && !handleIds.has(id)) ledger.handles.delete(id);
      else assert.ok(handleIds.has(id), `${where}: acknowledged handle ${id} is listed`);
    }
    for (const handle of handles) {
      assert.equal(ledger.deletedHandles.has(handle.data_handle), false, `${where}: deleted handle ${handle.data_handle} stays deleted`);
      const described = await client.call('data.describe', { data_handle: handle.data_handle });
      assert.equal(described.rows, handle.rows, `${where}: ${handle.data_handle} describes`);
      const acknowledged = ledger.handles.get(handle.data_handle);
      if (acknowledged) assert.deepEqual([handle.rows, handle.cols], [acknowledged.rows, acknowledged.cols]);
    }
    const jobs: any[] = (await client.call('job.list')).jobs;
    const byId = new Map(jobs.map((job) => [job.job_id, job]));
    for (const [id, job] of ledger.jobs) {
      if (job.sessionId !== session.session_id) continue;
      if (ledger.maybeDeleted.has(id) && !byId.has(id)) {
        ledger.jobs.delete(id);
        continue;
      }
      assert.ok(byId.has(id), `${where}: acknowledged job ${id} is listed`);
      if (job.complete) assert.equal(byId.get(id).status, 'complete', `${where}: job ${id} whose completion was announced is complete`);
    }
    for (const job of jobs) {
      assert.equal(ledger.deletedJobs.has(job.job_id), false, `${where}: deleted job ${job.job_id} stays deleted`);
      if (job.status !== 'complete') continue;
      const summary = await client.call('job.result', { job_id: job.job_id });
      assert.equal(summary.algorithm, 'CART', `${where}: ${job.job_id} summary`);
      const { header, payload } = await client.request('job.result', { job_id: job.job_id, slice: 'predictions' });
      assert.equal(header.ok, true, `${where}: ${job.job_id} predictions: ${JSON.stringify(header.error)}`);
      assert.equal(tableFromIPC(payload!).numRows, header.result.rows, `${where}: ${job.job_id} predictions decode`);
    }
    await client.call('session.detach');
  }
  // What is still there after an unanswered deletion was simply not deleted.
  ledger.maybeDeleted.clear();
  assert.equal(/could not be read|Saved state: could not/.test(server.stderr()), false, `${where}: the server reported damage:\n${server.stderr()}`);
}

/** One client's random actions until its socket dies. */
async function workload(
  client: WireClient,
  ledger: Ledger,
  random: () => number,
  inFlight: Set<string>,
  totals: KillLoopReport['acknowledged'],
  submitted: Set<string>,
): Promise<void> {
  const call = async (kind: string, method: string, params?: unknown, payload?: Uint8Array): Promise<Outcome> => {
    inFlight.add(kind);
    try {
      const response = await Promise.race([client.request(method, params, payload), client.closed.then(() => null)]);
      if (response === null) return { ok: false };
      return response.header.ok ? { ok: true, result: response.header.result } : { ok: false, error: response.header.error };
    } finally {
      inFlight.delete(kind);
    }
  };
  let sessionId: string | null = null;
  const attach = async (): Promise<boolean> => {
    const live = [...ledger.sessions.keys()];
    if (live.length > 0 && (live.length >= MAX_LIVE_SESSIONS || random() < 0.5)) {
      const id = live[Math.floor(random() * live.length)]!;
      const joined = await call('session', 'session.join', { session_id: id });
      if (joined.ok) sessionId = id;
      return joined.ok || joined.error !== undefined;
    }
    const name = `s${Math.floor(random() * 1e9).toString(36)}`;
    const created = await call('session', 'session.create', { name });
    if (!created.ok) return created.error !== undefined;
    sessionId = created.result.session_id;
    ledger.sessions.set(sessionId!, name);
    totals.sessions += 1;
    return true;
  };
  while (client.socket.readyState === client.socket.OPEN) {
    if (sessionId === null || !ledger.sessions.has(sessionId)) {
      sessionId = null;
      if (!(await attach())) return;
      continue;
    }
    const mine = [...ledger.handles].filter(([, handle]) => handle.sessionId === sessionId);
    const trainable = mine.filter(([, handle]) => handle.rows <= TRAINABLE_ROWS);
    // Training comes first while nothing runs, so kills often meet a job finishing.
    const choice = submitted.size === 0 && trainable.length > 0 ? 0.5 : random();
    let outcome: Outcome;
    if (choice < 0.22) {
      const bytes = random() < 0.6 ? (random() < 0.5 ? smallTableIpc() : datasetIpc('iris')) : numericTable(Math.floor(2_000 + random() * 30_000), random);
      outcome = await call('upload', 'data.upload', { name: 'single' }, bytes);
      if (outcome.ok) recordHandle(outcome.result, sessionId, ledger, totals);
    } else if (choice < 0.4) {
      outcome = await chunked(call, numericTable(Math.floor(3_000 + random() * 80_000), random), random);
      if (outcome.ok) recordHandle(outcome.result, sessionId, ledger, totals);
    } else if (choice < 0.7) {
      if (trainable.length === 0) continue;
      const [handleId] = trainable[Math.floor(random() * trainable.length)]!;
      outcome = await call('train', 'train', { data_handle: handleId, algorithm: 'CART' });
      if (outcome.ok) {
        ledger.jobs.set(outcome.result.job_id, { sessionId, complete: false });
        submitted.add(outcome.result.job_id);
        totals.jobs += 1;
      }
    } else if (choice < 0.8 || mine.length >= MAX_HANDLES) {
      if (mine.length === 0) continue;
      const [handleId] = mine[Math.floor(random() * mine.length)]!;
      ledger.maybeDeleted.add(handleId);
      outcome = await call('delete', 'data.delete', { data_handle: handleId });
      if (outcome.ok) {
        ledger.handles.delete(handleId);
        ledger.deletedHandles.add(handleId);
      }
    } else if (choice < 0.87) {
      const done = [...ledger.jobs].filter(([id, job]) => job.sessionId === sessionId && job.complete && !ledger.deletedJobs.has(id));
      if (done.length === 0) continue;
      const [jobId] = done[Math.floor(random() * done.length)]!;
      ledger.maybeDeleted.add(jobId);
      outcome = await call('delete', 'job.delete', { job_id: jobId });
      if (outcome.ok && outcome.result.deleted) {
        ledger.jobs.delete(jobId);
        ledger.deletedJobs.add(jobId);
      }
    } else if (choice < 0.93 && ledger.sessions.size > 2) {
      const id: string = sessionId;
      ledger.maybeDeleted.add(id);
      outcome = await call('session', 'session.delete');
      if (outcome.ok) {
        forgetSession(ledger, id);
        ledger.deletedSessions.add(id);
      }
      sessionId = null;
    } else {
      outcome = await call('detach', 'session.detach');
      sessionId = null;
    }
    if (!outcome.ok && outcome.error === undefined) return;
  }
}

async function chunked(call: (kind: string, method: string, params?: unknown, payload?: Uint8Array) => Promise<Outcome>, bytes: Uint8Array, random: () => number): Promise<Outcome> {
  const chunks = 2 + Math.floor(random() * 7);
  const begun = await call('chunked upload', 'data.upload.begin', { name: 'chunked', total_bytes: bytes.byteLength, n_chunks: chunks });
  if (!begun.ok) return begun;
  const size = Math.ceil(bytes.byteLength / chunks);
  const order = Array.from({ length: chunks }, (_, i) => i + 1).sort(() => random() - 0.5);
  for (const index of order) {
    const sent = await call('chunked upload', 'data.upload.chunk', { upload_id: begun.result.upload_id, chunk_index: index }, bytes.subarray((index - 1) * size, index * size));
    if (!sent.ok) return sent;
  }
  return call('chunked upload', 'data.upload.end', { upload_id: begun.result.upload_id });
}

function forgetSession(ledger: Ledger, id: string): void {
  ledger.sessions.delete(id);
  for (const [handleId, handle] of ledger.handles) if (handle.sessionId === id) ledger.handles.delete(handleId);
  for (const [jobId, job] of ledger.jobs) if (job.sessionId === id) ledger.jobs.delete(jobId);
}

function recordHandle(summary: any, sessionId: string, ledger: Ledger, totals: KillLoopReport['acknowledged']): void {
  ledger.handles.set(summary.data_handle, { sessionId, rows: summary.rows, cols: summary.cols });
  totals.handles += 1;
}

/** Eight random numeric features and a two-class outcome. */
function numericTable(rows: number, random: () => number): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (let j = 0; j < 8; j += 1) columns[`x${j}`] = makeVector(Float64Array.from({ length: rows }, () => random() * 10));
  columns.y = vectorFromArray(Array.from({ length: rows }, () => (random() < 0.5 ? 'a' : 'b')), new Utf8());
  return tableToIPC(new Table(columns), 'stream');
}
