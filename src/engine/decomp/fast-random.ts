/**
 * A small, fast generator for hot loops (negative sampling, NN-descent, jitter): xoshiro128**
 * on 32-bit integers, seeded from the run's generator so a run stays reproducible from its
 * seed while the inner loops avoid a function-object call per draw.
 */
export class FastRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(random: () => number) {
    const word = () => Math.floor(random() * 0x100000000) | 0;
    this.s0 = word() | 1;
    this.s1 = word();
    this.s2 = word();
    this.s3 = word();
  }

  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform integer in [0, n), n < 2^31 (31 random bits: the modulo stays on small integers). */
  nextInt(n: number): number {
    return (this.nextUint32() >>> 1) % n;
  }

  /** Uniform [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** Standard normal (Marsaglia polar method). */
  nextNormal(): number {
    for (;;) {
      const u = 2 * this.nextFloat() - 1;
      const v = 2 * this.nextFloat() - 1;
      const r = u * u + v * v;
      if (r > 0 && r < 1) return u * Math.sqrt((-2 * Math.log(r)) / r);
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
