/** Shared datasets decoded through the real Arrow path, and reference files, for engine tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { datasetFromArrow, type Dataset } from '../../../src/engine/data/dataset.js';
import { datasetIpc } from '../../support/arrow-fixtures.js';
import { REFERENCE_DIR } from '../../support/fixture-paths.js';

export const REFERENCE_EXAMPLES = resolve(REFERENCE_DIR, 'examples');

export function loadDataset(name: string): Dataset {
  return datasetFromArrow(datasetIpc(name));
}

/** The dataset with `name` moved to the last (outcome) position. */
export function withOutcome(dataset: Dataset, name: string): Dataset {
  const outcome = dataset.columns.find((column) => column.name === name);
  if (outcome === undefined) throw new Error(`no column ${name}`);
  return { ...dataset, columns: [...dataset.columns.filter((column) => column !== outcome), outcome] };
}

/** Only the given 0-based rows; factors keep only the levels still present, as a fresh upload would. */
export function subsetRows(dataset: Dataset, rows: number[]): Dataset {
  return {
    nRows: rows.length,
    columns: dataset.columns.map((column) => {
      const values = Float64Array.from(rows, (row) => column.values[row]!);
      if (column.levels === null) return { ...column, values };
      const used = [...new Set(values)].filter((code) => !Number.isNaN(code)).sort((a, b) => a - b);
      return {
        ...column,
        levels: used.map((code) => column.levels![code]!),
        values: values.map((code) => (Number.isNaN(code) ? NaN : used.indexOf(code))),
      };
    }),
  };
}

export function readReferenceJson(example: string, file: string): any {
  return JSON.parse(readFileSync(resolve(REFERENCE_EXAMPLES, example, file), 'utf8'));
}

/** A reference CSV written by R's write.csv: header + rows, first column = row names. */
export function readReferenceCsv(example: string, file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(resolve(REFERENCE_EXAMPLES, example, file), 'utf8').trim().split(/\r?\n/);
  const split = (line: string) => line.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
  return { header: split(lines[0]!), rows: lines.slice(1).map(split) };
}
