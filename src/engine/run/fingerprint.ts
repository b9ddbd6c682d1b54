/**
 * Data fingerprints and run provenance (rtemis-model §5.8–5.9; schemas datafingerprint
 * and provenance). The hash is SHA-256 of the uploaded Arrow IPC stream, so two runs on
 * the same upload share it.
 */
import { createHash } from 'node:crypto';
import type { EngineJsonObject } from '../contract.js';
import type { Dataset } from '../data/dataset.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../../version.js';

/** `hash`: SHA-256 (hex) of the uploaded Arrow bytes. */
export function dataFingerprint(hash: string, dataset: Dataset): EngineJsonObject {
  return {
    method: 'object',
    algorithm: 'sha256',
    encoding: 'arrow-ipc-stream',
    hash,
    n_rows: dataset.nRows,
    n_cols: dataset.columns.length,
    column_names: dataset.columns.map((column) => column.name),
    source: null,
    language: 'TypeScript',
    data_structure: 'arrow-table',
  };
}

export function provenance(started: Date, finished: Date, dataTraining: EngineJsonObject): EngineJsonObject {
  return {
    rtemis_version: `${ENGINE_NAME} ${ENGINE_VERSION}`,
    r_version: `Node.js ${process.version}`,
    platform: `${process.arch}-${process.platform}`,
    started: started.toISOString(),
    finished: finished.toISOString(),
    elapsed_seconds: (finished.getTime() - started.getTime()) / 1000,
    outcome: 'completed',
    data_training: dataTraining,
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
