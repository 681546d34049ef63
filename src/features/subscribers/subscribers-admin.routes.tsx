import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLocale } from '../../i18n/locales.js';
import { readForm, trimmedText } from '../../web/form-schema.js';
import { sendAdminPage, csrfTokenFor } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { outboxDir } from '../mail/transport.js';
import { erasureMarksOf, subscriberLinksOf } from './links.js';
import { hasControlCharacters } from './subscribe-form.js';
import { MAX_IMPORT_BYTES, parseImportCsv, subscribersToCsv, type ImportProblem } from './subscribers-csv.js';
import { importSubscribers, type ImportSummary } from './subscribers-import.js';
import { subscribersAdminMessages } from './subscribers-admin.messages.js';
import { ImportPage, SubscriberDetail, SubscriberList, type ImportFormValues } from './subscribers-admin.views.js';
import { can, type SubscribersAction } from './subscribers.policy.js';
import { countByStatus, findSubscriberById, listAllSubscribers, listSubscribers, type SubscriberFilter } from './subscribers.repository.js';
import { eraseSubscriber } from './subscribers.service.js';
import { SUBSCRIBER_STATUSES, SUBSCRIPTION_TOPICS } from './subscribers.tables.js';

const PAGE_SIZE = 50;
const listQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(['', ...SUBSCRIBER_STATUSES]).optional(),
  locale: z.string().max(10).optional(),
  topic: z.enum(['', ...SUBSCRIPTION_TOPICS]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  done: z.enum(['erased']).optional(),
});
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const MAX_SOURCE_NOTE = 300;

type ImportErrorKey = 'sourceRequired' | 'sourceInvalid' | 'sourceTooLong' | 'fileRequired';

/** The import form: where the addresses come from (required, one plain line), their language, the consent box and the file. */
const importShape = {
  sourceNote: trimmedText()
    .transform((note) => note.slice(0, 400))
    .superRefine((note, ctx) => {
      const problem = !note ? 'sourceRequired' : hasControlCharacters(note) ? 'sourceInvalid' : note.length > MAX_SOURCE_NOTE ? 'sourceTooLong' : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { echo: note } });
    }),
  defaultLocale: trimmedText(),
  consented: trimmedText(),
  file: z.unknown().refine((file): file is Buffer => Buffer.isBuffer(file) && file.length > 0, { message: 'fileRequired' }),
};

const actorOf = (request: FastifyRequest) => `user:${request.user!.id}`;

/** /admin/subscribers: the list with search and filters, CSV import and export, erasure. */
export async function subscribersAdminRoutes(app: FastifyInstance): Promise<void> {
  const links = subscriberLinksOf(app.db, app.config);
  const marks = erasureMarksOf(app.db, app.config);
  // Registered in this plugin only, for the import form; files are held in memory up to the limit.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 1024 } });

  const guard = (action: SubscribersAction) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, action)) return refuse(app, request, reply, action);
  };
  const filterOf = (q: z.infer<typeof listQuery>): SubscriberFilter => ({
    q: q.q?.trim() || undefined,
    status: q.status || undefined,
    locale: isLocale(q.locale, app.config.locales) ? q.locale : undefined,
    topic: q.topic || undefined,
  });

  app.get('/admin/subscribers', { schema: { querystring: listQuery }, preHandler: guard('subscribers.list') }, async (request, reply) => {
    const query = request.query as z.infer<typeof listQuery>;
    const user = request.user!;
    const filter = filterOf(query);
    const [{ rows, total }, counts] = await Promise.all([listSubscribers(app.db, filter, query.page, PAGE_SIZE), countByStatus(app.db)]);
    const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (query.page > totalPages) return reply.callNotFound();
    const t = subscribersAdminMessages[user.locale];
    return sendAdminPage(request, reply, {
      title: t.title,
      path: '/admin/subscribers',
      children: (
        <SubscriberList
          locale={user.locale}
          locales={app.config.locales}
          timeZone={app.config.timeZone}
          rows={rows}
          total={total}
          counts={counts}
          filter={filter}
          page={query.page}
          totalPages={totalPages}
          canImport={can(user, 'subscribers.import')}
          canExport={can(user, 'subscribers.export')}
          notice={query.done === 'erased' ? t.erased : undefined}
        />
      ),
    });
  });

  app.get('/admin/subscribers/export.csv', { schema: { querystring: listQuery }, preHandler: guard('subscribers.export') }, async (request, reply) => {
    const filter = filterOf(request.query as z.infer<typeof listQuery>);
    const rows = await listAllSubscribers(app.db, filter);
    // Exports of personal data are recorded: who took which part of the list, and when.
    await writeAudit(app.db, { actor: actorOf(request), action: 'subscribers.export', subjectType: 'subscriber', subjectId: null, after: { filter, count: rows.length } });
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="subscribers-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\ufeff${subscribersToCsv(rows)}`);
  });

  const importPage = (request: FastifyRequest, reply: FastifyReply, values: ImportFormValues, o: { errors?: Parameters<typeof ImportPage>[0]['errors']; problems?: ImportProblem[]; summary?: ImportSummary; status?: number } = {}) => {
    const user = request.user!;
    return sendAdminPage(request, reply, {
      title: subscribersAdminMessages[user.locale].importTitle,
      path: '/admin/subscribers',
      status: o.status ?? 200,
      children: <ImportPage locale={user.locale} locales={app.config.locales} csrfToken={csrfTokenFor(reply)} values={values} errors={o.errors ?? {}} problems={o.problems ?? []} summary={o.summary} />,
    });
  };
  const blankImport = (request: FastifyRequest): ImportFormValues => ({ sourceNote: '', defaultLocale: request.user!.locale, consented: false });

  // A file over the limit stops the upload: answer with the form and the reason.
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    if (error.statusCode === 413 && request.url.startsWith('/admin/subscribers/import') && can(request.user, 'subscribers.import')) {
      return importPage(request, reply, blankImport(request), { errors: { file: 'fileTooLarge' }, status: 413 });
    }
    throw error;
  });

  app.get('/admin/subscribers/import', { preHandler: guard('subscribers.import') }, async (request, reply) => importPage(request, reply, blankImport(request)));

  app.post('/admin/subscribers/import', { preHandler: guard('subscribers.import') }, async (request, reply) => {
    const read = readForm<typeof importShape, ImportErrorKey>(importShape, request.body);
    const fields: Record<string, unknown> = read.ok ? read.value : read.values;
    const text = (name: keyof typeof importShape) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
    const values: ImportFormValues = {
      sourceNote: text('sourceNote'),
      defaultLocale: isLocale(text('defaultLocale'), app.config.locales) ? text('defaultLocale') : app.config.defaultLocale,
      consented: text('consented') === '1',
    };
    if (!read.ok) {
      const errors = { sourceNote: read.issues.sourceNote?.code, file: read.issues.file?.code };
      return importPage(request, reply, values, { errors, status: 400 });
    }
    const parsed = parseImportCsv(read.value.file, app.config.locales, { locale: values.defaultLocale as 'en', topics: SUBSCRIPTION_TOPICS });
    if (!parsed.ok) return importPage(request, reply, values, { problems: parsed.problems, status: 400 });
    const summary = await importSubscribers(app.db, parsed.rows, { previouslyConsented: values.consented, sourceNote: values.sourceNote }, actorOf(request), { links, publicUrl: app.config.publicUrl }, marks);
    return importPage(request, reply, blankImport(request), { summary });
  });

  app.get('/admin/subscribers/:id', { schema: { params: idParams }, preHandler: guard('subscribers.view') }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    const s = await findSubscriberById(app.db, id);
    if (!s) return reply.callNotFound();
    const user = request.user!;
    return sendAdminPage(request, reply, {
      title: s.email,
      path: '/admin/subscribers',
      children: <SubscriberDetail locale={user.locale} timeZone={app.config.timeZone} s={s} csrfToken={csrfTokenFor(reply)} canErase={can(user, 'subscribers.erase')} />,
    });
  });

  app.post('/admin/subscribers/:id/erase', { schema: { params: idParams }, preHandler: guard('subscribers.erase') }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof idParams>;
    if ((await eraseSubscriber(app.db, id, actorOf(request), { marks, outboxDir: outboxDir(app.config) })) === 'missing') return reply.callNotFound();
    return reply.redirect('/admin/subscribers?done=erased', 303);
  });
}
