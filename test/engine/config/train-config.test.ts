import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { supervisedAlgorithms } from '../../../src/engine/catalog/supervised.js';
import { SUPERVISED_PARAMETERS } from '../../../src/engine/catalog/supervised-parameters.js';
import { ConfigError } from '../../../src/engine/config/config-error.js';
import { buildTrainConfig } from '../../../src/engine/config/train-config.js';
import { isSearchSpace, type TrainConfig } from '../../../src/engine/config/types.js';
import { datasetShape } from './dataset-shape.js';
import { REFERENCE_DIR } from '../../support/fixture-paths.js';

const iris = datasetShape('iris');
const mtcars = datasetShape('mtcars');
const penguins = datasetShape('penguins');

function rejects(params: Record<string, unknown>, pattern: RegExp, dataset = iris): void {
  assert.throws(
    () => buildTrainConfig(params, dataset),
    (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
  );
}

describe('wire → config translation (§11.10)', () => {
  it('117: scalar arrays become vectors, [x] becomes x, lists and objects stay', () => {
    const config = buildTrainConfig(
      {
        algorithm: 'Ranger',
        hyperparameters: { num_trees: [500], inbag: [[1, 2], [3, 4]], always_split_variables: ['Sepal.Width'] },
        preprocessor_config: { remove_features: ['Sepal.Length', 'Petal.Width'], impute_missRanger_params: { 'pmm.k': 3, maxiter: 10 } },
      },
      iris,
    );
    assert.equal(config.algorithm, 'Ranger');
    const hp = config.hyperparameters as Record<string, unknown>;
    assert.equal(hp['num_trees'], 500);
    assert.deepEqual(hp['inbag'], [[1, 2], [3, 4]]);
    assert.deepEqual(hp['always_split_variables'], ['Sepal.Width']);
    assert.deepEqual(config.preprocessor?.remove_features, ['Sepal.Length', 'Petal.Width']);
    assert.deepEqual(config.preprocessor?.impute_missRanger_params, { 'pmm.k': 3, maxiter: 10 });
    // A vector of numbers for a vector-valued argument is its value.
    const cart = buildTrainConfig({ algorithm: 'CART', hyperparameters: { cost: [1, 2, 3, 4] } }, iris);
    assert.deepEqual((cart.hyperparameters as Record<string, unknown>)['cost'], [1, 2, 3, 4]);
    // `[]` stays empty, so a vector argument with a minimum length rejects it.
    rejects({ algorithm: 'CART', hyperparameters: { cost: [] } }, /`cost` must have at least 1 element/);
  });

  it('118: outer_resampling_config passes through with the same names', () => {
    const config = buildTrainConfig({ algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n_resamples: 5 } }, iris);
    assert.deepEqual(config.outerResampling, {
      type: 'KFold',
      n_resamples: 5,
      stratify_var: null,
      strat_n_bins: 4,
      id_strat: null,
      seed: null,
    });
    assert.deepEqual(config.supplied.outerResampling, ['type', 'n_resamples']);
  });

  it('119: positive_class kept, "" unset, absent absent', () => {
    assert.equal(buildTrainConfig({ algorithm: 'GLM', positive_class: 'virginica' }, iris).positiveClass, 'virginica');
    assert.equal(buildTrainConfig({ algorithm: 'GLM', positive_class: '' }, iris).positiveClass, null);
    assert.equal(buildTrainConfig({ algorithm: 'GLM' }, iris).positiveClass, null);
    rejects({ algorithm: 'GLM', positive_class: 'rose' }, /`positive_class` "rose" is not a level of the outcome `Species`/);
    rejects({ algorithm: 'GLM', positive_class: 'a' }, /outcome `carb` is numeric/, mtcars);
  });

  it('120: the flat form builds a GLM config with 3 resamples', () => {
    const config = buildTrainConfig(
      {
        algorithm: 'GLM',
        hyperparameters: { ifw: false },
        preprocessor_config: { scale: true, center: true },
        outer_resampling_config: { type: 'KFold', n_resamples: 3 },
        positive_class: '',
        question: 'does it build?',
      },
      iris,
    );
    assert.equal(config.algorithm, 'GLM');
    assert.deepEqual(config.hyperparameters, { ifw: false });
    assert.equal(config.outerResampling?.type === 'KFold' && config.outerResampling.n_resamples, 3);
    assert.equal(config.preprocessor?.scale, true);
    assert.equal(config.preprocessor?.center, true);
    assert.equal(config.preprocessor?.one_hot, false);
    assert.deepEqual(config.preprocessor?.date_features, ['weekday', 'month', 'year']);
    assert.equal(config.question, 'does it build?');
    assert.equal(config.outcome, 'Species');
    assert.equal(config.outcomeKind, 'factor');
    assert.equal(config.needsTuning, false);
    assert.deepEqual(config.supplied.preprocessor, ['scale', 'center']);
    assert.deepEqual(config.supplied.hyperparameters, ['ifw']);
  });

  it('121: keys unknown to a block are rejected and named', () => {
    rejects({ algorithm: 'GLM', outer_resampling_config: { type: 'KFold', train_p: 0.5 } }, /^Unknown KFold resampler key: `train_p`\.$/);
    rejects({ algorithm: 'GLM', preprocessor_config: { no_such_arg: 1 } }, /^Unknown preprocessor key: `no_such_arg`\.$/);
    rejects({ algorithm: 'GLM', foo: 1 }, /^Unknown supervised config key: `foo`\.$/);
    rejects({ algorithm: 'GLM', questoin: 'x' }, /^Unknown supervised config key: `questoin` \(did you mean `question`\?\)\.$/);
    rejects({ algorithm: 'CART', hyperparameters: { maxdept: 3 } }, /^Unknown CART hyperparameter key: `maxdept` \(did you mean `maxdepth`\?\)\.$/);
    rejects({ algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n: 3 } }, /`n` \(did you mean `n_resamples`\?\)/);
    rejects({ algorithm: 'GLM', execution_config: { n_worker: 2 } }, /Unknown execution config key: `n_worker` \(did you mean `n_workers`\?\)/);
    rejects({ algorithm: 'GLM', tuner_config: { type: 'GridSearch', config: { metrc: 'f1' } } }, /Unknown GridSearch tuner key: `metrc`/);
    // StratSub does declare train_p.
    const config = buildTrainConfig({ algorithm: 'GLM', outer_resampling_config: { type: 'StratSub', train_p: 0.6 } }, iris);
    assert.equal(config.outerResampling?.type === 'StratSub' && config.outerResampling.train_p, 0.6);
  });

  it('122: the canonical document form builds the same config as the flat form', () => {
    const flat = buildTrainConfig(
      {
        algorithm: 'CART',
        hyperparameters: { maxdepth: 3 },
        preprocessor_config: { scale: true },
        outer_resampling_config: { type: 'KFold', n_resamples: 3 },
        execution_config: { backend: 'none', seed: 7 },
      },
      iris,
    );
    const canonical = buildTrainConfig(
      {
        $schema: 'https://schema.rtemis.org/supervised/v1/schema.json',
        hyperparameters: {
          $schema: 'https://schema.rtemis.org/hyperparameters/v1/schema.json',
          algorithm: 'CART',
          hyperparameters: { maxdepth: 3, $comment: 'ignored' },
        },
        preprocessor_config: { $schema: 'https://schema.rtemis.org/preprocessor/v1/schema.json', scale: true },
        outer_resampling_config: { $schema: 'x', type: 'KFold', n_resamples: 3 },
        execution_config: { $schema: 'y', backend: 'none', seed: 7 },
        dat_training_path: '/tmp/ignored.csv',
        outdir: null,
      },
      iris,
    );
    const { supplied: _a, ...flatRest } = flat;
    const { supplied: _b, ...canonicalRest } = canonical;
    assert.deepEqual(canonicalRest, flatRest);
    assert.equal(flat.execution.seed, 7);
    assert.equal(flat.execution.n_workers, 1);
  });

  it('123: {"candidates": [...]} is a search space; a bare array for a scalar is an error', () => {
    const config = buildTrainConfig({ algorithm: 'Ranger', hyperparameters: { num_trees: { candidates: [100, 500, 1000] } } }, iris);
    const numTrees = (config.hyperparameters as Record<string, unknown>)['num_trees'];
    assert.ok(isSearchSpace(numTrees));
    assert.deepEqual(numTrees.candidates, [100, 500, 1000]);
    assert.equal(config.needsTuning, true);
    assert.equal(config.tuner.metric, 'balanced_accuracy');
    assert.equal(config.tuner.maximize, true);
    assert.deepEqual(config.tuner.resampler, { type: 'KFold', n_resamples: 5, stratify_var: null, strat_n_bins: 4, id_strat: null, seed: null });
    rejects({ algorithm: 'Ranger', hyperparameters: { num_trees: [100, 500, 1000] } }, /`num_trees` was given 3 values, but a hyperparameter takes one/);
    rejects({ algorithm: 'Ranger', hyperparameters: { num_trees: { candidates: [100] } } }, /at least two candidates/);
    rejects({ algorithm: 'Ranger', hyperparameters: { importance: { candidates: ['none', 'impurity'] } } }, /`importance` is not tunable/);
    rejects({ algorithm: 'Ranger', hyperparameters: { num_trees: { candidates: [100, 0.5] } } }, /`num_trees` must be an integer ≥ 1; got 0.5/);
  });

  it('124 and describe types: values are checked against each argument (type, range, choices)', () => {
    rejects({ algorithm: 'CART', hyperparameters: { maxdepth: 31 } }, /CART hyperparameter `maxdepth` must be an integer ≥ 1 and ≤ 30; got 31/);
    rejects({ algorithm: 'CART', hyperparameters: { minsplit: 2.5 } }, /`minsplit` must be an integer/);
    rejects({ algorithm: 'CART', hyperparameters: { cp: 'high' } }, /`cp` must be a number ≥ 0/);
    rejects({ algorithm: 'Ranger', hyperparameters: { importance: 'gini' } }, /`importance` must be one of `none`, `impurity`, `impurity_corrected`, `permutation`/);
    rejects({ algorithm: 'Ranger', hyperparameters: { importance: 'impurity_corrected' } }, /`importance` = "impurity_corrected" is not supported by rtemislive; supported: "none", "impurity", "permutation"/);
    rejects({ algorithm: 'CART', hyperparameters: { method: 'poisson' } }, /CART hyperparameter `method` = "poisson" is not supported by rtemislive; supported: "auto", "anova", "class"/);
    rejects({ algorithm: 'LightGBM', hyperparameters: { boosting: 'dart' } }, /`boosting` = "dart" is not supported by rtemislive/);
    rejects({ algorithm: 'LightGBM', hyperparameters: { learning_rate: 0 } }, /`learning_rate` must be a number > 0 and ≤ 1/);
    rejects({ algorithm: 'GLM', hyperparameters: { ifw: 'yes' } }, /`ifw` must be true or false/);
    rejects({ algorithm: 'GLM', hyperparameters: { ifw: null } }, /`ifw` must not be null/);
    rejects({ algorithm: 'LightRF', hyperparameters: { boosting: 'gbdt' } }, /Unknown LightRF hyperparameter key: `boosting`/);
    const lightgbm = buildTrainConfig({ algorithm: 'LightGBM', hyperparameters: { learning_rate: 1, max_depth: -1 } }, iris);
    assert.equal((lightgbm.hyperparameters as Record<string, unknown>)['learning_rate'], 1);
  });

  it('every advertised algorithm builds with defaults and with its describe defaults sent explicitly', () => {
    for (const { name } of supervisedAlgorithms()) {
      const implicit = buildTrainConfig({ algorithm: name }, iris);
      const explicitValues = Object.fromEntries(SUPERVISED_PARAMETERS[name].map((p) => [p.name, p.default]));
      const explicit = buildTrainConfig({ algorithm: name, hyperparameters: explicitValues }, iris);
      assert.deepEqual(explicit.hyperparameters, implicit.hyperparameters, name);
      assert.deepEqual(Object.keys(implicit.hyperparameters), SUPERVISED_PARAMETERS[name].map((p) => p.name));
    }
  });

  it('algorithm names: matched case-insensitively, reference-only algorithms unavailable', () => {
    assert.equal(buildTrainConfig({ algorithm: 'cart' }, iris).algorithm, 'CART');
    assert.equal(buildTrainConfig({ algorithm: 'lightgbm' }, iris).algorithm, 'LightGBM');
    rejects({ algorithm: 'TabNet' }, /`TabNet` is not available in rtemislive/);
    rejects({ algorithm: 'Bogus' }, /^Invalid algorithm: Bogus\.$/);
    rejects({ hyperparameters: { ifw: true } }, /`algorithm` is required/);
  });

  it('outcome, weights and column references are checked against the dataset', () => {
    const penguinsNoOutcome = { columns: [...penguins.columns.slice(0, -1), { name: 'flag', kind: 'logical' as const }] };
    rejects({ algorithm: 'GLM' }, /outcome \(last column\) `flag` must be a factor .* it is logical/, penguinsNoOutcome);
    rejects({ algorithm: 'GLM', weights: 'island' }, /`weights` column `island` must be numeric; it is factor/, penguins);
    rejects({ algorithm: 'GLM', weights: 'species' }, /cannot be the outcome/, penguins);
    rejects({ algorithm: 'GLM', weights: 'nope' }, /`weights` names `nope`, which is not a column/, penguins);
    rejects({ algorithm: 'GLM', weights: 'year', hyperparameters: { ifw: true } }, /cannot be combined with `ifw: true`/, penguins);
    assert.equal(buildTrainConfig({ algorithm: 'GLM', weights: 'year' }, penguins).weights, 'year');
    rejects({ algorithm: 'GLM', outer_resampling_config: { type: 'KFold', stratify_var: 'nope' } }, /`stratify_var` names `nope`/);
    rejects({ algorithm: 'GLM', outer_resampling_config: { type: 'Custom' } }, /Custom resampling cannot be read from a config/);
    rejects({ algorithm: 'GLM', outer_resampling_config: { n_resamples: 3 } }, /needs `type`, one of KFold/);
  });

  it('regression tasks default the tuner metric to mse (minimised); metrics must fit the task', () => {
    const config = buildTrainConfig({ algorithm: 'CART', hyperparameters: { maxdepth: { candidates: [2, 4] } } }, mtcars);
    assert.equal(config.outcomeKind, 'numeric');
    assert.equal(config.tuner.metric, 'mse');
    assert.equal(config.tuner.maximize, false);
    rejects({ algorithm: 'CART', tuner_config: { type: 'GridSearch', config: { metric: 'auc' } } }, /must be a regression metric/, mtcars);
    rejects({ algorithm: 'CART', tuner_config: { type: 'GridSearch', config: { metric: 'auc' } } }, /only for binary outcomes; this outcome has 3 classes/);
    rejects({ algorithm: 'CART', tuner_config: { type: 'GridSearch', config: { search_type: 'randomized' } } }, /`randomize_p` must be set/);
    rejects({ algorithm: 'CART', tuner_config: { type: 'Bayes' } }, /Unsupported tuner type/);
  });

  it('preprocessing: case-removing options and unavailable imputation are rejected; impute defaults to meanMode', () => {
    rejects({ algorithm: 'GLM', preprocessor_config: { complete_cases: true } }, /`complete_cases` removes cases/);
    rejects({ algorithm: 'GLM', preprocessor_config: { impute: true, impute_type: 'missRanger' } }, /"missRanger" is not available in rtemislive/);
    const config = buildTrainConfig({ algorithm: 'GLM', preprocessor_config: { impute: true } }, penguins);
    assert.equal(config.preprocessor?.impute_type, 'meanMode');
    assert.deepEqual(config.supplied.preprocessor, ['impute']);
  });

  it('decomposition_config: PCA nested form, others rejected', () => {
    const config = buildTrainConfig(
      { algorithm: 'GLM', decomposition_config: { algorithm: 'pca', config: { k: 2 }, features: ['Sepal.Length', 'Sepal.Width'] } },
      iris,
    );
    assert.deepEqual(config.decomposition, {
      algorithm: 'PCA',
      config: { k: 2, center: true, scale: true, tol: null },
      features: ['Sepal.Length', 'Sepal.Width'],
    });
    rejects({ algorithm: 'GLM', decomposition_config: { algorithm: 'tSNE' } }, /cannot be applied on new data/);
    rejects({ algorithm: 'GLM', decomposition_config: { algorithm: 'Isomap' } }, /cannot be applied on new data/);
    rejects({ algorithm: 'GLM', decomposition_config: { algorithm: 'PCA', k: 2 } }, /Unknown decomposition config key: `k`/);
    rejects({ algorithm: 'GLM', decomposition_config: { algorithm: 'PCA', features: ['Species', 'Sepal.Width'] } }, /`Species` is not one/);
  });

  it('the reference wire example (rtemis-model §4.2) builds as sent', () => {
    const example = JSON.parse(
      readFileSync(path.join(REFERENCE_DIR, 'examples/train-params.example.json'), 'utf8'),
    ) as Record<string, unknown>;
    const { data_handle: _handle, ...params } = example;
    const binary = { columns: [...iris.columns.slice(0, -1), { name: 'Species', kind: 'factor' as const, levels: ['versicolor', 'virginica'] }] };
    const config: TrainConfig = buildTrainConfig(params, binary);
    assert.equal(config.algorithm, 'GLMNET');
    const hyperparameters = config.hyperparameters as Record<string, unknown>;
    assert.deepEqual(hyperparameters['alpha'], { candidates: [0, 0.5, 1] });
    assert.equal(hyperparameters['which_lambda_cv'], 'lambda.min');
    assert.equal(hyperparameters['lambda'], null);
    assert.equal(hyperparameters['ifw'], false);
    assert.equal(config.needsTuning, true);
    assert.equal(config.positiveClass, 'virginica');
    assert.deepEqual(config.outerResampling, {
      type: 'StratSub',
      n_resamples: 3,
      train_p: 0.75,
      stratify_var: null,
      strat_n_bins: 4,
      id_strat: null,
      seed: 2026,
    });
    assert.equal(config.tuner.resampler.type === 'KFold' && config.tuner.resampler.seed, 7);
    assert.equal(config.tuner.metric, 'balanced_accuracy');
    assert.equal(config.execution.backend, 'none');
    assert.equal(config.execution.seed, 42);
    assert.equal(config.verbosity, 1);
    assert.equal(config.weights, null);
    assert.equal(config.decomposition, null);
    assert.deepEqual(config.supplied.tuner, ['resampler_config', 'search_type', 'metric', 'maximize']);
  });
});
