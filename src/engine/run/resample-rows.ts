/**
 * Resampling of a set of supervised rows (all rows for the outer resampler, one outer
 * fold's training rows for the tuner): stratified on `stratify_var` or the outcome,
 * grouped by `id_strat`, and mapped back to row numbers of the supervised data.
 */
import type { ResamplerConfig } from '../config/types.js';
import { gather } from '../data/dataset.js';
import { supervisedColumn } from '../data/supervised.js';
import { makeResamples, type Resample } from '../resample/resample.js';
import type { RunContext } from './run-context.js';

export interface RowResampling {
  resamples: Resample[];
  stratNBins: number | null;
  messages: string[];
}

export function resampleRows(ctx: RunContext, config: ResamplerConfig, rows: Int32Array, random: () => number): RowResampling {
  const stratifyName = 'stratify_var' in config ? config.stratify_var : null;
  const stratifyColumn = stratifyName === null ? null : supervisedColumn(ctx.dataset, ctx.data, stratifyName);
  const stratify = stratifyColumn === null ? ctx.data.outcome : stratifyColumn.values;
  const categorical = stratifyColumn === null ? ctx.data.type === 'Classification' : stratifyColumn.kind === 'factor';
  const groupName = 'id_strat' in config ? config.id_strat : null;
  const groups = groupName === null ? null : gather(supervisedColumn(ctx.dataset, ctx.data, groupName).values, rows);
  const made = makeResamples(config, { stratify: gather(stratify, rows), categorical, groups }, random);
  return {
    resamples: made.resamples.map((resample) => ({
      name: resample.name,
      train: Int32Array.from(resample.train, (index) => rows[index]!),
      test: Int32Array.from(resample.test, (index) => rows[index]!),
    })),
    stratNBins: made.stratNBins,
    messages: made.messages,
  };
}

/** The resampler's name as rtemis's messages give it as caller, e.g. "kfold". */
export function resamplerCaller(config: ResamplerConfig): string {
  const callers: Record<ResamplerConfig['type'], string> = {
    KFold: 'kfold',
    StratSub: 'strat_sub',
    StratBoot: 'strat_boot',
    Bootstrap: 'bootstrap',
    LOOCV: 'loocv',
  };
  return callers[config.type];
}
