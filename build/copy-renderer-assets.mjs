// Copies the status page's static files next to its compiled scripts (dist/renderer/).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'styles.css']) copyFileSync(path.join(root, 'renderer', file), path.join(out, file));
