/**
 * Saved-state benchmarks (issue 9), measured side by side in one run against the same server
 * without saved state, each `serve` a real process on loopback:
 *
 * - upload MB/s of a 400 MB chunked upload (16 MiB chunks) with saved state on vs off
 *   (goal ≥ 0.9), and of a 200 MB single-frame upload for information;
 * - start-up time to the first `ready` with 16 sessions × 16 data sets of 10 MB saved
 *   (goal < 1 s), next to the start-up of a server without saved state.
 *
 * Run alone: `node dist/test/bench/persist-bench.js` (after a build); also part of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { makeVector, Table, tableToIPC } from 'apache-arrow';
import { resolveServerOptions } from '../../src/server/options.js';
import { RtemisliveServer } from '../../src/server/server.js';
import { StateStore } from '../../src/state/state-store.js';
import { STATE_FORMAT_VERSION, type DataDocument } from '../../src/state/stored-documents.js';
import { newId } from '../../src/sessions/ids.js';
import { spawnServe, connectWhenReady, type ServeProcess } from '../support/serve-process.js';
import { freePort } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

const TOKEN = 'persist-bench-token';
const CHUNK_BYTES = 16 * 1024 * 1024;
const UPLOAD_TRIALS = 5;
const STARTUP_TRIALS = 5;

function numericTable(bytes: number): Uint8Array {
  const rows = Math.floor(bytes / (8 * 8));
  const columns = Object.fromEntries(
    Array.from({ length: 8 }, (_, c) => [`v${c}`, makeVector(Float64Array.from({ length: rows }, (_, i) => i * (c + 1) + 0.25))]),
  );
  return tableToIPC(new Table(columns), 'stream');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds `data.upload.end` took, per server, over every chunked upload (where saving shows). */
const endTimes = new Map<WireClient, number[]>();

async function chunkedUpload(client: WireClient, bytes: Uint8Array): Promise<string> {
  const chunks = Math.ceil(bytes.byteLength / CHUNK_BYTES);
  const { upload_id: uploadId } = await client.call('data.upload.begin', { name: 'big', total_bytes: bytes.byteLength, n_chunks: chunks });
  for (let index = 1; index <= chunks; index += 1) {
    await client.call('data.upload.chunk', { upload_id: uploadId, chunk_index: index }, bytes.subarray((index - 1) * CHUNK_BYTES, index * CHUNK_BYTES));
  }
  const start = performance.now();
  const handle = (await client.call('data.upload.end', { upload_id: uploadId })).data_handle;
  endTimes.set(client, [...(endTimes.get(client) ?? []), performance.now() - start]);
  return handle;
}

/** MB/s of one upload, answered; the handle is deleted afterwards. */
async function timedUpload(client: WireClient, send: () => Promise<string>, megabytes: number): Promise<number> {
  const start = performance.now();
  const handle = await send();
  const rate = megabytes / ((performance.now() - start) / 1000);
  await client.call('data.delete', { data_handle: handle });
  return rate;
}

interface UploadRates {
  chunked: [number, number];
  single: [number, number];
  sizes: [number, number];
  /** Median ms of `data.upload.end` (saved, memory only). */
  end: [number, number];
  /** Every chunked trial's MB/s (saved, memory only), to show the spread. */
  chunkedTrials: [number[], number[]];
}

async function uploadRates(): Promise<UploadRates> {
  const stateDir = mkdtempSync(join(tmpdir(), 'rtemislive-bench-upload-'));
  const [onPort, offPort] = [await freePort(), await freePort()];
  const saving = spawnServe(onPort, TOKEN, ['--state-dir', stateDir, '--verbosity', '0']);
  const memory = spawnServe(offPort, TOKEN, ['--no-persist', '--verbosity', '0']);
  try {
    const on = await connectWhenReady(saving);
    const off = await connectWhenReady(memory);
    on.responseTimeoutMs = off.responseTimeoutMs = 600_000;
    await on.call('session.create', { name: 'bench' });
    await off.call('session.create', { name: 'bench' });
    const big = numericTable(400e6);
    const frame = numericTable(200e6);
    const bigMB = big.byteLength / 1e6;
    const frameMB = frame.byteLength / 1e6;
    const results = { chunked: [[], []] as number[][], single: [[], []] as number[][] };
    // Trials alternate, and which server goes first alternates too, so background load affects both alike.
    for (let trial = 0; trial < UPLOAD_TRIALS; trial += 1) {
      const order = trial % 2 === 0 ? [0, 1] : [1, 0];
      for (const which of order) {
        const client = which === 0 ? on : off;
        results.chunked[which]!.push(await timedUpload(client, () => chunkedUpload(client, big), bigMB));
      }
      for (const which of order) {
        const client = which === 0 ? on : off;
        results.single[which]!.push(await timedUpload(client, async () => (await client.call('data.upload', { name: 'frame' }, frame)).data_handle, frameMB));
      }
    }
    await on.close();
    await off.close();
    return {
      chunked: [median(results.chunked[0]!), median(results.chunked[1]!)],
      single: [median(results.single[0]!), median(results.single[1]!)],
      sizes: [bigMB, frameMB],
      end: [median(endTimes.get(on)!), median(endTimes.get(off)!)],
      chunkedTrials: [results.chunked[0]!, results.chunked[1]!],
    };
  } finally {
    await Promise.all([saving.stop(), memory.stop()]);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Writes 16 sessions × 16 data sets of ~10 MB with the store itself (the format a server writes). */
async function savedState(dir: string): Promise<number> {
  const store = new StateStore(dir);
  await store.prepare();
  const bytes = numericTable(10e6);
  const now = new Date().toISOString();
  for (let s = 0; s < 16; s += 1) {
    const sessionId = newId('sess');
    const handles = Array.from({ length: 16 }, () => newId('data'));
    await store.createSession({
      format: 'rtemislive-session',
      format_version: STATE_FORMAT_VERSION,
      session_id: sessionId,
      name: `bench-${s}`,
      created: now,
      last_seen: now,
      events: [],
      events_dropped: 0,
      data_last_used: Object.fromEntries(handles.map((id) => [id, now])),
    });
    for (const id of handles) {
      const document: DataDocument = { format: 'rtemislive-data', format_version: STATE_FORMAT_VERSION, data_handle: id, name: `data-${id}`, rows: 156_250, cols: 8, bytes: bytes.byteLength, created_at: now };
      await store.writeData(sessionId, document, { bytes });
    }
  }
  return 256 * bytes.byteLength;
}

/** Milliseconds from spawning `serve` to its first `ready` event, and the restore time it logged (saved state only). */
async function timeToReady(args: string[]): Promise<{ ready: number; restore: number | null }> {
  const port = await freePort();
  const start = performance.now();
  const server: ServeProcess = spawnServe(port, TOKEN, [...args, '--verbosity', '2']);
  try {
    for (;;) {
      try {
        const client = await WireClient.connect(server.url);
        const ready = performance.now() - start;
        client.socket.terminate();
        const restore = /restored from .* in (\d+) ms/.exec(server.stderr());
        return { ready, restore: restore ? Number(restore[1]) : null };
      } catch {
        if (server.child.exitCode !== null) throw new Error(`serve exited: ${server.stderr()}`);
        await new Promise((done) => setTimeout(done, 5));
      }
    }
  } finally {
    await server.stop();
  }
}

/** Milliseconds of the server's own start (restore and listen) in this process, without Node's boot and module loading. */
async function timeToStart(stateDir: string | null): Promise<number> {
  const server = new RtemisliveServer(resolveServerOptions({ port: await freePort(), token: TOKEN, stateDir }, {}));
  const start = performance.now();
  await server.start();
  const elapsed = performance.now() - start;
  await server.stop();
  return elapsed;
}

async function startupTimes(): Promise<{ saved: number; memory: number; restore: number; savedInProcess: number; memoryInProcess: number; bytes: number; sessions: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtemislive-bench-startup-'));
  try {
    const bytes = await savedState(dir);
    const saved: number[] = [];
    const memory: number[] = [];
    const restore: number[] = [];
    const savedInProcess: number[] = [];
    const memoryInProcess: number[] = [];
    for (let trial = 0; trial < STARTUP_TRIALS; trial += 1) {
      const withState = await timeToReady(['--state-dir', dir]);
      saved.push(withState.ready);
      restore.push(withState.restore!);
      memory.push((await timeToReady(['--no-persist'])).ready);
      savedInProcess.push(await timeToStart(dir));
      memoryInProcess.push(await timeToStart(null));
    }
    // Every session came back.
    const port = await freePort();
    const check = spawnServe(port, TOKEN, ['--state-dir', dir, '--verbosity', '0']);
    const client = await connectWhenReady(check);
    const sessions = (await client.call('session.list')).sessions.length;
    await client.close();
    await check.stop();
    return { saved: median(saved), memory: median(memory), restore: median(restore), savedInProcess: median(savedInProcess), memoryInProcess: median(memoryInProcess), bytes, sessions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runPersistBench(): Promise<void> {
  const upload = await uploadRates();
  const startup = await startupTimes();
  console.log('\n## Saved state (serve processes on loopback, median of trials)');
  console.log(
    `upload ${upload.sizes[0].toFixed(0)} MB chunked, MB/s   saved ${upload.chunked[0].toFixed(0).padStart(6)}   memory only ${upload.chunked[1].toFixed(0).padStart(6)}   ratio ${(upload.chunked[0] / upload.chunked[1]).toFixed(2)} (goal ≥ 0.90)`,
  );
  console.log(
    `  data.upload.end, ms           saved ${upload.end[0].toFixed(0).padStart(6)}   memory only ${upload.end[1].toFixed(0).padStart(6)}   (trials, MB/s: saved ${upload.chunkedTrials[0].map((rate) => rate.toFixed(0)).join(' ')}; memory only ${upload.chunkedTrials[1].map((rate) => rate.toFixed(0)).join(' ')})`,
  );
  console.log(
    `upload ${upload.sizes[1].toFixed(0)} MB one frame, MB/s  saved ${upload.single[0].toFixed(0).padStart(6)}   memory only ${upload.single[1].toFixed(0).padStart(6)}   ratio ${(upload.single[0] / upload.single[1]).toFixed(2)} (information)`,
  );
  console.log(
    `start-up to first ready, ms   ${startup.sessions} sessions × 16 data sets (${(startup.bytes / 1e9).toFixed(2)} GB saved) ${startup.saved.toFixed(0).padStart(5)}   nothing saved ${startup.memory.toFixed(0).padStart(5)}   (goal < 1000)`,
  );
  console.log(
    `  restoring, as logged by serve, ms ${startup.restore.toFixed(0).padStart(5)};   the server's start (restore + listen) in a warm process, ms   saved ${startup.savedInProcess.toFixed(1).padStart(6)}   nothing saved ${startup.memoryInProcess.toFixed(1).padStart(6)}   (the rest is Node and module loading)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runPersistBench();
