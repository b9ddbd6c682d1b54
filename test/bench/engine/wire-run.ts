/**
 * Training as a client does it, for the benchmarks: a real server with a given number of
 * workers, the data uploaded over the WebSocket, a `train` job timed from submission to
 * `job.complete`, and its summary and outer folds (from the `resamples` slice) read back.
 */
import { performance } from 'node:perf_hooks';
import { tableFromIPC } from 'apache-arrow';
import { startServer, type RunningServer } from '../../support/test-server.js';
import { WireClient } from '../../support/wire-client.js';

export interface WireRun {
  seconds: number;
  summary: any;
  /** Per row (0-based), the outer fold (1-based) whose test part holds it; null without outer resampling. */
  testFold: Int32Array | null;
}

export class BenchServer {
  private constructor(
    private readonly running: RunningServer,
    private readonly client: WireClient,
  ) {}

  static async start(workers: number): Promise<BenchServer> {
    const running = await startServer({ workers, authTimeout: 3600 });
    const client = await WireClient.authed(running.url, running.token);
    await client.call('session.create', { name: `bench-${workers}` });
    return new BenchServer(running, client);
  }

  async upload(bytes: Uint8Array, name = 'data'): Promise<string> {
    return (await this.client.call('data.upload', { name }, bytes)).data_handle;
  }

  /** Starts every worker and compiles the hot paths once, as a server in use has: a small job first. */
  async warmUp(handle: string, params: Record<string, unknown>): Promise<void> {
    await this.train(handle, params);
  }

  async train(handle: string, params: Record<string, unknown>): Promise<WireRun> {
    const start = performance.now();
    const { job_id: jobId } = await this.client.call('train', { data_handle: handle, ...params });
    const done = await this.client.waitFor(
      (frame) => ['job.complete', 'job.failed', 'job.cancelled'].includes(frame.header.event) && frame.header.data?.job_id === jobId,
      24 * 3600 * 1000,
    );
    const seconds = (performance.now() - start) / 1000;
    if (done.header.event !== 'job.complete') throw new Error(`bench job ${jobId} ended with ${done.header.event}: ${JSON.stringify(done.header.data)}`);
    const summary = await this.client.call('job.result', { job_id: jobId });
    const testFold = params.outer_resampling_config === undefined ? null : await this.testFolds(jobId);
    await this.client.call('job.delete', { job_id: jobId });
    // Frames are kept for tests; a long bench must not hold every result.
    this.client.frames.length = 0;
    return { seconds, summary, testFold };
  }

  async stop(): Promise<void> {
    await this.client.close();
    await this.running.stop();
  }

  private async testFolds(jobId: string): Promise<Int32Array> {
    const { payload } = await this.client.request('job.result', { job_id: jobId, slice: 'resamples' });
    const table = tableFromIPC(payload!);
    const names = Array.from(table.getChild('resample')!) as string[];
    const rows = table.getChild('row')!.toArray() as Int32Array;
    const folds = [...new Set(names)];
    const nRows = rows.reduce((max, row) => Math.max(max, row), 0);
    // KFold: a row's test fold is the one resample whose training rows lack it.
    const trainedIn = new Int32Array(nRows).fill(folds.length * (folds.length + 1) / 2);
    names.forEach((name, i) => (trainedIn[rows[i]! - 1] -= folds.indexOf(name) + 1));
    return trainedIn;
  }
}
