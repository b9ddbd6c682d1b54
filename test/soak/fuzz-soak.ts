/**
 * `npm run soak`: a million random, truncated, corrupted and well-formed-but-wrong frames at a
 * real `rtemislive serve`, over many connections (see soak-episodes.ts), then the checks of
 * issue 10: the server still answers `ping` on a fresh connection, its RSS returns to within
 * 50 MB of where it started once connections close, and no worker process is left behind.
 *
 *   node dist/test/soak/fuzz-soak.js [--frames 1000000] [--seed 20261204] [--lanes 12]
 *
 * Seeded per lane, so a failing run can be replayed with the same --seed and --lanes.
 * Exits non-zero on any crash, hang, lost answer or failed check.
 */
import { parseArgs } from 'node:util';
import { seeded } from '../support/random-frames.js';
import { freePort } from '../support/test-server.js';
import { SoakConnection } from './soak-connection.js';
import { runEpisode, type SoakTarget, type SoakTotals } from './soak-episodes.js';
import { SoakServer } from './soak-server.js';

const RSS_SLACK = 50 * 1024 * 1024;
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20261204' },
    lanes: { type: 'string', default: '12' },
  },
});
const frames = Number(values.frames);
const seed = Number(values.seed);
const lanes = Number(values.lanes);

async function freshPing(server: SoakServer): Promise<boolean> {
  const connection = await SoakConnection.open(server.url);
  const auth = await connection.request('auth', { token: server.token });
  const pong = await connection.request('ping');
  await connection.close();
  return auth?.ok === true && pong?.ok === true;
}

/** Waits (up to a minute) for the server's RSS to settle within the slack of the baseline. */
async function settledRss(server: SoakServer, baseline: number): Promise<number> {
  let rss = server.rssBytes();
  for (let waited = 0; waited < 60_000 && rss > baseline + RSS_SLACK; waited += 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    rss = server.rssBytes();
  }
  return rss;
}

async function main(): Promise<boolean> {
  // Memory only: the soak measures the server's memory, and must not leave sessions in the user's state folder.
  const server = await SoakServer.start(await freePort(), 'soak-token', ['--workers', '1', '--max-sessions', '64', '--no-persist']);
  const problems: string[] = [];
  try {
    if (!(await freshPing(server))) problems.push('no ping before the soak');
    const rssBefore = server.rssBytes();
    const totals: SoakTotals = { frames: 0, answered: 0, hangs: 0, lostAnswers: 0, connections: 0, jobsSubmitted: 0, jobsCancelled: 0, uploadsAbandoned: 0 };
    const budget = { remaining: frames };
    const live = new Set<SoakConnection>();
    let rssPeak = rssBefore;
    const monitor = setInterval(() => {
      const now = Date.now();
      for (const connection of live) connection.sweep(now);
      if (server.alive) {
        rssPeak = Math.max(rssPeak, server.rssBytes());
        server.sampleWorkers();
      }
    }, 250);

    const started = performance.now();
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        const target: SoakTarget = { url: server.url, token: server.token, random: seeded(seed + lane), budget, totals, live };
        while (budget.remaining > 0 && server.alive) await runEpisode(target);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(monitor);

    const crashed = !server.alive;
    const pingAfter = !crashed && (await freshPing(server));
    const rssAfter = crashed ? Number.NaN : await settledRss(server, rssBefore);
    server.sampleWorkers();

    console.log(`frames sent       ${totals.frames} over ${totals.connections} connections (${lanes} lanes, seed ${seed})`);
    console.log(`frames/s          ${Math.round(totals.frames / seconds)} (${seconds.toFixed(1)} s)`);
    console.log(`answers owed/got  ${totals.answered + totals.hangs + totals.lostAnswers} / ${totals.answered}`);
    console.log(`jobs              ${totals.jobsSubmitted} submitted, ${totals.jobsCancelled} cancelled; ${totals.uploadsAbandoned} chunked uploads abandoned`);
    console.log(`crashes           ${crashed ? 1 : 0}`);
    console.log(`hangs             ${totals.hangs} (unanswered after 5 s), ${totals.lostAnswers} lost to a server-side close`);
    console.log(`ping afterwards   ${pingAfter ? 'answered' : 'NOT answered'}`);
    console.log(`server RSS        before ${(rssBefore / MB).toFixed(1)} MB, peak ${(rssPeak / MB).toFixed(1)} MB, after ${(rssAfter / MB).toFixed(1)} MB`);

    if (crashed) problems.push(`the server exited (code ${server.exitCode}):\n${server.logTail()}`);
    if (totals.hangs > 0) problems.push(`${totals.hangs} requests hung`);
    if (totals.lostAnswers > 0) problems.push(`${totals.lostAnswers} answers lost to a server-side close`);
    if (!pingAfter && !crashed) problems.push('a fresh connection got no ping answer');
    if (!(rssAfter <= rssBefore + RSS_SLACK)) problems.push('RSS did not return within 50 MB of the start');
  } finally {
    await server.stop();
  }
  const survivors = server.survivingWorkers();
  console.log(`workers           ${server.workerPids.size} seen, ${survivors.length} left after shutdown`);
  if (survivors.length > 0) problems.push(`worker processes left behind: ${survivors.join(', ')}`);
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length === 0;
}

process.exitCode = (await main()) ? 0 : 1;
