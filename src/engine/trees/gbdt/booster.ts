/**
 * The LightGBM-style training loop shared by LightGBM, LightRF and LightCART: feature binning
 * once per fit, one leaf-wise tree per output per round on the objective's gradients, bagging
 * every `baggingFreq` rounds, per-tree feature sampling, and early stopping on a validation
 * set. `boosting = "rf"` fits every tree to the gradients at the initial score, without
 * shrinkage, and predicts the initial score plus the trees' average, as LightGBM's rf mode.
 */
import type { FitContext, FittedModel, Prediction, TrainingData, VariableImportance } from '../../learner.js';
import { decideClasses } from '../class-decision.js';
import { leafOf, type FlatTree } from '../tree-model.js';
import { binFeatures } from './binning.js';
import { HistogramTreeGrower, type SplitTally, type TreeSettings } from './histogram-tree.js';
import { makeObjective, softmaxRow, type ObjectiveName } from './objectives.js';

export interface BoosterSettings extends TreeSettings {
  boosting: 'gbdt' | 'rf';
  objective: ObjectiveName;
  nrounds: number;
  /** Rounds without improvement on the validation set before stopping; null = never stop early. */
  earlyStoppingRounds: number | null;
  earlyStoppingMinDelta: number;
  learningRate: number;
  featureFraction: number;
  baggingFraction: number;
  baggingFreq: number;
  maxBin: number;
  minDataInBin: number;
  sigmoid: number;
  boostFromAverage: boolean;
}

/** Resolves a LightGBM objective (null = from the outcome) to one this engine fits. */
export function resolveObjective(algorithm: string, objective: string | null, data: TrainingData): ObjectiveName {
  const K = data.classes === null ? 0 : data.classes.length;
  const wanted = objective ?? (K === 0 ? 'regression' : K === 2 ? 'binary' : 'multiclass');
  const aliases: Record<string, ObjectiveName> = {
    regression: 'regression',
    regression_l2: 'regression',
    l2: 'regression',
    mean_squared_error: 'regression',
    mse: 'regression',
    binary: 'binary',
    multiclass: 'multiclass',
    softmax: 'multiclass',
  };
  const name = aliases[wanted];
  if (name === undefined) throw new Error(`${algorithm}: objective '${wanted}' is not supported`);
  const fits = name === 'regression' ? K === 0 : name === 'binary' ? K === 2 : K > 2;
  if (!fits) throw new Error(`${algorithm}: objective '${wanted}' does not fit this outcome`);
  return name;
}

export async function trainBooster(
  data: TrainingData,
  settings: BoosterSettings,
  context: FitContext,
  validation: TrainingData | null,
): Promise<GbdtModel> {
  const n = data.y.length;
  const p = data.x.length;
  const K = data.classes === null ? 0 : data.classes.length;
  const objective = makeObjective(settings.objective, K, settings.sigmoid, settings.boostFromAverage);
  const outputs = objective.outputs;
  const weights = data.weights;

  const base: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(data.y[i]!) && (weights === null || weights[i]! > 0)) base.push(i);
  if (base.length === 0) throw new Error('no cases with an outcome and a positive weight');
  const allRows = base.length === n;
  const baseRows = Int32Array.from(base);
  // Rows without an outcome get a neutral target so gradient code never sees NaN; they are never in a bag.
  const y = allRows ? data.y : data.y.map((v) => (Number.isFinite(v) ? v : 0));
  const init = objective.initScores(allRows ? y : Float64Array.from(base, (i) => y[i]!), allRows || weights === null ? weights : Float64Array.from(base, (i) => weights[i]!));

  await context.checkpoint();
  const binned = binFeatures(data.x, data.featureLevels, settings.maxBin, settings.minDataInBin);
  const grower = new HistogramTreeGrower(binned, n, settings);
  const scores = new Float64Array(outputs * n);
  for (let k = 0; k < outputs; k++) scores.fill(init[k]!, k * n, (k + 1) * n);
  const g = new Float64Array(outputs * n);
  const h = new Float64Array(outputs * n);
  const rf = settings.boosting === 'rf';
  if (rf) objective.gradients(scores, y, weights, g, h);

  const bagging = settings.baggingFraction < 1 && settings.baggingFreq > 0;
  const bagSize = bagging ? Math.max(1, Math.floor(baseRows.length * settings.baggingFraction)) : baseRows.length;
  const bag = new Int32Array(baseRows.length);
  if (!bagging) bag.set(baseRows);
  const nUsed = settings.featureFraction < 1 ? Math.max(1, Math.round(p * settings.featureFraction)) : p;
  const allFeatures = Int32Array.from({ length: p }, (_, f) => f);
  const featurePerm = allFeatures.slice();
  const random = context.random;

  const tally: SplitTally = { gain: new Float64Array(p), cover: new Float64Array(p), frequency: new Float64Array(p) };
  const tallyByRound: SplitTally[] = [];
  const trees: FlatTree[] = [];
  const valid = validation === null ? null : new ValidationTracker(validation, objective.outputs, init);
  let bestIteration: number | null = null;
  let bestLoss = Infinity;
  let sinceBest = 0;

  for (let round = 0; round < settings.nrounds; round++) {
    await context.checkpoint();
    if (!rf) objective.gradients(scores, y, weights, g, h);
    if (bagging && round % settings.baggingFreq === 0) drawBag(baseRows, bagSize, bag, random);
    let features = allFeatures;
    if (nUsed < p) {
      for (let j = 0; j < nUsed; j++) {
        const r = j + Math.floor(random() * (p - j));
        const t = featurePerm[r]!;
        featurePerm[r] = featurePerm[j]!;
        featurePerm[j] = t;
      }
      features = featurePerm.slice(0, nUsed).sort();
    }
    const shrinkage = rf ? 1 : settings.learningRate;
    for (let k = 0; k < outputs; k++) {
      const gk = g.subarray(k * n, (k + 1) * n);
      const hk = h.subarray(k * n, (k + 1) * n);
      const tree = grower.grow(gk, hk, allRows && !bagging ? null : bag, bagSize, features, shrinkage, tally);
      trees.push(tree);
      if (!rf) addTreeToScores(tree, grower, scores, k * n, data.x, n, bagging || !allRows);
      valid?.addTree(tree, k);
    }
    tallyByRound.push({ gain: tally.gain.slice(), cover: tally.cover.slice(), frequency: tally.frequency.slice() });

    if (valid !== null && settings.earlyStoppingRounds !== null) {
      const loss = objective.loss(valid.currentScores(rf, round + 1), validation!.y);
      if (loss < bestLoss - settings.earlyStoppingMinDelta) {
        bestLoss = loss;
        bestIteration = round + 1;
        sinceBest = 0;
      } else if (++sinceBest >= settings.earlyStoppingRounds) break;
    }
  }

  const rounds = bestIteration ?? trees.length / outputs;
  const kept = trees.slice(0, rounds * outputs);
  const finalTally = tallyByRound[rounds - 1] ?? tally;
  return new GbdtModel(kept, rounds, bestIteration, outputs, init, settings, K, data.featureNames, finalTally);
}

/** Uniform subsample of `base` without replacement, ascending (selection sampling). */
function drawBag(base: Int32Array, size: number, out: Int32Array, random: () => number): void {
  let need = size;
  let m = 0;
  for (let t = 0; t < base.length && need > 0; t++) {
    if (random() * (base.length - t) < need) {
      out[m++] = base[t]!;
      need--;
    }
  }
}

function addTreeToScores(
  tree: FlatTree,
  grower: HistogramTreeGrower,
  scores: Float64Array,
  offset: number,
  x: Float64Array[],
  n: number,
  partial: boolean,
): void {
  if (partial) {
    // Out-of-bag rows are not in the grower's leaves: route every row through the tree.
    for (let i = 0; i < n; i++) scores[offset + i] += tree.value[leafOf(tree, x, i)]!;
    return;
  }
  for (let l = 0; l < grower.leaves; l++) {
    const v = tree.value[grower.nodeOfLeaf(l)]!;
    const rows = grower.leafRows(l);
    for (let t = 0; t < rows.length; t++) scores[offset + rows[t]!] += v;
  }
}

/** Validation-set scores, updated tree by tree (rf: running sum, averaged on demand). */
class ValidationTracker {
  private readonly sums: Float64Array;
  private readonly averaged: Float64Array;
  private readonly n: number;

  constructor(
    private readonly data: TrainingData,
    private readonly outputs: number,
    private readonly init: Float64Array,
  ) {
    this.n = data.y.length;
    this.sums = new Float64Array(outputs * this.n);
    this.averaged = new Float64Array(outputs * this.n);
    for (let k = 0; k < outputs; k++) this.sums.fill(init[k]!, k * this.n, (k + 1) * this.n);
  }

  addTree(tree: FlatTree, k: number): void {
    const offset = k * this.n;
    for (let i = 0; i < this.n; i++) this.sums[offset + i] += tree.value[leafOf(tree, this.data.x, i)]!;
  }

  currentScores(rf: boolean, rounds: number): Float64Array {
    if (!rf) return this.sums;
    for (let k = 0; k < this.outputs; k++) {
      for (let i = 0; i < this.n; i++) {
        const o = k * this.n + i;
        this.averaged[o] = this.init[k]! + (this.sums[o]! - this.init[k]!) / rounds;
      }
    }
    return this.averaged;
  }
}

export class GbdtModel implements FittedModel {
  constructor(
    readonly trees: FlatTree[],
    /** Rounds kept in the model. */
    readonly nrounds: number,
    /** Best round on the validation set when early stopping ran, else null. */
    readonly bestIteration: number | null,
    private readonly outputs: number,
    private readonly init: Float64Array,
    private readonly settings: BoosterSettings,
    private readonly nClasses: number,
    private readonly featureNames: string[],
    private readonly tally: SplitTally,
  ) {}

  /** Raw margins, class-major (`scores[k * n + i]`). */
  rawScores(x: Float64Array[]): Float64Array {
    const n = x.length > 0 ? x[0]!.length : 0;
    const K = this.outputs;
    const scores = new Float64Array(K * n);
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t]!;
      const offset = (t % K) * n;
      for (let i = 0; i < n; i++) scores[offset + i] += tree.value[leafOf(tree, x, i)]!;
    }
    const scale = this.settings.boosting === 'rf' ? 1 / Math.max(1, this.nrounds) : 1;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) scores[k * n + i] = this.init[k]! + scores[k * n + i]! * scale;
    }
    return scores;
  }

  predict(x: Float64Array[]): Prediction {
    const n = x.length > 0 ? x[0]!.length : 0;
    const scores = this.rawScores(x);
    if (this.settings.objective === 'regression') return { values: scores, probabilities: null };
    let probabilities: Float64Array[];
    if (this.settings.objective === 'binary') {
      const positive = scores.map((s) => 1 / (1 + Math.exp(-this.settings.sigmoid * s)));
      probabilities = [positive.map((q) => 1 - q), positive];
    } else {
      const K = this.nClasses;
      probabilities = Array.from({ length: K }, () => new Float64Array(n));
      const row = new Float64Array(K);
      for (let i = 0; i < n; i++) {
        softmaxRow(scores, n, K, i, row);
        for (let k = 0; k < K; k++) probabilities[k]![i] = row[k]!;
      }
    }
    return { values: decideClasses(probabilities), probabilities };
  }

  /** lgb.importance(percentage = TRUE): used features, by Gain, each measure summing to 1. */
  varimp(): VariableImportance {
    const { gain, cover, frequency } = this.tally;
    const used = [...gain.keys()].filter((f) => frequency[f]! > 0).sort((a, b) => gain[b]! - gain[a]!);
    const share = (values: Float64Array) => {
      let total = 0;
      for (const f of used) total += values[f]!;
      return Float64Array.from(used, (f) => (total > 0 ? values[f]! / total : 0));
    };
    return {
      variables: used.map((f) => this.featureNames[f]!),
      measures: [
        { name: 'Gain', values: share(gain) },
        { name: 'Cover', values: share(cover) },
        { name: 'Frequency', values: share(frequency) },
      ],
    };
  }
}
