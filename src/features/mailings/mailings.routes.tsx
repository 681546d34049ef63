import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLocale, type Locale } from '../../i18n/locales.js';
import { formatNumber } from '../../i18n/format.js';
import { readForm } from '../../web/form-schema.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { editorScriptHead } from '../editor/editor.assets.js';
import { imagePickerText } from '../editor/image-picker.messages.js';
import { refuse } from '../audit/refusals.js';
import { subscriberLinksOf } from '../subscribers/links.js';
import { blankMailingForm, formOfMailing, readMailingBody, validateMailingForm, withRecentItems, type MailingErrors, type MailingForm } from './mailing-form.js';
import { mailingsMessages } from './mailings.messages.js';
import { can, type MailingsAction } from './mailings.policy.js';
import { findMailing, listMailings, listRecentItems, type Mailing } from './mailings.repository.js';
import { deleteMailing, planSending, previewMailing, saveMailing, sendMailing, sendTest } from './mailings.service.js';
import { MailingActions, MailingFormView, MailingList, SendConfirm, SentSummary } from './mailings.views.js';

/** How many news posts and publications “Add recent items” puts in a newsletter. */
const RECENT_ITEMS = 6;
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const previewParams = idParams.extend({ locale: z.string().max(10) });
const listQuery = z.object({ done: z.enum(['deleted']).optional() });
const doneQuery = z.object({ done: z.enum(['saved', 'tested', 'sent', 'alreadySent']).optional() });

/** The preview shows the message as mail clients would: its own inline styles, nothing else runs. */
const PREVIEW_CSP = "default-src 'none'; img-src 'self' data: https: http:; style-src 'unsafe-inline'; frame-ancestors 'self'; form-action 'none'";

/** The test send: the language to send it in (the user's own when missing or unknown). */
const testShape = { locale: z.unknown().transform((v) => (typeof v === 'string' ? v : '')) };

/**
 * Sending: the number of recipients the confirmation page showed, so that a list that changed
 * since is shown again rather than sent to (-1, never a count, when missing or not a number).
 */
const sendShape = { expected: z.unknown().transform((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : -1)) };

/** /admin/mailings: newsletters in each language, sent to a segment of the subscribers. */
export async function mailingsRoutes(app: FastifyInstance): Promise<void> {
  const links = subscriberLinksOf(app.db, app.config);
  const ctx = { links, publicUrl: app.config.publicUrl, locales: app.config.locales };
  const guard = (action: MailingsAction) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!can(request.user, action)) return refuse(app, request, reply, action);
  };
  const localeOf = (request: FastifyRequest): Locale => request.user!.locale;

  app.get('/admin/mailings', { schema: { querystring: listQuery }, preHandler: guard('mailings.list') }, async (request, reply) => {
    const locale = localeOf(request);
    const { done } = request.query as z.infer<typeof listQuery>;
    return sendAdminPage(request, reply, {
      title: mailingsMessages[locale].title,
      path: '/admin/mailings',
      children: <MailingList locale={locale} timeZone={app.config.timeZone} rows={await listMailings(app.db)} notice={done === 'deleted' ? mailingsMessages[locale].deleted : undefined} />,
    });
  });


  const editPage = async (request: FastifyRequest, reply: FastifyReply, o: { m?: Mailing; form: MailingForm; errors?: MailingErrors; notice?: string; status?: number }) => {
    const locale = localeOf(request);
    const t = mailingsMessages[locale];
    const title = o.m ? t.editMailing : t.newMailing;
    const draft = !o.m || o.m.status === 'draft';
    // A draft's body is written in the content editor's rich-text editor.
    const head = draft ? await editorScriptHead(imagePickerText(locale, app.config.locales)) : undefined;
    return sendAdminPage(request, reply, {
      title,
      head,
      path: '/admin/mailings',
      status: o.status ?? 200,
      children: (
        <>
          <header class="page-header">
            <h1>{title}</h1>
            <p>
              <a href="/admin/mailings">{t.back}</a>
            </p>
          </header>
          {o.notice && (
            <p class="notice notice--success" role="status">
              {o.notice}
            </p>
          )}
          {o.m && !draft && <SentSummary locale={locale} timeZone={app.config.timeZone} m={o.m} />}
          {o.m && <MailingActions locale={locale} locales={app.config.locales} m={o.m} csrfToken={csrfTokenFor(reply)} email={request.user!.email} />}
          {draft && (
            <MailingFormView locale={locale} locales={app.config.locales} csrfToken={csrfTokenFor(reply)} action={o.m ? `/admin/mailings/${o.m.id}` : '/admin/mailings'} form={o.form} errors={o.errors ?? {}} />
          )}
        </>
      ),
    });
  };

  const load = async (request: FastifyRequest, reply: FastifyReply): Promise<Mailing | undefined> => {
    const parsed = idParams.safeParse(request.params);
    const m = parsed.success ? await findMailing(app.db, parsed.data.id) : undefined;
    if (!m) await reply.callNotFound();
    return m;
  };

  app.post('/admin/mailings/:id/delete', { preHandler: guard('mailings.edit') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    if (!(await deleteMailing(app.db, m.id, request.user!.id))) return reply.redirect(`/admin/mailings/${m.id}?done=alreadySent`, 303);
    return reply.redirect('/admin/mailings?done=deleted', 303);
  });

  app.get('/admin/mailings/new', { preHandler: guard('mailings.edit') }, async (request, reply) => editPage(request, reply, { form: blankMailingForm(app.config.locales) }));

  /** "Add recent items": the form again with the latest news and publications at the end of each body; nothing saved. */
  const addingRecent = (body: unknown) => (body as { addRecent?: unknown } | undefined)?.addRecent === '1';
  const withRecent = async (request: FastifyRequest, reply: FastifyReply, form: MailingForm, m?: Mailing) => {
    const locale = localeOf(request);
    const recent = Object.fromEntries(await Promise.all(app.config.locales.map(async (l) => [l, await listRecentItems(app.db, l, RECENT_ITEMS)] as const)));
    const found = Object.values(recent).some((items) => items.length > 0);
    const filled = withRecentItems(form, recent, app.config.publicUrl, (l) => mailingsMessages[l as Locale].recentHeading);
    return editPage(request, reply, { ...(m ? { m } : {}), form: filled, notice: found ? mailingsMessages[locale].recentAdded : mailingsMessages[locale].nothingRecent });
  };

  app.post('/admin/mailings', { preHandler: guard('mailings.edit') }, async (request, reply) => {
    const read = readMailingBody(request.body, app.config.locales);
    const form = read.form;
    if (addingRecent(request.body)) return withRecent(request, reply, form);
    const result = validateMailingForm(read, app.config.locales);
    if (!result.ok) return editPage(request, reply, { form, errors: result.errors, status: 400 });
    const id = await saveMailing(app.db, undefined, result.input, request.user!.id);
    return reply.redirect(`/admin/mailings/${String(id)}?done=saved`, 303);
  });

  app.get('/admin/mailings/:id', { schema: { querystring: doneQuery }, preHandler: guard('mailings.list') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    const { done } = request.query as z.infer<typeof doneQuery>;
    const t = mailingsMessages[localeOf(request)];
    const notice =
      done === 'saved' ? t.saved
      : done === 'tested' ? t.testSent(request.user!.email)
      : done === 'sent' ? t.sent(formatNumber(m.recipientCount ?? 0, localeOf(request)))
      : done === 'alreadySent' ? t.alreadySent
      : undefined;
    return editPage(request, reply, { m, form: formOfMailing(m, app.config.locales), notice });
  });

  app.post('/admin/mailings/:id', { preHandler: guard('mailings.edit') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    const read = readMailingBody(request.body, app.config.locales);
    const form = read.form;
    if (addingRecent(request.body)) return withRecent(request, reply, form, m);
    const result = validateMailingForm(read, app.config.locales);
    if (!result.ok) return editPage(request, reply, { m, form, errors: result.errors, status: 400 });
    const saved = await saveMailing(app.db, m.id, result.input, request.user!.id);
    return reply.redirect(`/admin/mailings/${m.id}?done=${saved === 'notDraft' ? 'alreadySent' : 'saved'}`, 303);
  });

  app.get('/admin/mailings/:id/preview/:locale', { preHandler: guard('mailings.list') }, async (request, reply) => {
    const parsed = previewParams.safeParse(request.params);
    if (!parsed.success || !isLocale(parsed.data.locale, app.config.locales)) return reply.callNotFound();
    const m = await findMailing(app.db, parsed.data.id);
    const preview = m && m.translations[parsed.data.locale] ? await previewMailing(app.db, m, parsed.data.locale, ctx) : undefined;
    if (!preview) return reply.callNotFound();
    return reply.header('content-security-policy', PREVIEW_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(preview.html);
  });

  app.post('/admin/mailings/:id/test', { preHandler: guard('mailings.edit') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    const read = readForm(testShape, request.body);
    const wanted = read.ok ? read.value.locale : '';
    const locale = isLocale(wanted, app.config.locales) ? wanted : localeOf(request);
    await sendTest(app.db, m, { userId: request.user!.id, email: request.user!.email, locale }, ctx);
    return reply.redirect(`/admin/mailings/${m.id}?done=tested`, 303);
  });

  const sendPage = async (request: FastifyRequest, reply: FastifyReply, m: Mailing, changed: boolean) => {
    const locale = localeOf(request);
    const plan = await planSending(app.db, m, app.config.locales);
    return sendAdminPage(request, reply, {
      title: mailingsMessages[locale].sendTitle,
      path: '/admin/mailings',
      status: changed ? 409 : 200,
      children: <SendConfirm locale={locale} locales={app.config.locales} m={m} plan={plan} csrfToken={csrfTokenFor(reply)} changed={changed} />,
    });
  };

  app.get('/admin/mailings/:id/send', { preHandler: guard('mailings.send') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    if (m.status !== 'draft') return reply.redirect(`/admin/mailings/${m.id}?done=alreadySent`, 303);
    return sendPage(request, reply, m, false);
  });

  app.post('/admin/mailings/:id/send', { preHandler: guard('mailings.send') }, async (request, reply) => {
    const m = await load(request, reply);
    if (!m) return reply;
    const read = readForm(sendShape, request.body);
    const result = await sendMailing(app.db, m.id, read.ok ? read.value.expected : -1, request.user!.id, ctx);
    if (result.outcome === 'missing') return reply.callNotFound();
    if (result.outcome === 'changed') return sendPage(request, reply, m, true);
    return reply.redirect(`/admin/mailings/${m.id}?done=${result.outcome === 'sent' ? 'sent' : 'alreadySent'}`, 303);
  });
}
