// Assembles the status page in dist/renderer/: its static files plus its compiled scripts.
// The renderer compiles into a staging folder (dist/.renderer-tsc, see renderer/tsconfig.json)
// because its type-only imports pull electron/ and src/ files into its program, and those
// must not overwrite the main build's output.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');
const compiled = path.join(root, 'dist', '.renderer-tsc', 'renderer');
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'styles.css']) copyFileSync(path.join(root, 'renderer', file), path.join(out, file));
for (const file of readdirSync(compiled).filter((name) => name.endsWith('.js'))) {
  copyFileSync(path.join(compiled, file), path.join(out, file));
}
