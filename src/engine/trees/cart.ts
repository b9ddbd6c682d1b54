/**
 * CART with rpart semantics: Gini splitting for classification ("class"), sum of squares for
 * regression ("anova"); complexity-parameter stopping with rpart's weakest-link bookkeeping (a
 * split is kept only if it lowers the tree's risk by at least cp × root risk per split);
 * optional cost-complexity pruning (`prune_cp`); case weights; categorical features split by
 * level subsets; variable importance = sum of the primary splits' improvements.
 *
 * Documented departure from rpart: no surrogate splits. Missing values take the side learned
 * for each split during growth (the side that gives the larger improvement), and levels a
 * split never saw follow the missing values. `maxcompete`, `maxsurrogate`, `usesurrogate`,
 * `surrogatestyle`, `xval` and `model` only shape rpart's printed output / surrogate machinery
 * and are accepted without effect.
 */
import { defaultHyperparameters } from '../catalog/defaults.js';
import type { CARTHyperparameters } from '../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData, VariableImportance } from '../learner.js';
import { decideClasses } from './class-decision.js';
import { ExactSplitter, newNodeStats, type NodeStats } from './exact-splitter.js';
import { codeFeatures } from './feature-codes.js';
import { Pacer } from './pacer.js';
import { leafCount, leafOf, TreeBuilder, type FlatTree } from './tree-model.js';
import { rejectUnsupported } from './unsupported.js';

export const cartDefaults = defaultHyperparameters('CART');

export const cartLearner: Learner<CARTHyperparameters> = { name: 'CART', fit: fitCart };

export async function fitCart(data: TrainingData, hp: CARTHyperparameters, context: FitContext): Promise<CartModel> {
  rejectUnsupported('CART', hp, cartDefaults, ['cost']);
  const K = data.classes === null ? 0 : data.classes.length;
  const method = hp.method === 'auto' ? (K > 0 ? 'class' : 'anova') : hp.method;
  if (method === 'poisson' || method === 'exp') throw new Error(`CART: method '${method}' is not supported`);
  if ((method === 'class') !== K > 0) {
    throw new Error(`CART: method '${method}' does not fit a ${K > 0 ? 'classification' : 'regression'} outcome`);
  }
  await context.checkpoint();

  const n = data.y.length;
  const features = codeFeatures(data.x, data.featureLevels);
  const weight = data.weights ?? new Float64Array(n).fill(1);
  const count = new Float64Array(n).fill(1);
  const idx = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (weight[i]! > 0 && Number.isFinite(data.y[i]!)) idx[m++] = i;
  if (m === 0) throw new Error('CART: no cases with a positive weight and an outcome');

  const splitter = new ExactSplitter(features, data.y, K, weight, count, hp.minbucket, true);
  const width = K > 0 ? K : 1;
  const builder = new TreeBuilder(width);
  const risk: number[] = [];
  const complexity: number[] = [];
  const improvement: number[] = [];
  const pacer = new Pacer(context);
  const p = features.length;

  const rootStats = newNodeStats(K);
  splitter.nodeStats(idx, 0, m, rootStats);
  const rootRisk = nodeRisk(rootStats, K);
  const alpha = hp.cp * rootRisk;

  const grow = async (start: number, end: number, depth: number): Promise<{ risk: number; nsplit: number }> => {
    const node = builder.addNode();
    const stats = newNodeStats(K);
    splitter.nodeStats(idx, start, end, stats);
    builder.setValue(node, leafValue(stats, K));
    const ownRisk = nodeRisk(stats, K);
    risk[node] = ownRisk;
    complexity[node] = alpha;
    improvement[node] = 0;
    const leaf = { risk: ownRisk, nsplit: 0 };
    if (stats.count < hp.minsplit || ownRisk <= alpha || depth >= hp.maxdepth) return leaf;

    splitter.reset(stats);
    for (let f = 0; f < p; f++) splitter.evaluate(f, idx, start, end, stats);
    if (splitter.bestFeature < 0) return leaf;
    const feature = splitter.bestFeature;
    const threshold = splitter.bestThreshold;
    const missingLeft = splitter.bestMissingLeft;
    const categoryLeft = splitter.bestCategoryLeft;
    const gain = splitter.bestImprovement;
    const mid = splitter.partition(idx, start, end);
    await pacer.tick();

    const leftId = builder.size;
    const left = await grow(start, mid, depth + 1);
    const rightId = builder.size;
    const right = await grow(mid, end, depth + 1);
    builder.setSplit(node, feature, threshold, missingLeft, categoryLeft, leftId, rightId);
    improvement[node] = gain;

    // rpart's weakest-link calculation: a child subtree that would be pruned before this
    // split counts as a single leaf.
    let leftRisk = left.risk;
    let leftSplits = left.nsplit;
    let rightRisk = right.risk;
    let rightSplits = right.nsplit;
    const cpOf = () => (ownRisk - (leftRisk + rightRisk)) / (leftSplits + rightSplits + 1);
    let tempcp = cpOf();
    if (complexity[rightId]! > complexity[leftId]!) {
      if (tempcp > complexity[leftId]!) {
        leftRisk = risk[leftId]!;
        leftSplits = 0;
        tempcp = cpOf();
        if (tempcp > complexity[rightId]!) {
          rightRisk = risk[rightId]!;
          rightSplits = 0;
        }
      }
    } else if (tempcp > complexity[rightId]!) {
      rightRisk = risk[rightId]!;
      rightSplits = 0;
      tempcp = cpOf();
      if (tempcp > complexity[leftId]!) {
        leftRisk = risk[leftId]!;
        leftSplits = 0;
      }
    }
    tempcp = cpOf();
    if (tempcp <= alpha) {
      builder.collapse(node);
      risk.length = complexity.length = improvement.length = node + 1;
      complexity[node] = alpha;
      improvement[node] = 0;
      return leaf;
    }
    complexity[node] = tempcp;
    return { risk: leftRisk + rightRisk, nsplit: leftSplits + rightSplits + 1 };
  };
  await grow(0, m, 0);

  const grown = builder.build();
  const pruneAt = hp.prune_cp === null ? -Infinity : hp.prune_cp * rootRisk;
  const { tree, gains } = prune(grown, complexity, improvement, pruneAt);
  return new CartModel(tree, gains, data.featureNames, K);
}

function nodeRisk(stats: NodeStats, K: number): number {
  if (K > 0) {
    let max = 0;
    for (let k = 0; k < K; k++) max = Math.max(max, stats.classW[k]!);
    return stats.w - max;
  }
  return stats.w > 0 ? Math.max(0, stats.sumSq - (stats.sum * stats.sum) / stats.w) : 0;
}

function leafValue(stats: NodeStats, K: number): Float64Array {
  if (K > 0) {
    const out = new Float64Array(K);
    for (let k = 0; k < K; k++) out[k] = stats.w > 0 ? stats.classW[k]! / stats.w : 1 / K;
    return out;
  }
  return Float64Array.of(stats.w > 0 ? stats.sum / stats.w : 0);
}

/**
 * Cost-complexity pruning as rpart's prune(): a split whose complexity (capped by its
 * ancestors', as in rpart's cp table) is ≤ the threshold is snipped. Also renumbers the nodes
 * compactly and carries each kept split's improvement along.
 */
function prune(
  tree: FlatTree,
  complexity: number[],
  improvement: number[],
  threshold: number,
): { tree: FlatTree; gains: Float64Array } {
  const builder = new TreeBuilder(tree.width);
  const gains: number[] = [];
  const copy = (node: number, cap: number): void => {
    const id = builder.addNode();
    builder.setValue(id, tree.value.subarray(node * tree.width, (node + 1) * tree.width));
    gains[id] = 0;
    const cp = Math.min(complexity[node]!, cap);
    if (tree.feature[node]! < 0 || cp <= threshold) return;
    const leftId = builder.size;
    copy(tree.left[node]!, cp);
    const rightId = builder.size;
    copy(tree.right[node]!, cp);
    builder.setSplit(
      id,
      tree.feature[node]!,
      tree.threshold[node]!,
      tree.missingLeft[node] === 1,
      tree.categoryIndex[node]! >= 0 ? tree.categories[tree.categoryIndex[node]!]! : null,
      leftId,
      rightId,
    );
    gains[id] = improvement[node]!;
  };
  copy(0, Infinity);
  return { tree: builder.build(), gains: Float64Array.from(gains) };
}

export class CartModel implements FittedModel {
  constructor(
    private readonly tree: FlatTree,
    private readonly gains: Float64Array,
    private readonly featureNames: string[],
    private readonly nClasses: number,
  ) {}

  /** Number of terminal nodes. */
  get leaves(): number {
    return leafCount(this.tree);
  }

  predict(x: Float64Array[]): Prediction {
    const n = x.length > 0 ? x[0]!.length : 0;
    const { value, width } = this.tree;
    if (this.nClasses === 0) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = value[leafOf(this.tree, x, i)]!;
      return { values, probabilities: null };
    }
    const probabilities = Array.from({ length: this.nClasses }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const base = leafOf(this.tree, x, i) * width;
      for (let k = 0; k < this.nClasses; k++) probabilities[k]![i] = value[base + k]!;
    }
    return { values: decideClasses(probabilities), probabilities };
  }

  /** rpart's variable.importance without surrogates: used variables, largest first. */
  varimp(): VariableImportance {
    const total = new Float64Array(this.featureNames.length);
    for (let node = 0; node < this.tree.feature.length; node++) {
      const f = this.tree.feature[node]!;
      if (f >= 0) total[f] += this.gains[node]!;
    }
    const used = [...total.keys()].filter((f) => total[f]! > 0).sort((a, b) => total[b]! - total[a]!);
    return {
      variables: used.map((f) => this.featureNames[f]!),
      measures: [{ name: 'importance', values: Float64Array.from(used, (f) => total[f]!) }],
    };
  }
}
