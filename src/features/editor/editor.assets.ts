import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { h, type ComponentChildren } from 'preact';
import { EDITOR_CLIENT_DIR, EDITOR_MANIFEST, editorBundleOptions } from './editor.bundle.js';
import { IMAGE_PICKER_META, type ImagePickerText } from './image-picker-text.js';

const ONE_YEAR_S = 31_536_000;
const NAME = 'rich-text-editor';

interface Bundle {
  url: string;
  body: Buffer;
}

let bundle: Promise<Bundle> | undefined;

/** The bundle `npm run build` wrote beside the compiled code, if this is compiled code. */
function readBuiltBundle(): Buffer | undefined {
  const manifestFile = path.join(EDITOR_CLIENT_DIR, EDITOR_MANIFEST);
  if (!fs.existsSync(manifestFile)) return undefined;
  const { file } = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { file: string };
  return fs.readFileSync(path.join(EDITOR_CLIENT_DIR, file));
}

/** A source checkout (tests, `npm run dev`) bundles on first use with esbuild, a dev dependency. */
async function bundleFromSource(): Promise<Buffer> {
  const { build } = await import('esbuild');
  const result = await build({ ...editorBundleOptions(), write: false });
  return Buffer.from(result.outputFiles[0]!.contents);
}

/**
 * The rich-text editor, read once and kept in memory under a name carrying its hash, so
 * browsers may cache it for a year. Only admin pages link to it.
 */
export function editorBundle(): Promise<Bundle> {
  bundle ??= (async () => {
    const body = readBuiltBundle() ?? (await bundleFromSource());
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    return { url: `/admin/assets/${NAME}.${hash}.js`, body };
  })().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

/**
 * The editor's script tag, after the texts its image dialog shows (a meta element: the admin's
 * CSP allows no inline script); when the bundle is missing the form still works as plain fields.
 */
export async function editorScriptHead(pickerText: ImagePickerText): Promise<ComponentChildren> {
  try {
    const script = h('script', { type: 'module', src: (await editorBundle()).url });
    return [h('meta', { name: IMAGE_PICKER_META, content: JSON.stringify(pickerText) }), script];
  } catch {
    return null;
  }
}

export async function editorAssetRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/assets/:name', async (request, reply) => {
    const b = await editorBundle();
    if (request.url.split('?')[0] !== b.url) return reply.callNotFound();
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', `private, max-age=${ONE_YEAR_S}, immutable`)
      .send(b.body);
  });
}
