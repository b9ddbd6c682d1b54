import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ServerLifecycle,
  backoffDelay,
  type BackoffPolicy,
  type LifecyclePhase,
  type ServerLaunchConfig,
} from '../../electron/server-lifecycle.js';
import { FakeServer, FakeTimers, errnoError, flush, type FakeServerBehaviour } from './fakes.js';

const CONFIG: ServerLaunchConfig = {
  port: 5757,
  token: null,
  extraOrigins: [],
  workers: 1,
  maxConcurrent: null,
  sessionTtl: 86400,
  dataTtl: 3600,
  maxStateBytes: null,
};
const POLICY: BackoffPolicy = { initialMs: 1000, maxMs: 8000, maxRestarts: 3, stableMs: 60_000 };

function setup(behaviours: FakeServerBehaviour[] = [], freePort: number | null = 5758) {
  const timers = new FakeTimers();
  const servers: FakeServer[] = [];
  const phases: LifecyclePhase[] = [];
  const lifecycle = new ServerLifecycle(CONFIG, {
    factory: (config) => {
      const server = new FakeServer(config, behaviours[servers.length] ?? {});
      servers.push(server);
      return server;
    },
    findFreePort: async () => freePort,
    schedule: timers.schedule,
    now: () => timers.now,
    backoff: POLICY,
  });
  lifecycle.onChange((snapshot) => {
    if (phases.at(-1) !== snapshot.phase) phases.push(snapshot.phase);
  });
  return { lifecycle, timers, servers, phases };
}

describe('server lifecycle', () => {
  it('starts, keeps the server token, and stops the server it started', async () => {
    const { lifecycle, servers, phases } = setup();
    await lifecycle.start();
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(lifecycle.snapshot().token, servers[0]!.token);
    assert.equal(lifecycle.snapshot().status?.port, 5757);
    await lifecycle.stop();
    assert.equal(servers[0]!.stopped, true);
    assert.deepEqual(phases, ['starting', 'running', 'stopping', 'stopped']);
    assert.equal(lifecycle.snapshot().status, null);
  });

  it('a port in use fails at once, names the port and offers the next free one', async () => {
    const { lifecycle, servers, timers } = setup([{ startError: errnoError('EADDRINUSE') }], 5760);
    await lifecycle.start();
    const snapshot = lifecycle.snapshot();
    assert.equal(snapshot.phase, 'failed');
    assert.equal(snapshot.error?.code, 'EADDRINUSE');
    assert.match(snapshot.error!.message, /5757/);
    assert.equal(snapshot.error?.suggestedPort, 5760);
    assert.deepEqual(timers.pending, [], 'no retry is scheduled for a configuration error');
    assert.equal(servers.length, 1);
  });

  it('reconfigure restarts on the new port and keeps the token', async () => {
    const { lifecycle, servers } = setup([{ startError: errnoError('EADDRINUSE') }]);
    await lifecycle.start();
    await lifecycle.reconfigure({ port: 5758 });
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(servers[1]!.config.port, 5758);
    assert.equal(lifecycle.snapshot().status?.port, 5758);
    const token = lifecycle.snapshot().token;
    await lifecycle.reconfigure({ port: 5759 });
    assert.equal(servers[1]!.stopped, true);
    assert.equal(servers[2]!.config.token, token, 'a port change keeps the pairing token');
  });

  it('reconfigure with token null makes the server generate a new token', async () => {
    const { lifecycle, servers } = setup();
    await lifecycle.start();
    const first = lifecycle.snapshot().token;
    await lifecycle.reconfigure({ token: null });
    assert.equal(servers[1]!.config.token, null);
    assert.notEqual(lifecycle.snapshot().token, first);
    assert.equal(servers[0]!.stopped, true);
  });

  it('reconfigure while stopped only records the config', async () => {
    const { lifecycle, servers } = setup();
    await lifecycle.reconfigure({ port: 6000 });
    assert.equal(servers.length, 0);
    assert.equal(lifecycle.snapshot().phase, 'stopped');
    await lifecycle.start();
    assert.equal(servers[0]!.config.port, 6000);
  });

  it('a crash restarts with exponential backoff, then gives up and keeps the error', async () => {
    const crash = { startError: errnoError('ECRASH', 'pool died') };
    const { lifecycle, timers, servers } = setup([{}, crash, crash, crash, crash]);
    await lifecycle.start();
    servers[0]!.emit({ state: 'error', error: { code: 'EPOOL', message: 'worker pool failed' } });
    await flush();
    assert.equal(lifecycle.snapshot().phase, 'backoff');
    assert.equal(servers[0]!.stopped, true, 'the crashed server is stopped (its pool closed) before a restart');
    assert.deepEqual(timers.pending, [1000]);
    timers.advance(1000);
    await flush();
    assert.deepEqual(timers.pending, [2000]);
    timers.advance(2000);
    await flush();
    assert.deepEqual(timers.pending, [4000]);
    timers.advance(4000);
    await flush();
    const snapshot = lifecycle.snapshot();
    assert.equal(snapshot.phase, 'failed');
    assert.equal(snapshot.restarts, 3);
    assert.equal(snapshot.error?.code, 'ECRASH');
    assert.deepEqual(timers.pending, [], 'no further restart is scheduled');
    assert.equal(servers.length, 4);
  });

  it('a restart that succeeds keeps the same token so browsers stay paired', async () => {
    const { lifecycle, timers, servers } = setup();
    await lifecycle.start();
    const token = lifecycle.snapshot().token;
    lifecycle.reportCrash(new Error('boom'));
    await flush();
    timers.advance(1000);
    await flush();
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(servers[1]!.config.token, token);
  });

  it('a server that stayed up past stableMs gets a fresh restart budget', async () => {
    const { lifecycle, timers, servers } = setup();
    await lifecycle.start();
    for (let i = 0; i < 3; i += 1) {
      lifecycle.reportCrash(new Error(`crash ${i}`));
      await flush();
      timers.advance(backoffDelay(POLICY, i));
      await flush();
    }
    assert.equal(lifecycle.snapshot().restarts, 3);
    timers.advance(POLICY.stableMs);
    lifecycle.reportCrash(new Error('later crash'));
    await flush();
    assert.equal(lifecycle.snapshot().phase, 'backoff');
    assert.equal(lifecycle.snapshot().restarts, 1);
    assert.equal(servers.length, 4);
  });

  it('stop during backoff cancels the pending restart', async () => {
    const { lifecycle, timers, servers } = setup();
    await lifecycle.start();
    lifecycle.reportCrash(new Error('boom'));
    await flush();
    await lifecycle.stop();
    assert.deepEqual(timers.pending, []);
    timers.advance(10_000);
    await flush();
    assert.equal(servers.length, 1);
    assert.equal(lifecycle.snapshot().phase, 'stopped');
  });

  it('status pushes from a replaced server are ignored', async () => {
    const { lifecycle, servers } = setup();
    await lifecycle.start();
    await lifecycle.reconfigure({ port: 5800 });
    servers[0]!.emit({ state: 'error', error: { code: 'LATE', message: 'late event' } });
    await flush();
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(lifecycle.snapshot().status?.port, 5800);
  });

  it('whileStopped stops the server, runs the task, and starts it again with the same token (or leaves it stopped)', async () => {
    const { lifecycle, servers } = setup();
    await lifecycle.start();
    const token = lifecycle.snapshot().token;
    const seen: string[] = [];
    await lifecycle.whileStopped(async () => {
      seen.push(`task while ${lifecycle.snapshot().phase}, first server stopped: ${servers[0]!.stopped}`);
    });
    assert.deepEqual(seen, ['task while stopped, first server stopped: true']);
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(servers[1]!.config.token, token);
    await lifecycle.stop();
    await lifecycle.whileStopped(async () => void seen.push('again'));
    assert.equal(lifecycle.snapshot().phase, 'stopped', 'a server stopped on purpose stays stopped');
    assert.equal(servers.length, 2);
  });

  it('a state folder in use by another server is a configuration error, not retried', async () => {
    const { lifecycle, timers } = setup([{ startError: errnoError('ESTATELOCKED', 'The state directory /s is in use by another rtemislive server.') }]);
    await lifecycle.start();
    assert.equal(lifecycle.snapshot().phase, 'failed');
    assert.match(lifecycle.snapshot().error!.message, /in use by another rtemislive server/);
    assert.deepEqual(timers.pending, []);
  });

  it('backoff delay doubles up to the cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffDelay(POLICY, n)), [1000, 2000, 4000, 8000, 8000]);
  });
});
