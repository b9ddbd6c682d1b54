/**
 * The LightGBM-style training loop shared by LightGBM, LightRF and LightCART: feature binning
 * once per fit, one leaf-wise tree per output per round on the objective's gradients, bagging
 * every `baggingFreq` rounds, per-tree feature sampling, and early stopping on a validation
 * set. `boosting = "rf"` fits every tree to the gradients at the initial score, without
 * shrinkage, and predicts the initial score plus the trees' average, as LightGBM's rf mode.
 */
import type { FitContext, FittedModel, Prediction, TrainingData, VariableImportance } from '../../learner.js';
import { decideClasses } from '../class-decision.js';
import { addLeafValues, type FlatTree } from '../tree-model.js';
import { binFeatures } from './binning.js';
import { HistogramTreeGrower, type SplitTally, type TreeSettings } from './histogram-tree.js';
import { makeObjective, softmaxRow, type Objective, type ObjectiveName } from './objectives.js';
import { deriveSeed, Substreams } from '../../random.js';

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

/** What the rounds of one fit share: binned features, the grower, initial scores, bagging and feature-sampling state. */
export interface BoosterFit {
  data: TrainingData;
  settings: BoosterSettings;
  n: number;
  p: number;
  nClasses: number;
  objective: Objective;
  outputs: number;
  /** The outcome, with a neutral 0 where it is missing (never in a bag). */
  y: Float64Array;
  init: Float64Array;
  allRows: boolean;
  baseRows: Int32Array;
  grower: HistogramTreeGrower;
  /** Gradients and hessians (rf: at the initial scores, fixed for every round). */
  g: Float64Array;
  h: Float64Array;
  /** Output k's part of g and of h (made once: the trees of every round read them). */
  gOf: Float64Array[];
  hOf: Float64Array[];
  bagging: boolean;
  bagSize: number;
  bag: Int32Array;
  nUsed: number;
  allFeatures: Int32Array;
  featurePerm: Int32Array;
}

export function prepareBooster(data: TrainingData, settings: BoosterSettings): BoosterFit {
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

  const binned = binFeatures(data.x, data.featureLevels, settings.maxBin, settings.minDataInBin);
  const g = new Float64Array(outputs * n);
  const h = new Float64Array(outputs * n);
  if (settings.boosting === 'rf') objective.gradients(initialScores(init, n), y, weights, g, h);
  const bagging = settings.baggingFraction < 1 && settings.baggingFreq > 0;
  const bag = new Int32Array(baseRows.length);
  if (!bagging) bag.set(baseRows);
  const allFeatures = Int32Array.from({ length: p }, (_, f) => f);
  return {
    data,
    settings,
    n,
    p,
    nClasses: K,
    objective,
    outputs,
    y,
    init,
    allRows,
    baseRows,
    grower: new HistogramTreeGrower(binned, n, settings),
    g,
    h,
    gOf: Array.from({ length: outputs }, (_, k) => g.subarray(k * n, (k + 1) * n)),
    hOf: Array.from({ length: outputs }, (_, k) => h.subarray(k * n, (k + 1) * n)),
    bagging,
    bagSize: bagging ? Math.max(1, Math.floor(baseRows.length * settings.baggingFraction)) : baseRows.length,
    bag,
    nUsed: settings.featureFraction < 1 ? Math.max(1, Math.round(p * settings.featureFraction)) : p,
    allFeatures,
    featurePerm: allFeatures.slice(),
  };
}

function initialScores(init: Float64Array, n: number): Float64Array {
  const scores = new Float64Array(init.length * n);
  for (let k = 0; k < init.length; k++) scores.fill(init[k]!, k * n, (k + 1) * n);
  return scores;
}

/**
 * The random streams of rf rounds: round r draws its bag from even substream 2·(first round
 * of its bagging period) and its features from odd substream 2r + 1, so a round's trees
 * depend only on the fit's seed and r — rounds can be grown in any order, on any worker.
 */
export class RfStreams {
  private readonly bags: Substreams;
  private readonly features: Substreams;

  constructor(seed: number) {
    this.bags = new Substreams(seed);
    this.features = new Substreams(seed);
  }

  bag(round: number, frequency: number): () => number {
    return this.bags.at(2 * (round - (round % frequency)));
  }

  feature(round: number): () => number {
    return this.features.at(2 * round + 1);
  }
}

/**
 * One rf round: its bag and feature sample from the round's own streams, then one tree per
 * output on the fixed initial gradients.
 */
export function growRfRound(fit: BoosterFit, round: number, streams: RfStreams, tally: SplitTally): FlatTree[] {
  const { settings } = fit;
  if (fit.bagging) drawBag(fit.baseRows, fit.bagSize, fit.bag, streams.bag(round, settings.baggingFreq));
  fit.featurePerm.set(fit.allFeatures);
  const features = sampleFeatures(fit, streams.feature(round));
  const trees: FlatTree[] = [];
  for (let k = 0; k < fit.outputs; k++) {
    trees.push(fit.grower.grow(fit.gOf[k]!, fit.hOf[k]!, fit.allRows && !fit.bagging ? null : fit.bag, fit.bagSize, features, 1, tally));
  }
  return trees;
}

/** `nUsed` features drawn without replacement from `featurePerm`'s current order, sorted. */
function sampleFeatures(fit: BoosterFit, random: () => number): Int32Array {
  const { nUsed, p, featurePerm } = fit;
  if (nUsed >= p) return fit.allFeatures;
  for (let j = 0; j < nUsed; j++) {
    const r = j + Math.floor(random() * (p - j));
    const t = featurePerm[r]!;
    featurePerm[r] = featurePerm[j]!;
    featurePerm[j] = t;
  }
  return featurePerm.slice(0, nUsed).sort();
}

export function emptyTally(p: number): SplitTally {
  return { gain: new Float64Array(p), cover: new Float64Array(p), frequency: new Float64Array(p) };
}

export async function trainBooster(
  data: TrainingData,
  settings: BoosterSettings,
  context: FitContext,
  validation: TrainingData | null,
): Promise<GbdtModel> {
  await context.checkpoint();
  const fit = prepareBooster(data, settings);
  const { n, p, outputs, objective, y, init } = fit;
  const weights = data.weights;
  const rf = settings.boosting === 'rf';
  const scores = initialScores(init, n);
  const random = context.random;
  const streams = rf ? new RfStreams(deriveSeed(random)) : null;

  const tally = emptyTally(p);
  // The tally as it stood at the best round so far: early stopping keeps the model of that round.
  const bestTally = emptyTally(p);
  const trees: FlatTree[] = [];
  const valid = validation === null ? null : new ValidationTracker(validation, objective.outputs, init);
  let bestIteration: number | null = null;
  let bestLoss = Infinity;
  let sinceBest = 0;

  for (let round = 0; round < settings.nrounds; round++) {
    await context.checkpoint();
    let roundTrees: FlatTree[];
    if (streams !== null) {
      roundTrees = growRfRound(fit, round, streams, tally);
    } else {
      objective.gradients(scores, y, weights, fit.g, fit.h);
      if (fit.bagging && round % settings.baggingFreq === 0) drawBag(fit.baseRows, fit.bagSize, fit.bag, random);
      const features = sampleFeatures(fit, random);
      roundTrees = [];
      for (let k = 0; k < outputs; k++) {
        const tree = fit.grower.grow(fit.gOf[k]!, fit.hOf[k]!, fit.allRows && !fit.bagging ? null : fit.bag, fit.bagSize, features, settings.learningRate, tally);
        addTreeToScores(tree, fit.grower, scores, k * n, data.x, n, fit.bagging || !fit.allRows);
        roundTrees.push(tree);
      }
    }
    roundTrees.forEach((tree, k) => {
      trees.push(tree);
      valid?.addTree(tree, k);
    });

    if (valid !== null && settings.earlyStoppingRounds !== null) {
      const loss = objective.loss(valid.currentScores(rf, round + 1), validation!.y);
      if (loss < bestLoss - settings.earlyStoppingMinDelta) {
        bestLoss = loss;
        bestIteration = round + 1;
        sinceBest = 0;
        bestTally.gain.set(tally.gain);
        bestTally.cover.set(tally.cover);
        bestTally.frequency.set(tally.frequency);
      } else if (++sinceBest >= settings.earlyStoppingRounds) break;
    }
  }

  const rounds = bestIteration ?? trees.length / outputs;
  const kept = trees.slice(0, rounds * outputs);
  const dropped = trees.slice(rounds * outputs);
  // The scores the rounds left behind, without the rounds early stopping dropped (rf never updates the training ones).
  const known: KnownScores[] = [];
  if (!rf) known.push({ x: data.x, scores: withoutTrees(scores, dropped, data.x, outputs) });
  if (valid !== null) known.push({ x: validation!.x, scores: valid.keptScores(dropped, rf, rounds) });
  return new GbdtModel(kept, rounds, bestIteration, outputs, init, settings, fit.nClasses, data.featureNames, bestIteration === null ? tally : bestTally, known);
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
    addLeafValues(tree, x, n, scores, offset);
    return;
  }
  grower.addLeafOutputs(tree, scores, offset);
}

/** Raw margins of the rows of `x` (class-major), as a prediction of the model would give them. */
interface KnownScores {
  x: Float64Array[];
  scores: Float64Array;
}

/** `scores` (class-major, tree t adding to output t mod `outputs`) minus what `trees` added. */
function withoutTrees(scores: Float64Array, trees: FlatTree[], x: Float64Array[], outputs: number): Float64Array {
  const n = scores.length / outputs;
  trees.forEach((tree, t) => addLeafValues(tree, x, n, scores, (t % outputs) * n, -1));
  return scores;
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
    addLeafValues(tree, this.data.x, this.n, this.sums, k * this.n);
  }

  /** The scores of the first `rounds` rounds, given the trees of the later ones (which are dropped). */
  keptScores(dropped: FlatTree[], rf: boolean, rounds: number): Float64Array {
    withoutTrees(this.sums, dropped, this.data.x, this.outputs);
    return this.currentScores(rf, rounds).slice();
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
    private readonly known: KnownScores[] = [],
  ) {}

  knownPrediction(x: Float64Array[]): Prediction | null {
    const match = this.known.find((k) => x.length > 0 && k.x.length === x.length && k.x.every((column, j) => column === x[j]));
    if (match === undefined) return null;
    return predictionFromScores(match.scores, match.scores.length / this.outputs, this.settings, this.nClasses);
  }

  /** Raw margins, class-major (`scores[k * n + i]`). */
  rawScores(x: Float64Array[]): Float64Array {
    const n = x.length > 0 ? x[0]!.length : 0;
    const K = this.outputs;
    const scores = new Float64Array(K * n);
    this.trees.forEach((tree, t) => addLeafValues(tree, x, n, scores, (t % K) * n));
    const scale = this.settings.boosting === 'rf' ? 1 / Math.max(1, this.nrounds) : 1;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) scores[k * n + i] = this.init[k]! + scores[k * n + i]! * scale;
    }
    return scores;
  }

  predict(x: Float64Array[]): Prediction {
    const n = x.length > 0 ? x[0]!.length : 0;
    return predictionFromScores(this.rawScores(x), n, this.settings, this.nClasses);
  }

  varimp(): VariableImportance {
    return tallyImportance(this.tally, this.featureNames);
  }
}

/** Raw margins (class-major) → predicted values, or class probabilities and classes. */
export function predictionFromScores(scores: Float64Array, n: number, settings: BoosterSettings, nClasses: number): Prediction {
  if (settings.objective === 'regression') return { values: scores, probabilities: null };
  let probabilities: Float64Array[];
  if (settings.objective === 'binary') {
    const positive = scores.map((s) => 1 / (1 + Math.exp(-settings.sigmoid * s)));
    probabilities = [positive.map((q) => 1 - q), positive];
  } else {
    probabilities = Array.from({ length: nClasses }, () => new Float64Array(n));
    const row = new Float64Array(nClasses);
    for (let i = 0; i < n; i++) {
      softmaxRow(scores, n, nClasses, i, row);
      for (let k = 0; k < nClasses; k++) probabilities[k]![i] = row[k]!;
    }
  }
  return { values: decideClasses(probabilities), probabilities };
}

/** lgb.importance(percentage = TRUE): used features, by Gain, each measure summing to 1. */
export function tallyImportance(tally: SplitTally, featureNames: string[]): VariableImportance {
  const { gain, cover, frequency } = tally;
  const used = [...gain.keys()].filter((f) => frequency[f]! > 0).sort((a, b) => gain[b]! - gain[a]!);
  const share = (values: Float64Array) => {
    let total = 0;
    for (const f of used) total += values[f]!;
    return Float64Array.from(used, (f) => (total > 0 ? values[f]! / total : 0));
  };
  return {
    variables: used.map((f) => featureNames[f]!),
    measures: [
      { name: 'Gain', values: share(gain) },
      { name: 'Cover', values: share(cover) },
      { name: 'Frequency', values: share(frequency) },
    ],
  };
}
