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
 * Tree t draws everything (bootstrap, feature sampling, permutations) from substream t of
 * the fit's seed, so a forest grown in parts on several workers (`rangerParallel`) has the
 * same trees as one grown in one go.
 */
import { defaultHyperparameters } from '../catalog/defaults.js';
import type { RangerHyperparameters } from '../config/types.js';
import type {
  FitContext,
  FittedModel,
  Learner,
  PartialFit,
  Prediction,
  SelfParallelLearner,
  TrainingData,
  VariableImportance,
} from '../learner.js';
import { deriveSeed, Substreams } from '../random.js';
import { decideClasses } from './class-decision.js';
import { codeFeatures } from './feature-codes.js';
import { Pacer } from './pacer.js';
import { PresortedGrower } from './presorted-grower.js';
import { cumulativeWeights, drawInBag } from './sampling.js';
import { addLeafValues, copyTree, leafOf, type FlatTree } from './tree-model.js';
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

/**
 * A forest is grown in at most this many parts (batches of trees), each worth at least
 * MIN_PART_WORK row-trees (~12 ms here) so that a small forest does not pay to travel; the
 * count depends on the data and the number of trees only, never on the number of workers.
 * Small forests come in parts too: five one-part folds keep two workers busy for only three
 * rounds (wine, 500 trees, 2 workers: 148–163 → 133–141 ms; 10k row-trees was slower again).
 */
const MAX_PARTS = 16;
const MIN_PART_WORK = 25_000;

/** Everything growing a tree needs, checked and built once per fit. */
interface RangerFit {
  data: TrainingData;
  hp: RangerHyperparameters;
  nClasses: number;
  grower: PresortedGrower;
  counts: Float64Array;
  scratch: Int32Array;
  inBagSize: number;
  samplingWeights: Float64Array | null;
  cumulative: Float64Array | null;
}

export async function fitRanger(data: TrainingData, hp: RangerHyperparameters, context: FitContext): Promise<RangerModel> {
  const fit = prepareRanger(data, hp);
  const streams = new Substreams(deriveSeed(context.random));
  const permutation = hp.importance === 'permutation' ? new PermutationImportance(data, fit.nClasses) : null;
  const pacer = new Pacer(context);
  const trees: FlatTree[] = [];
  for (let t = 0; t < hp.num_trees; t++) {
    await context.checkpoint();
    const random = streams.at(t);
    const tree = await growTree(fit, random, pacer);
    trees.push(copyTree(tree));
    permutation?.addTree(tree, fit.counts, random);
  }
  let importance: Float64Array | null = null;
  if (hp.importance === 'impurity') importance = fit.grower.impurity.map((v) => v / hp.num_trees);
  else if (permutation !== null) importance = permutation.totals.map((v) => v / hp.num_trees);
  return new RangerModel(trees, fit.nClasses, data.featureNames, importance);
}

function prepareRanger(data: TrainingData, hp: RangerHyperparameters): RangerFit {
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

  const features = codeFeatures(data.x, data.featureLevels);
  const minBucket = Math.max(1, hp.min_bucket ?? 1);
  return {
    data,
    hp,
    nClasses: K,
    grower: new PresortedGrower(data.x, features, data.y, { nClasses: K, mtry, minNodeSize, minBucket, maxDepth }),
    counts: new Float64Array(n),
    scratch: new Int32Array(n),
    inBagSize: Math.max(1, Math.floor(nEligible * sampleFraction)),
    samplingWeights: uniform ? null : samplingWeights,
    cumulative: uniform ? null : cumulativeWeights(samplingWeights),
  };
}

/** Draws the in-bag counts (left in `fit.counts`) and grows one tree (a view: see `PresortedGrower.grow`), from `random` only. */
function growTree(fit: RangerFit, random: () => number, pacer: Pacer): Promise<FlatTree> {
  drawInBag(fit.counts, fit.inBagSize, fit.hp.replace, fit.samplingWeights, fit.cumulative, random, fit.scratch);
  return fit.grower.grow(fit.counts, random, () => pacer.tick());
}

/** Trees [from, to) of part `part` of `parts`. */
function partTrees(numTrees: number, parts: number, part: number): [number, number] {
  return [Math.floor((part * numTrees) / parts), Math.floor(((part + 1) * numTrees) / parts)];
}

/** Ranger as a self-parallel learner: a part grows a batch of trees and returns their summed outputs and importance. */
export const rangerParallel: SelfParallelLearner<RangerHyperparameters> = {
  parts: (data, hp) => Math.max(1, Math.min(hp.num_trees, MAX_PARTS, Math.floor((data.y.length * hp.num_trees) / MIN_PART_WORK))),
  prepare: (data, hp) => prepareRanger(data, hp),
  async fitPart(prepared, part, seed, evaluate, context): Promise<PartialFit> {
    const fit = prepared as RangerFit;
    const { hp, grower, nClasses: K } = fit;
    const [from, to] = partTrees(hp.num_trees, rangerParallel.parts(fit.data, hp), part);
    const streams = new Substreams(seed);
    const pacer = new Pacer(context);
    const outputs = Math.max(K, 1);
    const sums = evaluate.map((x) => new Float64Array(outputs * rowsOf(x)));
    const permutation = hp.importance === 'permutation' ? new PermutationImportance(fit.data, K) : null;
    grower.impurity.fill(0);
    for (let t = from; t < to; t++) {
      await context.checkpoint();
      const random = streams.at(t);
      const tree = await growTree(fit, random, pacer);
      evaluate.forEach((x, s) => addTreeOutputs(tree, x, K, sums[s]!));
      permutation?.addTree(tree, fit.counts, random);
    }
    const importance = hp.importance === 'impurity' ? [grower.impurity.slice()] : permutation !== null ? [permutation.totals] : [];
    return { sums, importance };
  },
  combine(data, hp, parts, sizes) {
    const K = data.classes === null ? 0 : data.classes.length;
    const outputs = Math.max(K, 1);
    const scale = 1 / hp.num_trees;
    const predictions = sizes.map((n, s): Prediction => {
      const total = new Float64Array(outputs * n);
      for (const part of parts) {
        const sums = part.sums[s]!;
        for (let i = 0; i < total.length; i++) total[i] += sums[i]!;
      }
      for (let i = 0; i < total.length; i++) total[i] *= scale;
      if (K === 0) return { values: total, probabilities: null };
      const probabilities = Array.from({ length: K }, (_, k) => total.slice(k * n, (k + 1) * n));
      return { values: decideClasses(probabilities), probabilities };
    });
    let varimp: VariableImportance | null = null;
    if (hp.importance === 'impurity' || hp.importance === 'permutation') {
      const values = new Float64Array(data.x.length);
      for (const part of parts) {
        const measure = part.importance[0]!;
        for (let f = 0; f < values.length; f++) values[f] += measure[f]!;
      }
      for (let f = 0; f < values.length; f++) values[f] *= scale;
      varimp = { variables: data.featureNames.slice(), measures: [{ name: 'importance', values }] };
    }
    return { predictions, varimp };
  },
};

function rowsOf(x: Float64Array[]): number {
  return x.length > 0 ? x[0]!.length : 0;
}

/** Adds one tree's outputs on every row of `x` into `sums` (output-major). */
function addTreeOutputs(tree: FlatTree, x: Float64Array[], K: number, sums: Float64Array): void {
  const n = rowsOf(x);
  if (K === 0) {
    addLeafValues(tree, x, n, sums);
    return;
  }
  for (let i = 0; i < n; i++) {
    const base = leafOf(tree, x, i) * K;
    for (let k = 0; k < K; k++) sums[k * n + i] += tree.value[base + k]!;
  }
}

/** Out-of-bag permutation importance accumulated tree by tree (ranger's "permutation"). */
class PermutationImportance {
  /** Per feature: the increase in out-of-bag error summed over the trees added. */
  readonly totals: Float64Array;
  private readonly column: Float64Array;
  private readonly oob: Int32Array;

  constructor(
    private readonly data: TrainingData,
    private readonly nClasses: number,
  ) {
    this.totals = new Float64Array(data.x.length);
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
      this.totals[f] += this.error(tree, x, m) - base;
      x[f] = original;
    }
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
      for (const tree of this.trees) addLeafValues(tree, x, n, values);
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
