/**
 * The `resamples` slice: the outer resampler's training rows, one table row per training
 * index (`resample` name, 1-based `row`), in resample order — what the summary's
 * `outer_resampler.resamples` holds, which grows with n and leaves the JSON for big data.
 */
import type { ResultTable } from '../contract.js';
import type { Resample } from '../resample/resample.js';

export function resamplesTable(resamples: Resample[]): ResultTable {
  const total = resamples.reduce((sum, resample) => sum + resample.train.length, 0);
  const names = new Int32Array(total);
  const rows = new Int32Array(total);
  let at = 0;
  resamples.forEach((resample, index) => {
    names.fill(index, at, at + resample.train.length);
    for (let i = 0; i < resample.train.length; i++) rows[at + i] = resample.train[i]! + 1;
    at += resample.train.length;
  });
  return {
    columns: [
      { name: 'resample', type: 'utf8', codes: names, levels: resamples.map((resample) => resample.name) },
      { name: 'row', type: 'int32', values: rows },
    ],
  };
}
