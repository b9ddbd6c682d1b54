/**
 * DBSCAN as the R package dbscan (rtemis `cluster_DBSCAN`): a case is a core point when
 * its neighbourhood — the cases within `eps` (euclidean, the case itself included) — holds
 * at least `min_points` cases (or that much weight, with `weights`). Cases are visited in
 * input order; each unvisited core point starts a cluster that grows through every core
 * point it reaches. A border point (in a core point's neighbourhood, not core itself) joins
 * the first cluster that reaches it, i.e. the earliest-started cluster with a core point
 * within `eps`; without `border_points` it stays noise. Noise is 0, clusters 1, 2, … in
 * the order they start, so labels equal dbscan's. The neighbourhoods come from a k-d tree
 * (neighbors/fixed-radius.ts) whatever `search`, `bucket_size` and `split_rule` say.
 */
import type { DBSCANConfig } from '../config/types.js';
import type { FitContext } from '../learner.js';
import { FixedRadiusTree, IndexBuffer } from '../neighbors/fixed-radius.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { rowMatrix, type RowMatrix } from './centres.js';

/** Cases visited between two checkpoints. */
const CHECK_EVERY = 4096;

export interface DBSCANFit {
  /** 0 = noise, clusters 1, 2, … in the order they started. */
  labels: Int32Array;
  clusters: number;
}

export async function dbscan(data: RowMatrix, config: DBSCANConfig, context: FitContext): Promise<DBSCANFit> {
  const { n, p } = data;
  const weights = config.weights;
  if (weights !== null && weights.length !== n) {
    throw new Error(`DBSCAN \`weights\` must have one value per case (${n}); got ${weights.length}.`);
  }
  const tree = new FixedRadiusTree(data.rows, n, p, weights);
  const radius2 = config.eps * config.eps;
  const labels = new Int32Array(n);
  // Marked (in the tree) = visited or waiting in the current expansion.
  const neighbourhood = new IndexBuffer();
  const frontier = new IndexBuffer();
  let clusters = 0;
  let visits = 0;

  /** Cases already found not to be core (in the outer loop): reached later, they join as border points without a second query. */
  const notCore = new Uint8Array(n);

  /** Fills `neighbourhood` with the case's unmarked neighbours; true when it is a core point. */
  const isCore = (i: number): boolean => {
    if (notCore[i] === 1) return false;
    neighbourhood.length = 0;
    const core = tree.query(i, radius2, config.min_points, neighbourhood) >= config.min_points;
    if (!core) notCore[i] = 1;
    return core;
  };
  const enqueueNeighbourhood = () => {
    for (let e = 0; e < neighbourhood.length; e++) {
      const j = neighbourhood.values[e]!;
      if (tree.isMarked(j)) continue;
      tree.mark(j);
      frontier.push(j);
    }
  };
  const pace = async () => {
    if (visits++ % CHECK_EVERY === 0) await context.checkpoint();
  };

  for (let i = 0; i < n; i++) {
    if (tree.isMarked(i)) continue;
    await pace();
    // A case that is not core stays unvisited: a later cluster may still reach it as a border point.
    if (!isCore(i)) continue;
    const label = ++clusters;
    tree.mark(i);
    labels[i] = label;
    frontier.length = 0;
    enqueueNeighbourhood();
    while (frontier.length > 0) {
      const j = frontier.values[--frontier.length]!;
      await pace();
      if (isCore(j)) {
        labels[j] = label;
        enqueueNeighbourhood();
      } else if (config.border_points) {
        labels[j] = label;
      }
    }
  }
  return { labels, clusters };
}

export const dbscanMethod: ClusteringMethod<DBSCANConfig> = {
  name: 'DBSCAN',
  async fit(input, config, context) {
    const data = rowMatrix(input.x, 'DBSCAN');
    const { labels, clusters } = await dbscan(data, config, context);
    const noise = labels.reduce((count, label) => count + (label === 0 ? 1 : 0), 0);
    // rtemis: the number of distinct labels, noise included.
    const k = clusters + (noise > 0 ? 1 : 0);
    context.message(`Found ${k} clusters.`);
    return {
      assignments: labels,
      k,
      // dbscan's object without its per-case `cluster` vector (that is the assignments table).
      clust: { eps: config.eps, minPts: config.min_points, metric: 'euclidean', borderPoints: config.border_points, n_clusters: clusters, n_noise: noise },
    };
  },
};
