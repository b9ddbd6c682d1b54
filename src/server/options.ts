/** Server options (§10): one zod schema, the reference's defaults, startup validation. */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { generateToken } from './token.js';

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;
export const DEFAULT_PORT = 5757;
export const DEFAULT_ORIGINS = ['https://live.rtemis.org', 'http://localhost:3000', 'http://127.0.0.1:3000'];

/** Raised for an invalid option at startup; the message is meant for the user. */
export class OptionsError extends Error {}

const positiveInteger = (name: string) =>
  z.number({ error: `\`${name}\` must be a positive integer.` }).int(`\`${name}\` must be a positive integer.`).min(1, `\`${name}\` must be a positive integer.`);
const nonNegativeSeconds = (name: string) =>
  z.number({ error: `\`${name}\` must be a non-negative number of seconds.` }).min(0, `\`${name}\` must be a non-negative number of seconds.`);

export const serverOptionsInputSchema = z
  .object({
    port: z
      .number({ error: '`port` must be an integer.' })
      .int('`port` must be an integer.')
      .min(1024, '`port` must be between 1024 and 49151.')
      .max(49151, '`port` must be between 1024 and 49151.'),
    host: z.enum(LOOPBACK_HOSTS, { error: '`host` must be a loopback address (127.0.0.1, localhost or ::1).' }),
    token: z.string({ error: '`token` must be a non-empty string.' }).min(1, '`token` must be a non-empty string.'),
    origins: z
      .array(
        z
          .string({ error: '`origins` must be a list of character strings (no NA).' })
          .transform((origin) => origin.trim().replace(/\/+$/, ''))
          .refine((origin) => origin.length > 0, '`origins` must not contain empty strings.'),
        { error: '`origins` must be a list of character strings.' },
      )
      .min(1, '`origins` must not be empty.'),
    workers: positiveInteger('workers'),
    maxConcurrent: positiveInteger('max_concurrent'),
    maxSessions: positiveInteger('max_sessions'),
    sessionTtl: nonNegativeSeconds('session_ttl'),
    dataTtl: nonNegativeSeconds('data_ttl'),
    gcInterval: z.number({ error: '`gc_interval` must be a positive number of seconds.' }).positive('`gc_interval` must be a positive number of seconds.'),
    heartbeatInterval: nonNegativeSeconds('heartbeat_interval'),
    tickMs: positiveInteger('tick_ms'),
    verbosity: z.number({ error: '`verbosity` must be an integer.' }).int('`verbosity` must be an integer.').min(0, '`verbosity` must be ≥ 0.'),
    authTimeout: z.number({ error: '`auth_timeout` must be a positive number of seconds.' }).positive('`auth_timeout` must be a positive number of seconds.'),
    /** Where sessions, data and results are saved; null keeps everything in memory only. */
    stateDir: z.string({ error: '`state_dir` must be a path.' }).min(1, '`state_dir` must be a path.').nullable(),
    /** Cap on the saved state's size; null = half of the free disk space at start-up. */
    maxStateBytes: z
      .number({ error: '`max_state_bytes` must be a positive number of bytes.' })
      .int('`max_state_bytes` must be a whole number of bytes.')
      .positive('`max_state_bytes` must be a positive number of bytes.')
      .nullable(),
  })
  .strict();

export type ServerOptionsInput = z.input<typeof serverOptionsInputSchema>;
export type ServerOptions = z.output<typeof serverOptionsInputSchema>;

/** Applies defaults (port from `RTEMISLIVE_PORT` when not given) and validates. Throws OptionsError. */
export function resolveServerOptions(input: Partial<ServerOptionsInput>, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  // One worker per core: a job spreads its folds, grid cells and trees over all of them.
  const workers = input.workers ?? availableParallelism();
  const candidate = {
    port: input.port ?? portFromEnvironment(env),
    host: input.host ?? '127.0.0.1',
    token: input.token ?? generateToken(),
    origins: input.origins ?? DEFAULT_ORIGINS,
    workers,
    maxConcurrent: input.maxConcurrent ?? workers,
    maxSessions: input.maxSessions ?? 16,
    sessionTtl: input.sessionTtl ?? 86_400,
    dataTtl: input.dataTtl ?? 3_600,
    gcInterval: input.gcInterval ?? 60,
    heartbeatInterval: input.heartbeatInterval ?? 0,
    tickMs: input.tickMs ?? 50,
    verbosity: input.verbosity ?? 1,
    // Generous: the browser may open its socket before the user has pasted the token.
    authTimeout: input.authTimeout ?? 600,
    // The server core keeps everything in memory unless told where to save; `serve` passes a folder.
    stateDir: input.stateDir ?? null,
    maxStateBytes: input.maxStateBytes ?? null,
  };
  const parsed = serverOptionsInputSchema.safeParse(candidate);
  if (!parsed.success) throw new OptionsError(parsed.error.issues[0]!.message);
  return parsed.data;
}

function portFromEnvironment(env: NodeJS.ProcessEnv): number {
  const raw = env.RTEMISLIVE_PORT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_PORT;
  if (!/^\s*\d+\s*$/.test(raw)) throw new OptionsError(`\`RTEMISLIVE_PORT\` must be an integer (got '${raw}').`);
  return Number(raw);
}
