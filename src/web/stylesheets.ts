import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransformOptions } from 'esbuild';

/** The site's stylesheets; `npm run build` writes them minified into the same folder under dist/. */
export const STYLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'styles');

/**
 * One set of esbuild options for the build and for a source checkout's stylesheets. No target:
 * nothing is lowered or raised, so the minified sheet asks of a browser what its source asks.
 */
export const STYLESHEET_MINIFY: TransformOptions = { loader: 'css', minify: true, logLevel: 'silent' };

/** `url("font:<file>")` as written, or as the minifier may leave it (without quotes). */
const FONT_URL = /url\(\s*"?font:([^")\s]+)"?\s*\)/g;

/** Points the stylesheet's font references at their hashed URLs. */
export function linkFonts(css: string, fontUrl: (file: string) => string | undefined, sheet: string): string {
  return css.replace(FONT_URL, (_, font: string) => {
    const url = fontUrl(font);
    if (!url) throw new Error(`${sheet} names an unknown font: ${font}`);
    return `url("${url}")`;
  });
}
