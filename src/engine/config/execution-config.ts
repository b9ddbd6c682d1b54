/**
 * Execution config (rtemis-model §3.3, schemas/execution/v1), mapped onto our worker pool:
 * `n_workers` caps the workers one job uses at once (absent: all of the pool, where rtemis
 * takes cores − 3), the per-level counts cap outer folds, grid cells and tree batches
 * running at once, `on_error` decides what a failed fold or cell does. `seed` is the run's
 * master seed. `backend`, `future_plan`, `warm_workers` and `shared_memory` are echoed.
 */
import type { ParamSpec } from '../catalog/schema-entry.js';
import { ConfigError } from './config-error.js';
import type { ExecutionConfig } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkSetting } from './values.js';
import type { WireObject } from './wire.js';

const LABEL = 'execution config';
const optionalWorkers = { kind: 'integer', nullable: true, min: 1 } as const;

/** Schema-derived rules; `n_workers` absent = null, resolved when the job starts (the pool's size). */
const EXECUTION_PARAMETERS: readonly ParamSpec[] = [
  { name: 'backend', type: 'character', default: 'future', tunable: false, rule: { kind: 'string', enum: ['future', 'mirai', 'none'] } },
  { name: 'n_workers', type: 'integer', default: 1, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'n_workers_outer', type: 'null', default: null, tunable: false, rule: optionalWorkers },
  { name: 'n_workers_tuning', type: 'null', default: null, tunable: false, rule: optionalWorkers },
  { name: 'n_workers_algorithm', type: 'null', default: null, tunable: false, rule: optionalWorkers },
  { name: 'warm_workers', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'future_plan', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  {
    name: 'on_error',
    type: 'character',
    default: 'continue',
    tunable: false,
    rule: { kind: 'string', enum: ['continue', 'stop', 'stop_outer'] },
  },
  { name: 'seed', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 0 } },
  {
    name: 'shared_memory',
    type: 'character',
    default: 'auto',
    tunable: false,
    rule: { kind: 'string', enum: ['none', 'auto', 'always'] },
  },
];

export function buildExecutionConfig(block: WireObject | null): ExecutionConfig {
  const given = block ?? {};
  rejectUnknownKeys(
    given,
    EXECUTION_PARAMETERS.map((p) => p.name),
    LABEL,
  );
  const values: Record<string, unknown> = {};
  for (const spec of EXECUTION_PARAMETERS) {
    values[spec.name] = Object.hasOwn(given, spec.name) ? checkSetting(spec, given[spec.name], LABEL) : spec.default;
  }
  if (!Object.hasOwn(given, 'n_workers')) {
    values['n_workers'] = values['backend'] === 'none' ? 1 : null;
  } else if (values['backend'] === 'none' && values['n_workers'] !== 1) {
    throw new ConfigError(`${LABEL} \`n_workers\` must be 1 when \`backend\` is "none".`);
  }
  return values as unknown as ExecutionConfig;
}
