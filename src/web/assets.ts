import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type * as Esbuild from 'esbuild';
import { linkFonts, STYLES_DIR, STYLESHEET_MINIFY } from './stylesheets.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * Fonts the stylesheet may name as `url("font:<file>")`, each an npm package's subset of one
 * script: Noto Sans Khmer for Khmer text, and the headings' display face, Hanuman's Khmer cut
 * beside Source Serif 4's Latin one, bold only.
 */
const FONTS: Record<string, readonly string[]> = {
  '@fontsource/noto-sans-khmer': ['noto-sans-khmer-khmer-400-normal.woff2', 'noto-sans-khmer-khmer-700-normal.woff2'],
  '@fontsource/hanuman': ['hanuman-khmer-700-normal.woff2'],
  '@fontsource/source-serif-4': ['source-serif-4-latin-700-normal.woff2'],
};

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.js': 'text/javascript; charset=utf-8',
};
/** Already-compressed formats gain nothing from brotli or gzip. */
const COMPRESSIBLE = new Set(['.css', '.svg', '.js']);

export interface Asset {
  /** The public URL, with the content hash in the name: safe to cache for a year. */
  url: string;
  contentType: string;
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

let manifest: Map<string, Asset> | undefined;
let byUrl: Map<string, Asset> | undefined;

function hashedUrl(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  return `/assets/${path.basename(name, ext)}.${hash}${ext}`;
}

function makeAsset(name: string, body: Buffer): Asset {
  const ext = path.extname(name);
  const asset: Asset = { url: hashedUrl(name, body), contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', body };
  if (COMPRESSIBLE.has(ext)) {
    asset.br = zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    asset.gzip = zlib.gzipSync(body, { level: 9 });
  }
  return asset;
}

/**
 * Compiled code reads stylesheets the build already minified with esbuild. A source checkout
 * (tests, `npm run dev`) minifies them here with the same options; esbuild is a development
 * dependency, loaded only then, so production never needs it.
 */
const runsFromSources = import.meta.url.endsWith('.ts');

function readStylesheet(file: string): string {
  const source = fs.readFileSync(path.join(STYLES_DIR, file), 'utf8');
  if (!runsFromSources) return source;
  const esbuild = require('esbuild') as typeof Esbuild;
  return esbuild.transformSync(source, { ...STYLESHEET_MINIFY, sourcefile: file }).code;
}

/**
 * Builds every asset once per process: fonts first, so the stylesheets can point at their
 * hashed names; then stylesheets and static files. Everything is held in memory, already
 * compressed, because the whole set is a few hundred kilobytes.
 */
function build(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [pkg, files] of Object.entries(FONTS)) {
    const fontDir = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files');
    for (const file of files) assets.set(file, makeAsset(file, fs.readFileSync(path.join(fontDir, file))));
  }

  for (const file of fs.readdirSync(path.join(here, 'static'))) {
    assets.set(file, makeAsset(file, fs.readFileSync(path.join(here, 'static', file))));
  }
  for (const file of fs.readdirSync(STYLES_DIR).filter((f) => f.endsWith('.css'))) {
    const linked = linkFonts(readStylesheet(file), (font) => assets.get(font)?.url, file);
    assets.set(file, makeAsset(file, Buffer.from(linked)));
  }
  return assets;
}

function ensureBuilt(): Map<string, Asset> {
  if (!manifest) {
    manifest = build();
    byUrl = new Map([...manifest.values()].map((a) => [a.url, a]));
  }
  return manifest;
}

/** The hashed URL of an asset by its source name; an unknown name is a programming error. */
export function assetUrl(name: string): string {
  const asset = ensureBuilt().get(name);
  if (!asset) throw new Error(`Unknown asset: ${name}`);
  return asset.url;
}

export function findAssetByUrl(url: string): Asset | undefined {
  ensureBuilt();
  return byUrl!.get(url);
}

export function findAsset(name: string): Asset | undefined {
  return ensureBuilt().get(name);
}
