/** Fixed-radius neighbour queries against a k-d tree (see index.ts for the module contract). */
import type { KdTree } from './kd-tree.js';
import { checkPower, distanceToReduced, reducedToDistance } from './minkowski.js';
import type { NearestOptions, PacedOptions } from './nearest.js';
import { checkPoints, type PointSet } from './points.js';
import { forEachQuery, forEachQueryPaced } from './query-loop.js';
import { RadiusWalk, type RadiusSink } from './tree-walk.js';

/** Queries searched between two looks at the clock. */
const QUERIES_PER_LOOK = 16;

export interface RadiusOptions extends NearestOptions {
  /** Sort each query's neighbours nearest first, equal distances by index (default true). */
  sort?: boolean;
}

/**
 * Every point within the radius (distance ≤ radius) of each of m queries, in compressed rows:
 * query q's neighbours are entries `offsets[q]` … `offsets[q + 1] - 1`.
 */
export interface RadiusNeighbors {
  m: number;
  offsets: Int32Array;
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * The points of the tree within `radius` of each query. `queries` null means the tree's own
 * points, each excluding itself. The comparison is made on the powered distance (Σ|Δ|^p against
 * radius^p), as ANN and the R package dbscan do.
 */
export function radiusNeighborsSync(tree: KdTree, queries: PointSet | null, radius: number, options: RadiusOptions = {}): RadiusNeighbors {
  const plan = planRadius(tree, queries, radius, options);
  forEachQuery(plan.m, plan.searchOne);
  return plan.finish();
}

/** As radiusNeighborsSync, pausing at `options.checkpoint`. */
export async function radiusNeighbors(
  tree: KdTree,
  queries: PointSet | null,
  radius: number,
  options: RadiusOptions & PacedOptions = {},
): Promise<RadiusNeighbors> {
  const plan = planRadius(tree, queries, radius, options);
  await forEachQueryPaced(plan.m, plan.searchOne, options.checkpoint, QUERIES_PER_LOOK);
  return plan.finish();
}

/** Neighbours of every query in one growing buffer, each tagged with its query, sorted into rows at the end. */
class Collector implements RadiusSink {
  query = 0;
  size = 0;
  queries = new Int32Array(1024);
  indices = new Int32Array(1024);
  reduced = new Float64Array(1024);

  add(index: number, reduced: number): void {
    if (this.size === this.indices.length) this.grow();
    this.queries[this.size] = this.query;
    this.indices[this.size] = index;
    this.reduced[this.size] = reduced;
    this.size++;
  }

  private grow(): void {
    const capacity = this.indices.length * 2;
    const queries = new Int32Array(capacity);
    queries.set(this.queries);
    const indices = new Int32Array(capacity);
    indices.set(this.indices);
    const reduced = new Float64Array(capacity);
    reduced.set(this.reduced);
    this.queries = queries;
    this.indices = indices;
    this.reduced = reduced;
  }
}

function planRadius(tree: KdTree, queries: PointSet | null, radius: number, options: RadiusOptions) {
  const p = options.p ?? 2;
  checkPower(p);
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new RangeError(`radius must be a finite number ≥ 0; got ${radius}.`);
  const self = queries === null;
  if (!self) {
    checkPoints(queries, 'queries');
    if (queries.d !== tree.d) throw new RangeError(`Queries have ${queries.d} dimensions; the tree has ${tree.d}.`);
  }
  const m = self ? tree.n : queries.n;
  const reducedRadius = distanceToReduced(radius, p);
  const walk = new RadiusWalk(tree, p);
  const collector = new Collector();
  const searchOne = self
    ? (position: number) => {
        collector.query = tree.order[position]!;
        walk.search(tree.data, position * tree.d, collector.query, reducedRadius, collector);
      }
    : (query: number) => {
        collector.query = query;
        walk.search(queries.data, query * queries.d, -1, reducedRadius, collector);
      };
  const finish = (): RadiusNeighbors => rows(collector, m, p, options.sort ?? true);
  return { m, searchOne, finish };
}

/** Counting sort of the collected entries by query (stable), then each row by (distance, index) when asked. */
function rows(collector: Collector, m: number, p: number, sort: boolean): RadiusNeighbors {
  const { size } = collector;
  const offsets = new Int32Array(m + 1);
  for (let e = 0; e < size; e++) offsets[collector.queries[e]! + 1]!++;
  for (let q = 0; q < m; q++) offsets[q + 1]! += offsets[q]!;
  const fill = offsets.slice(0, m);
  const indices = new Int32Array(size);
  const distances = new Float64Array(size);
  for (let e = 0; e < size; e++) {
    const at = fill[collector.queries[e]!]!++;
    indices[at] = collector.indices[e]!;
    distances[at] = collector.reduced[e]!;
  }
  if (sort) {
    const sorter = new RowSorter();
    for (let q = 0; q < m; q++) sorter.sort(indices, distances, offsets[q]!, offsets[q + 1]!);
  }
  if (p !== 1) for (let e = 0; e < size; e++) distances[e] = reducedToDistance(distances[e]!, p);
  return { m, offsets, indices, distances };
}

/** Sorts one row in place through scratch buffers that grow to the longest row (no allocation per row). */
class RowSorter {
  private slots = new Int32Array(64);
  private indices = new Int32Array(64);
  private distances = new Float64Array(64);

  sort(indices: Int32Array, distances: Float64Array, from: number, to: number): void {
    const length = to - from;
    if (length < 2) return;
    if (length > this.slots.length) {
      this.slots = new Int32Array(length * 2);
      this.indices = new Int32Array(length * 2);
      this.distances = new Float64Array(length * 2);
    }
    const slots = this.slots.subarray(0, length);
    for (let i = 0; i < length; i++) slots[i] = from + i;
    slots.sort((a, b) => distances[a]! - distances[b]! || indices[a]! - indices[b]!);
    for (let i = 0; i < length; i++) {
      this.indices[i] = indices[slots[i]!]!;
      this.distances[i] = distances[slots[i]!]!;
    }
    indices.set(this.indices.subarray(0, length), from);
    distances.set(this.distances.subarray(0, length), from);
  }
}
