import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { h, type ComponentChildren } from 'preact';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client', 'rich-text-editor.ts');
const ONE_YEAR_S = 31_536_000;
const NAME = 'rich-text-editor';

interface Bundle {
  url: string;
  body: Buffer;
}

let bundle: Promise<Bundle> | undefined;

/**
 * The rich-text editor, bundled once on first use and kept in memory under a name carrying
 * its hash, so browsers may cache it for a year. Only admin pages link to it.
 */
export function editorBundle(): Promise<Bundle> {
  bundle ??= build({ entryPoints: [ENTRY], bundle: true, write: false, minify: true, format: 'esm', target: 'es2020', logLevel: 'silent' })
    .then((result) => {
      const body = Buffer.from(result.outputFiles[0]!.contents);
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
      return { url: `/admin/assets/${NAME}.${hash}.js`, body };
    })
    .catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
  return bundle;
}

/** The editor's script tag; when the bundle cannot be built the form still works as plain fields. */
export async function editorScriptHead(): Promise<ComponentChildren> {
  try {
    return h('script', { type: 'module', src: (await editorBundle()).url });
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
