/**
 * A `decomp` job (rtemis `decomp()`, rtemis-model §5.9): the configured decomposition
 * (decomp/registry.ts) on the selected numeric columns, the `Decomposition` JSON, the
 * `transformed` and (when the method has them) `loadings` tables and the decompose run
 * record. Progress is plain messages only, as in rtemis.
 */
import type { EngineJsonObject, EngineResult, ResultTable } from '../contract.js';
import type { DecompConfig } from '../config/types.js';
import { decompParameters } from '../catalog/decomposition.js';
import { datasetFromArrow } from '../data/dataset.js';
import { decompositionMetrics, decompositionMetricsJson } from '../decomp/metrics.js';
import { decompositionMethod } from '../decomp/registry.js';
import { createRandom } from '../random.js';
import { dataFingerprint, provenance, sha256Hex } from './fingerprint.js';
import type { RunIo } from './progress-io.js';
import { DEFAULT_SEED } from './supervised-run.js';
import { algorithmConfigJson, configRecord, leftOutMessage, numericFeatures, requestedFeatures, RTEMIS_OUTDIR, unsupervisedContext } from './unsupervised-input.js';

export const DECOMPOSE_RECORD_SCHEMA = 'https://schema.rtemis.org/decompose/v1/record.json';

export async function runDecomposition(config: DecompConfig, bytes: Uint8Array, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const dataset = datasetFromArrow(bytes);
  const { features: configFeatures, ...settings } = config.config;
  const features = requestedFeatures(config) ?? configFeatures;
  const input = numericFeatures(dataset, features, config.algorithm);
  const leftOut = leftOutMessage(input);
  if (leftOut !== null) io.message('decomp', leftOut);
  io.message('decomp', `Input: ${dataset.nRows} cases x ${input.names.length} features.`);
  io.message('decomp', `Decomposing with ${config.algorithm}...`);
  await io.checkpoint();
  const method = decompositionMethod(config.algorithm);
  const fit = await method.fit(input, settings, unsupervisedContext(io, 'decomp', createRandom(DEFAULT_SEED)));
  const metrics = decompositionMetrics(input.x, fit.reconstructed, fit.transformed);
  const finished = new Date();
  io.message('decomp', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const configJson = algorithmConfigJson(config.algorithm, settings, features);
  const fingerprint = dataFingerprint(sha256Hex(bytes), dataset);
  const object: EngineJsonObject = {
    '.class': 'Decomposition',
    algorithm: config.algorithm,
    config: configJson,
    decom: fit.decom,
    transformed: Array.from({ length: dataset.nRows }, (_, i) => fit.transformed.map((component) => component[i]!)),
    decompose_config: {
      '.class': 'DecomposeConfig',
      dat_path: null,
      algorithm: config.algorithm,
      decomposition_config: configJson,
      outdir: RTEMIS_OUTDIR,
      verbosity: 1,
    },
    data_fingerprint: { '.class': 'DataFingerprint', ...fingerprint },
    metrics: decompositionMetricsJson(metrics),
  };

  const tables: EngineResult['tables'] = {};
  if (dataset.nRows > 0) {
    tables.transformed = { columns: fit.componentNames.map((name, c) => ({ name, type: 'float64', values: fit.transformed[c]! })) };
  }
  if (fit.loadings !== null) tables.loadings = loadingsTable(input.names, fit.componentNames, fit.loadings);
  const record: EngineJsonObject = {
    $schema: DECOMPOSE_RECORD_SCHEMA,
    dat_path: null,
    algorithm: config.algorithm,
    outdir: RTEMIS_OUTDIR,
    verbosity: 1,
    decomposition_config: { algorithm: config.algorithm, config: configRecord(settings, decompParameters(config.algorithm)) },
    metrics: { sample: 'Training', metrics: [metrics] },
    origin: { dat_path: 'default', algorithm: 'user', outdir: 'default', verbosity: 'default' },
    provenance: provenance(started, finished, fingerprint),
  };
  return { family: 'Decomposition', object, record, tables };
}

/** `variable` plus one column per component. */
function loadingsTable(variables: string[], componentNames: string[], loadings: Float64Array[]): ResultTable {
  return {
    columns: [
      { name: 'variable', type: 'utf8', values: [...variables] },
      ...componentNames.map((name, c) => ({ name, type: 'float64' as const, values: loadings[c]! })),
    ],
  };
}
