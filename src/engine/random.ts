/**
 * Seeded randomness for the engine. Every random draw (folds, bootstraps, k-means
 * starts, forests) goes through a `() => number` made here, so a run is reproducible
 * from its seed. R's exact streams are not reproduced (see rtemis-model §7.3).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Uniform [0, 1) generator with 53 random bits, seeded. */
export function createRandom(seed: number): () => number {
  const generator = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(generator);
}

/** A fresh 31-bit seed drawn from `random`: one independent substream per fold or grid cell. */
export function deriveSeed(random: () => number): number {
  return Math.floor(random() * 0x7fffffff);
}

/** Uniform integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Shuffles in place (Fisher–Yates) and returns the same array. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(
  values: T,
  random: () => number,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const held = values[i];
    values[i] = values[j];
    values[j] = held;
  }
  return values;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, random: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, random);
}

/** `size` draws from `items` with replacement. */
export function sampleWithReplacement(items: ArrayLike<number>, size: number, random: () => number): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = items[randomInt(random, items.length)];
  return out;
}

/** `size` distinct elements of `items` (partial Fisher–Yates), in draw order. */
export function sampleWithoutReplacement(items: ArrayLike<number>, size: number, random: () => number): Int32Array {
  if (size > items.length) {
    throw new RangeError(`Cannot draw ${size} items without replacement from ${items.length}.`);
  }
  const pool = Int32Array.from(items);
  for (let i = 0; i < size; i++) {
    const j = i + randomInt(random, pool.length - i);
    const held = pool[i];
    pool[i] = pool[j];
    pool[j] = held;
  }
  return pool.slice(0, size);
}
