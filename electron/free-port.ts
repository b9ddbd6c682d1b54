/** Finds the next port the server could bind, to offer it when the chosen one is taken. */
import { createServer } from 'node:net';

export const MAX_PORT = 49151;

export function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export async function findFreePort(from: number, host = '127.0.0.1', maxTries = 50): Promise<number | null> {
  for (let port = from; port <= Math.min(MAX_PORT, from + maxTries - 1); port += 1) {
    if (await canListen(port, host)) return port;
  }
  return null;
}
