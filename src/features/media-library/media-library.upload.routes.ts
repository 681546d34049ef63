import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStorageFailure, storageFailureStatus } from '../../web/storage-errors.js';
import type { AltText } from '../media/images.js';
import { contentFiles } from '../media/storage.js';
import { denyAccess } from '../site-settings/deny.js';
import { mediaLibraryMessages } from './media-library.messages.js';
import { can } from './media-library.policy.js';
import { ingestUpload, type UploadOutcome } from './media-upload.js';
import type { UploadKind } from './upload-check.js';

/** The longest alt text kept, as on a file's page in the library. */
const MAX_ALT_CHARS = 500;

const uploadQuery = z.object({ accept: z.enum(['image', 'document']) });

/** What the item form's upload control is answered: the file to select, or why there is none. */
export type FieldUploadAnswer =
  | { ok: true; id: number; label: string; kind: UploadKind; message: string }
  | { ok: false; message: string };

/**
 * One file uploaded from an item's form (a cover, a document) by the editor script, which shows
 * its progress and then selects the new file in the field's picker. The file goes through the
 * same checks and storage as the library's form; the CSRF token comes in the `x-csrf-token`
 * header, since the multipart body is read only after the check. Fields before the file may
 * carry a new image's alt texts (`alt_<locale>`). Errors are answered in the editor's language.
 */
export async function mediaFieldUploadRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const storage = contentFiles(app.storage);

  app.post('/admin/media/upload.json', { schema: { querystring: uploadQuery } }, async (request, reply) => {
    if (!can(request.user, 'upload')) return denyAccess(request, reply, 'file', 'upload');
    const user = request.user!;
    const t = mediaLibraryMessages[user.locale];
    const answer = (status: number, body: FieldUploadAnswer) => reply.code(status).header('cache-control', 'no-store').send(body);
    if (!request.isMultipart()) return answer(400, { ok: false, message: t.noFiles });
    const altTexts: AltText[] = [];
    let outcome: UploadOutcome | undefined;
    let current = '';
    try {
      for await (const part of request.parts() as AsyncIterableIterator<Multipart>) {
        if (part.type === 'field') {
          const locale = /^alt_(.+)$/.exec(part.fieldname)?.[1];
          const text = typeof part.value === 'string' ? part.value.trim().slice(0, MAX_ALT_CHARS) : '';
          if (locale && app.config.locales.includes(locale as never) && text) altTexts.push({ locale, alt: text });
          continue;
        }
        current = part.filename;
        // One file per request: anything after it is drained unread.
        if (outcome || !part.filename) {
          part.file.resume();
          continue;
        }
        const bytes = await part.toBuffer();
        outcome = await ingestUpload(app.db, storage, `user:${user.id}`, part.filename, bytes, { expect: request.query.accept, altTexts });
      }
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      outcome = { ok: false, name: current, problem: 'tooLarge' };
    }
    if (!outcome) return answer(400, { ok: false, message: t.noFiles });
    if (!outcome.ok) {
      const problem = outcome.problem;
      const status = isStorageFailure(problem) ? storageFailureStatus(problem) : problem === 'tooLarge' ? 413 : 400;
      return answer(status, { ok: false, message: t.problem(outcome.name, t[problem === 'empty' ? 'empty_' : problem]) });
    }
    const message = [outcome.created ? t.uploaded(1) : t.alreadyThere(outcome.name), ...(outcome.kind === 'pdf' ? [t.pdfCleaned] : []), ...(outcome.kind === 'office' ? [t.officeCleaned] : [])].join(' ');
    return answer(200, { ok: true, id: outcome.fileId, label: outcome.name.slice(0, 255), kind: outcome.kind, message });
  });
}
