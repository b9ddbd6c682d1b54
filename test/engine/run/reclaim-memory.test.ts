import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MODULE = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/engine/run/reclaim-memory.js')).href;

/** ArrayBuffer bytes (MiB) while 400 MiB of typed arrays are held, and after dropping them and calling reclaimMemory. */
function afterDroppingArrays(): { before: number; after: number } {
  const script = `
    const { reclaimMemory } = await import(${JSON.stringify(MODULE)});
    let held = Array.from({ length: 50 }, () => new Float64Array(1 << 20).fill(1));
    // Measured while still held: once dropped, any allocation (memoryUsage's own) may start a scavenge that frees the youngest.
    const before = process.memoryUsage().arrayBuffers;
    held = null;
    reclaimMemory();
    // V8 releases the buffers on a background thread right after the collection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    console.log(JSON.stringify({ before: before / 2 ** 20, after: process.memoryUsage().arrayBuffers / 2 ** 20 }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' })) as { before: number; after: number };
}

test('reclaimMemory frees the buffers of arrays nothing references any more (workers run with --expose-gc)', () => {
  const { before, after } = afterDroppingArrays();
  assert.ok(before >= 400, `the arrays were still allocated (${before} MiB)`);
  assert.ok(after < 50, `after reclaiming, ${after} MiB of buffers are left`);
});
