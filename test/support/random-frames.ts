/**
 * Seeded random frames for fuzzing: well-formed requests with random methods and params,
 * raw garbage, truncated and corrupted frames. A fixed seed makes a failing run replayable.
 */
import { encodeFrame } from '../../src/protocol/frame.js';
import { METHOD_TABLE } from '../../src/server/method-table.js';
import { smallTableIpc } from './arrow-fixtures.js';

/** mulberry32. */
export function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FUZZ_METHODS = [...METHOD_TABLE.keys(), 'bogus', '', 'job.result', 'train'];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function randomValue(random: () => number, depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 2 ? 6 : 8));
  switch (kind) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return Math.floor(random() * 2 ** 33) - 2 ** 32;
    case 3: return random() * 1e6 - 5e5;
    case 4: return pick(random, ['', 'x', 'iris', 'data-0000000000000000', 'upload-zz', '\u0000', 'é'.repeat(70), 'a b']);
    case 5: return Math.floor(random() * 20);
    case 6: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const keys = ['name', 'token', 'upload_id', 'chunk_index', 'total_bytes', 'n_chunks', 'data_handle', 'session_id', 'job_id', 'slice', 'params'];
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(random, keys), randomValue(random, depth + 1)]));
    }
  }
}

/** Any frame: 15% raw bytes, 20% truncated, 10% corrupted, the rest well formed. */
export function randomFrame(random: () => number, token: string): Uint8Array {
  const kind = random();
  if (kind < 0.15) return Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
  const method = pick(random, FUZZ_METHODS);
  const params = method === 'auth' && random() < 0.5 ? { token } : randomValue(random);
  const header: Record<string, unknown> = { id: Math.floor(random() * 1000), method, params };
  if (random() < 0.1) header.payload = randomValue(random);
  const payload = random() < 0.2 ? (random() < 0.5 ? smallTableIpc() : Uint8Array.from({ length: 50 }, () => Math.floor(random() * 256))) : undefined;
  let frame: Uint8Array;
  try {
    frame = encodeFrame(header, payload);
  } catch {
    return new Uint8Array([0, 0, 0, 1, 0x7b]);
  }
  if (kind < 0.35) return frame.subarray(0, Math.floor(random() * frame.length));
  if (kind < 0.45) {
    const corrupted = Uint8Array.from(frame);
    for (let i = 0; i < 3; i += 1) corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
    return corrupted;
  }
  return frame;
}
