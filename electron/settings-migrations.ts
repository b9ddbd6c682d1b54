/**
 * Brings whatever the settings file holds up to the current settings version.
 *
 * Steps run in version order (a step at key N turns a version-N object into version N+1).
 * After the steps, each field is validated on its own: a field that does not validate
 * (hand edits, a file written by a newer app after a downgrade) falls back to its default
 * instead of discarding the whole file.
 */
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  settingsFieldsSchema,
  type Settings,
  type SettingsFields,
} from './settings-schema.js';

export type SettingsMigration = (data: Record<string, unknown>) => Record<string, unknown>;

/** Version 1 is the first released layout; a step is added here whenever SETTINGS_VERSION grows. */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {
  // 1 → 2: `workers` may be null (one per core), the new default. Version 1 saved its default of
  // 1 for everyone, so a stored 1 moves to the new default; any other count was chosen and stays.
  1: (data) => ({ ...data, workers: data['workers'] === 1 ? null : data['workers'] }),
};

export interface MigrationOutcome {
  settings: Settings;
  /** Version found on disk; 0 for a file without a version (or no file at all). */
  fromVersion: number;
  /** Fields that were reset to their default because the stored value was invalid. */
  resetFields: string[];
  /** True when the result differs from what was stored, so it should be written back. */
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function migrateSettings(
  stored: unknown,
  migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS,
  targetVersion: number = SETTINGS_VERSION,
  defaults: Settings = DEFAULT_SETTINGS,
): MigrationOutcome {
  const original = isRecord(stored) ? stored : {};
  const storedVersion = original['version'];
  const fromVersion =
    typeof storedVersion === 'number' && Number.isInteger(storedVersion) && storedVersion >= 0 ? storedVersion : 0;

  let data: Record<string, unknown> = { ...original };
  for (let version = fromVersion; version < targetVersion; version += 1) {
    const step = migrations[version];
    if (step) data = step(data);
  }

  const resetFields: string[] = [];
  const fields: Record<string, unknown> = {};
  const shape = settingsFieldsSchema.shape;
  for (const key of Object.keys(shape) as Array<keyof SettingsFields>) {
    if (!(key in data)) {
      fields[key] = defaults[key];
      continue;
    }
    const parsed = shape[key].safeParse(data[key]);
    if (parsed.success) {
      fields[key] = parsed.data;
    } else {
      fields[key] = defaults[key];
      resetFields.push(key);
    }
  }

  const settings = { ...(fields as SettingsFields), version: targetVersion } as Settings;
  const changed = JSON.stringify(sortKeys(settings)) !== JSON.stringify(sortKeys(original));
  return { settings, fromVersion, resetFields, changed };
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]]));
}
