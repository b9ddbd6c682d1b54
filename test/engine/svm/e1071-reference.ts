/**
 * The e1071 fits recorded in test/fixtures/svm/e1071-reference.json (written by
 * e1071-reference.R beside it) and the same fits made by our libsvm port: the fixture
 * dataset with incomplete rows dropped, one-hot encoded and scaled as e1071 does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingData } from '../../../src/engine/learner.js';
import { applyScaling, designNames, fitScaling, oneHotRows } from '../../../src/engine/svm/e1071-design.js';
import type { DenseRows, KernelSpec } from '../../../src/engine/svm/kernel.js';
import type { SolverSettings } from '../../../src/engine/svm/libsvm-train.js';
import { FIXTURES_DIR } from '../../support/fixture-paths.js';
import { loadDataset, subset } from '../trees/load-csv.js';

export interface ReferenceCase {
  id: string;
  dataset: string;
  task: 'classification' | 'regression';
  kernel: 'linear' | 'radial';
  cost: number;
  gamma: number;
  /** Fitted with rtemis's inverse frequency class weights. */
  ifw: boolean;
  rows: number;
  features: string[];
  total_sv: number;
  rho: number | number[];
  pairs: string | string[];
  decision_values: number[] | number[][];
  levels?: string[];
  predicted?: string[];
  fitted?: number[];
  coef_names?: string[];
  coef?: number[];
}

export function referenceCases(): ReferenceCase[] {
  const file = path.join(FIXTURES_DIR, 'svm', 'e1071-reference.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: ReferenceCase[] }).cases;
}

/** A list-valued field that the R writer collapsed to a scalar when it had one element. */
export function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** The dataset as e1071 saw it: complete rows only. */
export function completeDataset(name: string): TrainingData {
  const data = loadDataset(name);
  const rows = [...data.y.keys()].filter((i) => !Number.isNaN(data.y[i]!) && data.x.every((column) => !Number.isNaN(column[i]!)));
  return subset(data, rows);
}

export interface PreparedCase {
  data: TrainingData;
  names: string[];
  design: DenseRows;
  /** The outcome as the solver sees it (regression: scaled). */
  y: Float64Array;
  yScale: { center: number; scale: number } | null;
  settings: SolverSettings;
}

export function prepare(reference: ReferenceCase): PreparedCase {
  const data = completeDataset(reference.dataset);
  const design = oneHotRows(data.x, data);
  const scaling = fitScaling(design, data.classes === null ? data.y : null);
  applyScaling(design, scaling.x);
  const yScale = scaling.y;
  const y = yScale === null ? data.y : data.y.map((value) => (value - yScale.center) / yScale.scale);
  const kernel: KernelSpec = { type: reference.kernel, gamma: reference.gamma };
  return {
    data,
    names: designNames(data.featureNames, data),
    design,
    y,
    yScale,
    settings: { kernel, tolerance: 0.001, shrinking: true, cacheBytes: 40 << 20, storeBytes: 64 << 20 },
  };
}
