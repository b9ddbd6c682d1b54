/**
 * CART with rpart semantics: Gini splitting for classification ("class"), sum of squares for
 * regression ("anova"); complexity-parameter stopping with rpart's weakest-link bookkeeping (a
 * split is kept only if it lowers the tree's risk by at least cp × root risk per split);
 * optional cost-complexity pruning (`prune_cp`); case weights; categorical features split by
 * level subsets; variable importance = sum of the primary splits' improvements.
 *
 * Growth (cart-grower.ts) follows rpart's arithmetic so that ties between equally good splits
 * resolve as in rpart. Documented departure from rpart: no surrogate splits. Missing values take
 * the side learned for each split during growth (the side that gives the larger improvement).
 * `maxcompete`, `maxsurrogate`, `usesurrogate`, `surrogatestyle`, `xval` and `model` only shape
 * rpart's printed output / surrogate machinery and are accepted without effect.
 */
import { defaultHyperparameters } from '../catalog/defaults.js';
import type { CARTHyperparameters } from '../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData, VariableImportance } from '../learner.js';
import { CartGrower } from './cart-grower.js';
import { decideClasses } from './class-decision.js';
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

  const grower = new CartGrower(data.x, data.featureLevels, data.y, data.weights, {
    nClasses: K,
    cp: hp.cp,
    minsplit: hp.minsplit,
    minbucket: hp.minbucket,
    maxdepth: hp.maxdepth,
  });
  const pacer = new Pacer(context);
  const grown = await grower.grow(() => pacer.tick());
  const pruneAt = hp.prune_cp === null ? -Infinity : hp.prune_cp * grown.rootRisk;
  const { tree, gains } = prune(grown.tree, grown.complexity, grown.improvement, pruneAt);
  return new CartModel(tree, gains, data.featureNames, K);
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
