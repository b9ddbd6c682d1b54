/**
 * Million-row soak (issue: big data): `rtemislive serve` as its own process with 2 workers; a
 * 1,000,000 × 50 numeric table (about 400 MB of Arrow) uploaded in 8 MiB chunks, described, then
 * GLM, CART, LightGBM and a 100-tree Ranger each trained with 5-fold cross-validation; every
 * result's summary, `resamples` and `predictions` slices fetched. Prints each step's wall time and
 * the peak resident memory of the server and its workers together (sampled from /proc every
 * 250 ms; goal < 4 GB).
 *
 *   node dist/test/bench/million-rows.js [rows] [workers] [GLM|CART|LightGBM|Ranger ...]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeVector, Table, tableToIPC, type Vector } from 'apache-arrow';
import { createRandom } from '../../src/engine/random.js';
import { freePort } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(REPO_ROOT, 'dist/src/cli/main.js');
const TOKEN = 'benc-hmil-lion-rows';
const FEATURES = 50;
const CHUNK_BYTES = 8 * 1024 * 1024;
const RSS_GOAL_BYTES = 4 * 1024 ** 3;
const ALGORITHMS: Record<string, Record<string, unknown>> = {
  GLM: { algorithm: 'GLM' },
  CART: { algorithm: 'CART' },
  LightGBM: { algorithm: 'LightGBM' },
  Ranger: { algorithm: 'Ranger', hyperparameters: { num_trees: 100 } },
};

/** `rows` × 50 uniform features and y = 2·x1 + 3·x2·x3 + sin(3·x4) + noise, as Arrow IPC. */
function table(rows: number): Uint8Array {
  const random = createRandom(42);
  const x = Array.from({ length: FEATURES }, () => new Float64Array(rows));
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < FEATURES; j++) x[j]![i] = random() * 2 - 1;
    y[i] = 2 * x[0]![i]! + 3 * x[1]![i]! * x[2]![i]! + Math.sin(3 * x[3]![i]!) + 0.5 * (random() - 0.5);
  }
  const columns: Record<string, Vector> = {};
  x.forEach((column, j) => (columns[`x${j + 1}`] = makeVector(column)));
  columns.y = makeVector(y);
  return tableToIPC(new Table(columns), 'stream');
}

/** Resident memory of a process and all its descendants, in bytes. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone while we looked.
    }
  }
  let total = 0;
  const visit = (pid: number): void => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return;
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return total;
}

class PeakSampler {
  peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 250);
  }
  sample(): void {
    this.peak = Math.max(this.peak, treeRss(this.pid));
  }
  /** The peak since the last call. */
  take(): number {
    this.sample();
    const peak = this.peak;
    this.peak = 0;
    return peak;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

async function startServe(workers: number): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--token', TOKEN, '--workers', String(workers), '--verbosity', '0', '--no-persist'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `ws://127.0.0.1:${port}/`;
  for (let attempt = 0; ; attempt++) {
    try {
      const probe = await WireClient.connect(url);
      await probe.close();
      return { child, url };
    } catch (error) {
      if (attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function upload(client: WireClient, bytes: Uint8Array): Promise<string> {
  const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
  const { upload_id: uploadId } = await client.call('data.upload.begin', { name: 'million', total_bytes: bytes.length, n_chunks: chunks });
  for (let index = 0; index < chunks; index++) {
    await client.call('data.upload.chunk', { upload_id: uploadId, chunk_index: index + 1 }, bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES));
  }
  return (await client.call('data.upload.end', { upload_id: uploadId })).data_handle;
}

async function timed<T>(step: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await step();
  return { value, seconds: (performance.now() - start) / 1000 };
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

export async function runMillionRowBench(rows = 1_000_000, workers = 2, algorithms = Object.keys(ALGORITHMS)): Promise<void> {
  const bytes = table(rows);
  const { child, url } = await startServe(workers);
  const sampler = new PeakSampler(child.pid!);
  const lines: string[] = [];
  const report = (step: string, seconds: number, note = '') => {
    const line = `${step.padEnd(28)} ${seconds.toFixed(1).padStart(8)} s   peak RSS ${gb(sampler.take()).padStart(8)}   ${note}`;
    lines.push(line);
    console.log(`  ${line}`);
  };
  try {
    const client = await WireClient.authed(url, TOKEN);
    await client.call('session.create', { name: 'million' });
    const uploaded = await timed(() => upload(client, bytes));
    report(`upload ${(bytes.length / 1e6).toFixed(0)} MB in ${CHUNK_BYTES >> 20} MiB chunks`, uploaded.seconds, `${(bytes.length / 1e6 / uploaded.seconds).toFixed(0)} MB/s`);
    const described = await timed(() => client.call('data.describe', { data_handle: uploaded.value }));
    report('data.describe', described.seconds, `${described.value.cols} columns`);
    for (const name of algorithms) {
      const run = await timed(async () => {
        const { job_id: jobId } = await client.call('train', {
          data_handle: uploaded.value,
          ...ALGORITHMS[name],
          outer_resampling_config: { type: 'KFold', n_resamples: 5 },
        });
        const done = await client.waitFor((frame) => ['job.complete', 'job.failed'].includes(frame.header.event) && frame.header.data?.job_id === jobId, 24 * 3600 * 1000);
        return { jobId, done };
      });
      if (run.value.done.header.event !== 'job.complete') {
        report(`${name} 5-fold`, run.seconds, `FAILED: ${run.value.done.header.data.error.message}`);
        continue;
      }
      const { jobId } = run.value;
      const summary = await client.call('job.result', { job_id: jobId });
      const resamples = (await client.request('job.result', { job_id: jobId, slice: 'resamples' })).header.result;
      const predictions = await client.request('job.result', { job_id: jobId, slice: 'predictions' });
      const rsq = summary.metrics_test.mean_metrics[0]?.rsq ?? summary.metrics_test.mean_metrics.rsq;
      report(
        `${name} 5-fold CV`,
        run.seconds,
        `test R² ${rsq}; summary ok (${summary.outer_resampler.resamples.fetch_via ?? 'inline'}); resamples ${resamples.rows} rows; predictions ${predictions.header.result.rows} rows, ${(predictions.payload!.byteLength / 1e6).toFixed(0)} MB`,
      );
      await client.call('job.delete', { job_id: jobId });
      client.frames.length = 0;
    }
    await client.close();
  } finally {
    sampler.stop();
    child.kill('SIGTERM');
  }
  console.log(`\n## ${rows} rows × ${FEATURES} features, rtemislive serve with ${workers} workers (goal: peak RSS of server + workers < ${gb(RSS_GOAL_BYTES)})`);
  for (const line of lines) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const numbers = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg)).map(Number);
  const names = process.argv.slice(2).filter((arg) => arg in ALGORITHMS);
  await runMillionRowBench(numbers[0], numbers[1], names.length > 0 ? names : undefined);
}
