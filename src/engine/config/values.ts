/**
 * Checks one parameter value against its declared rule (type, bounds, choices, arity) and
 * returns it in canonical form: a vector-valued parameter given one value gets a vector of
 * one. Values arrive already wire-normalised (wire.ts). Messages name the parameter and say
 * what it must be.
 */
import { z } from 'zod';
import type { ParamSpec, ValueRule } from '../catalog/schema-entry.js';
import { ConfigError } from './config-error.js';
import { isSearchSpace, type SearchSpace, type Value } from './types.js';
import { describeJson } from './wire.js';

function scalarSchema(rule: ValueRule): z.ZodType {
  switch (rule.kind) {
    case 'integer':
    case 'number': {
      let schema = rule.kind === 'integer' ? z.number().int() : z.number().finite();
      if (rule.min !== undefined) schema = schema.min(rule.min);
      if (rule.max !== undefined) schema = schema.max(rule.max);
      if (rule.exclusiveMin !== undefined) schema = schema.gt(rule.exclusiveMin);
      if (rule.exclusiveMax !== undefined) schema = schema.lt(rule.exclusiveMax);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'string':
      return rule.enum === undefined ? z.string() : z.enum(rule.enum as [string, ...string[]]);
    case 'object':
    case 'map':
      return z.record(z.string(), z.unknown()).refine((v) => !Array.isArray(v));
  }
}

/** "an integer ≥ 1 and ≤ 30", "one of `a`, `b`", … */
function expectation(rule: ValueRule): string {
  const bounds: string[] = [];
  if (rule.min !== undefined) bounds.push(`≥ ${rule.min}`);
  if (rule.exclusiveMin !== undefined) bounds.push(`> ${rule.exclusiveMin}`);
  if (rule.max !== undefined) bounds.push(`≤ ${rule.max}`);
  if (rule.exclusiveMax !== undefined) bounds.push(`< ${rule.exclusiveMax}`);
  const bounded = bounds.length > 0 ? ` ${bounds.join(' and ')}` : '';
  switch (rule.kind) {
    case 'integer':
      return `an integer${bounded}`;
    case 'number':
      return `a number${bounded}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return rule.enum === undefined ? 'a string' : `one of ${rule.enum.map((c) => `\`${c}\``).join(', ')}`;
    case 'object':
      return 'an object';
    case 'map':
      return 'an object mapping names to values';
  }
}

function fail(label: string, name: string, problem: string): never {
  throw new ConfigError(`${label} \`${name}\` ${problem}`);
}

/** `element` is true for one element of a vector. */
function checkScalar(rule: ValueRule, value: unknown, label: string, name: string, element: boolean): void {
  if (!scalarSchema(rule).safeParse(value).success) {
    const subject = element ? 'elements must each be' : 'must be';
    fail(label, name, `${subject} ${expectation(rule)}; got ${describeJson(value)}.`);
  }
}

function checkVector(rule: ValueRule, value: unknown, label: string, name: string): Value {
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (Array.isArray(item)) fail(label, name, `must be a vector of values, not a list of vectors.`);
    checkScalar(rule, item, label, name, true);
  }
  if (rule.minItems !== undefined && items.length < rule.minItems) {
    fail(label, name, `must have at least ${rule.minItems} element${rule.minItems === 1 ? '' : 's'}.`);
  }
  if (rule.uniqueItems === true && new Set(items).size !== items.length) {
    fail(label, name, 'must not repeat values.');
  }
  return items as Value;
}

/** An object's keys against `rule.properties`: no unknown key, each value by its rule. */
function checkProperties(rule: ValueRule, value: Record<string, unknown>, label: string, name: string): void {
  if (rule.properties === undefined) return;
  const allowed = Object.keys(rule.properties);
  for (const [key, item] of Object.entries(value)) {
    const itemRule = rule.properties[key];
    if (itemRule === undefined) {
      const list = allowed.length > 0 ? allowed.map((k) => `\`${k}\``).join(', ') : 'none';
      fail(label, name, `has unknown key \`${key}\`; allowed keys: ${list}.`);
    }
    checkScalar(itemRule, item, label, `${name}$${key}`, false);
  }
}

function checkPlainValue(spec: ParamSpec, value: unknown, label: string): Value {
  const { rule, name } = spec;
  if (value === null) {
    if (rule.nullable === true) return null;
    fail(label, name, `must not be null; it must be ${expectation(rule)}.`);
  }
  // An empty R list serialises as `[]`: an object with no keys.
  if (rule.kind === 'object' && Array.isArray(value) && value.length === 0) return [];
  if (rule.container === undefined) {
    if (Array.isArray(value)) {
      const hint = spec.tunable
        ? ` To search over them, write {"candidates": ${describeJson(value)}}; a bare array is a value, not a search space.`
        : '';
      const taker = label.endsWith('hyperparameter') ? 'a hyperparameter' : 'it';
      fail(label, name, `was given ${value.length} values, but ${taker} takes one.${hint}`);
    }
    checkScalar(rule, value, label, name, false);
    if (rule.kind === 'object') checkProperties(rule, value as Record<string, unknown>, label, name);
    return value as Value;
  }
  if (rule.container === 'array') return checkVector(rule, value, label, name);
  const listOfVectors = Array.isArray(value) && value.some(Array.isArray);
  if (rule.container === 'nested' || listOfVectors) {
    if (!Array.isArray(value)) fail(label, name, 'must be a list of vectors.');
    const vectors = value.map((item) => checkVector({ ...rule, minItems: 1 }, item, label, name));
    if (rule.minItems !== undefined && vectors.length < rule.minItems) {
      fail(label, name, `must hold at least ${rule.minItems} vector${rule.minItems === 1 ? '' : 's'}.`);
    }
    return vectors as Value;
  }
  return checkVector(rule, value, label, name);
}

/** Refuses a valid value the engine does not implement (spec.supported). */
function checkSupported(spec: ParamSpec, value: Value, label: string): Value {
  const { supported } = spec;
  if (supported === undefined) return value;
  const scalars = (Array.isArray(value) ? value.flat() : [value]) as (string | number | boolean | null)[];
  const refused = scalars.find((scalar) => !supported.includes(scalar));
  if (refused !== undefined) {
    const list = supported.map((v) => describeJson(v)).join(', ');
    fail(label, spec.name, `= ${describeJson(refused)} is not supported by rtemislive; supported: ${list}.`);
  }
  return value;
}

/**
 * Validates one parameter. A tagged `{"candidates": [...]}` is a search space, allowed
 * only for tunable parameters and needing at least two candidates of the parameter's type.
 */
export function checkParam(spec: ParamSpec, value: unknown, label: string): Value | SearchSpace {
  if (isSearchSpace(value) || (typeof value === 'object' && value !== null && 'candidates' in value)) {
    if (!spec.tunable) {
      fail(label, spec.name, 'is not tunable, so it cannot take a search space ({"candidates": [...]}).');
    }
    const extra = Object.keys(value).filter((key) => key !== 'candidates');
    if (extra.length > 0) {
      fail(label, spec.name, `search space has unknown key \`${extra[0]}\`; write {"candidates": [...]}.`);
    }
    const candidates = (value as { candidates: unknown }).candidates;
    if (!Array.isArray(candidates) || candidates.length < 2) {
      fail(label, spec.name, 'search space must hold at least two candidates.');
    }
    return { candidates: candidates.map((candidate) => checkSupported(spec, checkPlainValue(spec, candidate, label), label)) };
  }
  if (spec.rule.kind !== 'object' && spec.rule.kind !== 'map' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    fail(label, spec.name, `must be ${expectation(spec.rule)}; got an object.`);
  }
  return checkSupported(spec, checkPlainValue(spec, value, label), label);
}

/** Validates a non-tunable parameter (config blocks other than hyperparameters). */
export function checkSetting(spec: ParamSpec, value: unknown, label: string): Value {
  const checked = checkParam({ ...spec, tunable: false }, value, label);
  return checked as Value;
}

/**
 * Builds a complete block from its parameter specs: every parameter present, user values
 * checked, the rest at their defaults. Unknown keys must have been rejected by the caller.
 */
export function fillBlock(
  specs: readonly ParamSpec[],
  given: Record<string, unknown>,
  label: string,
  check: (spec: ParamSpec, value: unknown, label: string) => Value | SearchSpace = checkSetting,
): Record<string, Value | SearchSpace> {
  const out: Record<string, Value | SearchSpace> = {};
  for (const spec of specs) {
    // A null where rtemis fills an expression default (describe shows null) takes the fill, so
    // a client that sends the described defaults back gets what rtemis would run.
    const value = given[spec.name];
    const useDefault = !Object.hasOwn(given, spec.name) || (value === null && spec.fill !== undefined);
    out[spec.name] = useDefault ? structuredClone((spec.fill !== undefined ? spec.fill : spec.default) as Value) : check(spec, value, label);
  }
  return out;
}
