/**
 * Flat, typed-array binary tree shared by every tree learner (CART, Ranger, the GBDT family),
 * plus the incremental builder the growers write into.
 */

export interface FlatTree {
  /** Split feature per node; -1 marks a leaf. */
  feature: Int32Array;
  /** Numeric split: x <= threshold goes left. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Where a missing value (or a level the split never saw) goes: 1 = left. */
  missingLeft: Uint8Array;
  /** Categorical split: index into `categories`; -1 for numeric splits and leaves. */
  categoryIndex: Int32Array;
  /** Per categorical split: per level code, 1 = left. */
  categories: Uint8Array[];
  /** Node outputs, `width` per node (leaf class probabilities, or one value). */
  value: Float64Array;
  width: number;
}

/** Index of the leaf that row `row` of column-major `x` falls into. */
export function leafOf(tree: FlatTree, x: Float64Array[], row: number): number {
  const { feature, threshold, left, right, missingLeft, categoryIndex, categories } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const v = x[f]![row]!;
    let goLeft: boolean;
    if (v !== v) {
      goLeft = missingLeft[node] === 1;
    } else {
      const c = categoryIndex[node]!;
      if (c < 0) goLeft = v <= threshold[node]!;
      else {
        const mask = categories[c]!;
        goLeft = v >= 0 && v < mask.length ? mask[v]! === 1 : missingLeft[node] === 1;
      }
    }
    node = goLeft ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

/**
 * `out[offset + i] += sign × value` of the leaf that row i of `x` falls into, for rows 0..n−1
 * (scalar trees): how ensembles add a tree's outputs to their scores (sign −1 takes them back).
 */
export function addLeafValues(tree: FlatTree, x: Float64Array[], n: number, out: Float64Array, offset = 0, sign = 1): void {
  const value = tree.value;
  for (let i = 0; i < n; i++) out[offset + i] += sign * value[leafOf(tree, x, i)]!;
}

/** Number of terminal nodes. */
export function leafCount(tree: FlatTree): number {
  let count = 0;
  for (let i = 0; i < tree.feature.length; i++) if (tree.feature[i]! < 0) count++;
  return count;
}

/** A tree in arrays of its own (of a builder's `view`, which the builder's next tree overwrites). */
export function copyTree(tree: FlatTree): FlatTree {
  return {
    feature: tree.feature.slice(),
    threshold: tree.threshold.slice(),
    left: tree.left.slice(),
    right: tree.right.slice(),
    missingLeft: tree.missingLeft.slice(),
    categoryIndex: tree.categoryIndex.slice(),
    categories: tree.categories.slice(),
    value: tree.value.slice(),
    width: tree.width,
  };
}

/** Append-only node store in growable typed arrays; `collapse` drops the subtree grown last. */
export class TreeBuilder {
  private capacity = 64;
  private n = 0;
  private feature = new Int32Array(64);
  private threshold = new Float64Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private missingLeft = new Uint8Array(64);
  private categoryIndex = new Int32Array(64);
  private categories: Uint8Array[] = [];
  private value: Float64Array;

  constructor(readonly width: number) {
    this.value = new Float64Array(64 * width);
  }

  get size(): number {
    return this.n;
  }

  /** Forgets every node, keeping the arrays: a grower reuses one builder for all its trees. */
  clear(): void {
    this.n = 0;
    this.categories.length = 0;
  }

  addNode(): number {
    if (this.n === this.capacity) this.grow();
    const id = this.n++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    this.categoryIndex[id] = -1;
    this.missingLeft[id] = 0;
    this.threshold[id] = 0;
    return id;
  }

  setValue(node: number, values: ArrayLike<number>): void {
    const base = node * this.width;
    for (let k = 0; k < this.width; k++) this.value[base + k] = values[k]!;
  }

  setScalar(node: number, value: number): void {
    this.value[node * this.width] = value;
  }

  setSplit(
    node: number,
    feature: number,
    threshold: number,
    missingLeft: boolean,
    categoryLeft: Uint8Array | null,
    left: number,
    right: number,
  ): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    if (categoryLeft !== null) {
      this.categoryIndex[node] = this.categories.length;
      this.categories.push(categoryLeft);
    } else this.categoryIndex[node] = -1;
    this.left[node] = left;
    this.right[node] = right;
  }

  /** Turns `node` back into a leaf and forgets every node created after it. */
  collapse(node: number): void {
    const c = this.categoryIndex[node]!;
    if (c >= 0) this.categories.length = c;
    for (let i = node + 1; i < this.n; i++) {
      const ci = this.categoryIndex[i]!;
      if (ci >= 0 && ci < this.categories.length) this.categories.length = ci;
    }
    this.feature[node] = -1;
    this.categoryIndex[node] = -1;
    this.left[node] = -1;
    this.right[node] = -1;
    this.n = node + 1;
  }

  /** The tree as built so far, in arrays of its own. */
  build(): FlatTree {
    return copyTree(this.view());
  }

  /**
   * The tree over the builder's own arrays (no copy): valid until the builder changes, for a
   * tree that is used and dropped (a forest part's trees only add to the part's sums).
   */
  view(): FlatTree {
    const n = this.n;
    return {
      feature: this.feature.subarray(0, n),
      threshold: this.threshold.subarray(0, n),
      left: this.left.subarray(0, n),
      right: this.right.subarray(0, n),
      missingLeft: this.missingLeft.subarray(0, n),
      categoryIndex: this.categoryIndex.subarray(0, n),
      categories: this.categories.slice(),
      value: this.value.subarray(0, n * this.width),
      width: this.width,
    };
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const extend = <T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.feature = extend(this.feature, cap);
    this.threshold = extend(this.threshold, cap);
    this.left = extend(this.left, cap);
    this.right = extend(this.right, cap);
    this.missingLeft = extend(this.missingLeft, cap);
    this.categoryIndex = extend(this.categoryIndex, cap);
    this.value = extend(this.value, cap * this.width);
    this.capacity = cap;
  }
}
