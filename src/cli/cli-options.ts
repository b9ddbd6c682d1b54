/**
 * `rtemislive serve` flags and `_server.yml` fields: the same names (kebab-case; snake_case
 * is accepted in the file), mapped onto server options. Flags override the file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OptionsError, type ServerOptionsInput } from '../server/options.js';
import { defaultStateDirectory } from '../state/state-directory.js';

export const SERVER_CONFIG_FILE = '_server.yml';

const NUMERIC_FLAGS = {
  port: 'port',
  workers: 'workers',
  'max-concurrent': 'maxConcurrent',
  'max-sessions': 'maxSessions',
  'session-ttl': 'sessionTtl',
  'data-ttl': 'dataTtl',
  'gc-interval': 'gcInterval',
  'heartbeat-interval': 'heartbeatInterval',
  'tick-ms': 'tickMs',
  'auth-timeout': 'authTimeout',
  verbosity: 'verbosity',
} as const satisfies Record<string, keyof ServerOptionsInput>;

const STRING_FLAGS = ['host', 'token', 'token-file', 'origins', 'config', 'state-dir', 'max-state-bytes'] as const;
const BOOLEAN_FLAGS = ['no-persist'] as const;

export type ServeFlags = Partial<Record<keyof typeof NUMERIC_FLAGS | (typeof STRING_FLAGS)[number], string>> &
  Partial<Record<(typeof BOOLEAN_FLAGS)[number], boolean>>;

export function parseServeFlags(argv: string[]): ServeFlags {
  const names = [...Object.keys(NUMERIC_FLAGS), ...STRING_FLAGS];
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(BOOLEAN_FLAGS.map((name) => [name, { type: 'boolean' as const }])),
    },
    strict: true,
    allowPositionals: false,
  });
  return values as ServeFlags;
}

/** `engine: rtemislive` must be the file's first field; values are scalars or a list of origins. */
const fileSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

export function readServerConfigFile(path: string): ServeFlags {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OptionsError(`Could not read ${path}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) throw new OptionsError(`${path} must be a mapping of option names to values.`);
  const entries = Object.entries(parsed.data);
  if (entries[0]?.[0] !== 'engine' || entries[0][1] !== 'rtemislive') {
    throw new OptionsError(`${path}: the first field must be \`engine: rtemislive\`.`);
  }
  const known = new Set<string>([...Object.keys(NUMERIC_FLAGS), ...STRING_FLAGS.filter((flag) => flag !== 'config')]);
  const flags: ServeFlags = {};
  for (const [rawKey, value] of entries.slice(1)) {
    const key = rawKey.replaceAll('_', '-');
    if ((BOOLEAN_FLAGS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new OptionsError(`${path}: \`${rawKey}\` must be true or false.`);
      flags[key as (typeof BOOLEAN_FLAGS)[number]] = value;
      continue;
    }
    if (!known.has(key)) throw new OptionsError(`${path}: unknown field \`${rawKey}\`.`);
    const text = Array.isArray(value) ? value.join(',') : String(value);
    // Paths in the file are relative to the file, not to where the server was started.
    (flags as Record<string, string>)[key] = key === 'token-file' || key === 'state-dir' ? resolve(dirname(path), text) : text;
  }
  return flags;
}

/** Turns flag strings into server option input, with messages naming the flag. */
export function toServerOptionsInput(flags: ServeFlags): Partial<ServerOptionsInput> {
  const input: Partial<ServerOptionsInput> = {};
  for (const [flag, option] of Object.entries(NUMERIC_FLAGS)) {
    const raw = flags[flag as keyof typeof NUMERIC_FLAGS];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new OptionsError(`--${flag} must be a number (got '${raw}').`);
    (input as Record<string, number>)[option] = value;
  }
  if (flags.host !== undefined) input.host = flags.host as ServerOptionsInput['host'];
  if (flags.origins !== undefined) input.origins = flags.origins.split(',');
  if (flags.token !== undefined && flags['token-file'] !== undefined) {
    throw new OptionsError('Give either --token or --token-file, not both.');
  }
  if (flags.token !== undefined) input.token = flags.token;
  if (flags['token-file'] !== undefined) input.token = readTokenFile(flags['token-file']);
  if (flags['no-persist'] && flags['state-dir'] !== undefined) throw new OptionsError('Give either --state-dir or --no-persist, not both.');
  // `serve` saves its work unless told not to; the server core alone keeps it in memory.
  input.stateDir = flags['no-persist'] ? null : resolve(flags['state-dir'] ?? defaultStateDirectory());
  if (flags['max-state-bytes'] !== undefined) input.maxStateBytes = parseByteSize(flags['max-state-bytes'], '--max-state-bytes');
  return input;
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes, or a number with K, M, G or T (powers of 1024; `KB`, `KiB` and the like are accepted too). */
export function parseByteSize(raw: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(raw);
  const bytes = match ? Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!) : Number.NaN;
  if (!(bytes > 0)) throw new OptionsError(`${flag} must be a size such as 500M or 20G (got '${raw}').`);
  return bytes;
}

function readTokenFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new OptionsError(`Could not read the token file ${path}: ${(error as Error).message}`);
  }
}
