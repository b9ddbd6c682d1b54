// Draws the app and tray icons (PNG, ICO, macOS template images) into build/ with no
// image tooling: shapes are rasterised with 4×4 supersampling and encoded with zlib.
// Run: node build/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEAL = [0x0f, 0x6a, 0x66];
const WHITE = [0xff, 0xff, 0xff];
const BLACK = [0, 0, 0];

// --- shapes, in unit coordinates (0..1) -------------------------------------------------
const roundedSquare = (x, y, r) => {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  return dx * dx + dy * dy <= r * r;
};
const ring = (x, y, cx, cy, outer, inner) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= outer && d >= inner;
};
const disc = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) <= r;
/** The glyph: a ring (the local server) with a node on it (a connected browser). */
const glyph = (x, y) => ring(x, y, 0.5, 0.5, 0.34, 0.22) || disc(x, y, 0.77, 0.27, 0.11) || disc(x, y, 0.5, 0.5, 0.08);

// --- rasteriser --------------------------------------------------------------------------
function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy += 1) {
        for (let sx = 0; sx < ss; sx += 1) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let colour = null;
          for (const layer of layers) if (layer.inside(x, y)) colour = layer.colour;
          if (colour) { r += colour[0]; g += colour[1]; b += colour[2]; a += 1; }
        }
      }
      const i = (py * size + px) * 4;
      const n = ss * ss;
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

// --- encoders ----------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** ICO with PNG-encoded entries (supported since Windows Vista). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + images.length * 16;
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

// --- the icons ---------------------------------------------------------------------------
const appLayers = [
  { inside: (x, y) => roundedSquare(x, y, 0.2), colour: TEAL },
  { inside: (x, y) => roundedSquare(x, y, 0.2) && glyph((x - 0.5) / 0.8 + 0.5, (y - 0.5) / 0.8 + 0.5), colour: WHITE },
];
const trayLayers = [
  { inside: (x, y) => disc(x, y, 0.5, 0.5, 0.5), colour: TEAL },
  { inside: (x, y) => glyph((x - 0.5) / 0.85 + 0.5, (y - 0.5) / 0.85 + 0.5), colour: WHITE },
];
// macOS template images: black plus alpha only; the menu bar recolours them.
const templateLayers = [{ inside: glyph, colour: BLACK }];

const appPng = (size) => png(size, render(size, appLayers));
const trayDir = path.join(here, 'tray');
mkdirSync(trayDir, { recursive: true });

writeFileSync(path.join(here, 'icon.png'), appPng(512));
writeFileSync(path.join(here, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: appPng(size) }))));
writeFileSync(path.join(trayDir, 'tray.png'), png(32, render(32, trayLayers)));
writeFileSync(path.join(trayDir, 'tray.ico'), ico([16, 24, 32].map((size) => ({ size, data: png(size, render(size, trayLayers)) }))));
writeFileSync(path.join(trayDir, 'trayTemplate.png'), png(16, render(16, templateLayers)));
writeFileSync(path.join(trayDir, 'trayTemplate@2x.png'), png(32, render(32, templateLayers)));
console.log('icons written to', here);
