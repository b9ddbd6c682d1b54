import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { JobDataFiles } from '../../src/jobs/job-data-files.js';

async function gone(file: string): Promise<boolean> {
  for (let i = 0; i < 100 && existsSync(file); i++) await sleep(10);
  return !existsSync(file);
}

test("a job's data file holds its bytes, private to the user, until the job ends", async () => {
  const files = new JobDataFiles();
  try {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const file = await files.write('job-a', bytes);
    assert.deepEqual(new Uint8Array(readFileSync(file)), bytes);
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const other = await files.write('job-b', Uint8Array.of(1, 2, 3));
    assert.equal(path.dirname(other), path.dirname(file));
    files.remove('job-a');
    assert.ok(await gone(file), "the ended job's file is removed");
    assert.ok(existsSync(other), "another job's file stays");
    files.remove('job-a');
    files.remove('never-written');
  } finally {
    files.close();
  }
});

test('closing removes the folder with whatever is left in it', async () => {
  const files = new JobDataFiles();
  const file = await files.write('job-c', Uint8Array.of(7));
  files.close();
  assert.equal(existsSync(path.dirname(file)), false);
  files.remove('job-c');
});
