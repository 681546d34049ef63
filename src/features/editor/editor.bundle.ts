import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The editor's browser code; `npm run build` bundles it into the same folder under dist/. */
export const EDITOR_CLIENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client');
/** Written by the build beside the bundle: the bundle's hashed file name. */
export const EDITOR_MANIFEST = 'manifest.json';

/** One set of bundling options for the build and for a source checkout's on-demand bundle. */
export function editorBundleOptions(): BuildOptions {
  return {
    entryPoints: [path.join(EDITOR_CLIENT_DIR, 'rich-text-editor.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    logLevel: 'silent',
  };
}
