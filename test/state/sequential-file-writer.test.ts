/** The spool's file writer on real files: the bytes on disk are exactly the bytes appended, whatever the write mode. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SequentialFileWriter } from '../../src/state/sequential-file-writer.js';
import { stateFolder } from './state-helpers.js';

const MiB = 1024 * 1024;

async function writeAll(path: string, pieces: Buffer[], allowDirect = true): Promise<SequentialFileWriter> {
  const writer = await SequentialFileWriter.create(path, allowDirect);
  for (const piece of pieces) await writer.append(piece);
  assert.equal(await writer.finish(), pieces.reduce((sum, piece) => sum + piece.length, 0));
  return writer;
}

describe('sequential file writer', () => {
  it('pieces of odd sizes across several staging buffers land whole and in order, with no padding left', async (t) => {
    const dir = stateFolder('writer');
    // Sizes straddle the 8 MiB staging buffer and the 4 KiB block: one byte short, one over, many small pieces.
    const pieces = [randomBytes(8 * MiB - 1), randomBytes(1), randomBytes(3 * MiB + 17), ...Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 4099)), randomBytes(9 * MiB + 4095)];
    const path = join(dir, 'big.bin');
    const writer = await writeAll(path, pieces);
    t.diagnostic(`direct I/O here: ${writer.direct}`);
    assert.ok(readFileSync(path).equals(Buffer.concat(pieces)), 'the file holds exactly the appended bytes');
    // The page-cache path (macOS, Windows, file systems without O_DIRECT), flushed every 64 MiB on the way.
    const buffered = await writeAll(join(dir, 'buffered.bin'), [...pieces, ...pieces, ...pieces], false);
    assert.equal(buffered.direct, false);
    assert.ok(readFileSync(join(dir, 'buffered.bin')).equals(Buffer.concat([...pieces, ...pieces, ...pieces])));
  });

  it('a file shorter than one block, and an empty one, keep their exact length', async () => {
    const dir = stateFolder('writer-small');
    await writeAll(join(dir, 'small.bin'), [Buffer.from('abc'), Buffer.from('defg')]);
    assert.equal(readFileSync(join(dir, 'small.bin'), 'utf8'), 'abcdefg');
    await writeAll(join(dir, 'empty.bin'), []);
    assert.equal(statSync(join(dir, 'empty.bin')).size, 0);
  });

  it('a file that cannot be created is an error, not a crash', async () => {
    const dir = stateFolder('writer-missing');
    await assert.rejects(SequentialFileWriter.create(join(dir, 'no', 'such', 'folder.bin')), /ENOENT/);
  });
});
