/**
 * The desktop app's persisted settings: one zod schema, one version number. Every read
 * from disk and every write from the status window goes through this schema.
 */
import { z } from 'zod';

export const SETTINGS_VERSION = 2;

/** The smallest storage cap the window accepts (64 MiB): less could not hold a typical data set. */
export const MIN_STATE_BYTES = 64 * 1024 * 1024;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export const originSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin like https://example.org or http://localhost:3000');

// Port range and TTL semantics follow the wire protocol's server options (§10).
export const settingsFieldsSchema = z.object({
  port: z.number().int().min(1024).max(49151),
  extraOrigins: z.array(originSchema).max(32),
  /** Worker processes; null = one per core of the machine (the default). */
  workers: z.number().int().min(1).max(64).nullable(),
  /** null = as many as there are workers (the protocol's default). */
  maxConcurrent: z.number().int().min(1).max(256).nullable(),
  sessionTtl: z.number().int().min(60).max(30 * 86400),
  dataTtl: z.number().int().min(60).max(30 * 86400),
  /** Cap on saved work in bytes; null = half of the free disk space when the server starts. */
  maxStateBytes: z.number().int().min(MIN_STATE_BYTES).nullable(),
  rememberToken: z.boolean(),
  startAtLogin: z.boolean(),
  logLevel: z.enum(LOG_LEVELS),
});

export const settingsSchema = settingsFieldsSchema.extend({ version: z.literal(SETTINGS_VERSION) });

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsFields = z.infer<typeof settingsFieldsSchema>;

/** What the status window may change: any subset of the fields, never the version. */
export const settingsPatchSchema = settingsFieldsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: SETTINGS_VERSION,
  port: 5757,
  extraOrigins: [],
  workers: null,
  maxConcurrent: null,
  sessionTtl: 86400,
  dataTtl: 3600,
  maxStateBytes: null,
  rememberToken: false,
  startAtLogin: false,
  logLevel: 'info',
}) as Settings;
