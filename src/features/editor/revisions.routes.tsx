import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { languageName } from '../../i18n/language-names.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { FlashNotice } from '../admin/flash-notice.js';
import { changeContext, loadAuthorized, localeOf, sendAdmin } from './editor.http.js';
import { editorMessages, type EditorLabel } from './editor.messages.js';
import { restoreRevision } from './editor.service.js';
import { CONTENT_TYPES } from './editor.types.js';
import { diffItemFields, diffLanguage } from './revisions.diff.js';
import { findRevision, listRevisions } from './revisions.repository.js';

const STATUSES = ['draft', 'in_review', 'scheduled', 'published'] as const;

/** An item field's value as the editor reads it: statuses by name, dates in the site's time. */
function itemValueText(name: string, value: string, locale: Locale, timeZone: string): string {
  if (name === 'status' && (STATUSES as readonly string[]).includes(value)) return editorMessages[locale][value as (typeof STATUSES)[number]];
  if (/At$/.test(name) && value && !Number.isNaN(Date.parse(value))) return formatDateTime(value, locale, timeZone);
  return value;
}

const compareQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

/** Each item's history: the list of revisions, a word diff of two, and restoring one. */
export async function revisionsRoutes(app: FastifyInstance): Promise<void> {
  for (const type of CONTENT_TYPES) {
    const base = `${type.adminPath}/:id/revisions`;

    /** The history page; `refusal` explains why a restore did not happen. */
    const sendHistory = async (request: FastifyRequest, reply: FastifyReply, itemId: number, refusal?: EditorLabel) => {
      const locale = localeOf(request);
      const t = editorMessages[locale];
      const revisions = await listRevisions(app.db, type.key, itemId);
      const latest = revisions[0]?.version;
      const itemUrl = `${type.adminPath}/${itemId}`;
      const csrf = reply.generateCsrf();
      return sendAdmin(
        request,
        reply,
        t.revisions,
        <>
          <h1>{t.revisions}</h1>
          <FlashNotice text={!refusal && (request.query as { done?: unknown }).done === 'restored' ? t.restored : undefined} />
          {refusal && (
            <div class="notice notice--error" role="alert">
              <p>{t[refusal]}</p>
            </div>
          )}
          <p>
            <a href={itemUrl}>{t.editItem}</a>
          </p>
          {revisions.length === 0 && <p>{t.noRevisions}</p>}
          <ol class="revision-list" reversed>
            {revisions.map((r) => (
              <li>
                <strong>{t.version(r.version)}</strong> · {formatDateTime(r.createdAt, locale, app.config.timeZone)} · {t.by(r.authorName)}
                {latest !== undefined && r.version !== latest && (
                  <>
                    {' · '}
                    <a href={`${itemUrl}/revisions/compare?from=${r.version}&to=${latest}`}>{t.compareWithCurrent}</a>
                    <form method="post" action={`${itemUrl}/revisions/${r.version}/restore`} class="inline-form">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit">{t.restore}</button>
                    </form>
                  </>
                )}
              </li>
            ))}
          </ol>
        </>,
        refusal ? 422 : 200,
      );
    };

    app.get(base, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'history');
      if (!found) return reply;
      return sendHistory(request, reply, found.item.id);
    });

    app.get(`${base}/compare`, { schema: { querystring: compareQuery } }, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'history');
      if (!found) return reply;
      const { from, to } = request.query as z.infer<typeof compareQuery>;
      const [a, b] = await Promise.all([findRevision(app.db, type.key, found.item.id, from), findRevision(app.db, type.key, found.item.id, to)]);
      if (!a || !b) return reply.callNotFound();
      const locale = localeOf(request);
      const t = editorMessages[locale];
      const fields = diffItemFields(type, a.snapshot, b.snapshot);
      const shown = (name: string, value: string) => {
        const field = type.fields.find((f) => f.name === name && f.widget === 'select');
        const optionLabel = field ? (field.optionLabel ?? type.optionLabel) : undefined;
        return value && optionLabel ? optionLabel(value, locale) : itemValueText(name, value, locale, app.config.timeZone);
      };
      return sendAdmin(
        request,
        reply,
        t.diffTitle(from, to),
        <>
          <h1>{t.diffTitle(from, to)}</h1>
          <p>
            <a href={`${type.adminPath}/${found.item.id}/revisions`}>{t.revisions}</a>
          </p>
          {fields.length > 0 && (
            <dl class="revision-fields">
              {fields.map((f) => (
                <>
                  <dt>{f.label ? t[f.label] : f.name}</dt>
                  <dd>
                    <del>{shown(f.name, f.before)}</del> → <ins>{shown(f.name, f.after)}</ins>
                  </dd>
                </>
              ))}
            </dl>
          )}
          <div class="split revision-diff">
            {app.config.locales.map((l) => {
              const diffs = diffLanguage(type, a.snapshot, b.snapshot, l);
              return (
                <section lang={l}>
                  <h2 lang={locale}>{languageName(l, locale)}</h2>
                  {diffs.length === 0 && <p lang={locale}>{t.noChanges}</p>}
                  {diffs.map((d) => (
                    <div class="revision-diff__field">
                      <h3 lang={locale}>{t[d.label]}</h3>
                      {d.paragraphs.map((p) =>
                        p.kind === 'unchanged' ? (
                          <p class="revision-diff__unchanged" lang={locale}>
                            {t.unchangedParagraphs(p.count, formatNumber(p.count, locale))}
                          </p>
                        ) : (
                          <p class={`revision-diff__paragraph revision-diff__paragraph--${p.kind}`}>
                            {p.parts.map((part) => (part.kind === 'added' ? <ins>{part.text}</ins> : part.kind === 'removed' ? <del>{part.text}</del> : part.text))}
                          </p>
                        ),
                      )}
                    </div>
                  ))}
                </section>
              );
            })}
          </div>
        </>,
      );
    });

    app.post(`${base}/:version/restore`, async (request, reply) => {
      const found = await loadAuthorized(app, request, reply, type, 'edit');
      if (!found) return reply;
      const version = Number((request.params as { version: string }).version);
      if (!Number.isSafeInteger(version) || version < 1) return reply.callNotFound();
      const result = await restoreRevision(changeContext(app, request), type, found.item.id, version);
      if (result.outcome === 'invalid') return sendHistory(request, reply, found.item.id, result.errors._restore ?? 'restoreAltMissing');
      if (result.outcome !== 'saved') return reply.callNotFound();
      app.contentChanged();
      return reply.redirect(`${type.adminPath}/${found.item.id}/revisions?done=restored`, 303);
    });
  }
}
