import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition, etagOf, matchesIfNoneMatch, parseRange } from './media.headers.js';
import { findImageVariantBySha256, findLinkedDocumentBySha256, findPublicDocumentBySha256 } from './media.repository.js';
import { OFFICE_MIME_TYPES } from './office-documents.js';
import { contentFiles, isSha256, type FileStorage } from './storage.js';

/** Stored bytes never change under their hash, so browsers and proxies may keep them a year. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** `<sha256>.<ext>`: the only shape a rendition URL has. */
const VARIANT_FILE = /^([0-9a-f]{64})\.(avif|webp|jpg)$/;
const FORMAT_OF_EXTENSION: Record<string, string> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };
const CONTENT_TYPE_OF_FORMAT: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
/** Document types served for download; anything else attached to a publication is not offered. */
const DOCUMENT_TYPES = new Set(['application/pdf', ...OFFICE_MIME_TYPES]);

/**
 * Sets the validators and caching of stored bytes, and tells whether the client already has
 * them (then a 304 is enough, without reading the file). A 404 sent afterwards replaces both.
 */
function notModified(reply: FastifyReply, sha256: string): boolean {
  const etag = etagOf(sha256);
  reply.header('etag', etag).header('cache-control', IMMUTABLE_CACHE).header('accept-ranges', 'bytes');
  return matchesIfNoneMatch(reply.request.headers['if-none-match'], etag);
}

/**
 * Sends stored bytes as a stream from the storage (disk or bucket), whole or the one range
 * asked for: a 200 MB document costs a few buffers of memory, not 200 MB. `size` is the
 * recorded size, so a range is answered without asking the storage first.
 */
async function sendStored(request: FastifyRequest, reply: FastifyReply, storage: FileStorage, sha256: string, size: number, what: string) {
  // If-Range with another validator than ours asks for the whole file (it changed, as far as the client knows).
  const ifRange = request.headers['if-range'];
  const range = ifRange && ifRange !== etagOf(sha256) ? { kind: 'whole' as const } : parseRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
  const opened = await storage.open(sha256, range.kind === 'range' ? range : undefined);
  if (!opened) {
    request.log.warn({ sha256 }, `${what} listed in the database is missing from storage`);
    return reply.callNotFound();
  }
  if (range.kind === 'range') {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${opened.size}`);
    reply.header('content-length', range.end - range.start + 1);
  } else {
    reply.header('content-length', opened.size);
  }
  return reply.send(opened.body);
}

/**
 * Image renditions (`/media/<sha256>.avif|webp|jpg`) and documents (`/files/<sha256>/<name>`)
 * of publications or linked from a published news post or page, straight from the
 * content-addressed storage. Each hash must first be found in the database as something public
 * of that kind; anything else, including
 * a malformed name or a path with `..`, is the ordinary 404 page.
 */
export async function mediaRoutes(app: FastifyInstance): Promise<void> {
  const storage = contentFiles(app.storage);

  app.get<{ Params: { file: string } }>('/media/:file', { config: { public: true } }, async (request, reply) => {
    const match = VARIANT_FILE.exec(request.params.file);
    if (!match) return reply.callNotFound();
    const sha256 = match[1]!;
    const variant = await findImageVariantBySha256(app.db, sha256);
    if (!variant || variant.format !== FORMAT_OF_EXTENSION[match[2]!]) return reply.callNotFound();
    if (notModified(reply, sha256)) return reply.code(304).send();
    reply
      .type(CONTENT_TYPE_OF_FORMAT[variant.format] ?? 'application/octet-stream')
      // Public images may be shown elsewhere (mailings read in webmail, partners' pages);
      // helmet's same-origin default would make browsers refuse them there.
      .header('cross-origin-resource-policy', 'cross-origin');
    return sendStored(request, reply, storage, sha256, variant.size, 'image rendition');
  });

  // The name segment is for people reading the link; the download name comes from the database.
  app.get<{ Params: { sha256: string; name: string } }>(
    '/files/:sha256/:name',
    { config: { public: true } },
    async (request, reply) => {
      const { sha256 } = request.params;
      if (!isSha256(sha256)) return reply.callNotFound();
      const attached = await findPublicDocumentBySha256(app.db, sha256);
      const doc = attached ?? (await findLinkedDocumentBySha256(app.db, sha256));
      if (!doc || !DOCUMENT_TYPES.has(doc.mime)) return reply.callNotFound();
      if (notModified(reply, sha256)) return reply.code(304).send();
      reply
        .type(doc.mime)
        .header('content-disposition', attachmentDisposition(doc.originalName, attached ? `${attached.slug}-${attached.locale}` : 'document'))
        .header('x-content-type-options', 'nosniff');
      return sendStored(request, reply, storage, sha256, doc.size, 'document');
    },
  );
}
