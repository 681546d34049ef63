/**
 * `npm run build`: compiles the server to plain JavaScript in dist/ and bundles the admin's
 * browser code, so production runs `node dist/cli.js` with no TypeScript loader and no build
 * tool installed. Type checking is `npm run typecheck`; this step only transpiles, file by
 * file (no server bundle), so stack traces name the source file they came from.
 *
 * `--if-stale` builds only when a source file is newer than the last build (used by `npm start`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transformSync } from 'esbuild';
import { EDITOR_CLIENT_DIR, EDITOR_MANIFEST, editorBundleOptions } from '../src/features/editor/editor.bundle.ts';
import { BUILT_MAP_FILE, writeBuiltProvinceMap } from '../src/features/hrd-statistics/map/province-shapes.ts';
import { STYLES_DIR, STYLESHEET_MINIFY } from '../src/web/stylesheets.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
/** Besides src/, a change to these means the output may differ. */
const BUILD_INPUTS = ['package-lock.json', 'scripts/build.ts'];

const isTypeScript = (file: string) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts');
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
/** Browser code lives in client/ folders and reaches the browser only through the bundle. */
const isBrowserCode = (file: string) => file.split(path.sep).includes('client');
/** Folder notes stay with the sources. */
const isNote = (file: string) => path.basename(file) === 'README.md';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function newestSourceMtimeMs(sources: string[]): number {
  const inputs = [...sources, ...BUILD_INPUTS.map((f) => path.join(ROOT, f))];
  return Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
}

function isUpToDate(sources: string[]): boolean {
  try {
    return fs.statSync(STAMP).mtimeMs >= newestSourceMtimeMs(sources);
  } catch {
    return false;
  }
}

async function compileServer(sources: string[]): Promise<void> {
  await build({
    entryPoints: sources.filter((f) => isTypeScript(f) && !isTest(f) && !isBrowserCode(f)),
    outdir: DIST,
    outbase: SRC,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const isStylesheet = (file: string) => path.dirname(file) === STYLES_DIR && file.endsWith('.css');

/**
 * Data files the server reads beside its modules (stylesheets, icons, map, gazetteer).
 * Stylesheets are minified here, so the compiled server serves them without esbuild.
 */
function copyDataFiles(sources: string[]): number {
  const data = sources.filter((f) => !isTypeScript(f) && !isNote(f) && !isBrowserCode(f));
  for (const file of data) {
    const target = path.join(DIST, path.relative(SRC, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (isStylesheet(file)) {
      const css = transformSync(fs.readFileSync(file, 'utf8'), { ...STYLESHEET_MINIFY, sourcefile: path.basename(file) }).code;
      fs.writeFileSync(target, css);
    } else {
      fs.copyFileSync(file, target);
    }
  }
  return data.length;
}

async function bundleEditor(): Promise<string> {
  const outDir = path.join(DIST, path.relative(SRC, EDITOR_CLIENT_DIR));
  const result = await build({ ...editorBundleOptions(), write: false, entryNames: '[name].[hash]', outdir: outDir, metafile: true });
  const file = result.outputFiles[0]!;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(file.path, file.contents);
  fs.writeFileSync(path.join(outDir, EDITOR_MANIFEST), `${JSON.stringify({ file: path.basename(file.path) })}\n`);
  return path.basename(file.path);
}

async function main(): Promise<void> {
  const sources = walk(SRC);
  if (process.argv.includes('--if-stale') && isUpToDate(sources)) return;
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  await compileServer(sources);
  const copied = copyDataFiles(sources);
  // The portal's map, simplified here rather than on the first request after every start.
  writeBuiltProvinceMap(path.join(DIST, path.relative(SRC, BUILT_MAP_FILE)));
  const editor = await bundleEditor();
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.log(`Built dist/ in ${Date.now() - started} ms (${copied} data files, editor bundle ${editor}).`);
}

await main();
