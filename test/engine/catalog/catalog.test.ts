import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { clusterAlgorithms, describeCluster, findClusterAlgorithm } from '../../../src/engine/catalog/clustering.js';
import { decompAlgorithms, describeDecomp, findDecompAlgorithm } from '../../../src/engine/catalog/decomposition.js';
import {
  IMPLEMENTED_CLUSTERING,
  IMPLEMENTED_DECOMPOSITION,
  IMPLEMENTED_SUPERVISED,
} from '../../../src/engine/catalog/implemented.js';
import { FALLBACK_PALETTE, KIND_COLORS, colorsForKinds } from '../../../src/engine/catalog/kind-colors.js';
import { preprocessorParameters } from '../../../src/engine/catalog/preprocessor.js';
import { resamplerParameters } from '../../../src/engine/catalog/resampler.js';
import { REFERENCE_DIR } from '../../support/fixture-paths.js';
import { describeSupervised, findSupervisedAlgorithm, supervisedAlgorithms } from '../../../src/engine/catalog/supervised.js';

const reference = REFERENCE_DIR;
const fixture = JSON.parse(readFileSync(path.join(reference, 'describe-responses.json'), 'utf8'));

type Row = { name: string } & Record<string, unknown>;

/** Reference rows restricted to `names`, keeping reference order. */
function referenceRows(rows: Row[], names: readonly string[]): Row[] {
  return rows.filter((row) => names.includes(row.name));
}

describe('supervised catalogue', () => {
  it('lists exactly the implemented algorithms, with reference rows in reference order', () => {
    const expected = referenceRows(fixture.algorithms.algorithms, IMPLEMENTED_SUPERVISED);
    assert.equal(expected.length, IMPLEMENTED_SUPERVISED.length);
    assert.deepEqual(supervisedAlgorithms(), expected);
  });

  it('entries have exactly the five wire keys, booleans strict (vector 27)', () => {
    const entries = supervisedAlgorithms();
    for (const entry of entries) {
      assert.deepEqual(Object.keys(entry), [
        'name',
        'description',
        'supports_classification',
        'supports_regression',
        'supports_survival',
      ]);
      for (const flag of ['supports_classification', 'supports_regression', 'supports_survival'] as const) {
        assert.equal(typeof entry[flag], 'boolean');
      }
    }
    const names = entries.map((e) => e.name);
    assert.ok(names.includes('GLM') && names.includes('LightRF'));
  });

  for (const name of IMPLEMENTED_SUPERVISED) {
    it(`describe ${name} equals the reference field by field`, () => {
      const ours = describeSupervised(name.toLowerCase());
      const theirs = fixture.describe[name];
      assert.ok(ours !== undefined);
      assert.equal(ours.name, theirs.name);
      assert.equal(ours.description, theirs.description);
      assert.equal(ours.hyperparameters.length, theirs.hyperparameters.length);
      ours.hyperparameters.forEach((entry, i) => {
        const reference = theirs.hyperparameters[i];
        // rtemis cannot encode S7 defaults (rtemis-model §1.2): we describe them as wire objects.
        if (typeof reference.default === 'string' && reference.default.startsWith('<S7 rtemis::')) {
          const { default: ourDefault, ...ourRest } = entry;
          const { default: _theirDefault, ...theirRest } = reference;
          assert.deepEqual(ourRest, theirRest, `${name} #${i}`);
          assert.equal(typeof ourDefault, 'object', `${name} #${i}: the default is an object`);
          assert.notEqual(ourDefault, null);
          return;
        }
        assert.deepEqual(entry, reference, `${name} #${i}`);
      });
    });
  }

  it('SuperLearner describes its library, meta learner and inner resampler defaults in the shape train accepts', () => {
    const entries = describeSupervised('SuperLearner')!.hyperparameters;
    const defaults = Object.fromEntries(entries.map((entry) => [entry.name, entry.default]));
    const library = defaults.base_learners as { algorithm: string; hyperparameters: object }[];
    assert.ok(Array.isArray(library) && library.length >= 2);
    for (const learner of library) assert.deepEqual(learner.hyperparameters, {});
    // rtemis's library: GLM, GLMNET and Ranger at their defaults.
    assert.deepEqual(library.map((learner) => learner.algorithm), ['GLM', 'GLMNET', 'Ranger']);
    assert.deepEqual(defaults.meta_learner, { algorithm: 'NNLS', hyperparameters: {} });
    assert.deepEqual(defaults.inner_resampling_config, { type: 'KFold', n_resamples: 10 });
  });

  it('GLM ifw is logical, false, tunable (vector 28)', () => {
    const ifw = describeSupervised('GLM')?.hyperparameters.find((h) => h.name === 'ifw');
    assert.deepEqual(ifw, { name: 'ifw', type: 'logical', default: false, tunable: true });
  });

  it('LightRF nrounds integer 500 tunable; force_col_wise not tunable (vector 29)', () => {
    const entries = describeSupervised('lightrf')?.hyperparameters ?? [];
    const nrounds = entries.find((h) => h.name === 'nrounds');
    assert.equal(nrounds?.type, 'integer');
    assert.equal(nrounds?.default, 500);
    assert.equal(nrounds?.tunable, true);
    assert.equal(entries.find((h) => h.name === 'force_col_wise')?.tunable, false);
  });

  it('unknown names are undefined (vector 30)', () => {
    assert.equal(describeSupervised('NotAnAlg'), undefined);
    assert.equal(findSupervisedAlgorithm('TabNet'), undefined);
    assert.equal(findSupervisedAlgorithm('lightgbm'), 'LightGBM');
  });

  it('Ranger importance has its choices and default; num_trees has none (vector 124)', () => {
    const entries = describeSupervised('Ranger')?.hyperparameters ?? [];
    const importance = entries.find((h) => h.name === 'importance');
    assert.deepEqual(importance?.choices, ['none', 'impurity', 'impurity_corrected', 'permutation']);
    assert.equal(importance?.default, 'impurity');
    assert.equal('choices' in (entries.find((h) => h.name === 'num_trees') ?? {}), false);
  });
});

describe('decomposition and clustering catalogues', () => {
  it('decomp.algorithms lists exactly the implemented decompositions, as the reference rows', () => {
    const expected = referenceRows(fixture.decomp_algorithms.algorithms, IMPLEMENTED_DECOMPOSITION);
    assert.equal(expected.length, IMPLEMENTED_DECOMPOSITION.length);
    assert.deepEqual(decompAlgorithms(), expected);
    assert.equal(findDecompAlgorithm('Pca'), 'PCA');
    assert.equal(describeDecomp('NotAnAlg'), undefined);
  });

  for (const name of IMPLEMENTED_DECOMPOSITION) {
    it(`describe ${name} equals the reference, all non-tunable`, () => {
      const ours = describeDecomp(name.toLowerCase());
      assert.deepEqual(ours, fixture.decomp_describe[name]);
      assert.ok(ours?.hyperparameters.every((h) => h.tunable === false));
    });
  }

  it('cluster.algorithms lists exactly the implemented clusterings, as the reference rows', () => {
    const expected = referenceRows(fixture.cluster_algorithms.algorithms, IMPLEMENTED_CLUSTERING);
    assert.equal(expected.length, IMPLEMENTED_CLUSTERING.length);
    assert.deepEqual(clusterAlgorithms(), expected);
    assert.equal(findClusterAlgorithm('KMEANS'), 'KMeans');
    assert.equal(describeCluster('NotAnAlg'), undefined);
  });

  for (const name of IMPLEMENTED_CLUSTERING) {
    it(`describe ${name} equals the reference, all non-tunable`, () => {
      const ours = describeCluster(name.toLowerCase());
      assert.deepEqual(ours, fixture.cluster_describe[name]);
      assert.ok(ours?.hyperparameters.every((h) => h.tunable === false));
    });
  }
});

describe('resampler and preprocessor describe', () => {
  it('resampler.describe equals the reference (vector 31)', () => {
    const ours = resamplerParameters();
    assert.deepEqual(ours, fixture.resampler.parameters);
    const type = ours.find((p) => p.name === 'type');
    assert.ok(type?.choices?.includes('KFold'));
    assert.equal(type?.default, 'KFold');
    assert.deepEqual(ours.find((p) => p.name === 'n_resamples'), {
      name: 'n_resamples',
      type: 'integer',
      default: 10,
      tunable: false,
    });
  });

  it('preprocessor.describe equals the reference (vector 32)', () => {
    const ours = preprocessorParameters();
    assert.deepEqual(ours, fixture.preprocessor.parameters);
    const imputeType = ours.find((p) => p.name === 'impute_type');
    assert.ok(imputeType?.choices?.includes('missRanger'));
    assert.equal(imputeType?.default, 'missRanger');
    assert.deepEqual(ours.find((p) => p.name === 'complete_cases'), {
      name: 'complete_cases',
      type: 'logical',
      default: false,
      tunable: false,
    });
    assert.equal(ours.find((p) => p.name === 'center')?.default, false);
    assert.equal(ours.find((p) => p.name === 'center')?.type, 'logical');
    assert.equal(ours.some((p) => p.name === 'impute_missRanger_params'), false);
  });
});

describe('kind colours', () => {
  it('fixed map equals kind_colors.json, keys in order', () => {
    const theirs = JSON.parse(readFileSync(path.join(reference, 'kind_colors.json'), 'utf8'));
    assert.deepEqual(Object.entries(KIND_COLORS), Object.entries(theirs));
  });

  it("colorsForKinds reproduces every example run's session_colors.json from its session.csv", () => {
    const examples = path.join(reference, 'examples');
    let checked = 0;
    for (const run of readdirSync(examples)) {
      const csv = path.join(examples, run, 'session.csv');
      if (!existsSync(csv)) continue;
      const lines = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
      // kind is the 5th field; labels are quoted and never contain `","`.
      const kinds = lines.map((line) => (line.match(/"((?:[^"]|"")*)"|[^,]+/g) as string[])[4]!.replaceAll('"', ''));
      const expected = JSON.parse(readFileSync(path.join(examples, run, 'session_colors.json'), 'utf8'));
      assert.deepEqual(Object.entries(colorsForKinds(kinds)), Object.entries(expected), run);
      checked += 1;
    }
    assert.ok(checked > 0);
  });

  it('unknown kinds take the fallback palette in order of appearance, recycled', () => {
    const unknown = Array.from({ length: FALLBACK_PALETTE.length + 1 }, (_, i) => `kind_${i}`);
    const colors = colorsForKinds(['train', ...unknown, 'kind_0', 'metrics']);
    assert.deepEqual(Object.keys(colors), ['train', ...unknown, 'metrics']);
    assert.equal(colors['kind_0'], FALLBACK_PALETTE[0]);
    assert.equal(colors['kind_1'], FALLBACK_PALETTE[1]);
    assert.equal(colors[`kind_${FALLBACK_PALETTE.length}`], FALLBACK_PALETTE[0]);
    assert.equal(colors['metrics'], '#F08904');
  });
});
