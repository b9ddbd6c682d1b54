/**
 * A `decomp` job (rtemis `decomp()`, rtemis-model §5.9): PCA on the selected numeric
 * columns, the `Decomposition` JSON, the `transformed` and `loadings` tables and the
 * decompose run record. Progress is plain messages only, as in rtemis.
 */
import type { EngineJsonObject, EngineResult, ResultTable } from '../contract.js';
import type { DecompConfig } from '../config/types.js';
import { PCA_PARAMETERS } from '../catalog/decomposition.js';
import { datasetFromArrow } from '../data/dataset.js';
import { decompositionMetricsJson } from '../decomp/metrics.js';
import { pca } from '../decomp/pca.js';
import { vec } from '../../protocol/json.js';
import { dataFingerprint, provenance, sha256Hex } from './fingerprint.js';
import type { RunIo } from './progress-io.js';
import { algorithmConfigJson, configRecord, numericFeatures, requestedFeatures, RTEMIS_OUTDIR } from './unsupervised-input.js';

export const DECOMPOSE_RECORD_SCHEMA = 'https://schema.rtemis.org/decompose/v1/record.json';

export async function runDecomposition(config: DecompConfig, bytes: Uint8Array, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const dataset = datasetFromArrow(bytes);
  const { features: configFeatures, ...settings } = config.config;
  const features = requestedFeatures(config) ?? configFeatures;
  const input = numericFeatures(dataset, features, config.algorithm);
  io.message('decomp', `Input: ${dataset.nRows} cases x ${input.names.length} features.`);
  io.message('decomp', `Decomposing with ${config.algorithm}...`);
  await io.checkpoint();
  const fit = pca(input.x, input.names, settings);
  const finished = new Date();
  io.message('decomp', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const configJson = algorithmConfigJson(config.algorithm, settings, features);
  const fingerprint = dataFingerprint(sha256Hex(bytes), dataset);
  const object: EngineJsonObject = {
    '.class': 'Decomposition',
    algorithm: config.algorithm,
    config: configJson,
    decom: {
      sdev: vec(Array.from(fit.sdev)),
      rotation: input.names.map((_, j) => fit.rotation.map((component) => component[j]!)),
      center: fit.center === null ? false : vec(Array.from(fit.center)),
      scale: fit.scale === null ? false : vec(Array.from(fit.scale)),
    },
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
    metrics: decompositionMetricsJson(fit.metrics),
  };

  const transformed: ResultTable = {
    columns: fit.componentNames.map((name, c) => ({ name, type: 'float64', values: fit.transformed[c]! })),
  };
  const loadings: ResultTable = {
    columns: [
      { name: 'variable', type: 'utf8', values: [...fit.variableNames] },
      ...fit.componentNames.map((name, c) => ({ name, type: 'float64' as const, values: fit.rotation[c]! })),
    ],
  };
  const record: EngineJsonObject = {
    $schema: DECOMPOSE_RECORD_SCHEMA,
    dat_path: null,
    algorithm: config.algorithm,
    outdir: RTEMIS_OUTDIR,
    verbosity: 1,
    decomposition_config: { algorithm: config.algorithm, config: configRecord(settings, PCA_PARAMETERS) },
    metrics: { sample: 'Training', metrics: [fit.metrics] },
    origin: { dat_path: 'default', algorithm: 'user', outdir: 'default', verbosity: 'default' },
    provenance: provenance(started, finished, fingerprint),
  };
  return { family: 'Decomposition', object, record, tables: dataset.nRows > 0 ? { transformed, loadings } : { loadings } };
}
