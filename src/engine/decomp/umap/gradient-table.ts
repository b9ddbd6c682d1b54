/**
 * UMAP's gradient coefficients as functions of the squared distance, tabulated: each octave
 * of float32 values is split into 2^10 steps (the exponent and top 10 mantissa bits index the
 * table) and read with linear interpolation. Relative error < 1e-6, below the float
 * precision uwot computes in, for a fraction of the cost of a pow() per edge sample.
 * Distances beyond the table are computed directly.
 *   attract(d²) = −2ab·d²^(b−1) / (1 + a·d²^b)
 *   repel(d²)   = 2γb / ((0.001 + d²)(1 + a·d²^b))
 */
const MANTISSA_BITS = 10;
const SHIFT = 23 - MANTISSA_BITS;
const FRACTION = 1 / (1 << SHIFT);
const SMALLEST = 1.1920928955078125e-7; // FLT_EPSILON: uwot's floor on d²
const LARGEST = 1e12;

const float = new Float32Array(1);
const bits = new Int32Array(float.buffer);

function indexOf(value: number): number {
  float[0] = value;
  return bits[0]! >> SHIFT;
}

export class GradientTable {
  private readonly base: number;
  private readonly attractValues: Float64Array;
  private readonly repelValues: Float64Array;

  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly gamma: number,
  ) {
    this.base = indexOf(SMALLEST);
    const size = indexOf(LARGEST) - this.base + 2;
    this.attractValues = new Float64Array(size);
    this.repelValues = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      bits[0] = (k + this.base) << SHIFT;
      const d2 = float[0]!;
      this.attractValues[k] = this.attractExact(d2);
      this.repelValues[k] = this.repelExact(d2);
    }
  }

  attractExact(d2: number): number {
    const power = Math.pow(d2, this.b);
    return (-2 * this.a * this.b * power) / (d2 * (this.a * power + 1));
  }

  repelExact(d2: number): number {
    return (2 * this.gamma * this.b) / ((0.001 + d2) * (this.a * Math.pow(d2, this.b) + 1));
  }

  /** attract(d²) for d² ≥ FLT_EPSILON. */
  attract(d2: number): number {
    if (d2 >= LARGEST) return this.attractExact(d2);
    float[0] = d2;
    const word = bits[0]!;
    const k = (word >> SHIFT) - this.base;
    const t = (word & ((1 << SHIFT) - 1)) * FRACTION;
    const values = this.attractValues;
    return values[k]! + t * (values[k + 1]! - values[k]!);
  }

  /** repel(d²) for d² ≥ FLT_EPSILON. */
  repel(d2: number): number {
    if (d2 >= LARGEST) return this.repelExact(d2);
    float[0] = d2;
    const word = bits[0]!;
    const k = (word >> SHIFT) - this.base;
    const t = (word & ((1 << SHIFT) - 1)) * FRACTION;
    const values = this.repelValues;
    return values[k]! + t * (values[k + 1]! - values[k]!);
  }
}
