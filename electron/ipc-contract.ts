/**
 * The one contract between the status window and the main process: channel names, the
 * zod schema of every call's arguments, the verbs the preload exposes, and the status
 * view pushed to the page. The preload, the main-process handlers and the renderer are
 * all typed against this file, so a renamed channel or verb fails to compile everywhere.
 */
import { z } from 'zod';
import type { JobStatus, SessionStatus } from '../src/server/status.js';
import type { LifecycleError, LifecyclePhase } from './server-lifecycle.js';
import { settingsFieldsSchema, settingsPatchSchema, type Settings, type SettingsPatch } from './settings-schema.js';

export const INVOKE = {
  getStatus: { channel: 'rtemislive:get-status', args: z.tuple([]) },
  copyToken: { channel: 'rtemislive:copy-token', args: z.tuple([]) },
  copyConnectionDetails: { channel: 'rtemislive:copy-connection', args: z.tuple([]) },
  startServer: { channel: 'rtemislive:start-server', args: z.tuple([]) },
  stopServer: { channel: 'rtemislive:stop-server', args: z.tuple([]) },
  usePort: { channel: 'rtemislive:use-port', args: z.tuple([settingsFieldsSchema.shape.port]) },
  regenerateToken: { channel: 'rtemislive:regenerate-token', args: z.tuple([]) },
  updateSettings: { channel: 'rtemislive:update-settings', args: z.tuple([settingsPatchSchema]) },
  resetSettings: { channel: 'rtemislive:reset-settings', args: z.tuple([]) },
  openLogsFolder: { channel: 'rtemislive:open-logs', args: z.tuple([]) },
  openLive: { channel: 'rtemislive:open-live', args: z.tuple([]) },
  clearSavedWork: { channel: 'rtemislive:clear-saved-work', args: z.tuple([]) },
} as const;

/** Main → page: a fresh StatusView after every change. */
export const STATUS_PUSH_CHANNEL = 'rtemislive:status';

export type InvokeVerb = keyof typeof INVOKE;
export type InvokeChannel<V extends InvokeVerb = InvokeVerb> = (typeof INVOKE)[V]['channel'];
export type InvokeArgs<V extends InvokeVerb> = z.infer<(typeof INVOKE)[V]['args']>;

/** Everything the status window shows. Contains the token: it only ever goes to our own page. */
export interface StatusView {
  phase: LifecyclePhase;
  token: string | null;
  /** ws:// URL of the running server, else null. */
  url: string | null;
  /** The port actually bound when running, else the configured one. */
  port: number;
  stateLine: string;
  error: LifecycleError | null;
  /** Last log lines, shown with an error; empty otherwise. */
  logTail: string[];
  restarts: number;
  origins: string[];
  nWorkers: number;
  sessions: SessionStatus[];
  /** Queued, running and cancelling jobs. */
  activeJobs: JobStatus[];
  /** Finished jobs, most recent first. */
  recentJobs: JobStatus[];
  settings: Settings;
  logDir: string;
  /** Where saved work lives and how much room it takes (bytes null while the server is not running). */
  storage: { dir: string | null; bytes: number | null; maxBytes: number | null };
  /** Whether "remember token" can work (the OS keychain is available). */
  canRememberToken: boolean;
}

export type SettingsUpdateResult = { ok: true; settings: Settings } | { ok: false; message: string };

/** `window.rtemislive` in the status window: named verbs only, no generic IPC. */
export interface RtemisliveBridge {
  getStatus(): Promise<StatusView>;
  onStatus(listener: (view: StatusView) => void): () => void;
  copyToken(): Promise<void>;
  copyConnectionDetails(): Promise<void>;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  usePort(port: number): Promise<void>;
  /** Asks for confirmation in a native dialog; resolves to whether the token was replaced. */
  regenerateToken(): Promise<boolean>;
  updateSettings(patch: SettingsPatch): Promise<SettingsUpdateResult>;
  resetSettings(): Promise<void>;
  openLogsFolder(): Promise<void>;
  openLive(): Promise<void>;
  /** Asks for confirmation in a native dialog; resolves to whether saved work was cleared. */
  clearSavedWork(): Promise<boolean>;
}

export type IpcHandlers = {
  [V in InvokeVerb]: (...args: InvokeArgs<V>) => ReturnType<RtemisliveBridge[V]>;
};

export interface IpcSender {
  /** URL of the frame that sent the message. */
  url: string | undefined;
  isMainFrame: boolean;
}

export class IpcRejected extends Error {}

/** Scheme and host the status window is served from (see app-protocol.ts). */
export const APP_SCHEME = 'rtemislive';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only our own page, in its top frame, may call the main process. */
export function isTrustedSender(sender: IpcSender): boolean {
  if (!sender.isMainFrame || sender.url === undefined) return false;
  try {
    const url = new URL(sender.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Routes one invoke to its handler after checking the sender and parsing the arguments;
 * anything else is rejected before a handler runs.
 */
export function createIpcDispatcher(handlers: IpcHandlers, trusted: (sender: IpcSender) => boolean = isTrustedSender) {
  const byChannel = new Map<string, InvokeVerb>(
    (Object.keys(INVOKE) as InvokeVerb[]).map((verb) => [INVOKE[verb].channel, verb]),
  );
  return async function dispatch(channel: string, sender: IpcSender, args: unknown[]): Promise<unknown> {
    const verb = byChannel.get(channel);
    if (verb === undefined) throw new IpcRejected(`unknown channel ${channel}`);
    if (!trusted(sender)) throw new IpcRejected(`untrusted sender for ${channel}`);
    const parsed = INVOKE[verb].args.safeParse(args);
    if (!parsed.success) throw new IpcRejected(`invalid arguments for ${channel}: ${z.prettifyError(parsed.error)}`);
    const handler = handlers[verb] as (...values: unknown[]) => Promise<unknown>;
    return handler(...(parsed.data as unknown[]));
  };
}
