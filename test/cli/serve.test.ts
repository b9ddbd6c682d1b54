import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/arrow-fixtures.js';
import { freePort } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

const CLI = resolve(REPO_ROOT, 'dist/src/cli/main.js');

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `serve` saves its work by default; the tests keep it in a throw-away XDG state folder. */
const STATE_HOME = mkdtempSync(join(tmpdir(), 'rtemislive-xdg-state-'));

function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const env = { ...process.env, XDG_STATE_HOME: STATE_HOME, ...options.env };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitForBanner(server: Run): Promise<void> {
  for (let i = 0; i < 200 && !server.stdout().includes('Token'); i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.match(server.stdout(), /Token/, `no banner; stderr: ${server.stderr()}`);
}

test('§11.11/125 serve binds, prints the banner, answers, and stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  const server = run(['serve', '--port', String(port), '--origins', 'https://live.rtemis.org,http://localhost:3000']);
  await waitForBanner(server);
  const token = /Token\s+(\S+)/.exec(server.stdout())![1]!;
  assert.match(token, /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  assert.match(server.stdout(), new RegExp(`ws://127\\.0\\.0\\.1:${port}/`));
  assert.match(server.stdout(), /https:\/\/live\.rtemis\.org, http:\/\/localhost:3000/);
  const client = await WireClient.authed(`ws://127.0.0.1:${port}/`, token);
  assert.ok((await client.call('ping')).ts);
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0);
  await client.closed;
});

test('SIGINT also stops the server', async () => {
  const port = await freePort();
  const server = run(['serve', '--port', String(port), '--token', 'my-secret']);
  await waitForBanner(server);
  assert.match(server.stdout(), /Token\s+my-secret/);
  server.child.kill('SIGINT');
  assert.equal(await server.exited, 0);
});

test('RTEMISLIVE_PORT is used when no --port is given, and --port wins over it', async () => {
  const port = await freePort();
  const fromEnv = run(['serve'], { env: { RTEMISLIVE_PORT: String(port) } });
  await waitForBanner(fromEnv);
  assert.match(fromEnv.stdout(), new RegExp(`:${port}/`));
  fromEnv.child.kill('SIGTERM');
  await fromEnv.exited;
  const other = await freePort();
  const fromFlag = run(['serve', '--port', String(other)], { env: { RTEMISLIVE_PORT: String(port) } });
  await waitForBanner(fromFlag);
  assert.match(fromFlag.stdout(), new RegExp(`:${other}/`));
  fromFlag.child.kill('SIGTERM');
  await fromFlag.exited;
});

test('a _server.yml in the working directory configures the server; flags override it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtemislive-yml-'));
  const port = await freePort();
  writeFileSync(join(dir, 'token.txt'), 'from-file-token\n');
  writeFileSync(join(dir, '_server.yml'), `engine: rtemislive\nport: ${port}\ntoken_file: token.txt\norigins:\n  - https://my.app\nmax-sessions: 2\n`);
  const server = run(['serve', '--max-sessions', '3'], { cwd: dir });
  await waitForBanner(server);
  assert.match(server.stdout(), /Token\s+from-file-token/);
  assert.match(server.stdout(), /Allowed origins https:\/\/my\.app/);
  const url = `ws://127.0.0.1:${port}/`;
  const clients = await Promise.all([0, 1, 2, 3].map(() => WireClient.connect(url, 'https://my.app')));
  for (const client of clients) await client.call('auth', { token: 'from-file-token' });
  for (const [index, client] of clients.slice(0, 3).entries()) await client.call('session.create', { name: `s${index}` });
  assert.equal((await clients[3]!.error('session.create', { name: 's3' })).code, 'too_many', '--max-sessions 3 beats the file');
  server.child.kill('SIGTERM');
  assert.equal(await server.exited, 0);
});

test('serve saves its work in the per-user state folder by default, elsewhere with --state-dir, nowhere with --no-persist', async () => {
  const port = await freePort();
  const byDefault = run(['serve', '--port', String(port), '--token', 'tok']);
  await waitForBanner(byDefault);
  const defaultDir = join(STATE_HOME, 'rtemislive');
  assert.match(byDefault.stdout(), new RegExp(`Saved work\\s+${defaultDir.replaceAll('/', '\\/')}`));
  const client = await WireClient.authed(`ws://127.0.0.1:${port}/`, 'tok');
  const session = await client.call('session.create', { name: 'kept' });
  byDefault.child.kill('SIGTERM');
  assert.equal(await byDefault.exited, 0);
  assert.ok(existsSync(join(defaultDir, 'sessions', session.session_id, 'session.json')));

  const chosen = mkdtempSync(join(tmpdir(), 'rtemislive-chosen-'));
  const elsewhere = run(['serve', '--port', String(port), '--token', 'tok', '--state-dir', chosen, '--max-state-bytes', '2G']);
  await waitForBanner(elsewhere);
  assert.match(elsewhere.stdout(), new RegExp(`Saved work\\s+${chosen.replaceAll('/', '\\/')}`));
  const second = await WireClient.authed(`ws://127.0.0.1:${port}/`, 'tok');
  assert.deepEqual((await second.call('session.list')).sessions, [], 'another folder, other sessions');
  elsewhere.child.kill('SIGTERM');
  assert.equal(await elsewhere.exited, 0);

  const memory = run(['serve', '--port', String(port), '--token', 'tok', '--no-persist']);
  await waitForBanner(memory);
  assert.match(memory.stdout(), /Saved work\s+not saved \(--no-persist\)/);
  memory.child.kill('SIGTERM');
  assert.equal(await memory.exited, 0);
});

test('bad options and malformed config files are clear errors with exit code 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtemislive-bad-'));
  writeFileSync(join(dir, 'no-engine.yml'), 'port: 6000\n');
  writeFileSync(join(dir, 'broken.yml'), 'engine: rtemislive\nport: [1, 2\n');
  writeFileSync(join(dir, 'unknown.yml'), 'engine: rtemislive\ncolour: blue\n');
  const cases: [string[], RegExp][] = [
    [['serve', '--host', '0.0.0.0'], /`host` must be a loopback address/],
    [['serve', '--port', '80'], /`port` must be between 1024 and 49151/],
    [['serve', '--port', 'abc'], /--port must be a number/],
    [['serve', '--origins', ','], /`origins` must not contain empty strings/],
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--no-persist', '--state-dir', dir], /either --state-dir or --no-persist/],
    [['serve', '--max-state-bytes', 'lots'], /--max-state-bytes must be a size such as 500M or 20G/],
    [['serve', '--max-state-bytes', '0'], /--max-state-bytes must be a size/],
    [['serve', '--config', join(dir, 'missing.yml')], /Config file not found/],
    [['serve', '--config', join(dir, 'no-engine.yml')], /first field must be `engine: rtemislive`/],
    [['serve', '--config', join(dir, 'broken.yml')], /Could not read/],
    [['serve', '--config', join(dir, 'unknown.yml')], /unknown field `colour`/],
    [['frobnicate'], /Unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    const result = run(args, { cwd: dir });
    assert.equal(await result.exited, 2, `${args.join(' ')}: ${result.stderr()}`);
    assert.match(result.stderr(), message);
  }
  const badEnv = run(['serve'], { cwd: dir, env: { RTEMISLIVE_PORT: 'x' } });
  assert.equal(await badEnv.exited, 2);
  assert.match(badEnv.stderr(), /`RTEMISLIVE_PORT` must be an integer/);
});
