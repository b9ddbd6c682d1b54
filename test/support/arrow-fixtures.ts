/** Real Arrow IPC streams for tests: small literal tables and the shared CSV datasets. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Float64, makeVector, tableToIPC, vectorFromArray, Table, Utf8, type Vector } from 'apache-arrow';

/** The repository root, from dist/test/support/ (compiled) — three levels up. */
import { DATASETS_DIR } from './fixture-paths.js';

export { REPO_ROOT } from './fixture-paths.js';
export const DATASETS = DATASETS_DIR;

/** §11.5 vector 56: x = 1..10 int, y = "a".."j" string, z = 9 doubles + null. */
export function smallTableIpc(): Uint8Array {
  const table = new Table({
    x: makeVector(Int32Array.from({ length: 10 }, (_, i) => i + 1)),
    y: vectorFromArray('abcdefghij'.split(''), new Utf8()),
    z: vectorFromArray([-1.2071, 0.2774, 1.0844, -2.3457, 0.4291, 0.5061, -0.5747, -0.5466, -0.5645, null], new Float64()),
  });
  return tableToIPC(table, 'stream');
}

/** A shared dataset as Arrow: numeric columns as float64, others as strings; empty = null. */
export function datasetIpc(name: string): Uint8Array {
  const [headerLine, ...lines] = readFileSync(resolve(DATASETS, `${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const names = parseCsvLine(headerLine!);
  const rows = lines.map(parseCsvLine);
  const columns: Record<string, (string | null)[]> = {};
  names.forEach((column, index) => (columns[column] = rows.map((row) => (row[index] === '' ? null : row[index]!))));
  const vectors: Record<string, Vector> = {};
  for (const [column, values] of Object.entries(columns)) {
    const numeric = values.every((value) => value === null || (value.trim() !== '' && Number.isFinite(Number(value))));
    vectors[column] = numeric
      ? vectorFromArray(values.map((value) => (value === null ? null : Number(value))), new Float64())
      : vectorFromArray(values, new Utf8());
  }
  return tableToIPC(new Table(vectors), 'stream');
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') (current += '"'), (i += 1);
      else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') out.push(current), (current = '');
    else current += char;
  }
  out.push(current);
  return out;
}
