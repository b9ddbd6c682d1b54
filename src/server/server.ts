/**
 * The rtemislive server core: transport, sessions, data, jobs and the background
 * loop, runnable under plain Node (CLI, tests) or inside Electron's main process.
 */
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { KIND_COLORS } from '../engine/catalog/kind-colors.js';
import { JobManager } from '../jobs/job-manager.js';
import { event } from '../protocol/envelope.js';
import { forkSpawner } from '../pool/fork-adapter.js';
import { WorkerPool } from '../pool/worker-pool.js';
import type { WorkerSpawner } from '../pool/worker-process.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../version.js';
import { BackgroundLoop } from './background-loop.js';
import { Connection } from './connection.js';
import { dispatchFrame, replyMalformed } from './dispatcher.js';
import type { ServerOptions } from './options.js';
import { silentLogger, type DirectoryChooser, type Logger } from './services.js';
import { ServerContext } from './server-context.js';
import { ServerPersistence } from '../state/server-persistence.js';
import { buildStatus } from './status-snapshot.js';
import type { ServerState, ServerStatus } from './status.js';
import { listen, type Transport } from './transport.js';
import { chooseDirectoryHeadless } from './headless-directory-chooser.js';

export interface ServerServices {
  spawnWorker?: WorkerSpawner;
  /** Free memory in bytes, read when a job starts (default: the machine's). */
  freeMemory?: () => number;
  chooseDirectory?: DirectoryChooser;
  logger?: Logger;
}

const JOB_WORKER_SCRIPT = fileURLToPath(new URL('../jobs/job-worker.js', import.meta.url));
/** Status pushes are coalesced: progress events can arrive hundreds of times a second. */
const STATUS_THROTTLE_MS = 100;

export class RtemisliveServer {
  private readonly context: ServerContext;
  private readonly loop: BackgroundLoop;
  private transport: Transport | null = null;
  private state: ServerState = 'stopped';
  private error: { code: string; message: string } | null = null;
  private readonly statusListeners = new Set<(status: ServerStatus) => void>();
  private statusTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly options: ServerOptions,
    services: ServerServices = {},
  ) {
    const logger = services.logger ?? silentLogger;
    this.context = new ServerContext(options, logger, services.chooseDirectory ?? chooseDirectoryHeadless);
    const pool = new WorkerPool({
      script: JOB_WORKER_SCRIPT,
      spawn: services.spawnWorker ?? forkSpawner,
      maxWorkers: options.workers,
      log: (line) => logger.warn(line),
    });
    this.context.jobs = new JobManager(this.context, pool, services.freeMemory);
    this.loop = new BackgroundLoop(this.context);
    this.context.onChange(() => this.scheduleStatus());
  }

  get token(): string {
    return this.options.token;
  }

  get url(): string {
    const host = this.options.host === '::1' ? '[::1]' : this.options.host;
    return `ws://${host}:${this.options.port}/`;
  }

  /** An instance serves once: after stop(), make a new one to serve again. */
  async start(): Promise<void> {
    if (this.state !== 'stopped' || this.stopped) throw new Error('This server instance has already been started.');
    this.setState('starting', null);
    if (this.options.stateDir !== null) {
      try {
        this.context.persistence = await ServerPersistence.open(this.context, { stateDir: this.options.stateDir, maxStateBytes: this.options.maxStateBytes });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'ESTATE';
        const message = `Could not open the state directory ${this.options.stateDir}: ${(error as Error).message}`;
        this.setState('error', { code, message });
        throw Object.assign(new Error(message), { code });
      }
    }
    try {
      this.transport = await listen(this.options, (socket, stream) => this.accept(socket, stream));
    } catch (error) {
      await this.context.persistence?.close();
      const code = (error as NodeJS.ErrnoException).code ?? 'ESTART';
      const message =
        code === 'EADDRINUSE'
          ? `Port ${this.options.port} on ${this.options.host} is already in use.`
          : `Could not listen on ${this.options.host}:${this.options.port}: ${(error as Error).message}`;
      this.setState('error', { code, message });
      throw Object.assign(new Error(message), { code });
    }
    this.loop.start();
    // Restored queued jobs start once the server is up.
    this.context.jobs.resume();
    this.setState('running', null);
    this.context.logger.info(`Listening on ${this.url}`);
  }

  /** Stops accepting, drops connections, cancels jobs and closes the worker pool. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.setState('stopping', null);
    this.loop.stop();
    try {
      await this.transport?.close();
    } finally {
      this.transport = null;
      // Saved state is closed first (and always: it holds the folder's lock): jobs cancelled by the
      // shutdown stay running/queued on disk, so the next start reports them interrupted or queues them again.
      await this.context.persistence?.close();
      await this.context.jobs.close();
    }
    this.setState('stopped', null);
  }

  status(): ServerStatus {
    return buildStatus(this.context, this.state, this.error, this.url);
  }

  onStatus(listener: (status: ServerStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private accept(socket: WebSocket, stream: Duplex): void {
    const connection = new Connection(socket, stream);
    const { context } = this;
    context.connections.set(connection.id, connection);
    socket.on('close', () => context.disconnect(connection));
    socket.on('error', (error) => context.logger.warn(`Socket error on ${connection.id}: ${error.message}`));
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        replyMalformed(context, connection, 'Malformed frame: text messages are not part of the protocol; send binary frames.');
        return;
      }
      connection.receive(data, (next) =>
        next.kind === 'malformed' ? replyMalformed(context, connection, next.message) : dispatchFrame(context, connection, next.frame),
      );
    });
    const authDeadline = setTimeout(() => {
      if (!connection.authenticated) connection.close(4001, 'Authentication timed out.');
    }, this.options.authTimeout * 1000);
    authDeadline.unref();
    socket.once('close', () => clearTimeout(authDeadline));

    context.sendEvent(
      connection,
      event('ready', {
        v: 1,
        server: 'rtemislive',
        rtemis_version: null,
        kind_colors: KIND_COLORS,
        engine: ENGINE_NAME,
        engine_version: ENGINE_VERSION,
      }),
    );
    context.notifyChange();
  }

  private setState(state: ServerState, error: { code: string; message: string } | null): void {
    this.state = state;
    this.error = error;
    this.publishStatus();
  }

  private scheduleStatus(): void {
    if (this.statusTimer || this.statusListeners.size === 0) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.publishStatus();
    }, STATUS_THROTTLE_MS);
    this.statusTimer.unref();
  }

  private publishStatus(): void {
    if (this.statusListeners.size === 0) return;
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }
}
