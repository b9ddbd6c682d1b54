/**
 * Hands the memory of finished fits back before a new fit allocates its own. V8 frees the
 * buffer of an unreachable typed array only at a full collection, which a small JS heap does
 * not trigger in time: a worker moving from one million-row fold to the next would otherwise
 * be resident with both. Workers run with --expose-gc; without it (inline runs) this does
 * nothing. Below the threshold there is little to win and the collection would cost more.
 * V8's external memory (array buffers and little else) is read instead of memoryUsage(),
 * which also reads the resident size from /proc: a small job calls this after every unit
 * (wine Ranger on 2 workers: ~2 ms of worker time per job).
 */
import { getHeapStatistics } from 'node:v8';

const RECLAIM_ABOVE_BYTES = 256 * 1024 ** 2;

export function reclaimMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined && getHeapStatistics().external_memory > RECLAIM_ABOVE_BYTES) gc();
}
