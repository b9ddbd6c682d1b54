import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { DEFAULT_ORIGINS, OptionsError, resolveServerOptions } from '../../src/server/options.js';
import { hostAllowed, originAllowed } from '../../src/server/request-guard.js';

test('§10 defaults: one worker per core, max_concurrent as many as workers', () => {
  const options = resolveServerOptions({}, {});
  assert.equal(options.port, 5757);
  assert.equal(options.host, '127.0.0.1');
  assert.match(options.token, /^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
  assert.deepEqual(options.origins, DEFAULT_ORIGINS);
  assert.deepEqual(
    [options.workers, options.maxConcurrent, options.maxSessions, options.sessionTtl, options.dataTtl, options.gcInterval, options.heartbeatInterval, options.tickMs, options.verbosity],
    [availableParallelism(), availableParallelism(), 16, 86_400, 3_600, 60, 0, 50, 1],
  );
  assert.equal(resolveServerOptions({ workers: 3 }, {}).maxConcurrent, 3, 'max_concurrent defaults to the worker count');
  assert.deepEqual([options.stateDir, options.maxStateBytes], [null, null], 'the core keeps everything in memory unless given a state folder');
});

test('saved-state options: a folder path and a positive whole number of bytes', () => {
  assert.equal(resolveServerOptions({ stateDir: '/tmp/state', maxStateBytes: 1e9 }, {}).maxStateBytes, 1e9);
  assert.throws(() => resolveServerOptions({ stateDir: '' }, {}), /`state_dir` must be a path/);
  for (const maxStateBytes of [0, -1, 1.5]) assert.throws(() => resolveServerOptions({ maxStateBytes }, {}), OptionsError);
});

test('§1.1 the port comes from RTEMISLIVE_PORT unless given; bad values are startup errors', () => {
  assert.equal(resolveServerOptions({}, { RTEMISLIVE_PORT: '6000' }).port, 6000);
  assert.equal(resolveServerOptions({}, { RTEMISLIVE_PORT: '' }).port, 5757);
  assert.equal(resolveServerOptions({ port: 7000 }, { RTEMISLIVE_PORT: '6000' }).port, 7000);
  assert.throws(() => resolveServerOptions({}, { RTEMISLIVE_PORT: 'abc' }), OptionsError);
  for (const port of [1023, 49152, 5757.5]) assert.throws(() => resolveServerOptions({ port }, {}), OptionsError);
  for (const port of [1024, 49151]) assert.equal(resolveServerOptions({ port }, {}).port, port);
});

test('§1.1 only loopback hosts', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1'] as const) assert.equal(resolveServerOptions({ host }, {}).host, host);
  assert.throws(() => resolveServerOptions({ host: '0.0.0.0' as never }, {}), /`host` must be a loopback address/);
});

test('§11.1/5–6 configured origins are normalised; bad lists are startup errors', () => {
  assert.deepEqual(resolveServerOptions({ origins: [' https://live.rtemis.org/ ', 'http://localhost:3000//'] }, {}).origins, [
    'https://live.rtemis.org',
    'http://localhost:3000',
  ]);
  const custom = resolveServerOptions({ origins: ['https://my.app'] }, {}).origins;
  assert.equal(originAllowed({ origin: 'https://my.app' }, custom), true);
  assert.equal(originAllowed({ origin: 'https://dev.rtemis.org' }, custom), false);
  assert.throws(() => resolveServerOptions({ origins: [5 as never] }, {}), /character/);
  assert.throws(() => resolveServerOptions({ origins: [null as never] }, {}), /NA/);
  assert.throws(() => resolveServerOptions({ origins: [''] }, {}), /empty/);
  assert.throws(() => resolveServerOptions({ token: '' }, {}), /`token` must be a non-empty string/);
});

test('§11.1/4 origin matching is verbatim and needs a value', () => {
  for (const origin of DEFAULT_ORIGINS) assert.equal(originAllowed({ origin }, DEFAULT_ORIGINS), true);
  for (const origin of ['https://evil.example.com', 'file://', 'http://localhost:9999', '', 'https://localhost:3000']) {
    assert.equal(originAllowed({ origin }, DEFAULT_ORIGINS), false, origin);
  }
  assert.equal(originAllowed({}, DEFAULT_ORIGINS), false);
});

test('Host must name loopback with our port', () => {
  assert.equal(hostAllowed({ host: '127.0.0.1:5757' }, 5757), true);
  assert.equal(hostAllowed({ host: 'Localhost:5757' }, 5757), true);
  assert.equal(hostAllowed({ host: '[::1]:5757' }, 5757), true);
  for (const host of ['127.0.0.1', '127.0.0.1:5758', 'example.com:5757', '::1:5757', '']) assert.equal(hostAllowed({ host }, 5757), false, host);
  assert.equal(hostAllowed({}, 5757), false);
});
