/**
 * HTTP + WebSocket transport (§1): loopback only, requests checked for Host and
 * Origin before the upgrade (refused with 403, B.20), `GET /health` for browsers
 * that want to know whether a server is there.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../protocol/frame.js';
import { SERVER_VERSION } from '../version.js';
import type { ServerOptions } from './options.js';
import { hostAllowed, originAllowed } from './request-guard.js';

export interface Transport {
  readonly port: number;
  close(): Promise<void>;
}

/** `onSocket` also gets the connection's TCP stream, to batch writes (Connection.send). */
export async function listen(options: ServerOptions, onSocket: (socket: WebSocket, stream: Duplex) => void): Promise<Transport> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const http: Server = createServer((request, response) => answerHttp(options, request, response));
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(options, request);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => onSocket(webSocket, socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  return {
    port: options.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function refuseUpgrade(options: ServerOptions, request: IncomingMessage): string | null {
  if (!hostAllowed(request.headers, options.port)) return '403 Forbidden';
  if (!originAllowed(request.headers, options.origins)) return '403 Forbidden';
  if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/') return '404 Not Found';
  return null;
}

function answerHttp(options: ServerOptions, request: IncomingMessage, response: ServerResponse): void {
  if (!hostAllowed(request.headers, options.port)) return void response.writeHead(403).end();
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== '/health') return void response.writeHead(404).end();

  // Let allowed pages read the answer, including Chrome's private-network preflight.
  const origin = request.headers.origin;
  if (typeof origin === 'string' && options.origins.includes(origin)) {
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    response.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  if (request.method === 'OPTIONS') return void response.writeHead(204).end();
  if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
  const body = JSON.stringify({ server: 'rtemislive', version: SERVER_VERSION, protocol: 1, status: 'ok' });
  response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
}
