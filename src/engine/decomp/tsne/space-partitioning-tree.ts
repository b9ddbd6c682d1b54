/**
 * Barnes–Hut tree over the embedding (bhtsne SPTree; a quadtree in 2-D, binary tree in 1-D,
 * octree in 3-D) in flat typed arrays, rebuilt every iteration: each cell keeps its centre,
 * half-width, point count and centre of mass; leaves hold one point (duplicates are counted,
 * not stored). A cell whose largest half-width over the distance to its centre of mass is
 * below theta stands in for all its points in the repulsive forces. The fields the force
 * pass reads are interleaved per cell (centre of mass, squared largest half-width, count)
 * so a visit touches one cache line.
 */
export class SpacePartitioningTree {
  private readonly dim: number;
  private readonly fanout: number;
  /** Per cell: centre of mass (dim), squared largest half-width, point count. */
  private readonly stride: number;
  private capacity = 0;
  private count = 0;
  private cells = new Float64Array(0);
  private center = new Float64Array(0);
  private width = new Float64Array(0);
  private point = new Int32Array(0);
  /** Index of the first child (children are consecutive), or −1 for a leaf. */
  private firstChild = new Int32Array(0);
  private stack = new Int32Array(0);
  private embedding: Float64Array = new Float64Array(0);

  constructor(dim: number) {
    this.dim = dim;
    this.fanout = 1 << dim;
    this.stride = dim + 2;
  }

  /** Rebuilds the tree over row-major n × dim coordinates. */
  build(embedding: Float64Array, n: number): void {
    const dim = this.dim;
    this.embedding = embedding;
    this.ensureCapacity(Math.max(16, 2 * n * this.fanout));
    this.count = 0;
    const root = this.newCell();
    let maxW = 0;
    for (let d = 0; d < dim; d++) {
      let mean = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const value = embedding[i * dim + d]!;
        mean += value;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      mean /= n;
      const w = Math.max(max - mean, mean - min) + 1e-5;
      this.center[root * dim + d] = mean;
      this.width[root * dim + d] = w;
      maxW = Math.max(maxW, w);
    }
    this.cells[root * this.stride + dim] = maxW * maxW;
    for (let i = 0; i < n; i++) this.insert(i);
    if (this.stack.length < this.capacity) this.stack = new Int32Array(this.capacity);
  }

  /** Adds point `index` to a cell's count and centre of mass. */
  private accumulate(cell: number, index: number): void {
    const dim = this.dim;
    const at = cell * this.stride;
    const cum = ++this.cells[at + dim + 1]!;
    const mult1 = (cum - 1) / cum;
    const mult2 = 1 / cum;
    for (let d = 0; d < dim; d++) this.cells[at + d] = this.cells[at + d]! * mult1 + mult2 * this.embedding[index * dim + d]!;
  }

  private insert(index: number): void {
    const dim = this.dim;
    const y = this.embedding;
    const base = index * dim;
    let cell = 0;
    for (;;) {
      this.accumulate(cell, index);
      if (this.firstChild[cell] === -1) {
        const held = this.point[cell]!;
        if (held === -1) {
          this.point[cell] = index;
          return;
        }
        let duplicate = true;
        for (let d = 0; d < dim; d++) if (y[held * dim + d] !== y[base + d]) duplicate = false;
        if (duplicate) return;
        this.subdivide(cell);
        // Move the held point down one level (it was already counted in this cell).
        const child = this.childFor(cell, held);
        this.accumulate(child, held);
        this.point[child] = held;
        this.point[cell] = -1;
      }
      cell = this.childFor(cell, index);
    }
  }

  private childFor(cell: number, index: number): number {
    const dim = this.dim;
    let offset = 0;
    for (let d = 0; d < dim; d++) if (this.embedding[index * dim + d]! < this.center[cell * dim + d]!) offset |= 1 << d;
    return this.firstChild[cell]! + offset;
  }

  private subdivide(cell: number): void {
    const dim = this.dim;
    if (this.count + this.fanout > this.capacity) this.ensureCapacity(2 * this.capacity);
    const first = this.count;
    const quarter = 0.25 * this.cells[cell * this.stride + dim]!;
    for (let c = 0; c < this.fanout; c++) {
      const child = this.newCell();
      for (let d = 0; d < dim; d++) {
        const half = 0.5 * this.width[cell * dim + d]!;
        this.width[child * dim + d] = half;
        this.center[child * dim + d] = this.center[cell * dim + d]! + ((c >> d) & 1 ? -half : half);
      }
      this.cells[child * this.stride + dim] = quarter;
    }
    this.firstChild[cell] = first;
  }

  private newCell(): number {
    const cell = this.count++;
    this.point[cell] = -1;
    this.firstChild[cell] = -1;
    this.cells.fill(0, cell * this.stride, (cell + 1) * this.stride);
    return cell;
  }

  private ensureCapacity(capacity: number): void {
    if (capacity <= this.capacity) return;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (length: number) => T, per: number): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, this.count * per));
      return next;
    };
    this.cells = grow(this.cells, (l) => new Float64Array(l), this.stride);
    this.center = grow(this.center, (l) => new Float64Array(l), this.dim);
    this.width = grow(this.width, (l) => new Float64Array(l), this.dim);
    this.point = grow(this.point, (l) => new Int32Array(l), 1);
    this.firstChild = grow(this.firstChild, (l) => new Int32Array(l), 1);
    this.capacity = capacity;
  }

  /**
   * Adds case `index`'s unnormalised repulsive force to negative[offset..offset+dim) and
   * returns its share of the normalisation Σ q (bhtsne computeNonEdgeForces).
   */
  nonEdgeForces(index: number, theta: number, negative: Float64Array, offset: number): number {
    if (this.dim === 2) return this.nonEdgeForces2(index, theta, negative, offset);
    const dim = this.dim;
    const stride = this.stride;
    const cells = this.cells;
    const y = this.embedding;
    const base = index * dim;
    const stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    let sumQ = 0;
    const theta2 = theta * theta;
    while (top > 0) {
      const cell = stack[--top]!;
      const at = cell * stride;
      const cum = cells[at + dim + 1]!;
      if (cum === 0) continue;
      const first = this.firstChild[cell]!;
      if (first === -1 && this.point[cell] === index) continue;
      let sqdist = 0;
      for (let d = 0; d < dim; d++) {
        const diff = y[base + d]! - cells[at + d]!;
        sqdist += diff * diff;
      }
      // max_width / sqrt(sqdist) < theta, without the square root.
      if (first === -1 || cells[at + dim]! < theta2 * sqdist) {
        const q = 1 / (1 + sqdist);
        const mult = cum * q;
        sumQ += mult;
        const force = mult * q;
        for (let d = 0; d < dim; d++) negative[offset + d] += force * (y[base + d]! - cells[at + d]!);
      } else {
        for (let c = this.fanout - 1; c >= 0; c--) stack[top++] = first + c;
      }
    }
    return sumQ;
  }

  /** nonEdgeForces for a 2-D embedding, unrolled. */
  private nonEdgeForces2(index: number, theta: number, negative: Float64Array, offset: number): number {
    const cells = this.cells;
    const firstChild = this.firstChild;
    const point = this.point;
    const stack = this.stack;
    const px = this.embedding[2 * index]!;
    const py = this.embedding[2 * index + 1]!;
    const theta2 = theta * theta;
    let fx = 0;
    let fy = 0;
    let sumQ = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const cell = stack[--top]!;
      const at = cell << 2;
      const cum = cells[at + 3]!;
      if (cum === 0) continue;
      const first = firstChild[cell]!;
      if (first === -1 && point[cell] === index) continue;
      const dx = px - cells[at]!;
      const dy = py - cells[at + 1]!;
      const sqdist = dx * dx + dy * dy;
      if (first === -1 || cells[at + 2]! < theta2 * sqdist) {
        const q = 1 / (1 + sqdist);
        const mult = cum * q;
        sumQ += mult;
        const force = mult * q;
        fx += force * dx;
        fy += force * dy;
      } else {
        stack[top++] = first + 3;
        stack[top++] = first + 2;
        stack[top++] = first + 1;
        stack[top++] = first;
      }
    }
    negative[offset] += fx;
    negative[offset + 1] += fy;
    return sumQ;
  }
}
