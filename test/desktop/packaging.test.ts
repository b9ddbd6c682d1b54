import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { trayIconFor } from '../../electron/tray-menu-model.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILD = path.join(REPO_ROOT, 'build');

interface BuilderConfig {
  appId: string;
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  nsis: { perMachine: boolean; oneClick: boolean };
}

const config = parse(readFileSync(path.join(BUILD, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function icoSizes(file: string): number[] {
  const bytes = readFileSync(file);
  assert.equal(bytes.readUInt16LE(2), 1, `${file} is an icon resource`);
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => bytes[6 + i * 16] || 256);
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '.*');
  return new RegExp(`^${pattern}$`);
}

function packaged(file: string): boolean {
  const include = config.files.filter((entry) => !entry.startsWith('!')).map(globToRegExp);
  const exclude = config.files.filter((entry) => entry.startsWith('!')).map((entry) => globToRegExp(entry.slice(1)));
  return include.some((re) => re.test(file)) && !exclude.some((re) => re.test(file));
}

describe('packaging', () => {
  it('targets: Linux AppImage + deb, macOS dmg + zip, Windows per-user NSIS', () => {
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg', 'zip']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.equal(config.nsis.perMachine, false);
  });

  it('the package holds the main entry, preload, status page and server core, not tests', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    for (const file of [pkg.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/app.js', 'dist/src/jobs/job-worker.js', 'package.json']) {
      assert.ok(packaged(file), `${file} is packaged`);
    }
    for (const file of ['dist/test/desktop/settings.test.js', 'dist/electron/main.js.map', 'electron/main.ts']) {
      assert.equal(packaged(file), false, `${file} is not packaged`);
    }
    assert.ok(existsSync(path.join(REPO_ROOT, 'dist/electron/preload.cjs')), 'the preload compiles to CommonJS');
    assert.match(pkg.scripts['dist'] ?? '', /electron-builder --config build\/electron-builder\.yml/);
  });

  it('app icons: a 512 px PNG and a Windows .ico up to 256 px', () => {
    assert.deepEqual(pngSize(path.join(BUILD, config.linux.icon.replace(/^build\//, ''))), { width: 512, height: 512 });
    assert.equal(config.mac.icon, config.linux.icon);
    assert.ok(icoSizes(path.join(BUILD, config.win.icon.replace(/^build\//, ''))).includes(256));
  });

  it('every tray icon the app asks for ships as an extra resource', () => {
    const trayResource = config.extraResources.find((entry) => entry.to === 'tray');
    assert.ok(trayResource);
    const shipped = readdirSync(path.join(REPO_ROOT, trayResource.from));
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      assert.ok(shipped.includes(trayIconFor(platform).file), platform);
    }
    assert.ok(shipped.includes('trayTemplate@2x.png'), 'a Retina variant of the macOS template');
    assert.deepEqual(pngSize(path.join(REPO_ROOT, trayResource.from, 'trayTemplate.png')), { width: 16, height: 16 });
    assert.deepEqual(pngSize(path.join(REPO_ROOT, trayResource.from, 'trayTemplate@2x.png')), { width: 32, height: 32 });
  });

  it('bufferutil (faster WebSocket masking) is optional, loads from its prebuilt N-API binaries, and is unpacked from the asar', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> };
    assert.ok(pkg.optionalDependencies?.['bufferutil'], 'an optional dependency: the server works without it');
    const require = createRequire(import.meta.url);
    const bufferutil = require('bufferutil') as { mask: unknown; unmask: unknown };
    assert.equal(typeof bufferutil.mask, 'function');
    const prebuilds = readdirSync(path.join(path.dirname(require.resolve('bufferutil/package.json')), 'prebuilds'));
    for (const platform of ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64']) assert.ok(prebuilds.includes(platform), `prebuilt for ${platform}`);
    assert.ok(config.asarUnpack.includes('**/*.node'));
  });

  it('nothing under src/ imports electron', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts') && /from\s+['"]electron['"]|require\(['"]electron['"]\)/.test(readFileSync(file, 'utf8'))) offenders.push(file);
      }
    };
    walk(path.join(REPO_ROOT, 'src'));
    assert.deepEqual(offenders, []);
  });
});
