/**
 * The single list of what the rtemislive engine implements. Catalogue methods advertise
 * exactly these, and the config builders accept exactly these: everything advertised
 * must be trainable.
 */
import type { ClusterAlgorithm, DecompAlgorithm, SupervisedAlgorithm } from '../config/types.js';
import { CLUSTERING_PARAMETERS } from './clustering-parameters.js';
import { DECOMPOSITION_PARAMETERS } from './decomposition-parameters.js';
import { SUPERVISED_PARAMETERS } from './supervised-parameters.js';

/** An algorithm is implemented when the catalogue holds its parameters (and so the registry its learner). */
export const IMPLEMENTED_SUPERVISED = Object.keys(SUPERVISED_PARAMETERS) as SupervisedAlgorithm[];

export const IMPLEMENTED_DECOMPOSITION = Object.keys(DECOMPOSITION_PARAMETERS) as DecompAlgorithm[];

export const IMPLEMENTED_CLUSTERING = Object.keys(CLUSTERING_PARAMETERS) as ClusterAlgorithm[];
