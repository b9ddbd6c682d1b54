/** Shared helpers for the pool tests: fixture paths, liveness checks, polling. */
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { PoolTaskError, type PoolTaskErrorKind } from '../../src/pool/worker-pool.js';

export function fixture(name: 'tasks-worker' | 'broken-worker' | 'silent-worker'): string {
  return fileURLToPath(new URL(`./fixtures/${name}.js`, import.meta.url));
}

export { isAlive } from '../support/processes.js';

/** Polls until `check` holds; fails the test if it never does (a hang guard, not a timing assertion). */
export async function waitFor(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function rejectsWith(result: Promise<unknown>, kind: PoolTaskErrorKind, message?: RegExp): Promise<PoolTaskError> {
  const error = await result.then(
    (value) => assert.fail(`expected a '${kind}' rejection, got ${JSON.stringify(value)}`),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof PoolTaskError, `expected a PoolTaskError, got ${String(error)}`);
  assert.equal(error.kind, kind, `kind (message: ${error.message})`);
  if (message !== undefined) assert.match(error.message, message);
  return error;
}
