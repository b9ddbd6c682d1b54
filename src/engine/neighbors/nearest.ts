/** k-nearest-neighbour queries against a k-d tree (see index.ts for the module contract). */
import type { KdTree } from './kd-tree.js';
import { BlockNearestWalk, leafOrder } from './block-walk.js';
import { checkPower, powerMode, reducedToDistance } from './minkowski.js';
import { checkPoints, type PointSet } from './points.js';
import { forEachQuery, forEachQueryPaced } from './query-loop.js';
import { NearestWalk } from './tree-walk.js';

/** Queries searched together (p = 1 or 2, at least BLOCK_MIN_DIMENSIONS dimensions). */
const BLOCK = 16;
/**
 * From about this many dimensions a search scans so many points that distance tiles win over
 * the tighter pruning of one query at a time (measured on uniform and low-rank data, dense and
 * sparse queries: the crossover lies between 16 and 24).
 */
const BLOCK_MIN_DIMENSIONS = 24;
/** Single queries searched between two looks at the clock. */
const QUERIES_PER_LOOK = 16;

export interface NearestOptions {
  /** Minkowski power (default 2, Euclidean; 1 is Manhattan; any p > 0). */
  p?: number;
}

export interface PacedOptions {
  /** Awaited every few milliseconds of compute, between blocks of queries; its rejection aborts the search. */
  checkpoint?: () => Promise<void>;
}

/** The k nearest neighbours of m queries, row-major `m × k`, nearest first (equal distances: lower index first). */
export interface NeighborLists {
  m: number;
  k: number;
  /** Input indices of the tree's points. */
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * The `k` nearest points of the tree to each query. `queries` null means the tree's own points,
 * each searching among the others (its own index excluded; duplicates at distance 0 are kept).
 */
export function nearestNeighborsSync(tree: KdTree, queries: PointSet | null, k: number, options: NearestOptions = {}): NeighborLists {
  const plan = planNearest(tree, queries, k, options);
  forEachQuery(plan.units, plan.searchOne);
  return plan.finish();
}

/** As nearestNeighborsSync, pausing at `options.checkpoint`. */
export async function nearestNeighbors(
  tree: KdTree,
  queries: PointSet | null,
  k: number,
  options: NearestOptions & PacedOptions = {},
): Promise<NeighborLists> {
  const plan = planNearest(tree, queries, k, options);
  await forEachQueryPaced(plan.units, plan.searchOne, options.checkpoint, plan.unitsPerLook);
  return plan.finish();
}

function planNearest(tree: KdTree, queries: PointSet | null, k: number, options: NearestOptions) {
  const p = options.p ?? 2;
  checkPower(p);
  const self = queries === null;
  if (!self) {
    checkPoints(queries, 'queries');
    if (queries.d !== tree.d) throw new RangeError(`Queries have ${queries.d} dimensions; the tree has ${tree.d}.`);
  }
  const candidates = self ? tree.n - 1 : tree.n;
  if (!Number.isInteger(k) || k < 1 || k > candidates) {
    throw new RangeError(`k must be an integer from 1 to ${candidates} (the points each query can have as neighbours); got ${k}.`);
  }
  const m = self ? tree.n : queries.n;
  const lists: NeighborLists = { m, k, indices: new Int32Array(m * k), distances: new Float64Array(m * k) };
  const mode = powerMode(p);
  let units: number;
  let searchOne: (unit: number) => void;
  const blocked = mode !== 0 && tree.d >= BLOCK_MIN_DIMENSIONS;
  if (blocked) {
    // Blocks of nearby queries: tree order for self queries, grouped by leaf otherwise.
    const walk = new BlockNearestWalk(tree, k, mode, BLOCK);
    const order = self ? tree.order : leafOrder(tree, queries.data, m);
    units = Math.ceil(m / BLOCK);
    searchOne = (block: number) => {
      const from = block * BLOCK;
      const count = Math.min(BLOCK, m - from);
      for (let slot = 0; slot < count; slot++) {
        const query = order[from + slot]!;
        if (self) walk.load(slot, tree.data, (from + slot) * tree.d, query);
        else walk.load(slot, queries.data, query * queries.d, -1);
      }
      walk.search(count);
      for (let slot = 0; slot < count; slot++) walk.drainSorted(slot, lists.indices, lists.distances, order[from + slot]! * k);
    };
  } else {
    const walk = new NearestWalk(tree, k, p);
    units = m;
    // Self queries run in tree order: consecutive queries then share most of their path.
    searchOne = self
      ? (position: number) => {
          const query = tree.order[position]!;
          walk.search(tree.data, position * tree.d, query);
          walk.drainSorted(lists.indices, lists.distances, query * k);
        }
      : (query: number) => {
          walk.search(queries.data, query * queries.d, -1);
          walk.drainSorted(lists.indices, lists.distances, query * k);
        };
  }
  const finish = (): NeighborLists => {
    const { distances } = lists;
    if (p !== 1) for (let i = 0; i < distances.length; i++) distances[i] = reducedToDistance(distances[i]!, p);
    return lists;
  };
  return { lists, units, unitsPerLook: blocked ? 1 : QUERIES_PER_LOOK, searchOne, finish };
}
