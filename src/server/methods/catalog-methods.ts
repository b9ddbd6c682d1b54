/** The catalogue methods (§3.4–§3.11): only what our engine can actually run is advertised. */
import { clusterAlgorithms, describeCluster } from '../../engine/catalog/clustering.js';
import { decompAlgorithms, describeDecomp } from '../../engine/catalog/decomposition.js';
import { preprocessorParameters } from '../../engine/catalog/preprocessor.js';
import { resamplerParameters } from '../../engine/catalog/resampler.js';
import type { AlgorithmDescription } from '../../engine/catalog/supervised.js';
import { describeSupervised, supervisedAlgorithms } from '../../engine/catalog/supervised.js';
import { invalidParams, notFound } from '../../protocol/wire-error.js';
import type { MethodCall } from './method-call.js';
import { isNonEmptyString } from './param-checks.js';

export const listAlgorithms = () => ({ algorithms: supervisedAlgorithms() });
export const listDecompAlgorithms = () => ({ algorithms: decompAlgorithms() });
export const listClusterAlgorithms = () => ({ algorithms: clusterAlgorithms() });
export const describeResampler = () => ({ parameters: resamplerParameters() });
export const describePreprocessor = () => ({ parameters: preprocessorParameters() });

export const describeAlgorithm = ({ params }: MethodCall) => describe(params.name, describeSupervised, 'algorithm');
export const describeDecompAlgorithm = ({ params }: MethodCall) => describe(params.name, describeDecomp, 'decomposition algorithm');
export const describeClusterAlgorithm = ({ params }: MethodCall) => describe(params.name, describeCluster, 'clustering algorithm');

function describe(name: unknown, lookup: (name: string) => AlgorithmDescription | undefined, label: string): AlgorithmDescription {
  if (!isNonEmptyString(name)) throw invalidParams('`name` is required and must be a single algorithm name.');
  const description = lookup(name);
  if (!description) throw notFound(`Unknown ${label} \`${name}\`.`);
  return description;
}
