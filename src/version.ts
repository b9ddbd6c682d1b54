/** Names and versions this server reports (`ready`, `info`, run records, `/health`). */
import { createRequire } from 'node:module';

const manifest = createRequire(import.meta.url)('../../package.json') as { version: string };

export const SERVER_VERSION: string = manifest.version;
export const ENGINE_NAME = 'rtemislive-engine';
export const ENGINE_VERSION: string = manifest.version;
