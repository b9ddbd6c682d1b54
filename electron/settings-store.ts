/**
 * Settings held in memory, persisted through a backend (electron-store in the app,
 * a plain object in tests). Loads through the migrations, writes only validated values.
 */
import { migrateSettings, type MigrationOutcome } from './settings-migrations.js';
import { DEFAULT_SETTINGS, settingsPatchSchema, settingsSchema, type Settings } from './settings-schema.js';

export interface SettingsBackend {
  /** Everything the store holds under the settings key; undefined when nothing was saved yet. */
  read(): unknown;
  write(settings: Settings): void;
}

export type SettingsListener = (next: Settings, previous: Settings) => void;

export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<SettingsListener>();
  readonly loadOutcome: MigrationOutcome;

  constructor(private readonly backend: SettingsBackend) {
    this.loadOutcome = migrateSettings(backend.read());
    this.current = this.loadOutcome.settings;
    if (this.loadOutcome.changed) backend.write(this.current);
  }

  get(): Settings {
    return this.current;
  }

  /** Validates the patch (unknown keys and bad values throw a ZodError) and applies it. */
  update(patch: unknown): Settings {
    const parsed = settingsPatchSchema.parse(patch);
    return this.replace(settingsSchema.parse({ ...this.current, ...parsed }));
  }

  reset(): Settings {
    return this.replace(DEFAULT_SETTINGS);
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private replace(next: Settings): Settings {
    const previous = this.current;
    this.current = next;
    this.backend.write(next);
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }
}
