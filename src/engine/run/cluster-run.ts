/**
 * A `cluster` job (rtemis `cluster()`, rtemis-model §5.10): KMeans on the selected
 * numeric columns, the `Clustering` JSON, the `assignments` table (1-based cluster per
 * input row) and the cluster run record. Progress is plain messages only.
 */
import type { EngineJsonObject, EngineResult } from '../contract.js';
import type { ClusterConfig } from '../config/types.js';
import { KMEANS_PARAMETERS } from '../catalog/clustering.js';
import { kmeans } from '../cluster/kmeans.js';
import { datasetFromArrow } from '../data/dataset.js';
import { createRandom } from '../random.js';
import { vec } from '../../protocol/json.js';
import { dataFingerprint, provenance, sha256Hex } from './fingerprint.js';
import type { RunIo } from './progress-io.js';
import { DEFAULT_SEED } from './supervised-run.js';
import { algorithmConfigJson, configRecord, numericFeatures, requestedFeatures, RTEMIS_OUTDIR } from './unsupervised-input.js';

export const CLUSTER_RECORD_SCHEMA = 'https://schema.rtemis.org/cluster/v1/record.json';

export async function runClustering(config: ClusterConfig, bytes: Uint8Array, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const dataset = datasetFromArrow(bytes);
  const input = numericFeatures(dataset, requestedFeatures(config), config.algorithm);
  io.message('cluster', `Input: ${dataset.nRows} cases x ${input.names.length} features.`);
  io.message('cluster', `Clustering with ${config.algorithm}...`);
  await io.checkpoint();
  const fit = kmeans(input.x, config.config, createRandom(DEFAULT_SEED));
  const finished = new Date();
  io.message('cluster', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const settings = config.config as unknown as Record<string, unknown>;
  const configJson = algorithmConfigJson(config.algorithm, settings, undefined);
  const fingerprint = dataFingerprint(sha256Hex(bytes), dataset);
  const object: EngineJsonObject = {
    '.class': 'Clustering',
    algorithm: config.algorithm,
    clust: {
      centers: fit.centers.map((center) => Array.from(center)),
      size: vec(Array.from(fit.sizes)),
      withinss: vec(Array.from(fit.withinSS)),
      iter: fit.iterations,
      converged: fit.converged,
    },
    k: config.config.k,
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
    clustering_config: { algorithm: config.algorithm, config: configRecord(settings, KMEANS_PARAMETERS) },
    origin: { dat_path: 'default', algorithm: 'user', outdir: 'default', verbosity: 'default' },
    provenance: provenance(started, finished, fingerprint),
  };
  const tables = dataset.nRows > 0 ? { assignments: { columns: [{ name: 'cluster', type: 'int32' as const, values: fit.assignments }] } } : {};
  return { family: 'Clustering', object, record, tables };
}
