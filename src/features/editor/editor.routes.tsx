import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDateTime } from '../../i18n/format.js';
import { languageName } from '../../i18n/language-names.js';
import { FlashNotice } from '../admin/flash-notice.js';
import type { Locale } from '../../i18n/locales.js';
import { editorScriptHead } from './editor.assets.js';
import { imagePickerText } from './image-picker.messages.js';
import type { Choice, FieldErrors, FormValues } from './editor.form-data.js';
import { INTENTS, defaultFormValues, formValuesOf, parseItemForm, type Intent } from './editor.form.js';
import { changeContext, deny, loadAuthorized, localeOf, sendAdmin, userOf } from './editor.http.js';
import { editorMessages } from './editor.messages.js';
import { can, type EditorSubject } from './editor.policy.js';
import { listDocumentChoices } from './editor.attachments.repository.js';
import { listChoices, listImageChoices, listItems, SORTS } from './editor.repository.js';
import { removeItem, saveItem, unpublishItem } from './editor.service.js';
import { CONTENT_TYPES, findContentType, type ContentTypeDescriptor } from './editor.types.js';
import { DeleteConfirm, ItemForm, ItemList, titleIn, typeTitle } from './editor.views.js';
import { findCurrentVersion } from './revisions.repository.js';
import { NotifySubscribersField } from './notify-field.js';
import { NOTIFY_FIELD, notifyFieldState, requestItemNotification } from './notify-on-publish.js';

const PAGE_SIZE = 25;
const listQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.enum(['', 'draft', 'in_review', 'scheduled', 'published']).optional(),
  kind: z.string().max(40).regex(/^[a-z_]*$/).optional(),
  sort: z.enum(SORTS).default('updated'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  done: z.literal('deleted').optional().catch(undefined),
});

async function loadChoices(app: FastifyInstance, type: ContentTypeDescriptor, locale: Locale): Promise<Record<string, Choice[]>> {
  const out: Record<string, Choice[]> = {};
  if (type.attachment === 'documents') out.documents = await listDocumentChoices(app.db);
  if (type.attachment === 'photos') out.photos = await listImageChoices(app.db);
  for (const field of type.fields) {
    if (field.widget === 'image') {
      out[field.name] = await listImageChoices(app.db);
      continue;
    }
    const target = field.widget === 'topics' ? findContentType('topics') : field.relation ? findContentType(field.relation) : undefined;
    if (!target) continue;
    const rows = await listChoices(app.db, target);
    out[field.widget === 'topics' ? 'topics' : field.name] = rows.map((r) => ({ id: r.id, label: titleIn(r.titles, locale) }));
  }
  return out;
}

interface FormPageOptions {
  itemId?: number;
  version: number;
  values: FormValues;
  errors?: FieldErrors;
  status?: string | null;
  conflict?: { compareUrl: string };
  canSubmit: boolean;
  canPublish: boolean;
  code?: number;
  /** The confirmation of the save that redirected here. */
  notice?: string;
}

/** What a save, a submission, a publication or an unpublication redirects to the item with. */
const OUTCOMES = ['saved', 'submitted', 'published', 'unpublished'] as const;
type Outcome = (typeof OUTCOMES)[number];
const OUTCOME_OF_INTENT: Record<Intent, Outcome> = { save: 'saved', submit: 'submitted', publish: 'published' };

/** The confirmation for `?done=…`; a publication dated in the future says when it goes public. */
function outcomeNotice(done: unknown, locale: Locale, item: { status: string | null; publishedAt: unknown }, timeZone: string): string | undefined {
  if (!(OUTCOMES as readonly unknown[]).includes(done)) return undefined;
  const t = editorMessages[locale];
  if (done !== 'published') return t[done as Exclude<Outcome, 'published'>];
  if (item.status === 'scheduled' && typeof item.publishedAt === 'string') return t.scheduledFor(formatDateTime(item.publishedAt, locale, timeZone));
  return t.publishedNow;
}

async function sendForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor, o: FormPageOptions) {
  const locale = localeOf(request);
  const t = editorMessages[locale];
  const base = type.adminPath;
  const title = o.itemId === undefined ? `${t.newItem} · ${typeTitle(type, locale)}` : `${t.editItem} · ${typeTitle(type, locale)}`;
  const slug = typeof o.values.slug === 'string' ? o.values.slug : '';
  const notifyState = await notifyFieldState(app.db, type.key, o.itemId);
  const body = (
    <>
      <FlashNotice text={o.notice} />
      <header class="page-header">
        <h1>{title}</h1>
        {o.itemId !== undefined && (
          <nav class="section-nav editor-links">
            {o.status && <span class={`badge badge--${o.status}`}>{t[o.status as 'draft']}</span>}
            {app.config.locales.map((l) => (
              <a href={`${base}/${o.itemId}/preview/${l}`}>{`${t.preview} (${languageName(l, locale)})`}</a>
            ))}
            {o.status === 'published' && slug && <a href={`/${locale}${type.publicPath(slug)}`}>{t.view}</a>}
            <a href={`${base}/${o.itemId}/revisions`}>{t.revisions}</a>
            {can(request.user, 'delete') && <a href={`${base}/${o.itemId}/delete`}>{t.delete}</a>}
          </nav>
        )}
      </header>
      <ItemForm
        type={type}
        locale={locale}
        locales={app.config.locales}
        action={o.itemId === undefined ? base : `${base}/${o.itemId}`}
        csrfToken={reply.generateCsrf()}
        version={o.version}
        values={o.values}
        errors={o.errors ?? {}}
        choices={await loadChoices(app, type, locale)}
        canSubmit={o.canSubmit}
        canPublish={o.canPublish}
        {...(o.conflict ? { conflict: o.conflict } : {})}
        notifySubscribers={notifyState && <NotifySubscribersField locale={locale} timeZone={app.config.timeZone} typeKey={type.key} state={notifyState} />}
      />
      {o.itemId !== undefined && o.status && o.status !== 'draft' && can(request.user, 'unpublish') && (
        <form method="post" action={`${base}/${o.itemId}/unpublish`} class="editor-unpublish">
          <input type="hidden" name="_csrf" value={reply.generateCsrf()} />
          <p>{t.unpublishHelp}</p>
          <button type="submit">{t.unpublish}</button>
        </form>
      )}
    </>
  );
  return sendAdmin(request, reply, title, body, o.code ?? 200, await editorScriptHead(imagePickerText(locale, app.config.locales)));
}

const intentOf = (form: FormValues): Intent => (INTENTS as readonly string[]).includes(String(form.intent)) ? (form.intent as Intent) : 'save';

/** Content editing under /admin/<type>: list, create, edit, unpublish, delete. */
export async function editorRoutes(app: FastifyInstance): Promise<void> {
  for (const type of CONTENT_TYPES) {
    const base = type.adminPath;

    app.get(base, { schema: { querystring: listQuery } }, async (request, reply) => {
      if (!can(request.user, 'list')) return deny(app, request, reply, type, 'list');
      const query = request.query as z.infer<typeof listQuery>;
      const { rows, total } = await listItems(app.db, type, { ...query, status: query.status || undefined, kind: query.kind || undefined, pageSize: PAGE_SIZE });
      const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      if (query.page > totalPages) return reply.callNotFound();
      const locale = localeOf(request);
      const deleted = query.done === 'deleted';
      return sendAdmin(
        request,
        reply,
        typeTitle(type, locale),
        <ItemList
          notice={deleted ? editorMessages[locale].deleted : undefined}
          type={type}
          locale={locale}
          timeZone={app.config.timeZone}
          rows={rows}
          query={query}
          page={query.page}
          totalPages={totalPages}
          canCreate={can(request.user, 'create')}
        />,
      );
    });

    app.get(`${base}/new`, async (request, reply) => {
      if (!can(request.user, 'create')) return deny(app, request, reply, type, 'create');
      return sendForm(app, request, reply, type, { version: 0, values: defaultFormValues(type), canSubmit: true, canPublish: can(request.user, 'publish') });
    });

    app.post(base, async (request, reply) => {
      if (!can(request.user, 'create')) return deny(app, request, reply, type, 'create');
      return handleSave(request, reply, type, undefined);
    });

    app.get(`${base}/:id`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'edit');
      if (!found) return reply;
      const version = await findCurrentVersion(app.db, type.key, found.item.id);
      const { done } = request.query as { done?: unknown };
      const notice = outcomeNotice(done, localeOf(request), { status: found.subject.status, publishedAt: found.item.snapshot.item.publishedAt }, app.config.timeZone);
      return sendForm(app, request, reply, type, {
        ...(notice ? { notice } : {}),
        itemId: found.item.id,
        version,
        status: found.subject.status,
        values: formValuesOf(type, found.item.snapshot, app.config.timeZone),
        canSubmit: can(request.user, 'submit', found.subject),
        canPublish: can(request.user, 'publish', found.subject),
      });
    });

    app.post(`${base}/:id`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'edit');
      if (!found) return reply;
      return handleSave(request, reply, type, found.item.id, found.subject);
    });

    app.post(`${base}/:id/unpublish`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'unpublish');
      if (!found) return reply;
      await unpublishItem(changeContext(app, request), type, found.item.id);
      app.contentChanged();
      return reply.redirect(`${base}/${found.item.id}?done=unpublished`, 303);
    });

    app.get(`${base}/:id/delete`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'delete');
      if (!found) return reply;
      const locale = localeOf(request);
      const title = titleIn(
        Object.fromEntries(Object.entries(found.item.snapshot.translations).map(([l, f]) => [l, String(f[type.titleField] ?? '')])),
        locale,
      );
      return sendAdmin(request, reply, editorMessages[locale].delete, <DeleteConfirm type={type} locale={locale} title={title} itemId={found.item.id} csrfToken={reply.generateCsrf()} />);
    });

    app.post(`${base}/:id/delete`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'delete');
      if (!found) return reply;
      await removeItem(changeContext(app, request), type, found.item.id);
      app.contentChanged();
      return reply.redirect(`${base}?done=deleted`, 303);
    });
  }

  async function handleSave(request: FastifyRequest, reply: FastifyReply, type: ContentTypeDescriptor, id: number | undefined, subject: EditorSubject = { ownerId: userOf(request).id, status: null }) {
    const form = (request.body ?? {}) as FormValues;
    const intent = intentOf(form);
    if (intent !== 'save' && !can(request.user, intent, subject)) return deny(app, request, reply, type, intent, id);
    const version = Number(form._version);
    const rights = { canSubmit: can(request.user, 'submit', subject), canPublish: can(request.user, 'publish', subject) };
    const again = (errors: FieldErrors, extra: Partial<FormPageOptions> = {}) =>
      sendForm(app, request, reply, type, { itemId: id, version: Number.isSafeInteger(version) ? version : 0, values: form, errors, status: subject.status, ...rights, code: 422, ...extra } as FormPageOptions);
    const { input, errors } = parseItemForm(type, form, app.config.locales, app.config.timeZone);
    if (Object.keys(errors).length) return again(errors);
    const result = await saveItem(changeContext(app, request), type, id, input, intent, Number.isSafeInteger(version) ? version : -1);
    if (result.outcome === 'invalid') return again(result.errors);
    if (result.outcome === 'missing') return reply.callNotFound();
    if (result.outcome === 'conflict') {
      const compareUrl = `${type.adminPath}/${id}/revisions/compare?from=${version}&to=${result.currentVersion}`;
      return again({}, { conflict: { compareUrl }, code: 409 });
    }
    app.contentChanged();
    if (form[NOTIFY_FIELD] === '1' && can(request.user, 'publish', subject)) {
      await requestItemNotification(app.db, type.key, result.id, userOf(request).id, app.config);
    }
    return reply.redirect(`${type.adminPath}/${result.id}?done=${OUTCOME_OF_INTENT[intent]}`, 303);
  }
}
