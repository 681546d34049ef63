import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LocaleRouteOptions } from '../feature-options.js';
import type { Db } from '../../db/database.js';
import { formatYear } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { sendErrorPage } from '../../web/errors.plugin.js';
import { Layout } from '../../web/layout.js';
import { placeName, termLabel } from '../hrd-vocabularies/vocabularies.repository.js';
import { loadOrCreateSecret } from '../accounts/secret.js';
import { CellKeys } from './statistics.cell-key.js';
import { statisticsMessages } from './statistics.messages.js';
import { presentStatistics, statisticsCsv, statisticsJson, tabulate, type PortalStatistics } from './statistics.presenter.js';
import { listFilteredActs, loadReferenceData, publishedYearRange, resolveFilters, type ReferenceData } from './statistics.repository.js';
import { filtersQueryString, parsePortalQuery, periodOf, STATUS_CHOICES, yearsValue, type FilterKey, type PortalQuery, type RawFilters } from './statistics.schema.js';
import { PORTAL_PATH, PortalPage, type FilterChoice, type PortalOptions } from './statistics.views.js';

/*
 * The public human rights portal: aggregate counts of documented acts against defenders, with
 * filters, charts, a map and downloads. Pages are page-cached (one HTML per URL for everyone)
 * and read only plain columns of the case tables; the vault is never touched here. Every number
 * is rounded by the cell key method (statistics.cell-key.ts).
 */

type Outcome =
  | { ok: true; query: PortalQuery; raw: RawFilters; ref: ReferenceData; stats: PortalStatistics; statusCodes: readonly string[] }
  | { ok: false; errors: FilterKey[]; raw: RawFilters; ref: ReferenceData };

async function compute(db: Db, keys: CellKeys, request: FastifyRequest, locale: Locale): Promise<Outcome> {
  const ref = await loadReferenceData(db);
  const parsed = parsePortalQuery((request.query ?? {}) as Record<string, unknown>);
  if (!parsed.ok) return { ok: false, errors: parsed.errors, raw: parsed.raw, ref };
  const resolved = resolveFilters(parsed.value, ref);
  if (!resolved.ok) return { ok: false, errors: resolved.errors, raw: parsed.raw, ref };
  const query = parsed.value;
  const statusCodes = STATUS_CHOICES[query.status ?? 'default'];
  const [rows, range] = await Promise.all([listFilteredActs(db, resolved.filters), publishedYearRange(db, resolved.filters.verificationIds)]);
  // The time series covers the chosen years, else the years with published acts.
  const years = query.years ? { first: query.years.from, last: query.years.to } : range;
  const stats = presentStatistics(tabulate(rows.acts, rows.perpetrators, keys), ref, locale, years);
  return { ok: true, query, raw: parsed.raw, ref, stats, statusCodes };
}

/** The year choices: each fixed period with data, followed by its years. */
function yearChoices(range: { first: number; last: number } | undefined, locale: Locale): FilterChoice[] {
  if (!range) return [];
  const t = statisticsMessages[locale];
  const choices: FilterChoice[] = [];
  for (let from = periodOf(range.first).from; from <= range.last; from = periodOf(from).to + 1) {
    const period = periodOf(from);
    choices.push({ value: yearsValue(period.from, period.to), label: t.yearsRange(formatYear(period.from, locale), formatYear(period.to, locale)) });
    for (let y = Math.max(period.from, range.first); y <= Math.min(period.to, range.last); y += 1) choices.push({ value: String(y), label: formatYear(y, locale), depth: 1 });
  }
  return choices;
}

async function filterOptions(db: Db, ref: ReferenceData, locale: Locale): Promise<PortalOptions> {
  const verification = ref.terms.filter((t) => t.vocabulary === 'verification' && (STATUS_CHOICES.reported as readonly string[]).includes(t.code));
  const range = await publishedYearRange(db, verification.map((t) => t.id));
  const choices = (vocabulary: string) =>
    ref.terms
      .filter((t) => t.vocabulary === vocabulary)
      .map((t) => ({ value: t.code, label: termLabel(t, locale), depth: t.parentId === null ? 0 : 1, parentId: t.parentId, id: t.id, position: t.position }));
  // Broader act types, each followed by its narrower ones.
  const acts = choices('act_type');
  const orderedActs = acts.filter((a) => a.parentId === null).flatMap((parent) => [parent, ...acts.filter((a) => a.parentId === parent.id)]);
  const strip = ({ value, label, depth }: { value: string; label: string; depth: number }) => ({ value, label, depth });
  return {
    years: yearChoices(range, locale),
    rights: choices('right').map(strip),
    acts: orderedActs.map(strip),
    perpetrators: choices('perpetrator_type').map(strip),
    provinces: ref.provinces.map((p) => ({ value: p.code, label: placeName(p, locale) })),
  };
}

export async function statisticsRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  const t = statisticsMessages[locale];
  // The app's cell keys, derived from its cookie secret (a key of their own, through HKDF).
  const keys = new CellKeys(loadOrCreateSecret(app.config.sessionSecret, app.config.dataDir));

  app.get(PORTAL_PATH, { config: { public: true, pageCache: true } }, async (request, reply) => {
    const outcome = await compute(app.db, keys, request, locale);
    const [ctx, options] = await Promise.all([app.siteContexts.get(locale), filterOptions(app.db, outcome.ref, locale)]);
    if (!outcome.ok) reply.header('cache-control', 'no-store');
    return reply.sendHtml(
      <Layout
        ctx={ctx}
        meta={{
          title: t.title,
          description: t.lead,
          path: `${PORTAL_PATH}${filtersQueryString(outcome.raw)}`,
          ...(outcome.ok ? {} : { noindex: true }),
        }}
      >
        <PortalPage locale={locale} filters={outcome.raw} errors={outcome.ok ? [] : outcome.errors} options={options} stats={outcome.ok ? outcome.stats : undefined} />
      </Layout>,
      outcome.ok ? 200 : 400,
    );
  });

  const download = (format: 'csv' | 'json') => async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await compute(app.db, keys, request, locale);
    if (!outcome.ok) return sendErrorPage(app, request, reply, 'badRequest');
    // Set before sending, so a page-cache hit carries them too.
    reply.header('content-disposition', `attachment; filename="human-rights-portal-${locale}.${format}"`);
    reply.header('access-control-allow-origin', '*');
    if (format === 'csv') return reply.sendText(statisticsCsv(outcome.stats, locale), 'text/csv; charset=utf-8');
    return reply.sendText(statisticsJson(outcome.stats, outcome.query, locale, outcome.statusCodes), 'application/json; charset=utf-8');
  };
  app.get(`${PORTAL_PATH}/statistics.csv`, { config: { public: true, pageCache: true } }, download('csv'));
  app.get(`${PORTAL_PATH}/statistics.json`, { config: { public: true, pageCache: true } }, download('json'));
}
