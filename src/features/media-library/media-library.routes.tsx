import multipart from '@fastify/multipart';
import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AdminLayout } from '../admin/admin-layout.js';
import { adminNavFor } from '../admin/admin-page.js';
import { contentFiles } from '../media/storage.js';
import { isStorageFailure, storageFailureStatus } from '../../web/storage-errors.js';
import { denyAccess } from '../site-settings/deny.js';
import { dropZoneScript } from './drop-zone.js';
import { mediaFileRoutes } from './media-file.routes.js';
import { mediaPickerRoutes } from './media-library.picker.routes.js';
import { mediaFieldUploadRoutes } from './media-library.upload.routes.js';
import { can } from './media-library.policy.js';
import { mediaLibraryMessages } from './media-library.messages.js';
import { FILES_PER_PAGE, findThumbnails, listLibraryFiles, type FileTypeFilter } from './media-library.repository.js';
import { LibraryPage } from './media-library.views.js';
import { ingestUpload, type UploadOutcome } from './media-upload.js';
import { MAX_PDF_BYTES } from './upload-check.js';

/** More files in one request than this are left unread; the form says how many were taken. */
const MAX_FILES_PER_UPLOAD = 20;

type Parts = AsyncIterableIterator<Multipart>;
const pendingParts = new WeakMap<FastifyRequest, Parts>();

const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  type: z.enum(['image', 'pdf', 'office', '']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  done: z.literal('deleted').optional().catch(undefined),
});

/**
 * The media library: a grid with search, type filter and pages; uploads from a plain multipart
 * form (the drop-zone script only adds drag and drop); each file's page is in media-file.routes.
 */
export async function mediaLibraryRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const storage = contentFiles(app.storage);
  // Registered in this plugin only: no other route accepts multipart bodies.
  await app.register(multipart, { limits: { fileSize: MAX_PDF_BYTES, files: MAX_FILES_PER_UPLOAD, fields: 10, fieldSize: 1024 } });

  app.get('/admin/media/drop-zone.:hash.js', async (request, reply) => {
    const script = dropZoneScript();
    if ((request.params as { hash: string }).hash !== script.hash) return reply.callNotFound();
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'private, max-age=31536000, immutable').send(script.body);
  });

  app.get('/admin/media', { schema: { querystring: listQuery } }, async (request, reply) => {
    if (!can(request.user, 'view')) return denyAccess(request, reply, 'file', 'view');
    const { q, type, page, done } = request.query;
    const notices = done === 'deleted' ? [mediaLibraryMessages[request.user!.locale].deleted] : [];
    return renderLibrary(request, reply, { q, type: type || undefined, page }, notices, [], 200);
  });

  app.post(
    '/admin/media',
    {
      // The CSRF check runs before the handler and reads `body._csrf`: take the token, sent as
      // the first field, here; the files are then read one at a time, never all held at once.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const parts = request.parts();
        const first = await parts.next();
        const part = first.done ? undefined : first.value;
        request.body = part && part.type === 'field' && part.fieldname === '_csrf' ? { _csrf: String(part.value) } : {};
        pendingParts.set(request, parts);
      },
    },
    async (request, reply) => {
      if (!can(request.user, 'upload')) return denyAccess(request, reply, 'file', 'upload');
      const user = request.user!;
      const t = mediaLibraryMessages[user.locale];
      const parts = pendingParts.get(request);
      const outcomes: UploadOutcome[] = [];
      if (parts) {
        let current = '';
        try {
          for await (const part of parts) {
            if (part.type !== 'file') continue;
            current = part.filename;
            if (!part.filename) {
              part.file.resume();
              continue;
            }
            const bytes = await part.toBuffer();
            outcomes.push(await ingestUpload(app.db, storage, `user:${user.id}`, part.filename, bytes));
          }
        } catch (error) {
          // Beyond the largest allowed size the rest of the request is not read at all.
          if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
          outcomes.push({ ok: false, name: current, problem: 'tooLarge' });
        }
      }
      const notices: string[] = [];
      const errors: string[] = [];
      if (outcomes.length === 0) errors.push(t.noFiles);
      const created = outcomes.filter((o) => o.ok && o.created).length;
      if (created) notices.push(t.uploaded(created));
      // Said each time, so the editor knows what a downloaded PDF no longer carries.
      if (outcomes.some((o) => o.ok && o.kind === 'pdf')) notices.push(t.pdfCleaned);
      if (outcomes.some((o) => o.ok && o.kind === 'office')) notices.push(t.officeCleaned);
      for (const o of outcomes) {
        if (o.ok && !o.created) notices.push(t.alreadyThere(o.name));
        if (!o.ok) errors.push(t.problem(o.name, t[o.problem === 'empty' ? 'empty_' : o.problem]));
      }
      const refused = outcomes.map((o) => (o.ok ? undefined : o.problem)).find(isStorageFailure);
      const status = refused ? storageFailureStatus(refused) : errors.length ? 400 : 200;
      return renderLibrary(request, reply, { page: 1 }, notices, errors, status);
    },
  );

  await app.register(mediaFileRoutes);
  await app.register(mediaPickerRoutes);
  await app.register(mediaFieldUploadRoutes);
}

async function renderLibrary(
  request: FastifyRequest,
  reply: FastifyReply,
  filter: { q?: string; type?: FileTypeFilter; page: number },
  notices: string[],
  errors: string[],
  status: number,
) {
  const app = request.server;
  const user = request.user!;
  const { rows, total } = await listLibraryFiles(app.db, { search: filter.q, type: filter.type, page: filter.page });
  const thumbnails = await findThumbnails(app.db, rows.map((r) => r.id));
  const csrfToken = reply.generateCsrf();
  const script = dropZoneScript();
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout
      nav={adminNavFor(request)}
      user={user}
      title={mediaLibraryMessages[user.locale].title}
      path="/admin/media"
      csrfToken={csrfToken}
      head={<script src={`/admin/media/drop-zone.${script.hash}.js`} defer />}
    >
      <LibraryPage
        locale={user.locale}
        csrfToken={csrfToken}
        canUpload={can(user, 'upload')}
        rows={rows}
        thumbnails={thumbnails}
        filter={filter}
        totalPages={Math.max(1, Math.ceil(total / FILES_PER_PAGE))}
        notices={notices}
        errors={errors}
      />
    </AdminLayout>,
    status,
  );
}
