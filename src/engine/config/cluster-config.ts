/** Clustering config of a `cluster` job (protocol §3.29), for every algorithm of the clustering catalogue. */
import { REFERENCE_ONLY_CLUSTERING, clusterParameters, findClusterAlgorithm } from '../catalog/clustering.js';
import { IMPLEMENTED_CLUSTERING } from '../catalog/implemented.js';
import { ConfigError } from './config-error.js';
import type { ClusterConfig } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { fillBlock } from './values.js';
import { normalizeWire, optionalBlock } from './wire.js';

/** `algorithm` case-insensitive; `config` the flat argument map. */
export function buildClusterConfig(algorithm: string, config: Record<string, unknown>): ClusterConfig {
  const canonical = findClusterAlgorithm(algorithm);
  if (canonical === undefined) {
    const known = REFERENCE_ONLY_CLUSTERING.find((n) => n.toLowerCase() === algorithm.toLowerCase());
    throw new ConfigError(
      known === undefined
        ? `Unknown clustering algorithm \`${algorithm}\`.`
        : `Clustering algorithm \`${known}\` is not available in rtemislive; available: ${IMPLEMENTED_CLUSTERING.join(', ')}.`,
    );
  }
  const params = optionalBlock(normalizeWire(config), 'config') ?? {};
  const specs = clusterParameters(canonical);
  const label = `${canonical} clustering`;
  rejectUnknownKeys(
    params,
    specs.map((s) => s.name),
    label,
  );
  // Specs and config types agree (catalog/clustering-parameters.ts).
  return { algorithm: canonical, config: fillBlock(specs, params, label) } as unknown as ClusterConfig;
}
