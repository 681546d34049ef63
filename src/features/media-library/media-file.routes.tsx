import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LICENCE_IDS } from '../../web/components/licence.js';
import { readForm } from '../../web/form-schema.js';
import { AdminLayout } from '../admin/admin-layout.js';
import { adminNavFor } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { OFFICE_MIME_TYPES } from '../media/office-documents.js';
import { findFileTextStates } from '../search/file-texts.repository.js';
import { denyAccess } from '../site-settings/deny.js';
import { can } from './media-library.policy.js';
import { mediaLibraryMessages } from './media-library.messages.js';
import {
  deleteLibraryFile,
  findAltTexts,
  findFileUsages,
  findLibraryFile,
  findThumbnails,
  replaceAltTexts,
  updateFileCredit,
  type AltTextRow,
  type FileCredit,
} from './media-library.repository.js';
import { ConfirmDeletePage, FilePage } from './media-library.views.js';

const MAX_ALT_CHARS = 500;
const MAX_CREDIT_CHARS = 200;
const params = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** A file's alt text and caption per language: each as typed, at most MAX_ALT_CHARS characters. */
function altShape(locales: readonly string[]) {
  const text = z
    .unknown()
    .transform((raw) => (typeof raw === 'string' ? raw : ''))
    .refine((value) => value.length <= MAX_ALT_CHARS, { message: 'altTooLong' });
  return Object.fromEntries(locales.flatMap((l) => [[`alt_${l}`, text], [`caption_${l}`, text]]));
}

/** The credit line (trimmed, empty for none) and a licence of the list (empty for none). */
const creditShape = {
  credit: z
    .unknown()
    .transform((raw) => (typeof raw === 'string' ? raw.trim() : ''))
    .refine((value) => value.length <= MAX_CREDIT_CHARS, { message: 'creditTooLong' }),
  licence: z
    .unknown()
    .transform((raw) => (typeof raw === 'string' ? raw : ''))
    .refine((value) => value === '' || LICENCE_IDS.includes(value), { message: 'licenceUnknown' }),
};
type CreditIssue = 'creditTooLong' | 'licenceUnknown';

interface FilePageState {
  altTexts?: AltTextRow[];
  altErrors?: Record<string, string>;
  credit?: FileCredit;
  creditErrors?: Partial<Record<keyof FileCredit, string>>;
  notice?: string;
  error?: string;
  status?: number;
}

/** A file's page: details, alt text per language, where it is used, and deletion when unused. */
export async function mediaFileRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<ZodTypeProvider>();

  app.get('/admin/media/:id', { schema: { params } }, async (request, reply) => {
    if (!can(request.user, 'view')) return denyAccess(request, reply, 'file', 'view');
    return renderFile(request, reply, request.params.id, {});
  });

  app.post('/admin/media/:id/alt', { schema: { params } }, async (request, reply) => {
    if (!can(request.user, 'editAlt')) return denyAccess(request, reply, 'file', 'editAlt');
    const user = request.user!;
    const t = mediaLibraryMessages[user.locale];
    const id = request.params.id;
    const file = await findLibraryFile(app.db, id);
    if (!file || !file.mime.startsWith('image/')) return reply.callNotFound();
    const read = readForm<ReturnType<typeof altShape>, 'altTooLong'>(altShape(app.config.locales), request.body);
    const readCredit = readForm<typeof creditShape, CreditIssue>(creditShape, request.body);
    const fields: Record<string, unknown> = read.ok ? read.value : read.values;
    const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
    const texts = app.config.locales.map((locale) => ({ locale, alt: field(`alt_${locale}`), caption: field(`caption_${locale}`) || null }));
    const creditValues = readCredit.ok ? readCredit.value : { credit: String(readCredit.values.credit), licence: String(readCredit.values.licence) };
    const credit: FileCredit = { credit: creditValues.credit || null, licence: creditValues.licence || null };
    const altErrors: Record<string, string> = {};
    // One message per language, beside its alt text, whichever of the two is too long.
    if (!read.ok) for (const [name, issue] of Object.entries(read.issues)) if (issue) altErrors[name.replace(/^caption_/, 'alt_')] = t[issue.code];
    const creditErrors: Partial<Record<keyof FileCredit, string>> = {};
    if (!readCredit.ok) for (const [name, issue] of Object.entries(readCredit.issues)) if (issue) creditErrors[name as keyof FileCredit] = t[issue.code];
    if (Object.keys(altErrors).length || Object.keys(creditErrors).length) {
      return renderFile(request, reply, id, { altTexts: texts, altErrors, credit, creditErrors, status: 400 });
    }
    await app.db.transaction().execute(async (tx) => {
      const before = { texts: await findAltTexts(tx, id), credit: file.credit, licence: file.licence };
      await replaceAltTexts(tx, id, texts);
      await updateFileCredit(tx, id, credit);
      const after = { texts: await findAltTexts(tx, id), ...credit };
      await writeAudit(tx, { actor: `user:${user.id}`, action: 'file.alt.update', subjectType: 'file', subjectId: String(id), before, after });
    });
    app.contentChanged();
    return renderFile(request, reply, id, { notice: t.saved });
  });

  app.get('/admin/media/:id/delete', { schema: { params } }, async (request, reply) => {
    if (!can(request.user, 'delete')) return denyAccess(request, reply, 'file', 'delete');
    const user = request.user!;
    const file = await findLibraryFile(app.db, request.params.id);
    if (!file) return reply.callNotFound();
    if ((await findFileUsages(app.db, file.id)).length) {
      return renderFile(request, reply, file.id, { error: mediaLibraryMessages[user.locale].usedCannotDelete, status: 409 });
    }
    const csrfToken = reply.generateCsrf();
    reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <AdminLayout nav={adminNavFor(request)} user={user} title={mediaLibraryMessages[user.locale].deleteFile} path="/admin/media" csrfToken={csrfToken}>
        <ConfirmDeletePage locale={user.locale} csrfToken={csrfToken} file={file} />
      </AdminLayout>,
    );
  });

  app.post('/admin/media/:id/delete', { schema: { params } }, async (request, reply) => {
    if (!can(request.user, 'delete')) return denyAccess(request, reply, 'file', 'delete');
    const user = request.user!;
    const id = request.params.id;
    const outcome = await app.db.transaction().execute(async (tx) => {
      const file = await findLibraryFile(tx, id);
      if (!file) return 'missing' as const;
      // Checked inside the transaction, so an item cannot start using the file in between.
      if ((await findFileUsages(tx, id)).length) return 'used' as const;
      await deleteLibraryFile(tx, id);
      await writeAudit(tx, { actor: `user:${user.id}`, action: 'file.delete', subjectType: 'file', subjectId: String(id), before: file });
      return 'deleted' as const;
    });
    if (outcome === 'missing') return reply.callNotFound();
    if (outcome === 'used') {
      return renderFile(request, reply, id, { error: mediaLibraryMessages[user.locale].usedCannotDelete, status: 409 });
    }
    app.contentChanged();
    return reply.redirect('/admin/media?done=deleted', 303);
  });
}

async function renderFile(request: FastifyRequest, reply: FastifyReply, id: number, state: FilePageState) {
  const app = request.server;
  const user = request.user!;
  const file = await findLibraryFile(app.db, id);
  if (!file) return reply.callNotFound();
  const [altTexts, usages, thumbs, texts] = await Promise.all([
    state.altTexts ? Promise.resolve(state.altTexts) : findAltTexts(app.db, id),
    findFileUsages(app.db, id),
    findThumbnails(app.db, [id]),
    // A PDF's or an office file's text is read for search; the page says how far that got.
    findFileTextStates(app.db, file.mime === 'application/pdf' || OFFICE_MIME_TYPES.has(file.mime) ? [file.sha256] : []),
  ]);
  const csrfToken = reply.generateCsrf();
  reply.header('cache-control', 'no-store');
  return reply.sendHtml(
    <AdminLayout nav={adminNavFor(request)} user={user} title={mediaLibraryMessages[user.locale].fileTitle(file.originalName)} path="/admin/media" csrfToken={csrfToken}>
      <FilePage
        locale={user.locale}
        locales={app.config.locales}
        timeZone={app.config.timeZone}
        csrfToken={csrfToken}
        file={file}
        previewSha256={thumbs.get(id)}
        fileText={texts.get(file.sha256)}
        altTexts={altTexts}
        altErrors={state.altErrors ?? {}}
        credit={state.credit ?? { credit: file.credit, licence: file.licence }}
        creditErrors={state.creditErrors ?? {}}
        usages={usages}
        canEditAlt={can(user, 'editAlt')}
        canDelete={can(user, 'delete')}
        notice={state.notice}
        error={state.error}
      />
    </AdminLayout>,
    state.status ?? 200,
  );
}
