/**
 * What one soak connection does from open to close. Three kinds, mixed at random:
 * - garbage: raw, truncated, corrupted and random frames (authenticated or not); nothing is
 *   owed an answer, because one bad frame discards the rest of the connection's buffer;
 * - unauthenticated: well-formed requests without `auth`; each is owed its error;
 * - working: auth, a session, wrong requests mixed with real work (uploads, chunked uploads
 *   begun and abandoned, jobs submitted and cancelled); every request is owed an answer.
 */
import { datasetIpc } from '../support/arrow-fixtures.js';
import { FUZZ_METHODS, pick, randomFrame, randomValue } from '../support/random-frames.js';
import { SoakConnection } from './soak-connection.js';

export interface SoakTotals {
  frames: number;
  answered: number;
  hangs: number;
  lostAnswers: number;
  connections: number;
  jobsSubmitted: number;
  jobsCancelled: number;
  uploadsAbandoned: number;
}

export interface SoakTarget {
  url: string;
  token: string;
  random: () => number;
  /** Frames still to send across every lane; lanes start no new episode once it reaches 0. */
  budget: { remaining: number };
  totals: SoakTotals;
  /** Open connections, swept for overdue requests by the runner. */
  live: Set<SoakConnection>;
}

const IRIS = datasetIpc('iris');
/** Wrong requests on a clean connection: anything but `auth` (a third failed auth closes the socket, §3.1). */
const WRONG_METHODS = FUZZ_METHODS.filter((method) => method !== 'auth');
const CHEAP_CALLS: readonly [string, unknown][] = [
  ['ping', undefined],
  ['info', undefined],
  ['session.info', undefined],
  ['data.list', undefined],
  ['job.list', undefined],
  ['algorithms', undefined],
  ['resampler.describe', undefined],
];

/** Opens a connection, lets `work` use it, closes it and adds its counts to the totals. */
async function withConnection(target: SoakTarget, work: (connection: SoakConnection) => Promise<void>): Promise<void> {
  const connection = await SoakConnection.open(target.url);
  target.live.add(connection);
  try {
    await work(connection);
  } finally {
    await connection.close();
    target.live.delete(connection);
    const totals = target.totals;
    target.budget.remaining -= connection.framesSent;
    totals.frames += connection.framesSent;
    totals.answered += connection.answered;
    totals.hangs += connection.hangs;
    totals.lostAnswers += connection.lostAnswers;
    totals.connections += 1;
  }
}

export async function runEpisode(target: SoakTarget): Promise<void> {
  const kind = target.random();
  if (kind < 0.3) await garbageEpisode(target);
  else if (kind < 0.45) await unauthenticatedEpisode(target);
  else await workingEpisode(target);
}

function garbageEpisode(target: SoakTarget): Promise<void> {
  const { random } = target;
  return withConnection(target, async (connection) => {
    if (random() < 0.5) await connection.request('auth', { token: target.token });
    let left = 200 + Math.floor(random() * 400);
    while (left > 0 && connection.isOpen) {
      const burst = Array.from({ length: Math.min(left, 1 + Math.floor(random() * 3)) }, () => randomFrame(random, target.token));
      connection.raw(Buffer.concat(burst), burst.length);
      left -= burst.length;
      if (random() < 0.1) await connection.flushed();
    }
    await connection.flushed();
  });
}

function unauthenticatedEpisode(target: SoakTarget): Promise<void> {
  const { random } = target;
  return withConnection(target, async (connection) => {
    const frames = 100 + Math.floor(random() * 200);
    for (let i = 0; i < frames && connection.isOpen; i += 1) {
      await connection.fire(pick(random, WRONG_METHODS), randomValue(random));
    }
    await connection.drain();
  });
}

function workingEpisode(target: SoakTarget): Promise<void> {
  const { random, totals } = target;
  return withConnection(target, async (connection) => {
    const handles: string[] = [];
    let frames = 300 + Math.floor(random() * 1200);
    await connection.request('auth', { token: target.token });
    await connection.request('session.create', {});
    while (frames > 0 && connection.isOpen) {
      const action = random();
      if (action < 0.5) {
        await connection.fire(pick(random, WRONG_METHODS), randomValue(random), random() < 0.05 ? IRIS : undefined);
        frames -= 1;
      } else if (action < 0.85) {
        const [method, params] = pick(random, CHEAP_CALLS);
        await connection.fire(method, params);
        frames -= 1;
      } else if (action < 0.94) {
        const reply = await connection.request('data.upload', { name: `d${handles.length}` }, IRIS);
        if (reply?.ok === true) handles.push(reply.result.data_handle);
        if (handles.length > 3 && random() < 0.5) await connection.fire('data.delete', { data_handle: handles.shift() });
        frames -= 2;
      } else if (action < 0.98) {
        frames -= await abandonedUpload(connection, random);
        totals.uploadsAbandoned += 1;
      } else if (handles.length > 0) {
        const reply = await connection.request('train', { data_handle: pick(random, handles), algorithm: 'CART' });
        frames -= 1;
        if (reply?.ok === true) {
          totals.jobsSubmitted += 1;
          if (random() < 0.7) {
            await connection.fire('job.cancel', { job_id: reply.result.job_id });
            totals.jobsCancelled += 1;
            frames -= 1;
          }
        }
      }
    }
    await connection.drain();
    // Deleting the session takes its data, pending uploads and jobs with it.
    if (random() < 0.9) await connection.request('session.delete');
  });
}

/** Begins a 3-chunk upload, sends one or two chunks, then cancels it or walks away. Frames sent. */
async function abandonedUpload(connection: SoakConnection, random: () => number): Promise<number> {
  const third = Math.ceil(IRIS.length / 3);
  const begun = await connection.request('data.upload.begin', { name: 'chunked', total_bytes: IRIS.length, n_chunks: 3 });
  if (begun?.ok !== true) return 1;
  const uploadId = begun.result.upload_id;
  const chunks = 1 + Math.floor(random() * 2);
  for (let index = 1; index <= chunks; index += 1) {
    await connection.fire('data.upload.chunk', { upload_id: uploadId, chunk_index: index }, IRIS.subarray((index - 1) * third, index * third));
  }
  if (random() < 0.5) {
    await connection.fire('data.upload.cancel', { upload_id: uploadId });
    return chunks + 2;
  }
  return chunks + 1;
}
