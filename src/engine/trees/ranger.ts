/**
 * Random forest with ranger semantics: bootstrap (or subsample) per tree, `mtry` candidate
 * features drawn per node, nodes split while they hold more than `min_node_size` cases (and are
 * impure, and above `max_depth`), Gini (classification) / variance (regression) splitting,
 * thresholds at midpoints between adjacent distinct values. Classification always grows a
 * probability forest (leaves store in-bag class frequencies, averaged over trees), as rtemis
 * does. Case weights are sampling weights, as in ranger. Missing values take the side learned
 * per split (ranger's `na.learn`); categorical features are split by their level codes in
 * order (ranger's default `respect_unordered_factors = "ignore"`).
 * Trees are grown exactly (no binning) by `PresortedGrower`; `min_bucket` bounds every child.
 * Importance: "impurity" = Gini / variance decrease summed over splits, averaged over trees;
 * "permutation" = mean out-of-bag increase in error (misclassification / MSE) when the
 * feature's values are permuted, averaged over trees.
 */
import { defaultHyperparameters } from '../catalog/defaults.js';
import type { RangerHyperparameters } from '../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData, VariableImportance } from '../learner.js';
import { decideClasses } from './class-decision.js';
import { codeFeatures } from './feature-codes.js';
import { Pacer } from './pacer.js';
import { PresortedGrower } from './presorted-grower.js';
import { cumulativeWeights, drawInBag } from './sampling.js';
import { leafOf, type FlatTree } from './tree-model.js';
import { rejectUnsupported } from './unsupported.js';

export const rangerDefaults = defaultHyperparameters('Ranger');

/** Parameters whose non-default values change the fit in ways this engine does not implement. */
const UNSUPPORTED = [
  'class_weights',
  'split_select_weights',
  'always_split_variables',
  'regularization_factor',
  'regularization_usedepth',
  'inbag',
  'holdout',
  'quantreg',
  'time_interest',
  'local_importance',
  'scale_permutation_importance',
] as const;

export const rangerLearner: Learner<RangerHyperparameters> = { name: 'Ranger', fit: fitRanger };

export async function fitRanger(
  data: TrainingData,
  hp: RangerHyperparameters,
  context: FitContext,
): Promise<RangerModel> {
  rejectUnsupported('Ranger', hp, rangerDefaults, UNSUPPORTED);
  if (hp.importance === 'impurity_corrected') throw new Error("Ranger: importance 'impurity_corrected' is not supported");
  const K = data.classes === null ? 0 : data.classes.length;
  const allowedRules = K > 0 ? ['gini'] : ['variance'];
  if (hp.splitrule !== null && !allowedRules.includes(hp.splitrule)) {
    throw new Error(`Ranger: splitrule '${hp.splitrule}' is not supported (only ${allowedRules[0]})`);
  }
  if (hp.respect_unordered_factors === 'partition' || hp.respect_unordered_factors === 'order') {
    throw new Error(`Ranger: respect_unordered_factors '${hp.respect_unordered_factors}' is not supported (only 'ignore')`);
  }
  const n = data.y.length;
  const p = data.x.length;
  const mtry = hp.mtry ?? Math.max(1, Math.floor(Math.sqrt(p)));
  if (mtry < 1 || mtry > p) throw new Error(`Ranger: mtry must be between 1 and ${p}`);
  const minNodeSize = hp.min_node_size ?? (K > 0 ? 10 : 5);
  const maxDepth = hp.max_depth === null || hp.max_depth === 0 ? Infinity : hp.max_depth;
  const sampleFraction = hp.sample_fraction ?? (hp.replace ? 1 : 0.632);
  const caseWeights = hp.case_weights !== null ? Float64Array.from(hp.case_weights) : data.weights;
  if (caseWeights !== null && caseWeights.length !== n) throw new Error('Ranger: case_weights must have one value per case');

  // Rows allowed into the forest: outcome present, and for na.omit / na.fail no missing feature.
  const eligible = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let ok = Number.isFinite(data.y[i]!) && (caseWeights === null || caseWeights[i]! > 0);
    if (hp.na_action !== 'na.learn') {
      for (let f = 0; f < p && ok; f++) {
        if (Number.isNaN(data.x[f]![i]!)) {
          if (hp.na_action === 'na.fail') throw new Error('Ranger: missing values in the features (na_action = "na.fail")');
          ok = false;
        }
      }
    }
    eligible[i] = ok ? 1 : 0;
  }
  const samplingWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) samplingWeights[i] = eligible[i]! ? (caseWeights === null ? 1 : caseWeights[i]!) : 0;
  let nEligible = 0;
  for (let i = 0; i < n; i++) nEligible += eligible[i]!;
  if (nEligible === 0) throw new Error('Ranger: no usable cases');
  const uniform = nEligible === n && caseWeights === null;
  const cumulative = uniform ? null : cumulativeWeights(samplingWeights);
  const inBagSize = Math.max(1, Math.floor(nEligible * sampleFraction));

  const features = codeFeatures(data.x, data.featureLevels);
  const minBucket = Math.max(1, hp.min_bucket ?? 1);
  const grower = new PresortedGrower(features, data.y, { nClasses: K, mtry, minNodeSize, minBucket, maxDepth });
  const counts = new Float64Array(n);
  const scratch = new Int32Array(n);
  const permutation = hp.importance === 'permutation' ? new PermutationImportance(data, K, hp.num_trees) : null;
  const trees: FlatTree[] = [];
  const random = context.random;
  const pacer = new Pacer(context);
  const pause = () => pacer.tick();

  for (let t = 0; t < hp.num_trees; t++) {
    await context.checkpoint();
    drawInBag(counts, inBagSize, hp.replace, uniform ? null : samplingWeights, cumulative, random, scratch);
    const tree = await grower.grow(counts, random, pause);
    trees.push(tree);
    permutation?.addTree(tree, counts, random);
  }

  let importance: Float64Array | null = null;
  if (hp.importance === 'impurity') importance = grower.impurity.map((v) => v / hp.num_trees);
  else if (permutation !== null) importance = permutation.result();
  return new RangerModel(trees, K, data.featureNames, importance);
}

/** Out-of-bag permutation importance accumulated tree by tree (ranger's "permutation"). */
class PermutationImportance {
  private readonly total: Float64Array;
  private readonly column: Float64Array;
  private readonly oob: Int32Array;

  constructor(
    private readonly data: TrainingData,
    private readonly nClasses: number,
    private readonly nTrees: number,
  ) {
    this.total = new Float64Array(data.x.length);
    this.column = new Float64Array(data.y.length);
    this.oob = new Int32Array(data.y.length);
  }

  addTree(tree: FlatTree, counts: Float64Array, random: () => number): void {
    let m = 0;
    for (let i = 0; i < counts.length; i++) if (counts[i] === 0 && Number.isFinite(this.data.y[i]!)) this.oob[m++] = i;
    if (m === 0) return;
    const x = this.data.x;
    const base = this.error(tree, x, m);
    for (let f = 0; f < x.length; f++) {
      const original = x[f]!;
      const shuffled = this.column;
      shuffled.set(original);
      for (let a = m - 1; a > 0; a--) {
        const b = Math.floor(random() * (a + 1));
        const ia = this.oob[a]!;
        const ib = this.oob[b]!;
        const tmp = shuffled[ia]!;
        shuffled[ia] = shuffled[ib]!;
        shuffled[ib] = tmp;
      }
      x[f] = shuffled;
      this.total[f] += this.error(tree, x, m) - base;
      x[f] = original;
    }
  }

  result(): Float64Array {
    return this.total.map((v) => v / this.nTrees);
  }

  private error(tree: FlatTree, x: Float64Array[], m: number): number {
    const { y } = this.data;
    const K = this.nClasses;
    let loss = 0;
    for (let u = 0; u < m; u++) {
      const i = this.oob[u]!;
      const leaf = leafOf(tree, x, i);
      if (K > 0) {
        let best = 0;
        for (let k = 1; k < K; k++) if (tree.value[leaf * K + k]! > tree.value[leaf * K + best]!) best = k;
        if (best !== y[i]) loss += 1;
      } else loss += (tree.value[leaf]! - y[i]!) ** 2;
    }
    return loss / m;
  }
}

export class RangerModel implements FittedModel {
  constructor(
    readonly trees: FlatTree[],
    private readonly nClasses: number,
    private readonly featureNames: string[],
    private readonly importance: Float64Array | null,
  ) {}

  predict(x: Float64Array[]): Prediction {
    const n = x.length > 0 ? x[0]!.length : 0;
    const K = this.nClasses;
    const scale = 1 / this.trees.length;
    if (K === 0) {
      const values = new Float64Array(n);
      for (const tree of this.trees) for (let i = 0; i < n; i++) values[i] += tree.value[leafOf(tree, x, i)]!;
      for (let i = 0; i < n; i++) values[i] *= scale;
      return { values, probabilities: null };
    }
    const probabilities = Array.from({ length: K }, () => new Float64Array(n));
    for (const tree of this.trees) {
      for (let i = 0; i < n; i++) {
        const base = leafOf(tree, x, i) * K;
        for (let k = 0; k < K; k++) probabilities[k]![i] += tree.value[base + k]!;
      }
    }
    for (const column of probabilities) for (let i = 0; i < n; i++) column[i] *= scale;
    return { values: decideClasses(probabilities), probabilities };
  }

  /** One row per feature, in feature order, as ranger's variable.importance. */
  varimp(): VariableImportance | null {
    if (this.importance === null) return null;
    return {
      variables: this.featureNames.slice(),
      measures: [{ name: 'importance', values: this.importance.slice() }],
    };
  }
}
