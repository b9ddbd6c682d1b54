/**
 * Test fixtures for engine runs: the fixture CSV datasets as Arrow IPC streams (strings
 * become factors on decoding, "NA"/empty are nulls), configs built by the real config
 * builder, and a job connection that records every progress envelope.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Float64, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { EngineTask, ProgressEnvelope, ResultColumn, ResultTable } from '../../../src/engine/contract.js';
import { encodeWireJson } from '../../../src/protocol/json.js';
import { buildTrainConfig } from '../../../src/engine/config/train-config.js';
import { datasetFromArrow } from '../../../src/engine/data/dataset.js';
import { columnLength, columnValues } from '../../../src/engine/result-columns.js';

import { DATASETS_DIR as DATASETS, REFERENCE_DIR as REFERENCE } from '../../support/fixture-paths.js';

export { DATASETS, REFERENCE };
export { REPO_ROOT } from '../../support/fixture-paths.js';

export interface Csv {
  names: string[];
  columns: (number | null)[][] | (string | null)[][];
}

function splitLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      out.push(field);
      field = '';
    } else field += char;
  }
  out.push(field);
  return out;
}

/** Columns whose every present value parses as a number are numeric, others strings. */
export function readCsv(name: string): { names: string[]; columns: ((number | null)[] | (string | null)[])[] } {
  const lines = readFileSync(path.join(DATASETS, `${name}.csv`), 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const names = splitLine(lines[0]!);
  const rows = lines.slice(1).map(splitLine);
  const columns = names.map((_, j) => {
    const raw = rows.map((row) => row[j] ?? '');
    const missing = (value: string) => value === '' || value === 'NA';
    const numeric = raw.every((value) => missing(value) || Number.isFinite(Number(value)));
    return numeric ? raw.map((value) => (missing(value) ? null : Number(value))) : raw.map((value) => (missing(value) ? null : value));
  });
  return { names, columns };
}

export interface ArrowOptions {
  /** Keep only these 0-based rows. */
  rows?: (row: number, value: (column: string) => number | string | null) => boolean;
  /** Keep only these columns (in this order). */
  columns?: string[];
}

export function arrowBytes(name: string, options: ArrowOptions = {}): Uint8Array {
  const csv = readCsv(name);
  const names = options.columns ?? csv.names;
  const index = (column: string) => csv.names.indexOf(column);
  const nRows = csv.columns[0]!.length;
  const keep = Array.from({ length: nRows }, (_, row) => row).filter(
    (row) => options.rows === undefined || options.rows(row, (column) => csv.columns[index(column)]![row] ?? null),
  );
  const vectors: Record<string, Vector> = {};
  for (const column of names) {
    const values = keep.map((row) => csv.columns[index(column)]![row] ?? null);
    const numeric = typeof values.find((value) => value !== null) === 'number';
    vectors[column] = numeric ? vectorFromArray(values as (number | null)[], new Float64()) : vectorFromArray(values as (string | null)[], new Utf8());
  }
  return tableToIPC(new Table(vectors), 'stream');
}

export function trainTask(bytes: Uint8Array, params: Record<string, unknown>): EngineTask {
  const dataset = datasetFromArrow(bytes);
  const shape = { columns: dataset.columns.map((column) => ({ name: column.name, kind: column.kind, levels: column.levels ?? undefined })) };
  return { jobId: 'job-test', type: 'train', config: buildTrainConfig(params, shape), data: bytes };
}

export class RecordingIo {
  readonly events: ProgressEnvelope[] = [];
  checkpoints = 0;
  constructor(private readonly cancelAfter: number = Infinity) {}
  progress(envelope: ProgressEnvelope): void {
    this.events.push(structuredClone(envelope));
  }
  async checkpoint(): Promise<void> {
    this.checkpoints += 1;
    await new Promise((resolve) => setImmediate(resolve));
    if (this.checkpoints > this.cancelAfter) throw new Error('task cancelled');
  }
}

export function referenceJson(run: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(REFERENCE, 'examples', run, file), 'utf8'));
}

/** An engine JSON object as it goes on the wire (vectors unboxed, numbers to 4 decimals). */
export function wire(value: unknown): Record<string, unknown> {
  return JSON.parse(encodeWireJson(value)) as Record<string, unknown>;
}

/** A table column with its values (coded text spelled out). */
export function column(table: ResultTable | undefined, name: string): { name: string; type: ResultColumn['type']; values: ArrayLike<unknown> } {
  const found = table?.columns.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no column ${name}`);
  return { name: found.name, type: found.type, values: columnValues(found) };
}

export function rowCount(table: ResultTable | undefined): number {
  const first = table?.columns[0];
  return first === undefined ? 0 : columnLength(first);
}
