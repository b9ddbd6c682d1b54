/** Starts a real server on a free loopback port for a test. */
import { createServer } from 'node:net';
import { resolveServerOptions, type ServerOptionsInput } from '../../src/server/options.js';
import { RtemisliveServer } from '../../src/server/server.js';

export const TEST_TOKEN = 'test-toke-nnnn-9999';

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    if (port >= 1024 && port <= 49151) return port;
  }
}

export interface RunningServer {
  server: RtemisliveServer;
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

export async function startServer(options: Partial<ServerOptionsInput> = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const server = new RtemisliveServer(resolveServerOptions({ token: TEST_TOKEN, ...options, port }, {}));
  await server.start();
  return { server, url: `ws://127.0.0.1:${port}/`, port, token: server.token, stop: () => server.stop() };
}
