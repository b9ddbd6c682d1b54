import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJob } from '../../../src/engine/run/run-job.js';
import { arrowBytes, column, RecordingIo, trainTask, wire } from './fixtures.js';

const twoClass = arrowBytes('iris', { rows: (_, value) => value('Species') !== 'setosa' });
const innerKFold3 = { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 3 } } };

test('tuned single model: tuner object, winners in the hyperparameters, grid cells in the session', async () => {
  const io = new RecordingIo();
  const result = await runJob(
    trainTask(twoClass, { algorithm: 'CART', hyperparameters: { maxdepth: { candidates: [1, 3] } }, tuner_config: innerKFold3 }),
    io,
  );
  const object = wire(result.object);
  const hyperparameters = object.hyperparameters as Record<string, unknown>;
  assert.equal(hyperparameters['.tuned'], 1);
  assert.equal(hyperparameters.tuned, 1);
  assert.ok([1, 3].includes(hyperparameters.maxdepth as number));
  const tuner = object.tuner as Record<string, any>;
  assert.equal(tuner['.class'], 'GridSearch');
  assert.deepEqual(tuner.tuning_results.param_grid, [
    { param_combo_id: 1, maxdepth: 1 },
    { param_combo_id: 2, maxdepth: 3 },
  ]);
  assert.equal(tuner.tuner_config.metric, 'balanced_accuracy');
  assert.equal(tuner.tuner_config.maximize, true);
  assert.equal(tuner.hyperparameters.maxdepth['.class'], 'HyperparameterCandidates');
  // The winner is the combination with the best mean validation balanced accuracy.
  const validation = tuner.tuning_results.validation as { param_combo_id: number; balanced_accuracy: number }[];
  const best = validation.reduce((a, b) => (b.balanced_accuracy > a.balanced_accuracy ? b : a));
  assert.deepEqual(tuner.best_hyperparameters, { maxdepth: best.param_combo_id === 1 ? 1 : 3 });
  assert.match(object.description as string, /Hyperparameter tuning was performed using exhaustive grid search\./);

  const labels = column(result.tables.session, 'label').values as string[];
  assert.deepEqual(labels.slice(0, 3), ['train CART Classification', '  tune', '    grid_cell #1 (resample 1)']);
  assert.equal(labels.filter((label) => label.includes('grid_cell')).length, 6);
  assert.equal(labels[7], '    grid_cell #6 (resample 3)');
  assert.deepEqual(labels.slice(8), ['  train_alg CART', '  predict', '  varimp CART', '  metrics']);

  // The tuning loop is this job's first progress loop, so it drives the fraction.
  const loops = io.events.filter((event) => event.level === 'progress');
  assert.equal(loops[0]!.kind, 'tune');
  assert.equal(loops.at(-1)!.current, 6);
  assert.equal(loops.at(-1)!.total, 6);
  // Each grid cell ran in its own session (train → train_alg → predict → metrics).
  const sessions = new Set(io.events.filter((event) => event.kind === 'train').map((event) => event.session_id));
  assert.equal(sessions.size, 7);
  const record = wire(result.record) as Record<string, any>;
  assert.equal(record.folds[0].hyperparameters.hyperparameters.origin.maxdepth, 'tuned');
  assert.deepEqual(record.folds[0].tuning.best, tuner.best_hyperparameters);
  assert.deepEqual(record.hyperparameters.hyperparameters.maxdepth, { candidates: [1, 3] });
  assert.equal(record.hyperparameters.hyperparameters.origin.maxdepth, 'user');
});

test('tuned resampled run: search space in the summary, winners per fold in the record', async () => {
  const result = await runJob(
    trainTask(twoClass, {
      algorithm: 'CART',
      hyperparameters: { maxdepth: { candidates: [1, 2] }, minsplit: { candidates: [2, 20] } },
      tuner_config: { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 2 }, search_type: 'randomized', randomize_p: 0.5 } },
      outer_resampling_config: { type: 'StratSub', n_resamples: 2, train_p: 0.75 },
    }),
    new RecordingIo(),
  );
  const object = wire(result.object) as Record<string, any>;
  assert.equal(object.hyperparameters.tuned, 0);
  assert.equal(object.hyperparameters.resampled, 1);
  assert.equal(object.hyperparameters.maxdepth['.class'], 'HyperparameterCandidates');
  assert.equal(object.tuner_config['.class'], 'GridSearchConfig');
  assert.equal(object.tuner, undefined);
  assert.match(object.description, /randomized grid search\. Mean balanced accuracy was .* across 2 stratified subsamples\.$/);
  const record = wire(result.record) as Record<string, any>;
  assert.equal(record.folds.length, 2);
  for (const fold of record.folds) {
    // Randomized: round(0.5 × 4) = 2 of the 4 combinations.
    assert.equal(fold.tuning.param_grid.length, 2);
    assert.ok([1, 2].includes(fold.hyperparameters.hyperparameters.maxdepth));
  }
  const labels = column(result.tables.session, 'label').values as string[];
  assert.equal(labels.filter((label) => label.includes('grid_cell')).length, 8);
  assert.ok(labels.includes('    tune #1'));
});

test('LightGBM without force_nrounds tunes nrounds by early stopping on the inner resamples', async () => {
  const result = await runJob(
    trainTask(twoClass, { algorithm: 'LightGBM', hyperparameters: { max_nrounds: 60, learning_rate: 0.1 }, tuner_config: innerKFold3 }),
    new RecordingIo(),
  );
  const tuner = wire(result.object).tuner as Record<string, any>;
  const rounds = tuner.tuning_results.param_grid[0].nrounds as number;
  assert.ok(Number.isInteger(rounds) && rounds >= 1 && rounds <= 60, `nrounds ${rounds}`);
  assert.equal(tuner.best_hyperparameters.nrounds, rounds);
});
