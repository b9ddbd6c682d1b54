/**
 * A small JSON Schema (2020-12 subset) checker for the rtemis record schemas in
 * test/fixtures/rtemis-reference/schemas: $ref (to those files), type, enum, const,
 * properties, required, additionalProperties, items, minItems, numeric bounds, oneOf,
 * anyOf, allOf and if/then/else. `unevaluatedProperties` is not checked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE } from './fixtures.js';

type Schema = Record<string, unknown> | boolean;
const cache = new Map<string, Schema>();

function load(ref: string): Schema {
  const id = ref.replace('https://schema.rtemis.org/', '');
  let schema = cache.get(id);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(path.join(REFERENCE, 'schemas', id), 'utf8')) as Schema;
    cache.set(id, schema);
  }
  return schema;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Returns the list of violations (empty = valid). */
export function checkSchema(value: unknown, schemaRef: string): string[] {
  return check(value, load(schemaRef), '$');
}

function check(value: unknown, schema: Schema, where: string): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${where}: not allowed`];
  const errors: string[] = [];
  const s = schema;
  if (typeof s.$ref === 'string') errors.push(...check(value, load(s.$ref), where));
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => typeMatches(value, type))) return [...errors, `${where}: expected ${types.join('|')}, got ${typeOf(value)}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${where}: ${JSON.stringify(value)} not in enum`);
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) errors.push(`${where}: expected const ${JSON.stringify(s.const)}`);
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${where}: below minimum`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${where}: above maximum`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) errors.push(`${where}: not above exclusiveMinimum`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) errors.push(`${where}: not below exclusiveMaximum`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${where}: fewer than ${s.minItems} items`);
    if (s.items !== undefined) value.forEach((item, i) => errors.push(...check(item, s.items as Schema, `${where}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required as string[] | undefined) ?? []) if (!(key in object)) errors.push(`${where}: missing required ${key}`);
    for (const [key, member] of Object.entries(object)) {
      if (key in properties) errors.push(...check(member, properties[key]!, `${where}.${key}`));
      else if (s.additionalProperties !== undefined) errors.push(...check(member, s.additionalProperties as Schema, `${where}.${key}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errors.push(...check(value, sub, where));
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => check(value, sub, where).length === 0)) {
    errors.push(`${where}: matches no anyOf branch`);
  }
  if (Array.isArray(s.oneOf)) {
    const results = (s.oneOf as Schema[]).map((sub) => check(value, sub, where));
    const passing = results.filter((result) => result.length === 0).length;
    if (passing !== 1) {
      errors.push(`${where}: matches ${passing} oneOf branches${passing === 0 ? ` (${results.map((r) => r[0]).join(' / ')})` : ''}`);
    }
  }
  if (s.if !== undefined) {
    const branch = check(value, s.if as Schema, where).length === 0 ? s.then : s.else;
    if (branch !== undefined) errors.push(...check(value, branch as Schema, where));
  }
  return errors;
}
