/**
 * Outer and inner resampling, following rtemis `resample()` (R/resample.R): the same
 * stratification of numeric variables (equal-width bins, as R's `cut`), the same split
 * sizes and the same resample names. Draws come from our seeded generator, so the folds
 * are not R's for the same seed (rtemis-model §7.3).
 *
 * Deviation: a categorical stratification variable is stratified per class. rtemis cuts
 * the level codes into `strat_n_bins` equal-width bins, so with more classes than bins
 * rare classes share a bin and some test folds miss them entirely.
 */
import type { ResamplerConfig } from '../config/types.js';
import { createRandom, sampleWithoutReplacement, sampleWithReplacement, permutation } from '../random.js';

export interface Resample {
  name: string;
  /** 0-based training row indices, sorted; bootstraps repeat rows. */
  train: Int32Array;
  /** 0-based rows not in `train`, sorted. */
  test: Int32Array;
}

export interface ResampleInput {
  /** Stratification values per case (the outcome, or the `stratify_var` column; factor = level codes). */
  stratify: Float64Array;
  /** True when `stratify` holds class codes: one stratum per class instead of equal-width bins. */
  categorical?: boolean;
  /** Per-case group ids (`id_strat`): cases sharing an id land on the same side of every split. */
  groups?: Float64Array | null;
}

export interface Resampling {
  resamples: Resample[];
  /**
   * Bin count actually used for stratification (lowered when there are fewer distinct values;
   * the number of classes for a categorical variable); null when not stratified.
   */
  stratNBins: number | null;
  /** Notes for the user, e.g. "Using max n bins possible = 2.". */
  messages: string[];
}

/**
 * Makes the resamples of `config`. `config.seed` (when set) seeds its own generator,
 * otherwise `random` (the run's substream) is used.
 */
export function makeResamples(config: ResamplerConfig, input: ResampleInput, random: () => number): Resampling {
  const draw = 'seed' in config && config.seed !== null ? createRandom(config.seed) : random;
  const n = input.stratify.length;
  const groups = config.type === 'LOOCV' ? null : (input.groups ?? null);
  // With groups, resample the first case of each group, then take every case of the chosen groups.
  const representatives = groups === null ? null : firstOfEachGroup(groups);
  const stratify = representatives === null ? input.stratify : pick(input.stratify, representatives);
  const m = stratify.length;
  const messages: string[] = [];
  const categorical = input.categorical ?? false;

  let trainSets: Int32Array[];
  let stratNBins: number | null = null;
  let prefix: string;
  switch (config.type) {
    case 'KFold': {
      const strata = stratifyCases(stratify, config.strat_n_bins, categorical, true, messages);
      stratNBins = strata.nBins;
      trainSets = kfold(m, strata.groups, config.n_resamples, draw);
      prefix = 'Fold_';
      break;
    }
    case 'StratSub': {
      const strata = stratifyCases(stratify, config.strat_n_bins, categorical, false, messages);
      stratNBins = strata.nBins;
      trainSets = stratSub(strata.groups, config.n_resamples, config.train_p, draw);
      prefix = 'Subsample_';
      break;
    }
    case 'StratBoot': {
      const strata = stratifyCases(stratify, config.strat_n_bins, categorical, false, messages);
      stratNBins = strata.nBins;
      const subsamples = stratSub(strata.groups, config.n_resamples, config.train_p, draw);
      trainSets = topUp(subsamples, config.target_length ?? m, m, draw);
      prefix = 'StratBoot_';
      break;
    }
    case 'Bootstrap': {
      const all = range(m);
      trainSets = Array.from({ length: config.n_resamples }, () => sorted(sampleWithReplacement(all, m, draw)));
      prefix = 'Bootstrap_';
      break;
    }
    case 'LOOCV': {
      trainSets = Array.from({ length: m }, (_, left) => range(m).filter((row) => row !== left));
      prefix = 'Fold_';
      break;
    }
  }

  const resamples = trainSets.map((train, index) => {
    const expanded = groups === null || representatives === null ? train : expandGroups(train, representatives, groups);
    return { name: `${prefix}${index + 1}`, train: expanded, test: complement(expanded, n) };
  });
  return { resamples, stratNBins, messages };
}

/** R's `cut(x, breaks = nb, labels = FALSE)`: equal-width bins over the range, 1-based; NaN → 0. */
export function cutEqualWidth(values: ArrayLike<number>, nb: number): Int32Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  let breaks: number[];
  if (max > min) {
    const dx = max - min;
    breaks = Array.from({ length: nb + 1 }, (_, i) => min + (dx * i) / nb);
    breaks[0] = min - dx / 1000;
    breaks[nb] = max + dx / 1000;
  } else {
    const dx = min === 0 || !Number.isFinite(min) ? 1 : Math.abs(min);
    const low = min - dx / 1000;
    const high = max + dx / 1000;
    breaks = Array.from({ length: nb + 1 }, (_, i) => low + ((high - low) * i) / nb);
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;
    // Intervals are right-closed: (b[j-1], b[j]].
    let bin = 1;
    while (bin < nb && value > breaks[bin]!) bin++;
    out[i] = bin;
  }
  return out;
}

/**
 * Cases grouped by stratum (bins, or classes when categorical, in increasing order);
 * missing values form their own stratum.
 */
function stratifyCases(
  values: Float64Array,
  requestedBins: number,
  categorical: boolean,
  refuseSingleValue: boolean,
  messages: string[],
): { groups: Int32Array[]; nBins: number } {
  const distinct = new Set<number>();
  for (const value of values) distinct.add(value);
  let nBins = requestedBins;
  if (distinct.size < requestedBins) {
    if (distinct.size === 1 && refuseSingleValue) throw new Error('Only one unique value present in stratify_var.');
    messages.push(`Using max n bins possible = ${distinct.size}.`);
    nBins = distinct.size;
  }
  if (categorical) nBins = distinct.size;
  // Class codes are their own strata (NaN → 0, as cutEqualWidth marks missing values).
  const bins = categorical ? Int32Array.from(values, (code) => (Number.isNaN(code) ? 0 : code + 1)) : cutEqualWidth(values, nBins);
  const members = new Map<number, number[]>();
  bins.forEach((bin, row) => {
    const list = members.get(bin);
    if (list === undefined) members.set(bin, [row]);
    else list.push(row);
  });
  const groups = [...members.keys()].sort((a, b) => a - b).map((bin) => Int32Array.from(members.get(bin)!));
  return { groups, nBins };
}

/** Each stratum is shuffled and cut into k near-equal parts; fold i's part is left out of training set i. */
function kfold(n: number, strata: Int32Array[], k: number, random: () => number): Int32Array[] {
  const fold = new Int32Array(n);
  for (const stratum of strata) {
    // R: cut(sample(m), breaks = k) — a random rank per case, ranks cut into k equal-width bins.
    const ranks = permutation(stratum.length, random);
    const bins = cutEqualWidth(Array.from(ranks, (rank) => rank + 1), k);
    stratum.forEach((row, index) => {
      fold[row] = bins[index]!;
    });
  }
  return Array.from({ length: k }, (_, i) => range(n).filter((row) => fold[row] !== i + 1));
}

/** In each stratum, floor(train_p × size) cases without replacement. */
function stratSub(strata: Int32Array[], nResamples: number, trainP: number, random: () => number): Int32Array[] {
  return Array.from({ length: nResamples }, () => {
    const chosen: number[] = [];
    for (const stratum of strata) {
      chosen.push(...sampleWithoutReplacement(stratum, Math.floor(trainP * stratum.length), random));
    }
    return sorted(Int32Array.from(chosen));
  });
}

/** StratBoot: each subsample topped up to `targetLength` by redrawing its own cases. */
function topUp(subsamples: Int32Array[], targetLength: number, n: number, random: () => number): Int32Array[] {
  const size = subsamples[0]?.length ?? 0;
  const target = targetLength < size ? n : targetLength;
  const extra = target - size;
  return subsamples.map((subsample) => {
    const added = extra > size ? sampleWithReplacement(subsample, extra, random) : sampleWithoutReplacement(subsample, extra, random);
    const combined = new Int32Array(subsample.length + added.length);
    combined.set(subsample);
    combined.set(added, subsample.length);
    return sorted(combined);
  });
}

function firstOfEachGroup(groups: Float64Array): Int32Array {
  const seen = new Set<number>();
  const first: number[] = [];
  groups.forEach((id, row) => {
    if (!seen.has(id)) {
      seen.add(id);
      first.push(row);
    }
  });
  return Int32Array.from(first);
}

/** Every case whose group was drawn (R: `which(id_strat %in% drawn_ids)`, so each case once). */
function expandGroups(train: Int32Array, representatives: Int32Array, groups: Float64Array): Int32Array {
  const chosen = new Set<number>();
  for (const index of train) chosen.add(groups[representatives[index]!]!);
  const rows: number[] = [];
  groups.forEach((id, row) => {
    if (chosen.has(id)) rows.push(row);
  });
  return Int32Array.from(rows);
}

function complement(train: Int32Array, n: number): Int32Array {
  const inTrain = new Uint8Array(n);
  for (const row of train) inTrain[row] = 1;
  const rows: number[] = [];
  for (let row = 0; row < n; row++) if (inTrain[row] === 0) rows.push(row);
  return Int32Array.from(rows);
}

function pick(values: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => values[row]!);
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function sorted(values: Int32Array): Int32Array {
  return values.sort();
}
