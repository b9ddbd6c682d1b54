/**
 * A `cluster` job (rtemis `cluster()`, rtemis-model §5.10): the configured clustering
 * (cluster/registry.ts) on the selected numeric columns, the `Clustering` JSON, the
 * `assignments` table (1-based cluster per input row, 0 = noise) and the cluster run
 * record. Progress is plain messages only.
 */
import type { EngineJsonObject, EngineResult } from '../contract.js';
import type { ClusterConfig } from '../config/types.js';
import { clusterParameters } from '../catalog/clustering.js';
import { clusteringMethod } from '../cluster/registry.js';
import { datasetFromArrow } from '../data/dataset.js';
import { createRandom } from '../random.js';
import { vec } from '../../protocol/json.js';
import { dataFingerprint, provenance, sha256Hex } from './fingerprint.js';
import type { RunIo } from './progress-io.js';
import { DEFAULT_SEED } from './supervised-run.js';
import { algorithmConfigJson, configRecord, leftOutMessage, numericFeatures, requestedFeatures, RTEMIS_OUTDIR, unsupervisedContext } from './unsupervised-input.js';

export const CLUSTER_RECORD_SCHEMA = 'https://schema.rtemis.org/cluster/v1/record.json';

export async function runClustering(config: ClusterConfig, bytes: Uint8Array, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const dataset = datasetFromArrow(bytes);
  const input = numericFeatures(dataset, requestedFeatures(config), config.algorithm);
  const leftOut = leftOutMessage(input);
  if (leftOut !== null) io.message('cluster', leftOut);
  io.message('cluster', `Input: ${dataset.nRows} cases x ${input.names.length} features.`);
  io.message('cluster', `Clustering with ${config.algorithm}...`);
  await io.checkpoint();
  const settings = config.config as unknown as Record<string, unknown>;
  const method = clusteringMethod(config.algorithm);
  const fit = await method.fit(input, settings, unsupervisedContext(io, 'cluster', createRandom(DEFAULT_SEED)));
  const finished = new Date();
  io.message('cluster', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const configJson = algorithmConfigJson(config.algorithm, settings, undefined);
  const fingerprint = dataFingerprint(sha256Hex(bytes), dataset);
  const object: EngineJsonObject = {
    '.class': 'Clustering',
    algorithm: config.algorithm,
    clust: fit.clust,
    k: fit.k,
    clusters: vec(Array.from(fit.assignments)),
    config: configJson,
    cluster_config: {
      '.class': 'ClusterConfig',
      dat_path: null,
      algorithm: config.algorithm,
      clustering_config: configJson,
      outdir: RTEMIS_OUTDIR,
      verbosity: 1,
    },
    data_fingerprint: { '.class': 'DataFingerprint', ...fingerprint },
  };
  const record: EngineJsonObject = {
    $schema: CLUSTER_RECORD_SCHEMA,
    dat_path: null,
    algorithm: config.algorithm,
    outdir: RTEMIS_OUTDIR,
    verbosity: 1,
    clustering_config: { algorithm: config.algorithm, config: configRecord(settings, clusterParameters(config.algorithm)) },
    origin: { dat_path: 'default', algorithm: 'user', outdir: 'default', verbosity: 'default' },
    provenance: provenance(started, finished, fingerprint),
  };
  const tables = dataset.nRows > 0 ? { assignments: { columns: [{ name: 'cluster', type: 'int32' as const, values: fit.assignments }] } } : {};
  return { family: 'Clustering', object, record, tables };
}
