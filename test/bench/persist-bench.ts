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
const UPLOAD_TRIALS = 3;
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

async function chunkedUpload(client: WireClient, bytes: Uint8Array): Promise<string> {
  const chunks = Math.ceil(bytes.byteLength / CHUNK_BYTES);
  const { upload_id: uploadId } = await client.call('data.upload.begin', { name: 'big', total_bytes: bytes.byteLength, n_chunks: chunks });
  for (let index = 1; index <= chunks; index += 1) {
    await client.call('data.upload.chunk', { upload_id: uploadId, chunk_index: index }, bytes.subarray((index - 1) * CHUNK_BYTES, index * CHUNK_BYTES));
  }
  return (await client.call('data.upload.end', { upload_id: uploadId })).data_handle;
}

/** MB/s of one upload, answered; the handle is deleted afterwards. */
async function timedUpload(client: WireClient, send: () => Promise<string>, megabytes: number): Promise<number> {
  const start = performance.now();
  const handle = await send();
  const rate = megabytes / ((performance.now() - start) / 1000);
  await client.call('data.delete', { data_handle: handle });
  return rate;
}

async function uploadRates(): Promise<{ chunked: [number, number]; single: [number, number]; sizes: [number, number] }> {
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
    // Trials alternate so background load affects both alike.
    for (let trial = 0; trial < UPLOAD_TRIALS; trial += 1) {
      results.chunked[0]!.push(await timedUpload(on, () => chunkedUpload(on, big), bigMB));
      results.chunked[1]!.push(await timedUpload(off, () => chunkedUpload(off, big), bigMB));
      results.single[0]!.push(await timedUpload(on, async () => (await on.call('data.upload', { name: 'frame' }, frame)).data_handle, frameMB));
      results.single[1]!.push(await timedUpload(off, async () => (await off.call('data.upload', { name: 'frame' }, frame)).data_handle, frameMB));
    }
    await on.close();
    await off.close();
    return {
      chunked: [median(results.chunked[0]!), median(results.chunked[1]!)],
      single: [median(results.single[0]!), median(results.single[1]!)],
      sizes: [bigMB, frameMB],
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

/** Milliseconds from spawning `serve` to its first `ready` event. */
async function timeToReady(args: string[]): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const server: ServeProcess = spawnServe(port, TOKEN, [...args, '--verbosity', '0']);
  try {
    for (;;) {
      try {
        const client = await WireClient.connect(server.url);
        const elapsed = performance.now() - start;
        client.socket.terminate();
        return elapsed;
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

async function startupTimes(): Promise<{ saved: number; memory: number; savedInProcess: number; memoryInProcess: number; bytes: number; sessions: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtemislive-bench-startup-'));
  try {
    const bytes = await savedState(dir);
    const saved: number[] = [];
    const memory: number[] = [];
    const savedInProcess: number[] = [];
    const memoryInProcess: number[] = [];
    for (let trial = 0; trial < STARTUP_TRIALS; trial += 1) {
      saved.push(await timeToReady(['--state-dir', dir]));
      memory.push(await timeToReady(['--no-persist']));
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
    return { saved: median(saved), memory: median(memory), savedInProcess: median(savedInProcess), memoryInProcess: median(memoryInProcess), bytes, sessions };
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
    `upload ${upload.sizes[1].toFixed(0)} MB one frame, MB/s  saved ${upload.single[0].toFixed(0).padStart(6)}   memory only ${upload.single[1].toFixed(0).padStart(6)}   ratio ${(upload.single[0] / upload.single[1]).toFixed(2)} (information)`,
  );
  console.log(
    `start-up to first ready, ms   ${startup.sessions} sessions × 16 data sets (${(startup.bytes / 1e9).toFixed(2)} GB saved) ${startup.saved.toFixed(0).padStart(5)}   nothing saved ${startup.memory.toFixed(0).padStart(5)}   (goal < 1000)`,
  );
  console.log(
    `  of which the server's start (restore + listen), ms   saved ${startup.savedInProcess.toFixed(0).padStart(5)}   nothing saved ${startup.memoryInProcess.toFixed(0).padStart(5)}   (the rest is Node and module loading)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runPersistBench();
