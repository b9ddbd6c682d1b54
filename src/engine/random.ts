/**
 * Seeded randomness for the engine. Every random draw (folds, bootstraps, k-means
 * starts, forests) goes through a `() => number` made here, so a run is reproducible
 * from its seed. R's exact streams are not reproduced (see rtemis-model §7.3).
 *
 * Work that may run on any worker (outer folds, grid cells, trees) takes its stream by
 * index: substream i of a seed is the seed's xoroshiro128+ generator jumped i + 1 times
 * (2^64 steps each), so it is the same whichever process asks for it, in whatever order,
 * and streams never overlap.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** Uniform [0, 1) generator with 53 random bits, seeded. */
export function createRandom(seed: number): () => number {
  return uniform(xoroshiro128plus(seed | 0));
}

/** Substream `index` of `seed` (0-based). */
export function substream(seed: number, index: number): () => number {
  return new Substreams(seed).at(index);
}

/** A 31-bit seed for the unit of work at `index` (a fold, a grid cell): the first draw of its substream. */
export function substreamSeed(seed: number, index: number): number {
  return deriveSeed(substream(seed, index));
}

/** The substreams of one seed, cheap to walk in increasing index order (trees of a forest). */
export class Substreams {
  private readonly base: JumpableRandomGenerator;
  private position: JumpableRandomGenerator;
  private index = -1;

  constructor(seed: number) {
    this.base = xoroshiro128plus(seed | 0);
    this.position = this.base.clone();
  }

  at(index: number): () => number {
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`substream index must be a non-negative integer (got ${index})`);
    if (index < this.index) {
      this.position = this.base.clone();
      this.index = -1;
    }
    for (; this.index < index; this.index++) this.position.jump();
    return uniform(this.position.clone());
  }
}

function uniform(generator: JumpableRandomGenerator): () => number {
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
