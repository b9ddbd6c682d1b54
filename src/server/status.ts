/**
 * A snapshot of the server for observers that are not wire clients (the desktop
 * status window, the tray). Contains no secrets: the token is handed out separately.
 */
export type ServerState = 'stopped' | 'starting' | 'running' | 'stopping' | 'error';

export interface SessionStatus {
  session_id: string;
  name: string;
  n_connections: number;
  n_data: number;
  n_jobs: number;
}

export interface JobStatus {
  job_id: string;
  session_id: string;
  session_name: string;
  type: 'train' | 'decomp' | 'cluster';
  status: 'queued' | 'running' | 'cancelling' | 'complete' | 'failed' | 'cancelled';
  /** Algorithm name as submitted. */
  algorithm: string;
  stage: string | null;
  fraction: number | null;
  last_message: string | null;
  /** Why a job failed or was cancelled, else null. */
  error: { code: string; message: string } | null;
  submitted_at: string;
  started_at: string | null;
  completed_at: string | null;
  queue_position: number | null;
}

/** One worker process: the jobs it computes for now, and those whose tasks on it wait for their units. */
export interface WorkerStatus {
  pid: number | null;
  running: string[];
  waiting: string[];
}

export interface ServerStatus {
  state: ServerState;
  host: string;
  port: number;
  /** `ws://host:port/` */
  url: string;
  origins: string[];
  /** Why the server is in state `error` (e.g. the port is in use), else null. */
  error: { code: string; message: string } | null;
  n_workers: number;
  /** Worker processes alive now (they start on demand, up to `n_workers`). */
  workers: WorkerStatus[];
  sessions: SessionStatus[];
  jobs: JobStatus[];
  /** Where saved work lives and how much room it takes; null when the server saves nothing. */
  storage: StorageStatus | null;
}

export interface StorageStatus {
  dir: string;
  /** Bytes the saved work takes on disk. */
  bytes: number;
  /** The cap on `bytes`; uploads that would pass it are refused. */
  max_bytes: number;
}
