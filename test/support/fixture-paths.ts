/** Where the test fixtures live: in the repository, so a clone alone runs every test. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/test/support → the repository root is three levels up.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures');
/** The public datasets (outcome last); test/fixtures/datasets/README.md names their sources. */
export const DATASETS_DIR = path.join(FIXTURES_DIR, 'datasets');
/** Observed rtemis outputs: describe responses, schemas, example runs. */
export const REFERENCE_DIR = path.join(FIXTURES_DIR, 'rtemis-reference');
/** R's nnls and isoreg numbers on the datasets, with the script that made them. */
export const R_LINMETA_DIR = path.join(FIXTURES_DIR, 'r-linmeta');
