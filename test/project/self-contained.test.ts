/**
 * A clone alone must pass `npm test`: no code, test, build or CI file may reach outside the
 * repository for data (the team's shared folder sits beside the repo on our machines only).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES_DIR, REPO_ROOT } from '../support/fixture-paths.js';

const CHECKED_ROOTS = ['src', 'electron', 'build', 'test', '.ci', 'renderer', 'package.json'];
const TEXT_FILE = /\.(ts|cts|mts|js|mjs|cjs|json|ya?ml|R|py|sh|html|css)$|^run$/;
// Spelled in two parts so this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', 'shared\\b'].join(''));

function* files(entry: string): Generator<string> {
  if (entry === FIXTURES_DIR) return;
  if (statSync(entry).isDirectory()) {
    for (const child of readdirSync(entry)) yield* files(path.join(entry, child));
  } else if (TEXT_FILE.test(path.basename(entry))) {
    yield entry;
  }
}

test('no source, test, build or CI file refers to the shared folder beside the repository', () => {
  const offenders: string[] = [];
  let checked = 0;
  for (const root of CHECKED_ROOTS) {
    for (const file of files(path.join(REPO_ROOT, root))) {
      checked += 1;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (OUTSIDE.test(line)) offenders.push(`${path.relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.ok(checked > 100, `expected to check the whole tree, checked ${checked} files`);
  assert.deepEqual(offenders, []);
});

test('the fixture datasets are in the repository', () => {
  const datasets = readdirSync(path.join(FIXTURES_DIR, 'datasets')).filter((f) => f.endsWith('.csv'));
  assert.ok(datasets.includes('iris.csv') && datasets.includes('wine.csv'), datasets.join(', '));
});
