import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { AppLogger, REDACTED } from '../../electron/app-logger.js';
import { RotatingLogFile } from '../../electron/log-rotation.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rtemislive-logs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function allLogText(dir: string): string {
  return readdirSync(dir)
    .map((file) => readFileSync(path.join(dir, file), 'utf8'))
    .join('');
}

describe('rotating log file', () => {
  it('rotates past maxBytes, keeps `keep` old files and drops the oldest', () => {
    const dir = tempDir();
    const log = new RotatingLogFile({ dir, name: 'app', maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i += 1) log.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(30)}`);
    assert.deepEqual(readdirSync(dir).sort(), ['app.1.log', 'app.2.log', 'app.log']);
    for (const file of readdirSync(dir)) {
      assert.ok(readFileSync(path.join(dir, file)).length <= 200, `${file} stays under maxBytes`);
    }
    const current = readFileSync(path.join(dir, 'app.log'), 'utf8');
    assert.match(current, /line 039/, 'the newest line is in the current file');
    assert.doesNotMatch(allLogText(dir), /line 000/, 'the oldest lines were rotated away');
    const newestRotated = readFileSync(path.join(dir, 'app.1.log'), 'utf8').trim().split('\n').at(-1)!;
    const firstCurrent = current.split('\n')[0]!;
    assert.equal(Number(firstCurrent.slice(5, 8)), Number(newestRotated.slice(5, 8)) + 1, 'no line lost at the rotation');
  });

  it('continues an existing file after a restart, counting its size', () => {
    const dir = tempDir();
    new RotatingLogFile({ dir, name: 'app', maxBytes: 100, keep: 1 }).write('a'.repeat(80));
    const reopened = new RotatingLogFile({ dir, name: 'app', maxBytes: 100, keep: 1 });
    reopened.write('b'.repeat(30));
    assert.equal(readFileSync(path.join(dir, 'app.1.log'), 'utf8'), `${'a'.repeat(80)}\n`);
    assert.equal(readFileSync(path.join(dir, 'app.log'), 'utf8'), `${'b'.repeat(30)}\n`);
  });
});

describe('app logger', () => {
  it('never writes a token to the log files, including replaced and custom tokens', () => {
    const dir = tempDir();
    const logger = new AppLogger(new RotatingLogFile({ dir, name: 'rtemislive', maxBytes: 10_000, keep: 2 }), 'debug');
    const generated = '7f3a-9c2b-d4e1-5a8f';
    const custom = 'my secret token!';
    logger.addSecret(custom);
    logger.info(`banner token=${generated}`);
    logger.warn(`auth with ${custom} failed`);
    logger.addSecret('1111-2222-3333-4444');
    logger.error('old token 1111-2222-3333-4444 and new token ABCD-abcd-0000-9999');
    const text = allLogText(dir);
    for (const secret of [generated, custom, '1111-2222-3333-4444', 'ABCD-abcd-0000-9999']) {
      assert.equal(text.includes(secret), false, `${secret} leaked into the log`);
    }
    assert.equal(text.split(REDACTED).length - 1, 4);
    assert.equal(logger.tail().some((line) => line.includes(generated)), false, 'nor into the tail shown in the window');
  });

  it('filters by level and keeps a bounded tail', () => {
    const lines: string[] = [];
    const logger = new AppLogger({ write: (line) => lines.push(line) }, 'warn', 3);
    logger.debug('d');
    logger.info('i');
    logger.warn('w1');
    logger.error('e1');
    logger.setLevel('debug');
    logger.debug('d2');
    logger.info('i2');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /WARN  w1$/);
    assert.deepEqual(
      logger.tail().map((line) => line.split(' ').at(-1)),
      ['e1', 'd2', 'i2'],
    );
  });
});
