/**
 * Minimal CSV → TrainingData loader for the tree tests: outcome in the last column; numeric
 * columns become features, quoted-string columns become categorical features (levels sorted);
 * empty cells are missing (NaN). A string outcome makes a classification task.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { DATASETS_DIR } from '../../support/fixture-paths.js';

export const datasetsDir = DATASETS_DIR;

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

export function loadDataset(name: string): TrainingData {
  const text = readFileSync(path.join(datasetsDir, `${name}.csv`), 'utf8').trim();
  const lines = text.split(/\r?\n/);
  const header = splitLine(lines[0]!);
  const rows = lines.slice(1).map(splitLine);
  const columns = header.map((_, j) => rows.map((r) => r[j] ?? ''));
  const isNumeric = (values: string[]) => values.every((v) => v === '' || v === 'NA' || Number.isFinite(Number(v)));
  const encode = (values: string[]): { codes: Float64Array; levels: string[] | null } => {
    if (isNumeric(values)) {
      return { codes: Float64Array.from(values, (v) => (v === '' || v === 'NA' ? NaN : Number(v))), levels: null };
    }
    const levels = [...new Set(values.filter((v) => v !== '' && v !== 'NA'))].sort();
    return { codes: Float64Array.from(values, (v) => (v === '' || v === 'NA' ? NaN : levels.indexOf(v))), levels };
  };
  const encoded = columns.map(encode);
  const outcome = encoded.pop()!;
  return {
    x: encoded.map((e) => e.codes),
    featureNames: header.slice(0, -1),
    featureLevels: encoded.map((e) => e.levels),
    y: outcome.codes,
    classes: outcome.levels,
    weights: null,
  };
}

/** Rows `rows` of `data` (weights included). */
export function subset(data: TrainingData, rows: number[]): TrainingData {
  return {
    ...data,
    x: data.x.map((col) => Float64Array.from(rows, (i) => col[i]!)),
    y: Float64Array.from(rows, (i) => data.y[i]!),
    weights: data.weights === null ? null : Float64Array.from(rows, (i) => data.weights![i]!),
  };
}

/** A seeded FitContext (mulberry32) whose checkpoint just yields. */
export function seededContext(seed: number): FitContext {
  let a = seed >>> 0;
  return {
    random: () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    checkpoint: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
}

/** Random train/test split of row indices. */
export function splitRows(n: number, testFraction: number, random: () => number): { train: number[]; test: number[] } {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const nTest = Math.round(n * testFraction);
  return { test: order.slice(0, nTest), train: order.slice(nTest) };
}

export function accuracy(predicted: Float64Array, actual: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) ok++;
  return ok / actual.length;
}

export function rSquared(predicted: Float64Array, actual: Float64Array): number {
  let mean = 0;
  for (const v of actual) mean += v;
  mean /= actual.length;
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < actual.length; i++) {
    ssr += (actual[i]! - predicted[i]!) ** 2;
    sst += (actual[i]! - mean) ** 2;
  }
  return 1 - ssr / sst;
}

/** Drops the rows whose outcome is missing. */
export function withOutcome(data: TrainingData): TrainingData {
  const rows = [...data.y.keys()].filter((i) => !Number.isNaN(data.y[i]!));
  return subset(data, rows);
}
